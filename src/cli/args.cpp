// Checks of command-line values (numbers, ports, host:port, bind literals):
// strict ASCII parsing with std::from_chars and short reasons.
#include "cli/args.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir::cli {
namespace {

// A whole-string unsigned decimal: ASCII digits only, no sign, no spaces.
std::optional<std::uint64_t> decimal(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  for (const char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

bool host_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_seconds(std::string_view text, std::string& why) {
  const auto range = [&] {
    why = trf("not a number of seconds from {} to {:.0f}", kMinSeconds, kMaxSeconds);
    return std::nullopt;
  };
  // from_chars would also take "nan", "inf" and "infinity": only digits, one
  // point and an exponent are numbers here.
  if (text.empty() || text.size() > 64 || !printable_ascii(text)) return range();
  for (const char c : text)
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+'))
      return range();
  double s = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), s);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(s)) return range();
  if (s < kMinSeconds || s > kMaxSeconds) return range();
  // In range, so the product fits a long long with room to spare.
  return std::chrono::milliseconds{std::llround(s * 1000.0)};
}

std::optional<unsigned> parse_count(std::string_view text, std::string& why) {
  const auto n = decimal(text);
  if (!n || *n > kMaxCount) {
    why = trf("not a number from 0 to {} (0: until interrupted)", kMaxCount);
    return std::nullopt;
  }
  return static_cast<unsigned>(*n);
}

std::optional<std::uint16_t> parse_port(std::string_view text, std::string& why) {
  const auto n = decimal(text);
  if (!n || *n < 1 || *n > 65535) {
    why = std::string(tr("not a port number from 1 to 65535"));
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(*n);
}

std::optional<std::pair<std::string, std::uint16_t>> parse_host_port(std::string_view text,
                                                                     std::string& why) {
  std::string_view host, port;
  bool bracketed = false;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      why = std::string(tr("an IPv6 address is written [addr]:port"));
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    bracketed = true;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      why = std::string(tr("expected HOST:PORT"));
      return std::nullopt;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      why = std::string(tr("an IPv6 address is written [addr]:port"));
      return std::nullopt;
    }
  }
  if (host.empty()) {
    why = std::string(tr("the host is empty"));
    return std::nullopt;
  }
  if (bracketed) {
    if (!parse_ip_literal(host, 0)) {
      why = std::string(tr("not an IPv6 address between the brackets"));
      return std::nullopt;
    }
  } else if (host.size() > 253 || !std::all_of(host.begin(), host.end(), host_name_char)) {
    why = std::string(
        tr("the host is neither an IP address nor a host name (ASCII letters, digits, '-', '.')"));
    return std::nullopt;
  }
  std::string port_why;
  const auto p = parse_port(port, port_why);
  if (!p) {
    why = trf("port '{}' is {}", visible(port), port_why);
    return std::nullopt;
  }
  return std::pair{std::string(host), *p};
}

std::optional<IpEndpoint> parse_bind(std::string_view text, std::uint16_t port, std::string& why) {
  auto e = printable_ascii(text) ? parse_ip_literal(text, port) : std::nullopt;
  if (!e) why = std::string(tr("not an IPv4 or IPv6 address literal (ASCII, no host names)"));
  return e;
}

}  // namespace wfpredir::cli
