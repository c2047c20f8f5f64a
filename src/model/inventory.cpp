// The portable reading of an Inventory: which findings it supports. Pure:
// doctor's verdict_code and next steps come from here, and the unit tests
// drive it with fabricated inventories (no filters, one provider, two at the
// same layer, access denied, a layered provider, TPROXY without its route).
#include "model/inventory.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include "text/i18n.h"

namespace wfpredir {
namespace {

std::string denied_next(const InventoryError& e) {
  return std::string(
      tr(e.domain == ErrorDomain::windows
             ? "Run wfpredir doctor again from an elevated prompt (Run as administrator) to list "
               "the redirect filters."
             : "Run wfpredir doctor again as root (or with CAP_NET_ADMIN) to read the ruleset."));
}

void windows_findings(const Inventory& inv, std::vector<InventoryFinding>& out) {
  if (inv.winsock_error) {
    out.push_back({"winsock-catalog-unavailable",
                   trf("The Winsock catalog could not be read ({}: error {}).",
                       inv.winsock_error->operation, inv.winsock_error->code),
                   std::string(tr("Run netsh winsock show catalog and attach its output."))});
  }
  // Layered providers that sit in a chain and are not Windows' own.
  std::map<std::uint32_t, const WinsockEntry*> by_id;
  for (const WinsockEntry& e : inv.winsock) by_id[e.catalog_id] = &e;
  std::set<std::uint32_t> reported;
  for (const WinsockEntry& e : inv.winsock) {
    if (e.chain_length <= 1) continue;
    for (std::uint32_t id : e.chain) {
      const auto it = by_id.find(id);
      if (it == by_id.end() || it->second->chain_length != 0 || it->second->microsoft) continue;
      if (!reported.insert(id).second) continue;
      out.push_back(
          {"lsp-present",
           trf("A layered service provider that is not Microsoft's, \"{}\" ({}), sits in the "
               "chain of \"{}\": the first suspect when the redirect queries fail with "
               "WSAEOPNOTSUPP.",
               it->second->name,
               it->second->path.empty() ? std::string(tr("path unknown")) : it->second->path,
               e.name),
           std::string(tr(
               "Find the product that installed it; try the query with the product disabled."))});
    }
  }
  if (!inv.has_wfp) return;
  if (inv.wfp_error) {
    out.push_back({inv.wfp_error->access_denied ? "access-denied" : "wfp-unavailable",
                   trf("The WFP redirect filters could not be listed ({}: error {}{}).",
                       inv.wfp_error->operation, inv.wfp_error->code,
                       inv.wfp_error->message.empty() ? "" : ", " + inv.wfp_error->message),
                   inv.wfp_error->access_denied ? denied_next(*inv.wfp_error) : std::string()});
    return;
  }
  // Two providers redirecting at the same connect-redirect layer can each
  // redirect the other's outbound proxy connection again: a loop, unless
  // every proxy hands the records on (docs/winsock-contract.md#loops-and-set).
  std::map<std::string, std::set<std::string>> providers;
  for (const WfpFilter& f : inv.wfp) {
    if (f.layer.find("CONNECT_REDIRECT") == std::string::npos) continue;
    providers[f.layer].insert(!f.provider_name.empty() ? f.provider_name
                              : !f.provider_key.empty()
                                  ? f.provider_key
                                  : trf("(no provider: filter \"{}\")", f.name));
  }
  for (const auto& [layer, names] : providers) {
    if (names.size() < 2) continue;
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    out.push_back(
        {"possible-loop",
         trf("{} providers redirect at {}: {}. A proxy that connects out without handing on the "
             "records is redirected again by the other: a loop.",
             names.size(), layer, list),
         std::string(tr("Each proxy must query the records of the connection it accepted and set "
                        "them on its outbound socket with SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS "
                        "before connect; ask each vendor whether it does."))});
  }
  if (inv.wfp.empty())
    out.push_back({"no-redirect-configured",
                   std::string(tr("No WFP filter redirects connections on this machine (no filter "
                                  "at the ALE connect-redirect or bind-redirect layers).")),
                   ""});
}

void linux_findings(const Inventory& inv, std::vector<InventoryFinding>& out) {
  if (inv.netfilter_error) {
    out.push_back({inv.netfilter_error->access_denied ? "access-denied" : "netfilter-unavailable",
                   trf("The netfilter ruleset could not be read ({}: {}).",
                       inv.netfilter_error->operation, inv.netfilter_error->message),
                   inv.netfilter_error->access_denied
                       ? denied_next(*inv.netfilter_error)
                       : std::string(tr("Install nftables (the nft command) to list the rules."))});
    return;
  }
  for (const NetfilterRule& r : inv.netfilter) {
    if (r.action != "tproxy") continue;
    const std::string where = fmt::format("{} {} {}", r.family, r.table, r.chain);
    if (!r.mark) {
      out.push_back(
          {"tproxy-without-mark",
           trf("The tproxy rule in {} sets no mark: unless another rule marks the packets, policy "
               "routing does not deliver them to the local proxy.",
               where),
           std::string(tr("Add `meta mark set 1` to the rule, with `ip rule add fwmark 1 lookup "
                          "100` and `ip route add local 0.0.0.0/0 dev lo table 100`."))});
      continue;
    }
    const bool v6 = r.family == "ip6";
    const bool routed =
        std::any_of(inv.route_rules.begin(), inv.route_rules.end(), [&](const RouteRule& rr) {
          return rr.fwmark == r.mark &&
                 (r.family == "inet" || rr.family == (v6 ? "ipv6" : "ipv4")) &&
                 std::find(inv.local_route_tables.begin(), inv.local_route_tables.end(),
                           rr.table) != inv.local_route_tables.end();
        });
    if (!routed)
      out.push_back(
          {"tproxy-without-route",
           trf("The tproxy rule in {} marks packets {:#x}, but no `ip rule` sends that mark to a "
               "table with a local default route: the packets are routed on, not delivered to the "
               "proxy.",
               where, *r.mark),
           fmt::format(
               "ip {}rule add fwmark {:#x} lookup 100 && ip {}route add local {} dev lo table 100",
               v6 ? "-6 " : "", *r.mark, v6 ? "-6 " : "", v6 ? "::/0" : "0.0.0.0/0")});
  }
  for (const NatCheck& c : inv.nat_checks) {
    // ENOPROTOOPT: no NAT tracking is registered for the family (Linux 92),
    // so SO_ORIGINAL_DST cannot answer for it (docs/winsock-contract.md#original-destination).
    if (c.ran && c.error == 92)
      out.push_back(
          {"nat-tracking-missing",
           trf("NAT tracking cannot answer for {} (SO_ORIGINAL_DST gives ENOPROTOOPT): a redirect "
               "in that family cannot be read back.",
               c.family),
           std::string(tr(
               c.family == "ipv6"
                   ? "Load the IPv6 NAT modules (modprobe nf_nat; an ip6/inet nat table loads "
                     "them)."
                   : "Load the NAT modules (modprobe nf_nat; an ip/inet nat table loads them)."))});
  }
  if (inv.netfilter.empty())
    out.push_back(
        {"no-redirect-configured",
         std::string(tr(
             "No netfilter rule redirects connections here (no redirect, dnat or tproxy rule).")),
         ""});
}

// eBPF programs that rewrite or choose a connection's destination leave no
// conntrack NAT entry: said once, with the programs named (docs/verdicts.md).
void bpf_findings(const Inventory& inv, std::vector<InventoryFinding>& out) {
  if (inv.bpf_error) {
    out.push_back(
        {"ebpf-unreadable",
         trf("The eBPF programs could not be listed ({}: {}): a connection redirected by eBPF "
             "would not be seen.",
             inv.bpf_error->operation, inv.bpf_error->message),
         inv.bpf_error->access_denied
             ? std::string(tr("Run wfpredir doctor again as root (or with CAP_SYS_ADMIN) to list "
                              "the eBPF programs."))
             : std::string()});
    return;
  }
  std::string names;
  for (const BpfProgram& p : inv.bpf)
    if (can_redirect(p))
      names += (names.empty() ? "" : ", ") +
               fmt::format("{} \"{}\" {} {}", p.id, p.name, p.attach_type, p.attach_point);
  if (names.empty()) return;
  out.push_back({"ebpf-redirect-possible",
                 trf("eBPF programs that can rewrite a connection's destination are attached "
                     "({}): a connection may be redirected by eBPF without any conntrack trace.",
                     names),
                 std::string(tr("List them with bpftool prog show and bpftool cgroup tree, and "
                                "attach this report to the ticket."))});
}

}  // namespace

bool can_redirect(const BpfProgram& p) {
  if (p.attach_point.empty()) return false;
  return p.attach_type == "connect4" || p.attach_type == "connect6" ||
         p.attach_type == "sendmsg4" || p.attach_type == "sendmsg6" || p.attach_type == "sk_lookup";
}

std::vector<InventoryFinding> analyse_inventory(const Inventory& inv) {
  std::vector<InventoryFinding> out;
  if (inv.has_winsock || inv.has_wfp) windows_findings(inv, out);
  if (inv.has_netfilter) linux_findings(inv, out);
  if (inv.has_bpf) bpf_findings(inv, out);
  return out;
}

}  // namespace wfpredir
