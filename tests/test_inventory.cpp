// Unit tests for model/inventory: the netfilter and ip-rule parsers on real
// `nft -j` / `ip -j` output, and the findings on fabricated inventories (the
// platform seam: what take_inventory() would have returned).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "model/inventory.h"

using namespace wfpredir;

namespace {

std::string read_fixture(const std::string& name) {
#ifdef _WIN32
  // Wine maps the Linux root on Z:.
  std::ifstream in("Z:" + std::string(WFPREDIR_TEST_DATA) + "/" + name, std::ios::binary);
#else
  std::ifstream in(std::string(WFPREDIR_TEST_DATA) + "/" + name, std::ios::binary);
#endif
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool has(const std::vector<InventoryFinding>& fs, std::string_view code) {
  return std::any_of(fs.begin(), fs.end(),
                     [&](const InventoryFinding& f) { return f.code == code; });
}

WfpFilter filter(std::string layer, std::string provider) {
  WfpFilter f;
  f.layer = std::move(layer);
  f.provider_name = std::move(provider);
  f.provider_key = "{0}";
  f.name = "redirect";
  return f;
}

}  // namespace

TEST_CASE("nft -j output: only the redirecting rules, with hook, match and target", "[inventory]") {
  std::string error;
  const auto rules = parse_nft_ruleset(read_fixture("nft-ruleset.json"), error);
  REQUIRE(rules);
  REQUIRE(rules->size() == 5);
  const NetfilterRule& r = (*rules)[0];
  CHECK(r.family == "ip");
  CHECK(r.hook == "output");
  CHECK(r.action == "redirect");
  CHECK(r.protocol == "tcp");
  CHECK(r.dports == std::vector<int>{80});
  CHECK(r.to_port == 8080);
  CHECK(r.match == "tcp dport 80");

  const NetfilterRule& d = (*rules)[1];
  CHECK(d.action == "dnat");
  CHECK(d.hook == "prerouting");
  CHECK(d.to_address == "10.0.0.5");
  CHECK(d.dports == std::vector<int>{443, 8443});
  CHECK(d.match == "iifname \"eth0\" tcp dport { 443, 8443 }");

  CHECK((*rules)[2].family == "ip6");
  CHECK((*rules)[2].to_address == "::1");
  CHECK((*rules)[3].action == "tproxy");
  CHECK((*rules)[3].protocol == "udp");
  CHECK((*rules)[3].mark == 1u);
  CHECK((*rules)[4].mark == 1u);
  CHECK((*rules)[4].to_port == 8081);
}

TEST_CASE("nft -j: values as nft writes them, a regular chain under its base chain's hook",
          "[inventory]") {
  // ip daddr 10.1.2.3 tcp dport 8000-8100 redirect; jump proxy (from a base
  // chain "out", hook output); in proxy: iifname "eth0" dnat to 127.0.0.1:9000.
  const std::string text = R"({"nftables": [
    {"chain": {"family": "ip", "table": "t", "name": "out", "hook": "output"}},
    {"chain": {"family": "ip", "table": "t", "name": "proxy"}},
    {"chain": {"family": "ip", "table": "t", "name": "lone"}},
    {"rule": {"family": "ip", "table": "t", "chain": "out", "expr": [
      {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": "10.1.2.3"}},
      {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": {"range": [8000, 8100]}}},
      {"redirect": null}]}},
    {"rule": {"family": "ip", "table": "t", "chain": "out", "expr": [{"jump": {"target": "proxy"}}]}},
    {"rule": {"family": "ip", "table": "t", "chain": "proxy", "expr": [
      {"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "eth0"}},
      {"dnat": {"addr": "127.0.0.1", "port": 9000}}]}},
    {"rule": {"family": "ip", "table": "t", "chain": "lone", "expr": [{"redirect": {"port": 1}}]}}
  ]})";
  std::string error;
  const auto rules = parse_nft_ruleset(text, error);
  REQUIRE(rules);
  REQUIRE(rules->size() == 3);
  CHECK((*rules)[0].match == "ip daddr 10.1.2.3 tcp dport 8000-8100");
  CHECK((*rules)[0].via.empty());
  CHECK((*rules)[0].dports.empty());
  CHECK((*rules)[0].dport_ranges == std::vector<std::pair<int, int>>{{8000, 8100}});
  CHECK(matches_dport((*rules)[0], 8050));
  CHECK_FALSE(matches_dport((*rules)[0], 8101));
  CHECK((*rules)[1].match == "iifname \"eth0\"");
  CHECK((*rules)[1].hook == "output");
  CHECK((*rules)[1].via == "out");
  CHECK((*rules)[2].hook.empty());  // no base chain jumps to it
  CHECK((*rules)[2].via.empty());
}

TEST_CASE("malformed nft output is an error, not an exception", "[inventory]") {
  for (const char* bad : {"", "{", "[]", "{\"nftables\": 3}",
                          "{\"nftables\": [{\"rule\": 5}, {\"rule\": {\"expr\": [1, [], {}]}}]}"}) {
    INFO(bad);
    std::string error;
    const auto rules = parse_nft_ruleset(bad, error);
    CHECK((!rules || rules->empty()));
  }
}

TEST_CASE("ip -j rule and route output", "[inventory]") {
  std::string error;
  const auto rules = parse_ip_rules(
      R"([{"priority":0,"src":"all","table":"local"},{"priority":32765,"src":"all","fwmark":"0x1","table":"100"}])",
      "ipv4", error);
  REQUIRE(rules);
  REQUIRE(rules->size() == 2);
  CHECK_FALSE((*rules)[0].fwmark);
  CHECK((*rules)[1].fwmark == 1u);
  CHECK((*rules)[1].table == "100");
  CHECK(has_local_default_route(
      R"([{"type":"local","dst":"default","dev":"lo","scope":"host","flags":[]}])"));
  CHECK_FALSE(has_local_default_route(R"([{"type":"unicast","dst":"default","dev":"eth0"}])"));
  CHECK_FALSE(has_local_default_route("Error: ipv6: FIB table does not exist."));
}

TEST_CASE("Windows findings: none, one provider, two at one layer, access denied, an LSP",
          "[inventory]") {
  Inventory inv;
  inv.has_winsock = inv.has_wfp = true;
  CHECK(has(analyse_inventory(inv), "no-redirect-configured"));

  inv.wfp = {filter("ALE_CONNECT_REDIRECT_V4", "Contoso VPN")};
  auto fs = analyse_inventory(inv);
  CHECK_FALSE(has(fs, "possible-loop"));
  CHECK_FALSE(has(fs, "no-redirect-configured"));

  inv.wfp.push_back(filter("ALE_CONNECT_REDIRECT_V4", "Fabrikam AV"));
  inv.wfp.push_back(filter("ALE_CONNECT_REDIRECT_V6", "Fabrikam AV"));
  fs = analyse_inventory(inv);
  REQUIRE(has(fs, "possible-loop"));
  const auto loop = std::find_if(
      fs.begin(), fs.end(), [](const InventoryFinding& f) { return f.code == "possible-loop"; });
  CHECK_THAT(loop->text, Catch::Contains("Contoso VPN") && Catch::Contains("Fabrikam AV") &&
                             Catch::Contains("ALE_CONNECT_REDIRECT_V4"));
  CHECK_THAT(loop->next, Catch::Contains("SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS"));

  Inventory denied;
  denied.has_wfp = true;
  denied.wfp_error = InventoryError{"FwpmEngineOpen0", ErrorDomain::windows, 5, "", true};
  fs = analyse_inventory(denied);
  CHECK(has(fs, "access-denied"));
  CHECK_FALSE(has(fs, "no-redirect-configured"));

  Inventory lsp;
  lsp.has_winsock = true;
  WinsockEntry layered{"Contoso LSP",          1001,  0,    0, 0, 0, {}, "{L}",
                       "C:\\contoso\\lsp.dll", false, false};
  WinsockEntry base{"MSAFD Tcpip [TCP/IP]",
                    1002,
                    2,
                    1,
                    6,
                    1,
                    {1002},
                    "{B}",
                    "%SystemRoot%\\system32\\mswsock.dll",
                    true,
                    true};
  WinsockEntry chain{"Contoso over [TCP/IP]", 1003,  2,    1, 6, 2, {1001, 1002}, "{L}",
                     "C:\\contoso\\lsp.dll",  false, false};
  lsp.winsock = {layered, base, chain};
  fs = analyse_inventory(lsp);
  REQUIRE(has(fs, "lsp-present"));
  lsp.winsock[0].microsoft = true;
  CHECK_FALSE(has(analyse_inventory(lsp), "lsp-present"));
}

TEST_CASE("Linux findings: no rules, a redirect, tproxy with and without its route",
          "[inventory]") {
  Inventory inv;
  inv.has_netfilter = true;
  CHECK(has(analyse_inventory(inv), "no-redirect-configured"));

  NetfilterRule tproxy;
  tproxy.family = "ip";
  tproxy.table = "mangle";
  tproxy.chain = "pre";
  tproxy.action = "tproxy";
  tproxy.mark = 1;
  inv.netfilter = {tproxy};
  auto fs = analyse_inventory(inv);
  REQUIRE(has(fs, "tproxy-without-route"));

  inv.route_rules = {RouteRule{"ipv4", 1u, "100"}};
  CHECK(has(analyse_inventory(inv), "tproxy-without-route"));  // the table has no local route yet
  inv.local_route_tables = {"100"};
  CHECK_FALSE(has(analyse_inventory(inv), "tproxy-without-route"));

  inv.netfilter[0].mark.reset();
  CHECK(has(analyse_inventory(inv), "tproxy-without-mark"));

  Inventory denied;
  denied.has_netfilter = true;
  denied.netfilter_error =
      InventoryError{"nft -j list ruleset", ErrorDomain::posix, 1, "Operation not permitted", true};
  CHECK(has(analyse_inventory(denied), "access-denied"));
}

TEST_CASE("eBPF findings: attached redirecting programs, loose ones, not permitted",
          "[inventory][bpf]") {
  auto codes = [](const Inventory& inv) {
    std::vector<std::string> out;
    for (const InventoryFinding& f : analyse_inventory(inv)) out.push_back(f.code);
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const char* c) {
    return std::find(v.begin(), v.end(), c) != v.end();
  };
  Inventory inv;
  inv.has_bpf = true;
  CHECK(codes(inv).empty());
  // Listed, but none can rewrite a destination: not attached, getpeername, tc.
  inv.bpf.push_back({1, "loose", "cgroup_sock_addr", "", "", "not-attached"});
  inv.bpf.push_back({2, "hide", "cgroup_sock_addr", "getpeername4", "/app", ""});
  inv.bpf.push_back({3, "tc", "sched_cls", "", "", "interface-not-determined"});
  CHECK(codes(inv).empty());
  inv.bpf.push_back({4, "mesh", "cgroup_sock_addr", "connect4", "/mesh", ""});
  const auto findings = analyse_inventory(inv);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == "ebpf-redirect-possible");
  CHECK(findings[0].text.find("4 \"mesh\" connect4 /mesh") != std::string::npos);
  CHECK(findings[0].text.find("without any conntrack trace") != std::string::npos);
  // Not permitted: said, never an empty list standing for "nothing here".
  Inventory denied;
  denied.has_bpf = true;
  denied.bpf_error = InventoryError{"bpf_prog_get_next_id", ErrorDomain::posix, 1,
                                    "Operation not permitted", true};
  const auto d = codes(denied);
  CHECK(has(d, "ebpf-unreadable"));
  CHECK_FALSE(has(d, "ebpf-redirect-possible"));
}
