// Unit tests for the CLI's default language (src/cli/lang.h): the locale
// variables, in POSIX's order.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <string>

#include "cli/lang.h"

using wfpredir::Lang;
using wfpredir::cli::lang_from_environment;

namespace {

// Sets or unsets one environment variable for the life of the guard, then
// restores what was there.
class EnvGuard {
 public:
  EnvGuard(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = std::string(old);
    set(value);
  }
  ~EnvGuard() { set(old_ ? old_->c_str() : nullptr); }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  void set(const char* value) {
#ifdef _WIN32
    // _putenv_s with an empty value removes the variable.
    _putenv_s(name_, value != nullptr ? value : "");
#else
    if (value != nullptr) {
      setenv(name_, value, 1);
    } else {
      unsetenv(name_);
    }
#endif
  }
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("lang_from_environment follows LC_ALL, LC_MESSAGES, LANG", "[lang]") {
  SECTION("nothing set is English") {
    EnvGuard all("LC_ALL", nullptr), msg("LC_MESSAGES", nullptr), lang("LANG", nullptr);
    CHECK(lang_from_environment() == Lang::en);
  }
  SECTION("LANG alone decides") {
    EnvGuard all("LC_ALL", nullptr), msg("LC_MESSAGES", nullptr), lang("LANG", "fr_FR.UTF-8");
    CHECK(lang_from_environment() == Lang::fr);
  }
  SECTION("LC_MESSAGES wins over LANG") {
    EnvGuard all("LC_ALL", nullptr), msg("LC_MESSAGES", "en_US.UTF-8"), lang("LANG", "fr_FR");
    CHECK(lang_from_environment() == Lang::en);
  }
  SECTION("LC_ALL wins over everything") {
    EnvGuard all("LC_ALL", "fr_CA.UTF-8"), msg("LC_MESSAGES", "en_US"), lang("LANG", "en_US");
    CHECK(lang_from_environment() == Lang::fr);
  }
  SECTION("an empty variable is skipped") {
#ifndef _WIN32
    // Windows cannot hold an empty variable (_putenv_s removes it), so this
    // is the same as the unset case there.
    EnvGuard all("LC_ALL", ""), msg("LC_MESSAGES", nullptr), lang("LANG", "fr_FR.UTF-8");
#else
    EnvGuard all("LC_ALL", nullptr), msg("LC_MESSAGES", nullptr), lang("LANG", "fr_FR.UTF-8");
#endif
    CHECK(lang_from_environment() == Lang::fr);
  }
  SECTION("the first set variable decides even when it is not French") {
    EnvGuard all("LC_ALL", "de_DE.UTF-8"), msg("LC_MESSAGES", nullptr), lang("LANG", "fr_FR");
    CHECK(lang_from_environment() == Lang::en);
  }
  SECTION("C locale is English") {
    EnvGuard all("LC_ALL", "C"), msg("LC_MESSAGES", nullptr), lang("LANG", "fr_FR");
    CHECK(lang_from_environment() == Lang::en);
  }
}
