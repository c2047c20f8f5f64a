#pragma once
/// \file sockaddr.h
/// The Linux backend's socket address: a sockaddr_storage with its length,
/// and the conversions to and from the portable IpEndpoint. Only the backend
/// sees sockaddrs; the engine gets endpoints.

#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>
#include <string>

#include "model/endpoint.h"

namespace wfpredir::linux_backend {

struct SockAddr {
  sockaddr_storage storage{};
  /// In/out for getsockname/accept; the length of what is held.
  socklen_t len = sizeof(sockaddr_storage);

  sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  int family() const { return storage.ss_family; }
};

/// The endpoint in \p a; nullopt for a family other than IPv4/IPv6 or a
/// length too short for that family's sockaddr.
std::optional<IpEndpoint> to_endpoint(const SockAddr& a);

/// The sockaddr_in / sockaddr_in6 for \p e (v4-mapped stays IPv6: the
/// address is bound as it was written).
SockAddr to_sockaddr(const IpEndpoint& e);

/// For messages: "127.0.0.1:80", "[::1]:80".
std::string format(const SockAddr& a);

/// An IPv4 connection, also one that reached a dual-stack IPv6 socket with a
/// v4-mapped local address: conntrack files those under IPv4, so the original
/// destination is asked at SOL_IP (docs/winsock-contract.md#original-destination).
bool is_ipv4(const SockAddr& local);

/// Whether \p a is 0.0.0.0 or :: (also ::ffff:0.0.0.0): bound to every address.
bool is_wildcard(const SockAddr& a);

}  // namespace wfpredir::linux_backend
