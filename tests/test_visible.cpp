// Unit tests for text/visible: control characters and invalid UTF-8 made
// visible, and the printable-ASCII check.
#include <catch2/catch.hpp>

#include "text/visible.h"

using namespace wfpredir;

TEST_CASE("visible escapes C0, DEL, C1, ESC and keeps printable UTF-8", "[visible]") {
  CHECK(visible("plain text \\ / é ファイル") == "plain text \\ / é ファイル");
  CHECK(visible("\x1b[31mred") == "\\e[31mred");
  CHECK(visible("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(visible(std::string_view("\0\x01\x7f", 3)) == "\\x00\\x01\\x7f");
  CHECK(visible("\xc2\x9b"
                "31m") == "\\u{009b}31m");    // C1 CSI
  CHECK(visible("\xc2\x85") == "\\u{0085}");  // NEL
  CHECK(visible("\xe2\x80\xae"
                "abc") == "\\u{202e}abc");
  CHECK(visible("\xe2\x80\xa8") == "\\u{2028}");
}

TEST_CASE("visible shows bytes that are not UTF-8 as \\x escapes", "[visible]") {
  CHECK(visible("\x9b") == "\\x9b");  // a lone C1 byte
  CHECK(visible("\xff\xfe") == "\\xff\\xfe");
  CHECK(visible("\xc0\xaf") == "\\xc0\\xaf");                    // overlong '/'
  CHECK(visible("\xed\xa0\x80") == "\\xed\\xa0\\x80");           // a surrogate
  CHECK(visible("\xe3\x83") == "\\xe3\\x83");                    // cut short
  CHECK(visible("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
}

TEST_CASE("printable_ascii accepts only U+0020-U+007E", "[visible]") {
  CHECK(printable_ascii("127.0.0.1"));
  CHECK_FALSE(printable_ascii("\xef\xbc\x91"));  // full-width 1
  CHECK_FALSE(printable_ascii("a\tb"));
  CHECK_FALSE(printable_ascii("\x7f"));
}
