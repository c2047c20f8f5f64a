// Unit tests for text/visible (control characters and invalid UTF-8 made
// visible) and the CLI's value checks in cli/args (numbers, ports, host:port).
#include <catch2/catch.hpp>

#include "cli/args.h"
#include "text/visible.h"

using namespace wfpredir;
using namespace wfpredir::cli;

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

TEST_CASE("seconds are finite, from 1 ms to 1e6 s, rounded to the millisecond", "[args]") {
  std::string why;
  CHECK(parse_seconds("2", why) == std::chrono::milliseconds{2000});
  CHECK(parse_seconds("0.5", why) == std::chrono::milliseconds{500});
  CHECK(parse_seconds("1e3", why) == std::chrono::milliseconds{1000000});
  CHECK(parse_seconds("0.001", why) == std::chrono::milliseconds{1});
  CHECK(parse_seconds("1e6", why) == std::chrono::milliseconds{1000000000});
  for (const char* bad :
       {"0", "1e-9", "0.0009", "1e10", "1e308", "nan", "inf", "-inf", "infinity", "-1", "", " 5",
        "5 ", "0x10", "abc", "\xef\xbc\x95", "1e6.1", "1000001"}) {
    why.clear();
    CAPTURE(bad);
    CHECK_FALSE(parse_seconds(bad, why));
    CHECK_FALSE(why.empty());
  }
}

TEST_CASE("count and port are ASCII decimal numbers in range", "[args]") {
  std::string why;
  CHECK(parse_count("0", why) == 0u);
  CHECK(parse_count("1000000", why) == 1000000u);
  CHECK_FALSE(parse_count("1000001", why));
  CHECK_FALSE(parse_count("-1", why));
  CHECK_FALSE(parse_count("99999999999999999999", why));
  CHECK_FALSE(parse_count("\xef\xbc\x95", why));
  CHECK(parse_port("1", why) == std::uint16_t{1});
  CHECK(parse_port("65535", why) == std::uint16_t{65535});
  CHECK_FALSE(parse_port("0", why));
  CHECK_FALSE(parse_port("65536", why));
  CHECK_FALSE(parse_port("+80", why));
  CHECK_FALSE(parse_port("", why));
}

TEST_CASE("host:port takes literals and names, rejects the rest with a reason", "[args]") {
  std::string why;
  const auto v6 = parse_host_port("[::1]:443", why);
  REQUIRE(v6);
  CHECK(v6->first == "::1");
  CHECK(v6->second == 443);
  CHECK(parse_host_port("example.com:80", why));
  CHECK(parse_host_port("10.0.0.1:1", why));
  for (const char* bad :
       {"example", "host:", ":80", "[::1", "[::1]80", "[zz]:80", "::1:80", "a b:80", "h\x1b[31m:80",
        "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:\xef\xbc\x98"}) {
    why.clear();
    CAPTURE(bad);
    CHECK_FALSE(parse_host_port(bad, why));
    CHECK_FALSE(why.empty());
  }
}

TEST_CASE("--bind is an ASCII address literal", "[args]") {
  std::string why;
  CHECK(parse_bind("127.0.0.1", 80, why));
  CHECK(parse_bind("::", 80, why));
  CHECK_FALSE(parse_bind("\xef\xbc\x91\xef\xbc\x92\xef\xbc\x97.0.0.1", 80, why));
  CHECK_FALSE(parse_bind("localhost", 80, why));
}
