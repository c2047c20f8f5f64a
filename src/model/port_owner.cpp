// The portable half of port_owner.h: the /proc/net/tcp{,6} parser. Addresses
// there are hexadecimal words in the kernel's (host, little-endian) order.
#include "model/port_owner.h"

#include <charconv>

#include "model/endpoint.h"

namespace wfpredir {
namespace {

std::optional<std::uint64_t> hex(std::string_view s) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// "0100007F:1F90" (IPv4) or 32 hex digits of four little-endian words (IPv6).
std::optional<IpEndpoint> parse_address(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view addr = text.substr(0, colon);
  const auto port = hex(text.substr(colon + 1));
  if (!port || *port > 0xffff) return std::nullopt;
  if (addr.size() != 8 && addr.size() != 32) return std::nullopt;
  std::uint8_t bytes[16] = {};
  for (std::size_t word = 0; word < addr.size() / 8; ++word) {
    const auto w = hex(addr.substr(word * 8, 8));
    if (!w) return std::nullopt;
    for (int b = 0; b < 4; ++b)
      bytes[word * 4 + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(*w >> (8 * b));
  }
  if (addr.size() == 8) {
    const std::uint8_t v4[4] = {bytes[0], bytes[1], bytes[2], bytes[3]};
    return IpEndpoint::v4(v4, static_cast<std::uint16_t>(*port));
  }
  return IpEndpoint::v6(bytes, static_cast<std::uint16_t>(*port));
}

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::vector<ProcTcpListener> parse_proc_net_tcp(std::string_view text, std::uint16_t port) {
  std::vector<ProcTcpListener> out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
    const auto f = fields(line);
    if (f.size() < 10 || f[3] != "0A") continue;
    const auto local = parse_address(f[1]);
    std::uint64_t ino = 0;
    if (!local || local->port != port ||
        std::from_chars(f[9].data(), f[9].data() + f[9].size(), ino).ec != std::errc())
      continue;
    out.push_back({format_endpoint(*local), local->port, ino});
  }
  return out;
}

}  // namespace wfpredir
