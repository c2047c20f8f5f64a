// The Linux backend's seam (sockopt_seam.h): the kernel's getsockopt and
// getsockname, or a test's replacement.
#include "platform/linux/sockopt_seam.h"

#include <utility>

namespace wfpredir::linux_backend {
namespace {

SystemSockopt g_system;
SockoptProvider* g_override = nullptr;

}  // namespace

int SystemSockopt::get_option(int fd, int level, int name, void* value, socklen_t* length) {
  return ::getsockopt(fd, level, name, value, length);
}

int SystemSockopt::local_name(int fd, sockaddr* address, socklen_t* length) {
  return ::getsockname(fd, address, length);
}

SockoptProvider& sockopt_provider() { return g_override != nullptr ? *g_override : g_system; }

SockoptProvider* set_sockopt_provider(SockoptProvider* provider) {
  return std::exchange(g_override, provider);
}

}  // namespace wfpredir::linux_backend
