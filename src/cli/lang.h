#pragma once
/// \file lang.h
/// The language of the run, decided at the CLI edge before anything is
/// printed (CLI11's help text included): --lang, then the locale variables,
/// then (Windows) the user's UI language. The catalog stays free of OS calls.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/catalog.h"

namespace wfpredir::cli {

/// The value of the last `--lang X` / `--lang=X` in \p args (program name
/// first) when it names a language; nullopt otherwise (CLI11 reports a bad
/// value later, in the language the rest of the order picks).
std::optional<Lang> lang_from_args(const std::vector<std::string>& args);

/// The language a Windows LANGID names: its primary language (low 10 bits)
/// LANG_FRENCH (0x0c) is French, LANG_ENGLISH (0x09) English; nullopt for
/// the others.
std::optional<Lang> lang_of_langid(std::uint16_t langid);

/// Reads one environment variable; empty when unset.
using EnvReader = std::function<std::string(const char* name)>;

/// LC_ALL, then LC_MESSAGES, then LANG: the first one set and non-empty
/// decides, as POSIX says (English when it names no language the catalog
/// has). When none is set, the UI language \p ui_langid (Windows'
/// GetUserDefaultUILanguage; nullopt on POSIX) decides; else English.
Lang lang_from(const EnvReader& env, std::optional<std::uint16_t> ui_langid);

/// lang_from() with this process's environment and user_ui_language()
/// (model/system.h).
Lang lang_from_environment();

/// CLI11's parse error message \p what in \p lang: its usual sentences
/// ("--x is required", "a requires b", "... not in {...}") are rewritten in
/// French; a message of another form is kept, after a French lead-in.
std::string parse_error_text(Lang lang, std::string_view what);

}  // namespace wfpredir::cli
