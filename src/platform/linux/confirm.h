#pragma once
/// \file confirm.h
/// `connections --confirm`: SO_ORIGINAL_DST asked on a duplicate of another
/// process's live socket. pidfd_open(2) names the process, pidfd_getfd(2)
/// (Linux 5.6 and later) copies its descriptor into ours, one getsockopt
/// reads the original destination, and the copy is closed at once. Nothing is
/// written to the socket, nothing shuts it down, nothing is kept
/// (docs/connections.md, "--confirm").

#include <cstdint>
#include <string>

#include "analysis/connections.h"

namespace wfpredir::linux_backend {

/// Asks SO_ORIGINAL_DST (IPv4, also v4-mapped) or IP6T_SO_ORIGINAL_DST
/// (IPv6) on descriptor \p fd of process \p pid, whose local address is
/// \p local. Never throws; every failure is a status with its errno.
ConfirmWitness confirm_original_dst(std::uint32_t pid, int fd, const IpEndpoint& local);

/// Empty when this process holds CAP_SYS_PTRACE and CAP_NET_ADMIN (root
/// does); else the English sentence that says what is missing.
std::string confirm_privilege_gap();

}  // namespace wfpredir::linux_backend
