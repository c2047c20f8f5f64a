// The socket table from the kernel's inet_diag (the interface ss uses), the
// owning processes from /proc/PID/fd, the host's addresses from getifaddrs.
// Facts relied on are in docs/connections.md.
#include "platform/linux/sock_diag.h"

#include <dirent.h>
#include <ifaddrs.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "platform/linux/fd.h"
#include "platform/linux/netlink_dump.h"
#include "platform/linux/sockaddr.h"

namespace wfpredir::linux_backend {
namespace {

// The kernel's TCP states (include/net/tcp_states.h), which inet_diag reports.
constexpr const char* kTcpStates[] = {
    "",      "established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2",  "time-wait",
    "close", "close-wait",  "last-ack", "listen",   "closing",    "new-syn-recv"};
constexpr int kTimeWait = 6, kClose = 7, kListen = 10, kNewSynRecv = 12, kEstablished = 1;

IpEndpoint endpoint_of(int family, const __be32* addr, __be16 port_be) {
  IpEndpoint e;
  e.family = family == AF_INET ? Family::ipv4 : Family::ipv6;
  std::memcpy(e.address.data(), addr, family == AF_INET ? 4 : 16);
  e.port = ntohs(port_be);
  return e;
}

InventoryError failure(const char* operation, int err) {
  InventoryError e;
  e.operation = operation;
  e.domain = ErrorDomain::posix;
  e.code = err;
  e.message = std::strerror(err);
  e.access_denied = err == EPERM || err == EACCES;
  return e;
}

// One dump: every socket of \p family and \p protocol into \p out.
bool dump(int family, int protocol, std::vector<SocketRow>& out, InventoryError& error) {
  Fd s(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (!s) {
    error = failure("socket(NETLINK_SOCK_DIAG)", errno);
    return false;
  }
  inet_diag_req_v2 req{};
  req.sdiag_family = static_cast<__u8>(family);
  req.sdiag_protocol = static_cast<__u8>(protocol);
  req.idiag_states =
      protocol == IPPROTO_TCP ? ~((1u << kTimeWait) | (1u << kClose) | (1u << kNewSynRecv)) : ~0u;
  if (!send_dump(s.get(), SOCK_DIAG_BY_FAMILY, 1, req)) {
    error = failure("send(SOCK_DIAG_BY_FAMILY)", errno);
    return false;
  }
  const DumpStep end =
      walk_dump(s.get(), false, [&](const nlmsghdr& h, const char* data, std::size_t data_len) {
        if (h.nlmsg_type == NLMSG_DONE) return DumpStep::done;
        if (h.nlmsg_type == NLMSG_ERROR) {
          const auto* e = reinterpret_cast<const nlmsgerr*>(data);
          // A protocol the kernel has no diag module for (udp_diag not loaded):
          // no sockets of that kind can be listed, which is not an error of the run.
          if (e->error == -ENOENT) return DumpStep::done;
          error = failure("SOCK_DIAG_BY_FAMILY", -e->error);
          return DumpStep::failed;
        }
        if (data_len < sizeof(inet_diag_msg)) return DumpStep::next;
        const auto* d = reinterpret_cast<const inet_diag_msg*>(data);
        SocketRow r;
        r.protocol = protocol == IPPROTO_TCP ? "tcp" : "udp";
        r.local = endpoint_of(d->idiag_family, d->id.idiag_src, d->id.idiag_sport);
        const bool tcp_listen = protocol == IPPROTO_TCP && d->idiag_state == kListen;
        if (protocol == IPPROTO_TCP) {
          r.state = d->idiag_state < std::size(kTcpStates) ? kTcpStates[d->idiag_state] : "unknown";
          if (!tcp_listen)
            r.remote = endpoint_of(d->idiag_family, d->id.idiag_dst, d->id.idiag_dport);
        } else if (d->idiag_state == kEstablished) {
          r.state = "connected";
          r.remote = endpoint_of(d->idiag_family, d->id.idiag_dst, d->id.idiag_dport);
        } else {
          r.state = "bound";
        }
        r.inode = d->idiag_inode;
        r.uid = d->idiag_uid;
        out.push_back(std::move(r));
        return DumpStep::next;
      });
  if (end == DumpStep::recv_failed) error = failure("recv(SOCK_DIAG_BY_FAMILY)", errno);
  return end == DumpStep::done;
}

}  // namespace

std::optional<std::vector<SocketRow>> dump_inet_sockets(InventoryError& error) {
  std::vector<SocketRow> out;
  for (int protocol : {IPPROTO_TCP, IPPROTO_UDP})
    for (int family : {AF_INET, AF_INET6})
      if (!dump(family, protocol, out, error)) return std::nullopt;
  return out;
}

std::unordered_map<std::uint64_t, std::vector<FdHolder>> socket_inodes(bool& partial) {
  std::unordered_map<std::uint64_t, std::vector<FdHolder>> out;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) {
    partial = true;
    return out;
  }
  constexpr std::string_view kPrefix = "socket:[";
  while (dirent* d = ::readdir(proc)) {
    char* end = nullptr;
    const unsigned long pid = std::strtoul(d->d_name, &end, 10);
    if (end == d->d_name || *end != '\0') continue;
    const std::string fd_dir = std::string("/proc/") + d->d_name + "/fd";
    DIR* fds = ::opendir(fd_dir.c_str());
    if (fds == nullptr) {
      if (errno == EACCES || errno == EPERM) partial = true;
      continue;
    }
    const int dir_fd = ::dirfd(fds);
    while (dirent* f = ::readdir(fds)) {
      if (f->d_name[0] == '.') continue;
      char target[64];
      const ssize_t n = ::readlinkat(dir_fd, f->d_name, target, sizeof target - 1);
      if (n <= static_cast<ssize_t>(kPrefix.size()) ||
          std::string_view(target, kPrefix.size()) != kPrefix)
        continue;
      target[n] = '\0';
      const std::uint64_t inode = std::strtoull(target + kPrefix.size(), nullptr, 10);
      out[inode].push_back({static_cast<std::uint32_t>(pid), std::atoi(f->d_name)});
    }
    ::closedir(fds);
  }
  ::closedir(proc);
  return out;
}

std::string process_command(std::uint32_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string s;
  std::getline(in, s);
  return s;
}

std::string process_cgroup(std::uint32_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cgroup");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("0::", 0) == 0) return line.substr(3);
  return {};
}

LocalAddresses::LocalAddresses() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return;
  for (const ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
    if (a->ifa_addr == nullptr) continue;
    SockAddr sa;
    const int family = a->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) continue;
    sa.len = family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
    std::memcpy(&sa.storage, a->ifa_addr, sa.len);
    if (auto e = to_endpoint(sa)) addresses_.push_back(e->normalised());
  }
  ::freeifaddrs(list);
}

bool LocalAddresses::contains(const IpEndpoint& address) const {
  const IpEndpoint a = address.normalised();
  if (a.is_wildcard()) return true;
  if (a.family == Family::ipv4 && a.address[0] == 127) return true;
  for (const IpEndpoint& mine : addresses_) {
    if (mine.family != a.family) continue;
    // Link-local IPv6 addresses carry a scope in getifaddrs, not in inet_diag.
    if (std::memcmp(mine.address.data(), a.address.data(), 16) == 0) return true;
  }
  return false;
}

}  // namespace wfpredir::linux_backend
