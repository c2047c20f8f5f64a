// Unit tests for model/endpoint: values compared through IPv4-mapped IPv6,
// wildcards as a property, RFC 5952 text, and the literal parser.
#include <catch2/catch.hpp>

#include "model/endpoint.h"
#include "support.h"

using namespace wfpredir;
using wfpredir::test::ep;

TEST_CASE("a v4-mapped endpoint equals its IPv4 form and keeps its own text", "[endpoint]") {
  const IpEndpoint mapped = ep("[::ffff:127.0.0.1]:8080");
  CHECK(mapped.family == Family::ipv6);
  CHECK(mapped.is_v4_mapped());
  CHECK(same_endpoint(mapped, ep("127.0.0.1:8080")));
  CHECK_FALSE(same_endpoint(mapped, ep("127.0.0.1:80")));
  CHECK_FALSE(same_endpoint(mapped, ep("127.0.0.2:8080")));
  CHECK(format_endpoint(mapped) == "[::ffff:127.0.0.1]:8080");
  CHECK(format_endpoint(mapped.normalised()) == "127.0.0.1:8080");
}

TEST_CASE("wildcards are a property of the address, in every spelling", "[endpoint]") {
  CHECK(ep("0.0.0.0:1").is_wildcard());
  CHECK(ep("[::]:1").is_wildcard());
  CHECK(ep("[0:0:0:0:0:0:0:0]:1").is_wildcard());
  CHECK(ep("[::ffff:0.0.0.0]:1").is_wildcard());
  CHECK_FALSE(ep("[::1]:1").is_wildcard());
  CHECK(reaches_listener(ep("127.0.0.1:8080"), ep("[::]:8080")));
  CHECK(reaches_listener(ep("[::ffff:10.0.0.1]:8080"), ep("10.0.0.1:8080")));
  CHECK_FALSE(reaches_listener(ep("127.0.0.1:80"), ep("[::]:8080")));
  CHECK_FALSE(reaches_listener(ep("192.0.2.7:8080"), ep("127.0.0.1:8080")));
}

TEST_CASE("IPv6 text follows RFC 5952", "[endpoint]") {
  CHECK(format_endpoint(ep("[2001:0DB8:0:0:0:0:0:1]:443")) == "[2001:db8::1]:443");
  CHECK(format_endpoint(ep("[2001:db8:0:0:1:0:0:1]:1")) ==
        "[2001:db8::1:0:0:1]:1");  // first of equal runs
  CHECK(format_endpoint(ep("[2001:db8:0:1:1:1:1:1]:1")) ==
        "[2001:db8:0:1:1:1:1:1]:1");  // one zero group stays
  CHECK(format_endpoint(ep("[::]:0")) == "[::]:0");
  CHECK(format_endpoint(ep("[::1]:80")) == "[::1]:80");
  CHECK(format_endpoint(ep("[1::]:80")) == "[1::]:80");
  CHECK(format_endpoint(ep("[fe80::1%3]:80")) == "[fe80::1%3]:80");
  CHECK(format_endpoint(std::optional<IpEndpoint>()).empty());
}

TEST_CASE("the literal parser takes ASCII literals only", "[endpoint]") {
  CHECK(parse_ip_literal("127.0.0.1", 1));
  CHECK(parse_ip_literal("[::1]", 1));
  CHECK(parse_ip_literal("::ffff:1.2.3.4", 1));
  for (const char* bad :
       {"", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ",
        "::1::", "1:2:3:4:5:6:7:8:9", "12345::", "[::1", "fe80::1%", "fe80::1%eth0",
        ":::", "\xef\xbc\x91\x32\x37.0.0.1" /* full-width 1 */, "1.2.3.4\x1b[31m"}) {
    INFO(bad);
    CHECK_FALSE(parse_ip_literal(bad, 1));
  }
}
