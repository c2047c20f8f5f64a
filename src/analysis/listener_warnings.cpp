// The listener against the redirect rules (listener_warnings.h).
#include "analysis/listener_warnings.h"

#include <fmt/format.h>

#include <algorithm>

#include "text/i18n.h"

namespace wfpredir {
namespace {

bool is_loopback(const IpEndpoint& e) {
  const IpEndpoint n = e.normalised();
  if (n.family == Family::ipv4) return n.address[0] == 127;
  return std::all_of(n.address.begin(), n.address.begin() + 15, [](auto b) { return b == 0; }) &&
         n.address[15] == 1;
}

bool is_tproxy(const NetfilterRule& r) { return r.action == "tproxy" || r.action == "xt:TPROXY"; }

// Whether \p r sends \p protocol traffic to \p port: its target port, or the
// port it matched when it keeps it.
bool leads_to(const NetfilterRule& r, std::uint16_t port, std::string_view protocol) {
  if (!r.protocol.empty() && r.protocol != protocol) return false;
  if (r.to_port != 0) return r.to_port == port;
  return matches_dport(r, port);
}

std::string rule_text(const NetfilterRule& r) {
  return fmt::format("{} {} {} ({} {})", r.family, r.table, r.chain, r.action,
                     r.match.empty() ? std::string("*") : r.match);
}

}  // namespace

std::vector<std::string> listener_warnings(const ListenTarget& listener, std::string_view protocol,
                                           const Inventory& inventory) {
  std::vector<std::string> out;
  if (!inventory.has_netfilter || inventory.netfilter_error) return out;
  const std::uint16_t port = listener.at.port;
  bool tproxy_here = false;
  for (const NetfilterRule& r : inventory.netfilter) {
    if (!leads_to(r, port, protocol)) continue;
    const bool tproxy = is_tproxy(r);
    tproxy_here = tproxy_here || tproxy;
    // REDIRECT and TPROXY without an address send prerouting traffic to the
    // incoming interface's address; DNAT to a loopback address is dropped as
    // martian there. Either way a loopback-bound listener never sees it.
    if (r.hook == "prerouting" && is_loopback(listener.at) &&
        (r.action == "redirect" || r.action == "dnat" || (tproxy && r.to_address.empty())))
      out.push_back(
          trf("the rule {} sends traffic arriving from other hosts to port {}, but the "
              "listener is bound to {}, which that traffic cannot reach (bind to the "
              "interface's address or 0.0.0.0)",
              rule_text(r), port, format_address(listener.at)));
    if (tproxy && !listener.transparent)
      out.push_back(
          trf("the TPROXY rule {} hands connections for port {} only to a transparent "
              "socket: add --transparent",
              rule_text(r), port));
  }
  if (listener.transparent) {
    if (!tproxy_here) {
      out.push_back(
          trf("--transparent, but no TPROXY rule sends {} traffic to port {}: only "
              "connections addressed to this host will arrive",
              protocol, port));
    } else {
      for (const InventoryFinding& f : analyse_inventory(inventory))
        if (f.code == "tproxy-without-route" || f.code == "tproxy-without-mark")
          out.push_back(f.text);
    }
  }
  return out;
}

}  // namespace wfpredir
