// The default language from the locale variables (see lang.h).
#include "cli/lang.h"

#include <cstdlib>
#include <string>

namespace wfpredir::cli {
namespace {

// The value of an environment variable; empty when unset.
std::string env(const char* name) {
#ifdef _MSC_VER
  // MSVC deprecates getenv (C4996, an error under /WX).
  char* value = nullptr;
  std::size_t size = 0;
  std::string text;
  if (_dupenv_s(&value, &size, name) == 0 && value != nullptr) {
    text = value;
    std::free(value);
  }
  return text;
#else
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
#endif
}

}  // namespace

Lang lang_from_environment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const std::string value = env(name);
    if (value.empty()) continue;
    // The first variable that is set decides, even when it names a language
    // the catalog does not have.
    return parse_lang(value) == Lang::fr ? Lang::fr : Lang::en;
  }
  return Lang::en;
}

}  // namespace wfpredir::cli
