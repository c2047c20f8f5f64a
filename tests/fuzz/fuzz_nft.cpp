// Fuzz target: the parsers of other programs' JSON (nft -j list ruleset,
// ip -j rule/route; parse/netfilter_parse.cpp). Malformed input is an error
// value, never an exception or a crash.
#include "fuzz.h"
#include "model/inventory.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(fuzz::text(data, size));
  std::string error;
  const auto rules = parse_nft_ruleset(text, error);
  WFPREDIR_FUZZ_CHECK(rules.has_value() || !error.empty());
  error.clear();
  const auto ip_rules = parse_ip_rules(text, "ipv4", error);
  WFPREDIR_FUZZ_CHECK(ip_rules.has_value() || !error.empty());
  (void)has_local_default_route(text);
  if (rules) {
    Inventory inv;
    inv.has_netfilter = true;
    inv.netfilter = *rules;
    if (ip_rules) inv.route_rules = *ip_rules;
    (void)analyse_inventory(inv);
  }
  return 0;
}
