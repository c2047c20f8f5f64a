// Terminal decisions without system calls (see terminal.h).
#include "text/terminal.h"

#include <charconv>

namespace wfpredir {
namespace {

// Columns \p s takes: escape sequences (ESC [ ... final byte) take none, a
// UTF-8 character one.
int columns_of(std::string_view s) {
  int n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b && i + 1 < s.size() && s[i + 1] == '[') {
      i += 2;
      while (i < s.size() && (static_cast<unsigned char>(s[i]) < 0x40 || s[i] == '['))
        ++i;  // parameters; s[i] is then the final byte
      continue;
    }
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// `hexdump -C` lines (an offset of eight hex digits, two spaces) are
// columns: broken, they no longer read as a dump.
bool is_hexdump_line(std::string_view line) {
  const std::size_t at = line.find_first_not_of(' ');
  if (at == std::string_view::npos || line.size() < at + 10) return false;
  for (std::size_t i = at; i < at + 8; ++i)
    if (!is_hex_digit(line[i])) return false;
  return line[at + 8] == ' ' && line[at + 9] == ' ';
}

// Where continuation lines start, in bytes of \p line and in columns: after a
// short label ("hint:    ", "next:    ", "signification : ") and its spaces,
// else after the line's indent plus two.
std::pair<std::size_t, int> hanging(std::string_view line, int width) {
  const std::size_t indent = line.find_first_not_of(' ');
  const std::size_t colon = line.find(": ");
  if (colon != std::string_view::npos && indent != std::string_view::npos) {
    std::size_t after = colon + 1;
    while (after < line.size() && line[after] == ' ') ++after;
    const int cols = columns_of(line.substr(0, after));
    if (cols <= 24 && cols <= width / 2 && after < line.size()) return {after, cols};
  }
  const std::size_t lead = indent == std::string_view::npos ? line.size() : indent;
  return {lead, static_cast<int>(lead) + 2};
}

void wrap_line(std::string_view line, int width, std::string& out) {
  if (columns_of(line) <= width || is_hexdump_line(line)) {
    out += line;
    return;
  }
  const auto [start, hang] = hanging(line, width);
  std::string current(line.substr(0, start));
  int col = columns_of(current);
  bool first_on_line = true;
  std::size_t i = start;
  while (i < line.size()) {
    std::size_t j = i;
    while (j < line.size() && line[j] == ' ') ++j;
    std::size_t k = j;
    while (k < line.size() && line[k] != ' ') ++k;
    if (k == j) break;  // trailing spaces
    const std::string_view spaces = line.substr(i, j - i);
    const std::string_view word = line.substr(j, k - j);
    const int w = columns_of(word);
    // French puts a space before ':', ';', '!' and '?': the sign stays with
    // the word before it.
    const bool sign = word.find_first_not_of(":;!?\xC2\xBB") == std::string_view::npos;
    if (!first_on_line && !sign && col + static_cast<int>(spaces.size()) + w > width) {
      out += current;
      out += '\n';
      current.assign(static_cast<std::size_t>(hang), ' ');
      col = hang;
      first_on_line = true;
    }
    if (!first_on_line) {
      current += spaces;
      col += static_cast<int>(spaces.size());
    }
    current += word;
    col += w;
    first_on_line = false;
    i = k;
  }
  out += current;
}

}  // namespace

std::optional<ColourChoice> parse_colour_choice(std::string_view text) {
  if (text == "auto") return ColourChoice::automatic;
  if (text == "always") return ColourChoice::always;
  if (text == "never") return ColourChoice::never;
  return std::nullopt;
}

bool decide_colour(ColourChoice choice, const ColourFacts& f) {
  switch (choice) {
    case ColourChoice::never:
      return false;
    case ColourChoice::always:
      // A pipe (less -R, a log) takes the codes as asked; a console that
      // would print them raw does not.
      return !f.stdout_terminal || f.console_accepts_escapes;
    case ColourChoice::automatic:
      break;
  }
  if (!f.stdout_terminal || !f.console_accepts_escapes) return false;
  if (f.no_color && !f.no_color->empty()) return false;
  return !(f.term && *f.term == "dumb");
}

std::optional<int> decide_width(const std::optional<std::string>& columns, bool stdout_terminal,
                                std::optional<int> terminal_columns) {
  if (columns) {
    int n = 0;
    const char* end = columns->data() + columns->size();
    const auto [p, ec] = std::from_chars(columns->data(), end, n);
    if (ec == std::errc() && p == end && n >= 20 && n <= 10000) return n;
  }
  if (stdout_terminal && terminal_columns && *terminal_columns >= 20) return terminal_columns;
  return std::nullopt;
}

bool switch_on_virtual_terminal(const std::function<bool(std::uint32_t&)>& get_mode,
                                const std::function<bool(std::uint32_t)>& set_mode) {
  std::uint32_t mode = 0;
  if (!get_mode(mode)) return false;
  if ((mode & kVirtualTerminalProcessing) != 0) return true;
  if (!set_mode(mode | kVirtualTerminalProcessing)) return false;
  // Read back: a console that accepted the call but not the flag would
  // still print the codes raw.
  std::uint32_t after = 0;
  return get_mode(after) && (after & kVirtualTerminalProcessing) != 0;
}

std::string wrap_text(std::string_view text, int width) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    wrap_line(text.substr(0, nl), width, out);
    if (nl == std::string_view::npos) break;
    out += '\n';
    text.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace wfpredir
