#pragma once
/// \file bpf_reach.h
/// Rule E1 for this process's own connections (`query`, `query --connect`,
/// `query --udp`, `relay`): the eBPF programs that can reach one of them
/// (core/bpf_reach.h), from doctor's eBPF inventory read once per process.

#include <vector>

#include "core/endpoint.h"
#include "core/inventory.h"

namespace wfpredir::linux_backend {

/// The programs that can redirect a connection of this process whose
/// connecting socket is of \p family and whose other end is \p peer: this process's cgroup
/// counts, and when \p peer is an address of this host the client may be any
/// local process, so a program on any cgroup counts (its cgroup is not looked
/// up). Empty when the programs cannot be listed (not permitted): the
/// inventory is read once, at the first connection, with the privilege the
/// run has.
std::vector<BpfProgram> bpf_reaching_own(bool tcp, Family family, const IpEndpoint& peer);

}  // namespace wfpredir::linux_backend
