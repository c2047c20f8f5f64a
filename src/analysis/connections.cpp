// The portable half of `wfpredir connections`: verdicts from the witnesses,
// listeners' counts and rules, the filter. The rules are written down in
// docs/connections.md; each has a test in tests/test_connections.cpp.
#include "analysis/connections.h"

#include <algorithm>
#include <unordered_map>

#include "analysis/bpf_reach.h"

namespace wfpredir {
namespace {

bool is_connection(const SocketRow& r) { return r.remote.has_value() && r.state != "listen"; }

bool is_listener(const SocketRow& r) {
  return (r.protocol == "tcp" && r.state == "listen") ||
         (r.protocol == "udp" && !r.remote.has_value());
}

// The rule sends traffic to \p l: its target port is the listener's (or it
// keeps the port and matches it), and its target address, if any, is one the
// listener receives on.
bool rule_reaches(const NetfilterRule& rule, const SocketRow& l) {
  if (!rule.protocol.empty() && rule.protocol != l.protocol) return false;
  const bool port_ok =
      rule.to_port != 0 ? rule.to_port == l.local.port : matches_dport(rule, l.local.port);
  if (!port_ok) return false;
  if (rule.to_address.empty() || l.local.is_wildcard()) return true;
  const auto to = parse_ip_literal(rule.to_address, l.local.port);
  return !to || same_endpoint(*to, l.local);
}

}  // namespace

void decide_verdict(SocketRow& row) {
  row.verdict.clear();
  row.reason.clear();
  row.original_destination.reset();
  row.witnesses_disagree = false;
  if (!is_connection(row)) return;
  const IpEndpoint& local = row.local;
  const IpEndpoint& remote = *row.remote;
  const ConntrackWitness& ct = row.conntrack;
  const ConfirmWitness& so = row.confirm;

  // Which side of the entry this socket is: the accepting side sees the reply
  // direction reversed (its local address is where NAT sent the packets).
  const bool ct_found = ct.outcome == "found";
  const bool accepted =
      ct_found && same_endpoint(ct.reply_src, local) && same_endpoint(ct.reply_dst, remote);
  const bool initiated =
      ct_found && same_endpoint(ct.original_src, local) && same_endpoint(ct.original_dst, remote);

  // The order of docs/verdicts.md: conntrack's NAT (R1), TPROXY's local
  // address (R2), conntrack without NAT (R5), SO_ORIGINAL_DST (R4, R7, R9),
  // no entry (R8).
  if ((accepted || initiated) && ct.destination_rewritten) {
    row.verdict = "redirected";
    row.reason = {
        reason(accepted ? ReasonKind::conn_reply_elsewhere : ReasonKind::conn_own_sent_elsewhere)};
    row.original_destination = ct.original_dst;
  } else if (!row.local_assigned) {
    // TPROXY hands a socket the original destination as its local address,
    // which need not be an address of this host at all.
    row.verdict = "redirected";
    row.reason = {reason(ReasonKind::conn_tproxy_local)};
    row.original_destination = local;
  } else if (accepted || initiated) {
    row.verdict = "not-redirected";
    row.reason = {reason(ReasonKind::conn_reply_from_original)};
  } else if (ct_found) {
    row.verdict = "unknown";
    row.reason = {reason(ReasonKind::conn_entry_mismatch)};
  } else if (so.status == "answered" && so.original_dst) {
    // SO_ORIGINAL_DST alone: the original destination of the entry, whichever
    // side this socket is; it proves a redirect only when it is neither end.
    if (!same_endpoint(*so.original_dst, local) && !same_endpoint(*so.original_dst, remote)) {
      row.verdict = "redirected";
      row.reason = {reason(ReasonKind::conn_odst_elsewhere)};
      row.original_destination = so.original_dst;
    } else if (same_endpoint(*so.original_dst, local) && !same_endpoint(local, remote)) {
      row.verdict = "not-redirected";
      row.reason = {reason(ReasonKind::conn_odst_local)};
    } else {
      row.verdict = "unknown";
      row.reason = {reason(ReasonKind::conn_odst_peer)};
    }
  } else if (ct.outcome == "no-entry") {
    row.verdict = "unknown";
    row.reason = {reason(ReasonKind::conn_no_entry)};
  } else {
    row.verdict = "unknown";
    row.reason = {reason(ReasonKind::conn_conntrack_not_asked)};
  }

  // The second witness: on the accepting side SO_ORIGINAL_DST must name the
  // entry's original destination.
  if (accepted && so.status == "answered" && so.original_dst &&
      !same_endpoint(*so.original_dst, ct.original_dst))
    row.witnesses_disagree = true;
}

void weigh_bpf(SocketRow& row, const std::vector<std::string>& peer_cgroups,
               const std::vector<BpfProgram>& programs) {
  row.bpf.clear();
  if (!is_connection(row)) return;
  BpfReach reach;
  reach.tcp = row.protocol == "tcp";
  reach.ipv4 =
      row.local.family == Family::ipv4;  // the socket's family: a dual-stack socket runs connect6
  reach.cgroups = peer_cgroups;
  for (const SocketProcess& p : row.processes)
    if (!p.cgroup.empty()) reach.cgroups.push_back(p.cgroup);
  row.bpf = bpf_reaching(reach, programs);
  if (row.bpf.empty() || row.verdict != "not-redirected") return;
  row.verdict = "unknown";
  row.reason = {reason(ReasonKind::bpf_can_redirect)};
}

void attach_listeners(ConnectionsReport& report, const std::vector<NetfilterRule>& rules) {
  // One pass over the connections, counted by local port: a proxy's table can
  // hold tens of thousands.
  std::unordered_multimap<std::uint16_t, const SocketRow*> by_port;
  for (const SocketRow& c : report.sockets)
    if (c.protocol == "tcp" && is_connection(c)) by_port.emplace(c.local.port, &c);
  for (SocketRow& l : report.sockets) {
    if (!is_listener(l)) continue;
    l.connections = 0;
    if (l.protocol != "tcp") continue;
    const auto [from, to] = by_port.equal_range(l.local.port);
    for (auto it = from; it != to; ++it)
      if (reaches_listener(it->second->local, l.local)) ++l.connections;
  }
  attach_rules(report, rules);
}

void attach_rules(ConnectionsReport& report, const std::vector<NetfilterRule>& rules) {
  for (SocketRow& l : report.sockets) {
    if (!is_listener(l)) continue;
    l.rules.clear();
    for (const NetfilterRule& r : rules)
      if (rule_reaches(r, l)) l.rules.push_back(r);
  }
}

void apply_filter(ConnectionsReport& report) {
  const ConnectionsFilter& f = report.filter;
  std::erase_if(report.sockets, [&](const SocketRow& r) {
    if (f.port && r.local.port != *f.port && (!r.remote || r.remote->port != *f.port)) return true;
    if (f.pid && std::none_of(r.processes.begin(), r.processes.end(),
                              [&](const SocketProcess& p) { return p.pid == *f.pid; }))
      return true;
    return false;
  });
}

}  // namespace wfpredir
