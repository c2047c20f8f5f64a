// Colour, width and wrapping decisions (text/terminal.h).
#include <catch2/catch.hpp>

#include <sstream>
#include <vector>

#include "text/hexdump.h"
#include "text/terminal.h"

using namespace wfpredir;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The words of a text, in order: wrapping must keep every one whole.
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

TEST_CASE("--color auto colours a terminal only, and yields to NO_COLOR and TERM=dumb") {
  ColourFacts f;
  f.stdout_terminal = true;
  CHECK(decide_colour(ColourChoice::automatic, f));
  f.no_color = "";
  CHECK(decide_colour(ColourChoice::automatic, f));  // set but empty: ignored
  f.no_color = "1";
  CHECK_FALSE(decide_colour(ColourChoice::automatic, f));
  f.no_color.reset();
  f.term = "dumb";
  CHECK_FALSE(decide_colour(ColourChoice::automatic, f));
  f.term = "xterm-256color";
  CHECK(decide_colour(ColourChoice::automatic, f));
  f.stdout_terminal = false;
  CHECK_FALSE(decide_colour(ColourChoice::automatic, f));
}

TEST_CASE("--color always colours a pipe, but never a console that would print the codes raw") {
  ColourFacts f;
  f.no_color = "1";
  f.term = "dumb";
  CHECK(decide_colour(ColourChoice::always, f));
  f.stdout_terminal = true;
  f.console_accepts_escapes = false;
  CHECK_FALSE(decide_colour(ColourChoice::always, f));
  CHECK_FALSE(decide_colour(ColourChoice::automatic, f));
  CHECK_FALSE(decide_colour(ColourChoice::never, ColourFacts{true, {}, {}, true}));
}

TEST_CASE("--color values") {
  CHECK(parse_colour_choice("auto") == ColourChoice::automatic);
  CHECK(parse_colour_choice("always") == ColourChoice::always);
  CHECK(parse_colour_choice("never") == ColourChoice::never);
  CHECK_FALSE(parse_colour_choice("yes"));
}

TEST_CASE("width: COLUMNS overrides, a terminal gives its own, anything else does not wrap") {
  CHECK(decide_width(std::string("60"), false, std::nullopt) == 60);
  CHECK(decide_width(std::string("60"), true, 200) == 60);
  CHECK(decide_width(std::nullopt, true, 132) == 132);
  CHECK_FALSE(decide_width(std::nullopt, false, 132));
  CHECK_FALSE(decide_width(std::string("wide"), false, std::nullopt));
  CHECK_FALSE(decide_width(std::string("5"), false, std::nullopt));  // too narrow to mean it
  CHECK(decide_width(std::string("80x"), true, 100) == 100);         // not a number: ignored
  CHECK_FALSE(decide_width(std::nullopt, true, std::nullopt));       // the size is unknown
}

TEST_CASE("virtual-terminal mode: switched on and read back, refused on failure") {
  SECTION("already on: nothing is set") {
    int sets = 0;
    CHECK(switch_on_virtual_terminal(
        [](std::uint32_t& m) { return m = 0x7 | kVirtualTerminalProcessing, true; },
        [&](std::uint32_t) { return ++sets, true; }));
    CHECK(sets == 0);
  }
  SECTION("off, set, read back on") {
    std::uint32_t mode = 0x3;
    CHECK(switch_on_virtual_terminal([&](std::uint32_t& m) { return m = mode, true; },
                                     [&](std::uint32_t m) { return mode = m, true; }));
    CHECK(mode == (0x3 | kVirtualTerminalProcessing));
  }
  SECTION("not a console: GetConsoleMode fails") {
    CHECK_FALSE(switch_on_virtual_terminal([](std::uint32_t&) { return false; },
                                           [](std::uint32_t) { return true; }));
  }
  SECTION("an older console refuses the flag: SetConsoleMode fails") {
    CHECK_FALSE(switch_on_virtual_terminal([](std::uint32_t& m) { return m = 0x3, true; },
                                           [](std::uint32_t) { return false; }));
  }
  SECTION("a console that says yes but keeps the flag off") {
    CHECK_FALSE(switch_on_virtual_terminal([](std::uint32_t& m) { return m = 0x3, true; },
                                           [](std::uint32_t) { return true; }));
  }
}

TEST_CASE("wrap: lines fit, words stay whole, continuation under the label's text") {
  const std::string text =
      "  hint:    Check that the product's callout is registered at the connect layer and that "
      "its filter matches 127.0.0.1:8080 before blaming the socket.\n";
  const std::string out = wrap_text(text, 40);
  const auto lines = lines_of(out);
  REQUIRE(lines.size() > 2);
  for (const std::string& l : lines) CHECK(l.size() <= 40);
  for (std::size_t i = 1; i < lines.size(); ++i) CHECK(lines[i].rfind("           ", 0) == 0);
  CHECK(words_of(out) == words_of(text));
  CHECK(out.back() == '\n');
}

TEST_CASE("wrap: a token longer than the width is left whole") {
  const std::string token(60, 'x');
  const std::string out = wrap_text("next:    run " + token + " now", 30);
  CHECK(lines_of(out) ==
        std::vector<std::string>{"next:    run", "         " + token, "         now"});
}

TEST_CASE("wrap: a hex dump line is never broken") {
  std::vector<std::uint8_t> bytes(40);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 7);
  const std::string dump = hexdump_canonical(bytes);
  CHECK(wrap_text(dump, 30) == dump);
  const std::string indented =
      "         00000000  00 07 0e 15 1c 23 2a 31  38 3f 46 4d 54 5b 62 69  |.....#*18?FMT[bi|";
  CHECK(wrap_text(indented, 40) == indented);
}

TEST_CASE("wrap: short lines, colour codes and UTF-8 take the columns they show") {
  CHECK(wrap_text("short\n\nlines\n", 20) == "short\n\nlines\n");
  // 18 visible columns with the colour codes, which take none.
  const std::string coloured = "\x1b[1mverdict:\x1b[0m redirected";
  CHECK(wrap_text(coloured, 20) == coloured);
  // Accented letters are one column each.
  const std::string fr = "ensuite : vérifiez é";
  CHECK(wrap_text(fr, 20) == fr);
}

TEST_CASE("wrap: a French sign after a space stays with the word before it") {
  const std::string out =
      wrap_text("  signification : L'IOCTL n'est pas pris en charge : le fournisseur", 50);
  for (const std::string& l : lines_of(out)) CHECK(l.find_first_not_of(' ') != l.find(':'));
}
