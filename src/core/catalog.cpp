// PLACEHOLDER catalog: being written.
#include "core/catalog.h"

namespace wfpredir {
std::optional<Lang> parse_lang(std::string_view) { return std::nullopt; }
Lang lang_from_environment() { return Lang::en; }
std::span<const DocumentedError> documented_errors() { return {}; }
const DocumentedError* find_documented(int) { return nullptr; }
std::string_view windows_error_name(int) { return {}; }
std::string_view posix_error_name(int) { return {}; }
std::optional<int> parse_error_code(std::string_view) { return std::nullopt; }
Explanation explain(ErrorDomain domain, int code, Lang) {
  Explanation e;
  e.domain = domain;
  e.code = code;
  return e;
}
}  // namespace wfpredir
