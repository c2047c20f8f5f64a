#pragma once
/// \file language.h
/// The languages the tool speaks and how a locale name or a --lang value
/// names one. Which one a run uses is chosen at the CLI edge (cli/lang.h).

#include <cstdint>
#include <optional>
#include <string_view>

namespace wfpredir {

enum class Lang : std::uint8_t { en, fr };

/// "en"/"fr" (also "en_US.UTF-8", "fr_FR", "fr-CA"...); the C/POSIX locale is
/// English; nullopt otherwise.
std::optional<Lang> parse_lang(std::string_view text);

/// Whether \p a and \p b are equal ignoring ASCII case (names, locales).
bool iequals(std::string_view a, std::string_view b);

}  // namespace wfpredir
