// Conversions between the Linux backend's sockaddrs and IpEndpoint values.
#include "platform/linux/sockaddr.h"

#include <arpa/inet.h>

#include <cstring>

namespace wfpredir::linux_backend {

std::optional<IpEndpoint> to_endpoint(const SockAddr& a) {
  if (a.family() == AF_INET && a.len >= sizeof(sockaddr_in)) {
    sockaddr_in v4;
    std::memcpy(&v4, &a.storage, sizeof v4);
    std::uint8_t b[4];
    std::memcpy(b, &v4.sin_addr, sizeof b);
    return IpEndpoint::v4(b, ntohs(v4.sin_port));
  }
  if (a.family() == AF_INET6 && a.len >= sizeof(sockaddr_in6)) {
    sockaddr_in6 v6;
    std::memcpy(&v6, &a.storage, sizeof v6);
    std::uint8_t b[16];
    std::memcpy(b, &v6.sin6_addr, sizeof b);
    return IpEndpoint::v6(b, ntohs(v6.sin6_port), v6.sin6_scope_id);
  }
  return std::nullopt;
}

SockAddr to_sockaddr(const IpEndpoint& e) {
  SockAddr a;
  if (e.family == Family::ipv4) {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    v4.sin_port = htons(e.port);
    std::memcpy(&v4.sin_addr, e.address.data(), 4);
    std::memcpy(&a.storage, &v4, sizeof v4);
    a.len = sizeof v4;
  } else {
    sockaddr_in6 v6{};
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(e.port);
    v6.sin6_scope_id = e.scope;
    std::memcpy(&v6.sin6_addr, e.address.data(), 16);
    std::memcpy(&a.storage, &v6, sizeof v6);
    a.len = sizeof v6;
  }
  return a;
}

std::string format(const SockAddr& a) { return format_endpoint(to_endpoint(a)); }

bool is_ipv4(const SockAddr& local) {
  const auto e = to_endpoint(local);
  return e && (e->family == Family::ipv4 || e->is_v4_mapped());
}

bool is_wildcard(const SockAddr& a) {
  const auto e = to_endpoint(a);
  return e && e->is_wildcard();
}

}  // namespace wfpredir::linux_backend
