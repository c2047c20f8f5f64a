#pragma once
/// \file visible.h
/// Makes text from outside (arguments, host names, paths, peer data, system
/// messages) safe to show on a terminal: every control character becomes a
/// visible escape, so no byte of it can move the cursor, change colours or
/// retitle the window. JSON output does not need this (its writer escapes).

#include <string>
#include <string_view>

namespace wfpredir {

/// \p text with C0 controls (U+0000-U+001F, line breaks and tabs included),
/// DEL, C1 controls (U+0080-U+009F), the bidirectional overrides and isolates
/// (U+202A-U+202E, U+2066-U+2069) and the line/paragraph separators
/// (U+2028, U+2029) written as escapes: "\n", "\t", "\r", "\e" for ESC,
/// "\xNN" for other C0 and DEL, "\u{NNNN}" for the rest. A byte that is not
/// part of valid UTF-8 (overlong forms and surrogates included) is shown as
/// "\xNN". Everything else, backslash included, is copied unchanged.
std::string visible(std::string_view text);

/// Whether \p text is made only of printable ASCII (U+0020-U+007E): what a
/// number, an address or a keyword may contain.
bool printable_ascii(std::string_view text);

}  // namespace wfpredir
