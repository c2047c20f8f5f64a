#pragma once
/// \file terminal.h
/// The decisions about a terminal that need no system call, so they can be
/// tested anywhere: whether to colour (--color, NO_COLOR, TERM), how wide to
/// write (COLUMNS, the terminal's own width), how to switch a Windows console
/// into virtual-terminal mode (through the two calls it takes, passed in), and
/// how to wrap text to a width without splitting a word, a number or a hex
/// dump. The system calls themselves are in system.h.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace wfpredir {

/// --color
enum class ColourChoice : std::uint8_t { automatic, always, never };
/// "auto", "always", "never"; nullopt otherwise.
std::optional<ColourChoice> parse_colour_choice(std::string_view text);

/// What the colour decision depends on, read at the edge.
struct ColourFacts {
  bool stdout_terminal = false;
  std::optional<std::string> no_color;  ///< NO_COLOR, when set
  std::optional<std::string> term;      ///< TERM, when set
  /// Whether the console can show escape sequences (Windows: virtual-terminal
  /// processing is on, or was switched on); always true on POSIX.
  bool console_accepts_escapes = true;
};

/// never: no. always: yes, unless stdout is a console that cannot show escape
/// sequences (an older Windows console would print them raw). auto: stdout is
/// a terminal, NO_COLOR unset or empty, TERM not "dumb", and the console can
/// show them.
bool decide_colour(ColourChoice choice, const ColourFacts& facts);

/// The width to wrap at: COLUMNS when it is a number from 20 to 10000
/// (whether or not stdout is a terminal), else the terminal's width when
/// stdout is one, else none (no wrapping).
std::optional<int> decide_width(const std::optional<std::string>& columns, bool stdout_terminal,
                                std::optional<int> terminal_columns);

/// Windows' ENABLE_VIRTUAL_TERMINAL_PROCESSING console mode flag.
inline constexpr std::uint32_t kVirtualTerminalProcessing = 0x0004;
/// Switches virtual-terminal processing on through \p get_mode
/// (GetConsoleMode) and \p set_mode (SetConsoleMode): true when the mode has
/// it afterwards (already on, or set and read back). False when either call
/// fails: not a console, or a console older than Windows 10 1511, which
/// refuses the flag.
bool switch_on_virtual_terminal(const std::function<bool(std::uint32_t&)>& get_mode,
                                const std::function<bool(std::uint32_t)>& set_mode);

/// Wraps each line of \p text longer than \p width columns at spaces.
/// Continuation lines are indented like the line's text after its label
/// ("  hint:    " or "next:    "), or by its own indent plus two when it has
/// none. Never split: a word, a number, an address, a token longer than the
/// width (left whole, over the width), and a hex dump line (`00000010  ...`),
/// which is left as it is. Escape sequences (colour) take no column; a UTF-8
/// character takes one.
std::string wrap_text(std::string_view text, int width);

}  // namespace wfpredir
