#pragma once
/// \file bpf_inventory.h
/// The eBPF programs that can redirect a connection without netfilter, read
/// from the kernel with libbpf (docs/verdicts.md, "eBPF"): cgroup sock_addr
/// programs with the cgroup they are attached to, sk_lookup programs and
/// whether they are attached to this network namespace, tc programs.

#include "model/inventory.h"

namespace wfpredir::linux_backend {

/// Fills inv.bpf (or inv.bpf_error: access_denied without CAP_SYS_ADMIN or
/// CAP_BPF, never an empty list standing for "could not ask").
void take_bpf_inventory(Inventory& inv);

/// The cgroup2 mount point from /proc/self/mounts, "" when there is none.
std::string cgroup2_mount();

}  // namespace wfpredir::linux_backend
