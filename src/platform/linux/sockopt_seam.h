#pragma once
/// \file sockopt_seam.h
/// The seam of the Linux backend: the calls through which the original
/// destination of a connection is read, replaceable so that tests can produce
/// every answer docs/winsock-contract.md#original-destination lists (ENOENT,
/// ENOPROTOOPT, EINVAL for a short optlen, a NATed address, a TPROXY local
/// address, a v4-mapped local address) without root or netfilter rules.
/// Linux-only: included by src/platform/linux and the [linux] tests.

#include <sys/socket.h>

namespace wfpredir::linux_backend {

/// The system calls an original-destination query makes. Each follows the
/// contract of the function it stands for: it returns 0, or -1 with errno set.
class SockoptProvider {
 public:
  virtual ~SockoptProvider() = default;
  /// getsockopt(2) (SO_ORIGINAL_DST at SOL_IP, IP6T_SO_ORIGINAL_DST at SOL_IPV6).
  virtual int get_option(int fd, int level, int name, void* value, socklen_t* length) = 0;
  /// getsockname(2): the local address of an accepted or connected socket.
  virtual int local_name(int fd, sockaddr* address, socklen_t* length) = 0;
};

/// The real thing: forwards to the kernel. Tests derive from it to replace
/// only some calls.
class SystemSockopt : public SockoptProvider {
 public:
  int get_option(int fd, int level, int name, void* value, socklen_t* length) override;
  int local_name(int fd, sockaddr* address, socklen_t* length) override;
};

/// The provider every call goes through (the kernel unless a test set one).
SockoptProvider& sockopt_provider();

/// Makes every call use \p provider (nullptr: the kernel again) and returns
/// the one it replaces (nullptr when that was the kernel). The provider must
/// outlive its use; swap it only while no connection is being queried.
SockoptProvider* set_sockopt_provider(SockoptProvider* provider);

}  // namespace wfpredir::linux_backend
