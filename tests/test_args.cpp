// Unit tests for cli/args: the CLI's value checks (seconds, counts, ports,
// host:port, --bind), each refusal with a reason.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

#include "cli/args.h"

using namespace wfpredir;
using namespace wfpredir::cli;

namespace {

/// Every one of \p bad is refused by \p parse, each with a reason.
template <class Parse>
void refuses_with_a_reason(Parse parse, std::initializer_list<const char*> bad) {
  for (const char* text : bad) {
    std::string why;
    CAPTURE(text);
    CHECK_FALSE(parse(text, why));
    CHECK_FALSE(why.empty());
  }
}

}  // namespace

TEST_CASE("seconds are finite, from 1 ms to 1e6 s, rounded to the millisecond", "[args]") {
  std::string why;
  CHECK(parse_seconds("2", why) == std::chrono::milliseconds{2000});
  CHECK(parse_seconds("0.5", why) == std::chrono::milliseconds{500});
  CHECK(parse_seconds("1e3", why) == std::chrono::milliseconds{1000000});
  CHECK(parse_seconds("0.001", why) == std::chrono::milliseconds{1});
  CHECK(parse_seconds("1e6", why) == std::chrono::milliseconds{1000000000});
  refuses_with_a_reason([](const char* s, std::string& w) { return parse_seconds(s, w); },
                        {"0", "1e-9", "0.0009", "1e10", "1e308", "nan", "inf", "-inf", "infinity",
                         "-1", "", " 5", "5 ", "0x10", "abc", "\xef\xbc\x95", "1e6.1", "1000001"});
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
  refuses_with_a_reason(
      [](const char* s, std::string& w) { return parse_host_port(s, w); },
      {"example", "host:", ":80", "[::1", "[::1]80", "[zz]:80", "::1:80", "a b:80", "h\x1b[31m:80",
       "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:\xef\xbc\x98"});
}

TEST_CASE("--bind is an ASCII address literal", "[args]") {
  std::string why;
  CHECK(parse_bind("127.0.0.1", 80, why));
  CHECK(parse_bind("::", 80, why));
  CHECK_FALSE(parse_bind("\xef\xbc\x91\xef\xbc\x92\xef\xbc\x97.0.0.1", 80, why));
  CHECK_FALSE(parse_bind("localhost", 80, why));
}
