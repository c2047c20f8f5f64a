#pragma once
/// \file conntrack.h
/// Asks the kernel's connection tracker for one connection's entry over
/// ctnetlink (a NETLINK_NETFILTER socket, IPCTNL_MSG_CT_GET), the same
/// question `conntrack -G` asks. Raw netlink, no library: the request and the
/// parser are the pure halves in model/conntrack.h; this file only sends and
/// receives (docs/conntrack.md says why raw netlink).
///
/// Needs CAP_NET_ADMIN in the socket's network namespace (else cannot_ask,
/// EPERM). Answers for the caller's network namespace only.
///
/// Usage, for a connected or accepted socket:
/// \code
///   const ConntrackLookup ct = lookup_socket_conntrack(kProtoTcp, local, peer);
///   if (ct.outcome == ConntrackOutcome::found && ct.entry->destination_rewritten()) ...
/// \endcode

#include <cstdint>

#include "model/conntrack.h"

namespace wfpredir::linux_backend {

/// The entry one of whose two directions is \p tuple (conntrack's lookup
/// sees both directions), in zone \p zone (0: the default zone). Never
/// throws: every failure is a cannot_ask with errno and operation.
ConntrackLookup lookup_conntrack(const ConntrackTuple& tuple, std::uint16_t zone = 0);

/// The entry of the socket whose own addresses are \p local and \p peer
/// (getsockname/getpeername), asked with the tuple of the packets it sends
/// (local -> peer). Conntrack holds that tuple for every socket whatever
/// side it is on: a connecting socket's packets are the original direction
/// before NAT; an accepting socket's answers are the reply direction after it.
ConntrackLookup lookup_socket_conntrack(std::uint8_t protocol, const IpEndpoint& local,
                                        const IpEndpoint& peer, std::uint16_t zone = 0);

/// Every entry of the caller's namespace in one ctnetlink dump, indexed for
/// lookups in memory: for many sockets at once (`wfpredir connections`),
/// one request instead of one per socket. A failed dump (EPERM without
/// CAP_NET_ADMIN, no nfnetlink) is a table whose every lookup answers it.
ConntrackTable dump_conntrack();

}  // namespace wfpredir::linux_backend
