// Unit tests for cli/query_args: the query command's values become one typed
// Target at the CLI edge, and a bad value is refused there, naming its flag.
#include <catch2/catch.hpp>

#include "cli/commands.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::cli;

namespace {

std::optional<QueryCliOptions> build(const QueryArgs& a, std::string& why) {
  why.clear();
  return build_query_options(a, why);
}

}  // namespace

TEST_CASE("--port and --bind become a typed listen target", "[query_args]") {
  QueryArgs a;
  a.port = "8080";
  std::string why;
  auto o = build(a, why);
  REQUIRE(o);
  const auto* listen = std::get_if<ListenTarget>(&o->query.target);
  REQUIRE(listen);
  CHECK(listen->at == *parse_ip_literal("127.0.0.1", 8080));
  CHECK_FALSE(listen->transparent);

  a.bind = "[::1]";
  a.transparent = true;
  o = build(a, why);
  REQUIRE(o);
  listen = std::get_if<ListenTarget>(&o->query.target);
  REQUIRE(listen);
  CHECK(listen->at.family == Family::ipv6);
  CHECK(listen->at.port == 8080);
  CHECK(listen->transparent);
}

TEST_CASE("--connect becomes a connect target, nothing a self target", "[query_args]") {
  QueryArgs a;
  a.connect = "example.test:443";
  std::string why;
  auto o = build(a, why);
  REQUIRE(o);
  const auto* connect = std::get_if<ConnectTarget>(&o->query.target);
  REQUIRE(connect);
  CHECK(connect->host == "example.test");
  CHECK(connect->port == 443);

  o = build(QueryArgs{}, why);
  REQUIRE(o);
  CHECK(std::holds_alternative<SelfTarget>(o->query.target));
}

TEST_CASE("bad ports and bind addresses are refused at the edge, naming the flag", "[query_args]") {
  std::string why;
  for (const char* port : {"0", "65536", "-1", "80x", ""}) {
    INFO("--port " << port);
    QueryArgs a;
    a.port = port;
    CHECK_FALSE(build(a, why));
    CHECK_THAT(why, Catch::StartsWith("--port '"));
  }
  for (const char* bind :
       {"localhost", "127.1", "[::1", "1.2.3.4.5", "::1%eth0", "", "\xef\xbc\x91\x32\x37.0.0.1"}) {
    INFO("--bind " << bind);
    QueryArgs a;
    a.port = "8080";
    a.bind = bind;
    CHECK_FALSE(build(a, why));
    CHECK_THAT(why, Catch::StartsWith("--bind '") && Catch::Contains("not an IPv4 or IPv6"));
  }
  QueryArgs a;
  a.connect = "host-without-port";
  CHECK_FALSE(build(a, why));
  CHECK_THAT(why, Catch::StartsWith("--connect '"));
}

TEST_CASE("--mode is kept as typed, then checked once against the platform", "[query_args]") {
  QueryArgs a;
  a.port = "8080";
  std::string why;
  auto o = build(a, why);
  REQUIRE(o);
  CHECK_FALSE(o->mode);  // all
  a.mode = "event";
  o = build(a, why);
  REQUIRE(o);
  CHECK(o->mode == Mode::event);

  test::FakePlatform p;
  p.have_modes = {Mode::sync};
  CHECK_FALSE(with_modes(p, o->query, o->mode, why));
  CHECK(why == "--mode event: not on the fake; this platform has: sync");
  why.clear();
  const auto all = with_modes(p, o->query, std::nullopt, why);
  REQUIRE(all);
  CHECK(all->modes.all());
  CHECK(why.empty());
  const auto sync = with_modes(p, o->query, Mode::sync, why);
  REQUIRE(sync);
  CHECK(sync->modes.modes() == std::vector<Mode>{Mode::sync});
  // Everything else is the options as built.
  CHECK(std::get<ListenTarget>(sync->target).at.port == 8080);
}
