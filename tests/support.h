#pragma once
// Helpers shared by the unit tests (one place, not copied between files).
#include <charconv>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/endpoint.h"
#include "core/report.h"

namespace wfpredir::test {

/// "127.0.0.1:8080" / "[::1]:80" as an endpoint; throws on a typo in a test.
inline IpEndpoint ep(std::string_view text) {
  const auto colon = text.rfind(':');
  unsigned port = 0;
  if (colon == std::string_view::npos ||
      std::from_chars(text.data() + colon + 1, text.data() + text.size(), port).ec != std::errc() || port > 65535)
    throw std::invalid_argument("test endpoint without a port: " + std::string(text));
  const auto e = parse_ip_literal(text.substr(0, colon), static_cast<std::uint16_t>(port));
  if (!e) throw std::invalid_argument("not an endpoint: " + std::string(text));
  return *e;
}

/// The connection every fake in the unit tests reports.
inline ConnectionInfo fake_connection_info() {
  ConnectionInfo c;
  c.protocol = "tcp";
  c.family = Family::ipv4;
  c.side = "accepted";
  c.local = ep("127.0.0.1:8080");
  c.peer = ep("127.0.0.1:5000");
  return c;
}

}  // namespace wfpredir::test
