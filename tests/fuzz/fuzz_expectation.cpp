// Fuzz target: --expect's parser (redirected, not-redirected, error:NAME).
#include "fuzz.h"
#include "run/engine.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text(data, size);
  if (const auto e = parse_expectation(text)) {
    WFPREDIR_FUZZ_CHECK(e->kind != Expectation::Kind::none);
    WFPREDIR_FUZZ_CHECK(e->text == text);
  }
  return 0;
}
