#pragma once
/// \file sock_diag.h
/// The system's TCP and UDP sockets, as `ss` reads them: a NETLINK_SOCK_DIAG
/// socket and one inet_diag dump per family and protocol (linux/inet_diag.h;
/// docs/connections.md). Reads the caller's network namespace; needs no
/// privilege (every socket is listed, whoever owns it).

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/connections.h"

namespace wfpredir::linux_backend {

/// TCP sockets in every state but time-wait, close and new-syn-recv (those
/// have no descriptor in any process), and every UDP socket. Fills protocol,
/// state, local, remote, inode and uid. nullopt with \p error set when the
/// dump fails.
std::optional<std::vector<SocketRow>> dump_inet_sockets(InventoryError& error);

/// Where a socket lives: a process and its descriptor.
struct FdHolder {
  std::uint32_t pid = 0;
  int fd = -1;
};

/// Every socket:[inode] link of /proc/PID/fd, by inode. \p partial is set when
/// some process's table could not be read (another user's, without root).
std::unordered_map<std::uint64_t, std::vector<FdHolder>> socket_inodes(bool& partial);

/// /proc/PID/comm without its newline; "" when it cannot be read.
std::string process_command(std::uint32_t pid);
/// The process's cgroup v2 path (the "0::" line of /proc/PID/cgroup), "" unknown.
std::string process_cgroup(std::uint32_t pid);

/// Whether \p address is one this host's interfaces carry (getifaddrs), or a
/// loopback address (127.0.0.0/8 and ::1 are local without being listed).
class LocalAddresses {
 public:
  LocalAddresses();
  bool contains(const IpEndpoint& address) const;

 private:
  std::vector<IpEndpoint> addresses_;
};

}  // namespace wfpredir::linux_backend
