#pragma once
/// \file bpf_reach.h
/// Rule E1 for this process's own connections (`query`, `query --connect`,
/// `query --udp`, `relay`): the eBPF programs that can reach one of them
/// (analysis/bpf_reach.h), from doctor's eBPF inventory read once per process.

#include <optional>
#include <vector>

#include "model/endpoint.h"
#include "model/inventory.h"
#include "model/report.h"

namespace wfpredir::linux_backend {

/// Why the eBPF programs could not be listed (EPERM without CAP_SYS_ADMIN or
/// CAP_BPF), from the same once-per-process inventory; nullopt when they were.
const std::optional<InventoryError>& bpf_listing_error();

/// The programs that can redirect a connection of this process whose
/// connecting socket is of \p family and whose other end is \p peer: this process's cgroup
/// counts, and when \p peer is an address of this host the client may be any
/// local process, so a program on any cgroup counts, unless \p accepted_on
/// (an accepted TCP connection's local end, or the address a UDP datagram was
/// sent to) is given and \p client's lookup finds the client's process and
/// cgroup (sock_diag, the reversed 4-tuple; for UDP the sender's bound
/// socket): then only programs on that cgroup's path count. \p client is set when
/// looked up (a local peer, programs listed), with the reason when not found. Empty when the
/// programs cannot be listed (not permitted): the inventory is read once, at the first connection,
/// with the privilege the run has.
std::vector<BpfProgram> bpf_reaching_own(bool tcp, Family family, const IpEndpoint& peer,
                                         const std::optional<IpEndpoint>& accepted_on = {},
                                         std::optional<ClientLookup>* client = nullptr);

}  // namespace wfpredir::linux_backend
