// pidfd_open + pidfd_getfd + getsockopt(SO_ORIGINAL_DST), read-only. glibc
// 2.36 has no wrappers for the two pidfd calls, so they are made by number
// (the same on every architecture since 5.3/5.6: the unified syscall table).
#include "platform/linux/confirm.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "platform/linux/fd.h"
#include "platform/linux/sockaddr.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

namespace wfpredir::linux_backend {
namespace {

// SO_ORIGINAL_DST (linux/netfilter_ipv4.h) and IP6T_SO_ORIGINAL_DST
// (linux/netfilter_ipv6/ip6_tables.h) are both 80; neither header mixes with
// glibc's netinet/in.h.
constexpr int kSoOriginalDst = 80;

ConfirmWitness failed(const char* operation, int err) {
  ConfirmWitness c;
  c.operation = operation;
  c.error = err;
  c.status = err == EPERM || err == EACCES  ? "not-permitted"
             : err == ENOSYS                ? "unsupported"
             : err == ESRCH || err == EBADF ? "gone"
                                            : "failed";
  return c;
}

}  // namespace

ConfirmWitness confirm_original_dst(std::uint32_t pid, int fd, const IpEndpoint& local) {
  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0u)));
  if (!pidfd) return failed("pidfd_open", errno);
  Fd copy(static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd.get(), fd, 0u)));
  if (!copy) return failed("pidfd_getfd", errno);
  // conntrack files an IPv4 connection under IPv4 even when a dual-stack
  // socket shows it v4-mapped, so the family of the address decides.
  const bool v4 = local.normalised().family == Family::ipv4;
  SockAddr sa;
  sa.len = sizeof sa.storage;
  const int rc = v4 ? ::getsockopt(copy.get(), SOL_IP, kSoOriginalDst, sa.get(), &sa.len)
                    : ::getsockopt(copy.get(), SOL_IPV6, kSoOriginalDst, sa.get(), &sa.len);
  const int err = errno;
  // `copy` closes here, before anything else is done with the answer.
  copy = Fd();
  if (rc != 0) {
    ConfirmWitness c = failed("getsockopt(SO_ORIGINAL_DST)", err);
    if (err == ENOENT) c.status = "no-entry";
    return c;
  }
  ConfirmWitness c;
  c.status = "answered";
  c.operation = "getsockopt(SO_ORIGINAL_DST)";
  c.original_dst = to_endpoint(sa);
  return c;
}

std::string confirm_privilege_gap() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("CapEff:", 0) != 0) continue;
    const unsigned long long caps = std::stoull(line.substr(7), nullptr, 16);
    constexpr unsigned long long kNetAdmin = 1ull << 12, kSysPtrace = 1ull << 19;
    const bool ptrace = (caps & kSysPtrace) != 0, net_admin = (caps & kNetAdmin) != 0;
    if (ptrace && net_admin) return {};
    if (!ptrace && !net_admin)
      return "needs CAP_SYS_PTRACE and CAP_NET_ADMIN (run as root): only this user's own "
             "processes can be asked";
    return ptrace ? "needs CAP_NET_ADMIN (run as root)"
                  : "needs CAP_SYS_PTRACE (run as root): only this user's own processes can be "
                    "asked";
  }
  return "the process's capabilities could not be read";
}

}  // namespace wfpredir::linux_backend
