// The run's language from the arguments, the locale variables and the
// Windows UI language (see lang.h), and CLI11's parse errors in French.
#include "cli/lang.h"

#include <cstdlib>
#include <regex>
#include <string>

#include "platform/system.h"
#include "text/i18n.h"

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

std::optional<Lang> lang_from_args(const std::vector<std::string>& args) {
  std::optional<Lang> found;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    std::optional<std::string_view> value;
    if (a == "--lang" && i + 1 < args.size()) value = args[i + 1];
    if (a.starts_with("--lang=")) value = std::string_view(a).substr(7);
    // Only the two exact values CLI11 accepts; "fr_FR" is refused there.
    if (value == "fr") found = Lang::fr;
    if (value == "en") found = Lang::en;
  }
  return found;
}

std::optional<Lang> lang_of_langid(std::uint16_t langid) {
  const unsigned primary = langid & 0x3ffu;  // PRIMARYLANGID
  if (primary == 0x0cu) return Lang::fr;     // LANG_FRENCH
  if (primary == 0x09u) return Lang::en;     // LANG_ENGLISH
  return std::nullopt;
}

Lang lang_from(const EnvReader& read, std::optional<std::uint16_t> ui_langid) {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const std::string value = read(name);
    if (value.empty()) continue;
    // The first variable that is set decides, even when it names a language
    // the catalog does not have.
    return parse_lang(value) == Lang::fr ? Lang::fr : Lang::en;
  }
  if (ui_langid) return lang_of_langid(*ui_langid).value_or(Lang::en);
  return Lang::en;
}

Lang lang_from_environment() { return lang_from(env, user_ui_language()); }

std::string parse_error_text(Lang lang, std::string_view what) {
  if (lang == Lang::en) return std::string(what);
  // CLI11 2.x's sentences (CLI/Error.hpp, CLI/Validators.hpp), most
  // specific first.
  static const std::pair<std::regex, const char*> kRules[] = {
      {std::regex("^The following arguments? (?:was|were) not expected: (.*)$"),
       "argument(s) inattendu(s)\u00a0: $1"},
      {std::regex("^(.+): (.*) not in \\{(.*)\\}$"), "$1\u00a0: « $2 » ne fait pas partie de {$3}"},
      {std::regex("^(.+): (\\d+) required (.+) missing$"),
       "$1\u00a0: $2 valeur(s) $3 manquante(s)"},
      {std::regex("^(.+) is required$"), "$1 est obligatoire"},
      {std::regex("^(\\S+) requires (\\S+)$"), "$1 demande $2"},
      {std::regex("^(\\S+) excludes (\\S+)$"), "$1 est incompatible avec $2"},
      {std::regex("^(.+) not found$"), "$1 introuvable"},
      {std::regex("^Requires at least (\\d+) subcommands?$"), "au moins $1 commande(s) requise(s)"},
      {std::regex("^Expected exactly (\\d+) arguments? to (\\S+), got (\\d+)$"),
       "$2 attend exactement $1 valeur(s), en a reçu $3"},
      {std::regex("^(.+): too many inputs for a flag$"),
       "$1\u00a0: trop de valeurs pour un drapeau"},
      {std::regex("^(.+): Should be true/false or a number$"),
       "$1\u00a0: attendu true/false ou un nombre"},
  };
  const std::string text(what);
  for (const auto& [pattern, french] : kRules)
    if (std::regex_match(text, pattern)) return std::regex_replace(text, pattern, french);
  return trf(lang, "invalid command line (CLI11: {})", text);
}

}  // namespace wfpredir::cli
