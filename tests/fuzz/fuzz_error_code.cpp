// Fuzz target: error-code lookup (numbers in decimal or hex, names) and the
// explanation of whatever it yields, in both languages and both domains.
#include "fuzz.h"
#include "render/render.h"
#include "text/catalog.h"
#include "text/error_names.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text(data, size);
  for (const ErrorRef& found : lookup_error(text).matches) {
    for (const Lang lang : {Lang::en, Lang::fr}) {
      const Explanation x = explain(found.domain, found.code, lang);
      WFPREDIR_FUZZ_CHECK(x.code == found.code);
      (void)render_explanation_text(x, lang);
      (void)explain(ErrorDomain::posix, found.code, lang);
    }
  }
  (void)parse_lang(text);
  return 0;
}
