// Unit tests for analysis/listener_warnings: the startup warnings that compare a
// listener with the redirect rules (loopback vs prerouting, TPROXY without
// --transparent, --transparent without TPROXY or its policy route).
#include <catch2/catch.hpp>

#include "analysis/listener_warnings.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

Inventory with(std::vector<NetfilterRule> rules) {
  Inventory inv;
  inv.has_netfilter = true;
  inv.netfilter = std::move(rules);
  return inv;
}

NetfilterRule rule(std::string hook, std::string action, int dport, int to_port,
                   std::optional<std::uint32_t> mark = std::nullopt) {
  NetfilterRule r;
  r.family = "inet";
  r.table = "t";
  r.chain = "c";
  r.hook = std::move(hook);
  r.action = std::move(action);
  r.protocol = "tcp";
  r.match = "tcp dport " + std::to_string(dport);
  r.dports = {dport};
  r.to_port = to_port;
  r.mark = mark;
  return r;
}

ListenTarget at(const char* endpoint, bool transparent = false) {
  return ListenTarget{ep(endpoint), transparent};
}

}  // namespace

TEST_CASE("warning: a prerouting REDIRECT to a listener bound to 127.0.0.1", "[warnings]") {
  const auto inv = with({rule("prerouting", "redirect", 80, 8080)});
  const auto w = listener_warnings(at("127.0.0.1:8080"), "tcp", inv);
  REQUIRE(w.size() == 1);
  CHECK(w[0].find("bound to 127.0.0.1") != std::string::npos);
  CHECK(listener_warnings(at("0.0.0.0:8080"), "tcp", inv).empty());
  // An output rule (local clients) reaches a loopback listener: no warning.
  CHECK(listener_warnings(at("127.0.0.1:8080"), "tcp", with({rule("output", "redirect", 80, 8080)}))
            .empty());
  // Another port, another protocol: not this listener's rule.
  CHECK(listener_warnings(at("127.0.0.1:9090"), "tcp", inv).empty());
  CHECK(listener_warnings(at("127.0.0.1:8080"), "udp", inv).empty());
}

TEST_CASE("warning: a TPROXY rule for the port, the listener not --transparent", "[warnings]") {
  const auto inv = with({rule("prerouting", "tproxy", 8081, 0, 1u)});
  const auto w = listener_warnings(at("0.0.0.0:8081"), "tcp", inv);
  REQUIRE(w.size() == 1);
  CHECK(w[0].find("add --transparent") != std::string::npos);
}

TEST_CASE("warning: --transparent without a TPROXY rule, or without its policy route",
          "[warnings]") {
  const auto none = listener_warnings(at("0.0.0.0:8081", true), "tcp", with({}));
  REQUIRE(none.size() == 1);
  CHECK(none[0].find("no TPROXY rule") != std::string::npos);
  auto inv = with({rule("prerouting", "tproxy", 8081, 0, 1u)});
  const auto unrouted = listener_warnings(at("0.0.0.0:8081", true), "tcp", inv);
  REQUIRE(unrouted.size() == 1);
  CHECK(unrouted[0].find("ip rule") != std::string::npos);
  inv.route_rules.push_back(RouteRule{"ipv4", 1u, "100"});
  inv.local_route_tables.push_back("100");
  CHECK(listener_warnings(at("0.0.0.0:8081", true), "tcp", inv).empty());
}

TEST_CASE("no warning without a netfilter view", "[warnings]") {
  Inventory inv;
  CHECK(listener_warnings(at("0.0.0.0:8081", true), "tcp", inv).empty());
}
