// Linux: `wfpredir connections`. The sockets from inet_diag, their processes
// from /proc/PID/fd, the rules from doctor's inventory, and for each
// connection its conntrack entry (one ctnetlink dump per run), whether its local address is
// the host's, and with --confirm SO_ORIGINAL_DST on a duplicate of the socket.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <unordered_map>

#include "analysis/connections.h"
#include "platform/inventory.h"
#include "platform/linux/bpf_inventory.h"
#include "platform/linux/confirm.h"
#include "platform/linux/conntrack.h"
#include "platform/linux/sock_diag.h"

namespace wfpredir {
namespace {

ConntrackWitness witness_of(const ConntrackLookup& l) {
  ConntrackWitness w;
  w.outcome = std::string(to_string(l.outcome));
  w.error = l.error;
  w.detail = l.operation.empty() ? l.detail
             : l.detail.empty()  ? l.operation
                                 : l.operation + ": " + l.detail;
  if (!l.entry) return w;
  const ConntrackEntry& e = *l.entry;
  w.original_src = e.original.src;
  w.original_dst = e.original.dst;
  w.reply_src = e.reply.src;
  w.reply_dst = e.reply.dst;
  w.status = status_names(e.status);
  w.mark = e.mark;
  w.zone = e.zone;
  w.destination_rewritten = e.destination_rewritten();
  w.source_rewritten = e.source_rewritten();
  return w;
}

// A connection's two ends as a key: the address bytes and ports, normalised
// (formatting 40,000 endpoints as text cost more than the map itself).
std::string ends_key(const IpEndpoint& a, const IpEndpoint& b) {
  std::string k;
  k.reserve(2 * 19);
  append_key(k, a);
  append_key(k, b);
  return k;
}

}  // namespace

ConnectionsReport take_connections(const ConnectionsFilter& filter) {
  using namespace linux_backend;
  ConnectionsReport report;
  report.filter = filter;
  report.platform = "linux";
  InventoryError error;
  auto rows = dump_inet_sockets(error);
  if (!rows) {
    report.sockets_error = error;
    return report;
  }
  report.sockets = std::move(*rows);

  bool partial = false;
  const auto inodes = socket_inodes(partial);
  report.processes_partial = partial;
  // One read of /proc/PID/comm per process, not per socket (a proxy holds thousands).
  std::unordered_map<std::uint32_t, std::pair<std::string, std::string>> commands;
  // The cgroups of each connection's processes, by its ends: the other end of
  // a local connection looks its peer up here after the filter (weigh_bpf).
  std::unordered_map<std::string, std::vector<std::string>> cgroups_by_ends;
  // Sized once, not rehashed as it grows (10,000 connections: 20,000 keys).
  cgroups_by_ends.reserve(report.sockets.size());
  for (SocketRow& r : report.sockets) {
    const auto it = r.inode != 0 ? inodes.find(r.inode) : inodes.end();
    if (it == inodes.end()) continue;
    for (const FdHolder& h : it->second) {
      auto [c, fresh] = commands.try_emplace(h.pid);
      if (fresh) c->second = {process_command(h.pid), process_cgroup(h.pid)};
      r.processes.push_back({h.pid, c->second.first, c->second.second});
      r.fds.push_back(h.fd);
      if (r.remote && !c->second.second.empty())
        cgroups_by_ends[ends_key(r.local, *r.remote)].push_back(c->second.second);
    }
  }

  // Counts over every socket, then the filter; the ruleset is read only when
  // a listener is left to show it for.
  attach_listeners(report, {});
  apply_filter(report);
  const bool any_listener = std::any_of(report.sockets.begin(), report.sockets.end(),
                                        [](const SocketRow& r) { return !r.remote; });
  if (any_listener) {
    const Inventory inv = take_inventory();
    report.netfilter_error = inv.netfilter_error;
    attach_rules(report, inv.netfilter);
  }

  if (filter.confirm) report.confirm_refused = confirm_privilege_gap();
  const LocalAddresses local_addresses;
  // The eBPF programs that can redirect without netfilter, asked once.
  Inventory programs;
  if (std::any_of(report.sockets.begin(), report.sockets.end(),
                  [](const SocketRow& r) { return r.remote && r.state != "listen"; }))
    linux_backend::take_bpf_inventory(programs);
  report.bpf_error = programs.bpf_error;
  // One dump of the conntrack table for all the connections, matched in
  // memory (one GET per socket cost more than `conntrack -L` on 10,000).
  std::optional<ConntrackTable> conntrack;
  for (SocketRow& r : report.sockets) {
    if (!r.remote || r.state == "listen") continue;
    r.local_assigned = local_addresses.contains(r.local);
    const std::uint8_t proto = r.protocol == "tcp" ? kProtoTcp : kProtoUdp;
    if (!conntrack) conntrack = dump_conntrack();
    r.conntrack = witness_of(conntrack->find(ConntrackTuple{proto, r.local, *r.remote}));
    if (filter.confirm && r.protocol == "tcp") {
      if (r.processes.empty()) {
        // No process: its table was not readable, or the socket is orphaned.
        r.confirm.status = report.processes_partial ? "not-permitted" : "gone";
        r.confirm.operation = "/proc/PID/fd";
        r.confirm.error = report.processes_partial ? EACCES : ENOENT;
      } else {
        r.confirm = confirm_original_dst(r.processes.front().pid, r.fds.front(), r.local);
      }
    }
    decide_verdict(r);
    const auto peer = cgroups_by_ends.find(ends_key(*r.remote, r.local));
    weigh_bpf(r, peer != cgroups_by_ends.end() ? peer->second : std::vector<std::string>{},
              programs.bpf);
  }
  return report;
}

}  // namespace wfpredir
