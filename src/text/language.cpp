// Locale names and --lang values (language.h).
#include "text/language.h"

namespace wfpredir {
namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::optional<Lang> parse_lang(std::string_view text) {
  // A locale name is language[_territory][.codeset][@modifier]; BCP 47 tags
  // ("fr-CA") use a hyphen instead.
  const std::size_t end = text.find_first_of("_-.@");
  const std::string_view language = text.substr(0, end);
  if (end != std::string_view::npos && end + 1 == text.size()) return std::nullopt;
  if (iequals(language, "fr")) return Lang::fr;
  if (iequals(language, "en")) return Lang::en;
  // The C/POSIX locale ("C", "C.UTF-8") means untranslated messages: English.
  if (iequals(language, "c") || iequals(language, "posix")) return Lang::en;
  return std::nullopt;
}

}  // namespace wfpredir
