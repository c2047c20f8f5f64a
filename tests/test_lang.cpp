// Unit tests for the CLI's language (src/cli/lang.h): --lang, the locale
// variables in POSIX's order, the Windows UI language through a fake, and
// CLI11's messages in French.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

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

namespace {

// A fake environment: only the variables given are set.
wfpredir::cli::EnvReader fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) {
    const auto it = vars.find(name);
    return it == vars.end() ? std::string() : it->second;
  };
}

}  // namespace

TEST_CASE("with no locale variable, the Windows UI language decides", "[lang]") {
  using wfpredir::cli::lang_from;
  // 0x040C fr-FR, 0x0C0C fr-CA, 0x100C fr-CH: primary language 0x0C.
  for (std::uint16_t id : {0x040C, 0x0C0C, 0x100C, 0x080C})
    CHECK(lang_from(fake_env({}), id) == Lang::fr);
  CHECK(lang_from(fake_env({}), 0x0409) == Lang::en);
  CHECK(lang_from(fake_env({}), 0x0407) == Lang::en);  // German: English output
  CHECK(lang_from(fake_env({}), std::nullopt) == Lang::en);
  // A set variable wins over the UI language, either way.
  CHECK(lang_from(fake_env({{"LANG", "en_US.UTF-8"}}), 0x040C) == Lang::en);
  CHECK(lang_from(fake_env({{"LC_MESSAGES", "fr_FR"}}), 0x0409) == Lang::fr);
  CHECK(lang_from(fake_env({{"LC_ALL", "de_DE"}}), 0x040C) == Lang::en);
  // An empty variable counts as unset.
  CHECK(lang_from(fake_env({{"LANG", ""}}), 0x040C) == Lang::fr);
}

TEST_CASE("lang_of_langid reads the primary language", "[lang]") {
  using wfpredir::cli::lang_of_langid;
  CHECK(lang_of_langid(0x040C) == Lang::fr);
  CHECK(lang_of_langid(0x000C) == Lang::fr);  // LANG_FRENCH, SUBLANG_NEUTRAL
  CHECK(lang_of_langid(0x0409) == Lang::en);
  CHECK(lang_of_langid(0x0809) == Lang::en);
  CHECK(lang_of_langid(0x0410) == std::nullopt);  // Italian
  CHECK(lang_of_langid(0x0000) == std::nullopt);
}

TEST_CASE("lang_from_args finds --lang before CLI11 parses", "[lang]") {
  using wfpredir::cli::lang_from_args;
  using V = std::vector<std::string>;
  CHECK(lang_from_args(V{"wfpredir", "errors", "--lang", "fr"}) == Lang::fr);
  CHECK(lang_from_args(V{"wfpredir", "query", "--lang=fr", "--port", "x"}) == Lang::fr);
  CHECK(lang_from_args(V{"wfpredir", "--help"}) == std::nullopt);
  CHECK(lang_from_args(V{"wfpredir", "errors", "--lang"}) == std::nullopt);
  CHECK(lang_from_args(V{"wfpredir", "errors", "--lang", "de"}) == std::nullopt);
  CHECK(lang_from_args(V{"wfpredir", "errors", "--lang", "fr", "--lang", "en"}) == Lang::en);
  // The program name and what follows "--" are not options.
  CHECK(lang_from_args(V{"--lang", "fr"}) == std::nullopt);
  CHECK(lang_from_args(V{"wfpredir", "dump", "--", "--lang", "fr"}) == std::nullopt);
}

TEST_CASE("CLI11's usual messages are rewritten in French", "[lang]") {
  using wfpredir::cli::parse_error_text;
  CHECK(parse_error_text(Lang::en, "--port requires x") == "--port requires x");
  CHECK(parse_error_text(Lang::fr, "The following argument was not expected: zz") ==
        "argument(s) inattendu(s)\u00a0: zz");
  CHECK(parse_error_text(Lang::fr, "--format: json2 not in {text,json}") ==
        "--format\u00a0: « json2 » ne fait pas partie de {text,json}");
  CHECK(parse_error_text(Lang::fr, "file is required") == "file est obligatoire");
  CHECK(parse_error_text(Lang::fr, "--bind requires --port") == "--bind demande --port");
  CHECK(parse_error_text(Lang::fr, "--self excludes --port") ==
        "--self est incompatible avec --port");
  CHECK(parse_error_text(Lang::fr, "--count: 1 required TEXT missing") ==
        "--count\u00a0: 1 valeur(s) TEXT manquante(s)");
  CHECK(parse_error_text(Lang::fr, "Something new") ==
        "ligne de commande invalide (CLI11\u00a0: Something new)");
}
