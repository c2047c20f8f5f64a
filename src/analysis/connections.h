#pragma once
/// \file connections.h
/// `wfpredir connections`: the sockets of a proxy that is already running,
/// read in place (without taking its port), each with its owning process and,
/// for a connection, the witnesses of a redirect: its conntrack entry, whether
/// its local address is one of the host's (TPROXY evidence), and with
/// --confirm SO_ORIGINAL_DST asked on a duplicate of the live socket
/// (docs/connections.md). The platform fills the rows (one file per platform);
/// the verdict, the listeners' counts and rules, and the renderers are
/// portable and pure, so tests drive them with fabricated rows.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/endpoint.h"
#include "model/inventory.h"
#include "model/reason.h"
#include "text/catalog.h"

namespace wfpredir {

/// A process that holds the socket in its descriptor table.
struct SocketProcess {
  std::uint32_t pid = 0;
  std::string command;  ///< /proc/PID/comm (Linux), the image path (Windows)
  std::string cgroup;   ///< its cgroup v2 path ("0::" of /proc/PID/cgroup), "" unknown
};

/// The connection's conntrack entry, as far as it was read.
struct ConntrackWitness {
  /// "found", "no-entry" (conntrack does not track it), "cannot-ask" (no
  /// answer: not permitted, module missing), "not-asked" (a listener, UDP
  /// without a peer, Windows).
  std::string outcome = "not-asked";
  IpEndpoint original_src, original_dst, reply_src, reply_dst;  ///< when found
  std::string status;                                           ///< "SEEN_REPLY|ASSURED|..."
  std::optional<std::uint32_t> mark;
  std::uint16_t zone = 0;
  int error = 0;                       ///< errno when not found
  std::string detail;                  ///< the failing operation, or what the answer lacked
  bool destination_rewritten = false;  ///< reply.src != original.dst (DNAT, REDIRECT)
  bool source_rewritten = false;       ///< reply.dst != original.src (SNAT, MASQUERADE)
};

/// SO_ORIGINAL_DST asked on a duplicate of the live socket (--confirm).
struct ConfirmWitness {
  /// "not-asked" (no --confirm, or not a connection), "answered",
  /// "no-entry" (ENOENT), "not-permitted" (no privilege: pidfd_getfd or
  /// pidfd_open refused), "unsupported" (the kernel lacks pidfd_getfd),
  /// "gone" (the process or descriptor went away), "failed" (another error).
  std::string status = "not-asked";
  std::optional<IpEndpoint> original_dst;
  int error = 0;          ///< errno of the failing call
  std::string operation;  ///< "pidfd_open", "pidfd_getfd", "getsockopt(SO_ORIGINAL_DST)"
};

/// One socket of the system's table.
struct SocketRow {
  std::string protocol;  ///< "tcp", "udp"
  /// TCP: "listen", "established", "syn-recv", "fin-wait-1", ... (the
  /// kernel's state, lowercase); UDP: "bound" or "connected".
  std::string state;
  IpEndpoint local;
  std::optional<IpEndpoint> remote;  ///< absent for listeners and unconnected UDP
  std::uint64_t inode = 0;           ///< 0 where the system has none (Windows)
  std::uint32_t uid = 0;
  std::vector<SocketProcess> processes;  ///< empty when not visible to this user
  std::vector<int> fds;                  ///< the descriptor in each process (Linux)
  // Listeners (TCP listen, and bound UDP sockets):
  int connections = 0;               ///< established connections on its address and port
  std::vector<NetfilterRule> rules;  ///< redirect rules that send traffic to it
  // Connections:
  bool local_assigned = true;  ///< the local address is one of this host's interfaces
  ConntrackWitness conntrack;
  ConfirmWitness confirm;
  /// "redirected", "not-redirected", "unknown", or "" for a listener.
  std::string verdict;
  /// The rule that gave the verdict (docs/connections.md), as a value
  /// (model/reason.h); none for a listener.
  Reasons reason;
  /// Where the connection was headed before the redirect, when a witness says.
  std::optional<IpEndpoint> original_destination;
  bool witnesses_disagree = false;  ///< conntrack and SO_ORIGINAL_DST name different destinations
  /// eBPF programs attached where they can reach this connection: sk_lookup
  /// on this namespace, connect/sendmsg programs on the cgroup path of a
  /// local process at either end (docs/verdicts.md, "eBPF").
  std::vector<BpfProgram> bpf;
};

struct ConnectionsFilter {
  std::optional<std::uint16_t> port;  ///< local or remote port
  std::optional<std::uint32_t> pid;   ///< sockets this process holds
  bool confirm = false;
};

struct ConnectionsReport {
  ConnectionsFilter filter;
  std::string platform;  ///< "linux", "windows"
  std::vector<SocketRow> sockets;
  /// Some processes' descriptor tables were not readable (not root): their
  /// sockets show no process.
  bool processes_partial = false;
  /// --confirm asked without the privilege for it: why, once (each connection
  /// also says not-permitted).
  std::string confirm_refused;
  /// Windows: why redirect records are not shown (only a connection's owner can read them).
  std::string records_note;
  std::optional<InventoryError> sockets_error;  ///< the socket table could not be read
  std::optional<InventoryError> netfilter_error;
  /// The eBPF programs could not be listed (not permitted): no verdict weighs them.
  std::optional<InventoryError> bpf_error;
};

/// Reads the system's sockets and fills the report (one implementation per platform).
ConnectionsReport take_connections(const ConnectionsFilter& filter);

/// Pure: each connection's verdict from its witnesses (docs/connections.md).
void decide_verdict(SocketRow& row);

/// Pure: names the \p programs that can reach \p row (its own processes'
/// and \p peer_cgroups, the cgroups of the processes at the other end when
/// that end is on this host), and turns "not-redirected" into "unknown"
/// when there are any: eBPF leaves no conntrack trace (docs/verdicts.md).
void weigh_bpf(SocketRow& row, const std::vector<std::string>& peer_cgroups,
               const std::vector<BpfProgram>& programs);

/// Pure: each listener's connection count and the \p rules that send traffic to it.
void attach_listeners(ConnectionsReport& report, const std::vector<NetfilterRule>& rules);
/// Pure: only the rules (the counts stay as they are).
void attach_rules(ConnectionsReport& report, const std::vector<NetfilterRule>& rules);

/// Pure: keeps the rows \p filter asks for (port, pid); listeners whose port is
/// asked are kept with all their connections.
void apply_filter(ConnectionsReport& report);

std::string render_connections_text(const ConnectionsReport& r, Lang lang);
std::string render_connections_json(const ConnectionsReport& r);
/// The same document handed to \p sink in one piece, straight from the
/// writer's buffer: with 10,000 connections the document is tens of MB, and
/// copying it into a std::string (twice, before) is work for nothing.
void render_connections_json(const ConnectionsReport& r,
                             const std::function<void(std::string_view)>& sink);

}  // namespace wfpredir
