// The namespace's own addresses, from getifaddrs (local_addresses.h).
#include "platform/linux/local_addresses.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>

namespace wfpredir::linux_backend {
namespace {

// The bytes of \p sa's address for \p family, or nullptr.
const std::uint8_t* bytes_of(const sockaddr* sa, Family family) {
  if (sa == nullptr) return nullptr;
  if (family == Family::ipv4 && sa->sa_family == AF_INET)
    return reinterpret_cast<const std::uint8_t*>(
        &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr);
  if (family == Family::ipv6 && sa->sa_family == AF_INET6)
    return reinterpret_cast<const std::uint8_t*>(
        &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr);
  return nullptr;
}

bool within(const std::uint8_t* a, const std::uint8_t* b, const std::uint8_t* mask, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if ((a[i] & mask[i]) != (b[i] & mask[i])) return false;
  return true;
}

}  // namespace

std::optional<bool> address_is_local(const IpEndpoint& address, int* error) {
  const IpEndpoint e = address.normalised();
  const std::size_t n = e.family == Family::ipv4 ? 4 : 16;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) {
    if (error != nullptr) *error = errno;
    return std::nullopt;
  }
  bool found = false;
  for (const ifaddrs* i = list; i != nullptr && !found; i = i->ifa_next) {
    const std::uint8_t* a = bytes_of(i->ifa_addr, e.family);
    if (a == nullptr) continue;
    if (std::memcmp(a, e.address.data(), n) == 0) found = true;
    // lo's 127.0.0.1/8 makes every 127.x address local (the kernel's local route).
    const std::uint8_t* mask = bytes_of(i->ifa_netmask, e.family);
    if (!found && (i->ifa_flags & IFF_LOOPBACK) != 0 && mask != nullptr)
      found = within(a, e.address.data(), mask, n);
  }
  ::freeifaddrs(list);
  return found;
}

}  // namespace wfpredir::linux_backend
