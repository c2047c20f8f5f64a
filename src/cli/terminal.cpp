// The terminal facts the output depends on, read from the environment and
// the platform (system.h), decided by text/terminal.h.
#include <cstdlib>

#include "cli/commands.h"
#include "platform/system.h"

namespace wfpredir::cli {
namespace {

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
}

}  // namespace

bool want_colour(ColourChoice choice) {
  if (choice == ColourChoice::never) return false;
  ColourFacts facts;
  facts.stdout_terminal = stdout_is_terminal();
  facts.no_color = env("NO_COLOR");
  facts.term = env("TERM");
  // Asked of the console only when colour is otherwise wanted: switching
  // virtual-terminal processing on changes the console's mode.
  facts.console_accepts_escapes = true;
  if (!decide_colour(choice, facts)) return false;
  if (facts.stdout_terminal) facts.console_accepts_escapes = console_accepts_escapes();
  return decide_colour(choice, facts);
}

std::optional<int> output_width() {
  const bool terminal = stdout_is_terminal();
  return decide_width(env("COLUMNS"), terminal,
                      terminal ? terminal_columns() : std::optional<int>());
}

std::string fit_width(std::string text) {
  static const std::optional<int> width = output_width();
  return width ? wrap_text(text, *width) : text;
}

}  // namespace wfpredir::cli
