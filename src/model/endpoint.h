#pragma once
/// \file endpoint.h
/// An IP endpoint as a value: family, address bytes, port and scope. Backends
/// build these from their sockaddrs; the engine compares them; only the
/// renderers (and messages at the edge) turn them into text, with
/// format_endpoint(). Comparisons see through IPv4-mapped IPv6 addresses
/// (::ffff:a.b.c.d): a dual-stack socket reports an IPv4 client that way, and
/// the same client on an IPv4 socket must compare equal.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wfpredir {

enum class Family : std::uint8_t { ipv4, ipv6 };
std::string_view to_string(Family f);  ///< "ipv4" / "ipv6"

struct IpEndpoint {
  Family family = Family::ipv4;
  /// Network byte order; IPv4 uses the first 4 bytes, the rest stay zero.
  std::array<std::uint8_t, 16> address{};
  std::uint16_t port = 0;   ///< host byte order
  std::uint32_t scope = 0;  ///< IPv6 scope (interface index); 0 for IPv4

  static IpEndpoint v4(const std::uint8_t (&bytes)[4], std::uint16_t port);
  static IpEndpoint v6(const std::uint8_t (&bytes)[16], std::uint16_t port,
                       std::uint32_t scope = 0);

  /// ::ffff:a.b.c.d
  bool is_v4_mapped() const;
  /// The IPv4 endpoint for a v4-mapped IPv6 one; itself otherwise.
  IpEndpoint normalised() const;
  /// 0.0.0.0 or :: (also ::ffff:0.0.0.0): a listener on every address.
  bool is_wildcard() const;

  friend bool operator==(const IpEndpoint&, const IpEndpoint&) = default;
};

/// Appends \p e to \p key as 19 bytes, normalised (a v4-mapped address is
/// the IPv4 one): the family ('4' or '6'), the 16 address bytes, the port
/// big-endian. The scope is left out. For maps keyed by connection ends.
void append_key(std::string& key, const IpEndpoint& e);

/// Same address and port once both are normalised. The scope counts only when
/// both sides carry one (a socket may report a link-local peer without it).
bool same_endpoint(const IpEndpoint& a, const IpEndpoint& b);

/// Whether a connection addressed to \p destination could have reached a
/// listener bound to \p listener without being redirected: same port, and the
/// same address unless the listener is bound to a wildcard.
bool reaches_listener(const IpEndpoint& destination, const IpEndpoint& listener);

/// "127.0.0.1:80", "[::1]:80", "[fe80::1%3]:80", "[::ffff:127.0.0.1]:80"
/// (RFC 5952: lowercase, longest zero run compressed, mapped IPv4 dotted).
/// The address as the system gave it: never normalised for display.
std::string format_endpoint(const IpEndpoint& e);
/// The same, or "" when there is no endpoint.
std::string format_endpoint(const std::optional<IpEndpoint>& e);
/// The address alone, without brackets or port ("::1", "10.0.0.1").
std::string format_address(const IpEndpoint& e);

/// Parses an IPv4 or IPv6 literal (IPv6 optionally in brackets, with an
/// optional numeric %scope) with \p port; ASCII only, no names.
std::optional<IpEndpoint> parse_ip_literal(std::string_view text, std::uint16_t port);

}  // namespace wfpredir
