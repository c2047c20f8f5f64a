// IP endpoints as values: comparison through IPv4-mapped addresses, RFC 5952
// text, and a portable literal parser (ASCII only, so that no locale or code
// page can turn full-width digits into an address).
#include "model/endpoint.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace wfpredir {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

void append_decimal(std::string& out, unsigned n) {
  char digits[10];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
}

void append_dotted(std::string& out, const std::uint8_t* b) {
  for (int i = 0; i < 4; ++i) {
    if (i > 0) out += '.';
    append_decimal(out, b[i]);
  }
}

std::optional<std::array<std::uint8_t, 4>> parse_v4(std::string_view s) {
  std::array<std::uint8_t, 4> out{};
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (s.empty() || s.front() != '.') return std::nullopt;
      s.remove_prefix(1);
    }
    // One to three decimal digits, no leading zero (inet_pton's rule).
    std::size_t n = 0;
    while (n < s.size() && n < 4 && s[n] >= '0' && s[n] <= '9') ++n;
    if (n == 0 || n > 3 || (n > 1 && s[0] == '0')) return std::nullopt;
    unsigned v = 0;
    std::from_chars(s.data(), s.data() + n, v);
    if (v > 255) return std::nullopt;
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
    s.remove_prefix(n);
  }
  if (!s.empty()) return std::nullopt;
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Groups of one side of "::" (or the whole address): hex groups separated by
// ':', the last one optionally a dotted IPv4 address (two groups).
std::optional<std::vector<std::uint16_t>> parse_groups(std::string_view s, bool allow_v4_tail) {
  std::vector<std::uint16_t> groups;
  if (s.empty()) return groups;
  for (;;) {
    const auto colon = s.find(':');
    const std::string_view part = s.substr(0, colon);
    if (colon == std::string_view::npos && allow_v4_tail &&
        part.find('.') != std::string_view::npos) {
      const auto v4 = parse_v4(part);
      if (!v4) return std::nullopt;
      groups.push_back(static_cast<std::uint16_t>((*v4)[0] << 8 | (*v4)[1]));
      groups.push_back(static_cast<std::uint16_t>((*v4)[2] << 8 | (*v4)[3]));
      return groups;
    }
    if (part.empty() || part.size() > 4) return std::nullopt;
    unsigned v = 0;
    for (char c : part) {
      const int h = hex_value(c);
      if (h < 0) return std::nullopt;
      v = v << 4 | static_cast<unsigned>(h);
    }
    groups.push_back(static_cast<std::uint16_t>(v));
    if (colon == std::string_view::npos) return groups;
    s.remove_prefix(colon + 1);
  }
}

std::optional<std::array<std::uint8_t, 16>> parse_v6(std::string_view s) {
  std::vector<std::uint16_t> groups;
  if (const auto gap = s.find("::"); gap != std::string_view::npos) {
    const auto head = parse_groups(s.substr(0, gap), false);
    const auto tail = parse_groups(s.substr(gap + 2), true);
    if (!head || !tail || head->size() + tail->size() > 7) return std::nullopt;
    groups = *head;
    groups.resize(8 - tail->size(), 0);
    groups.insert(groups.end(), tail->begin(), tail->end());
  } else {
    const auto all = parse_groups(s, true);
    if (!all || all->size() != 8) return std::nullopt;
    groups = *all;
  }
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
    out[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xff);
  }
  return out;
}

}  // namespace

std::string_view to_string(Family f) { return f == Family::ipv6 ? "ipv6" : "ipv4"; }

IpEndpoint IpEndpoint::v4(const std::uint8_t (&bytes)[4], std::uint16_t port) {
  IpEndpoint e;
  e.family = Family::ipv4;
  std::copy(bytes, bytes + 4, e.address.begin());
  e.port = port;
  return e;
}

IpEndpoint IpEndpoint::v6(const std::uint8_t (&bytes)[16], std::uint16_t port,
                          std::uint32_t scope) {
  IpEndpoint e;
  e.family = Family::ipv6;
  std::copy(bytes, bytes + 16, e.address.begin());
  e.port = port;
  e.scope = scope;
  return e;
}

bool IpEndpoint::is_v4_mapped() const {
  return family == Family::ipv6 &&
         std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), address.begin());
}

IpEndpoint IpEndpoint::normalised() const {
  if (!is_v4_mapped()) return *this;
  IpEndpoint e;
  e.family = Family::ipv4;
  std::copy(address.begin() + 12, address.end(), e.address.begin());
  e.port = port;
  return e;
}

bool IpEndpoint::is_wildcard() const {
  const IpEndpoint n = normalised();
  return std::all_of(n.address.begin(), n.address.end(), [](std::uint8_t b) { return b == 0; });
}

bool same_endpoint(const IpEndpoint& a, const IpEndpoint& b) {
  const IpEndpoint x = a.normalised(), y = b.normalised();
  if (x.family != y.family || x.address != y.address || x.port != y.port) return false;
  return x.scope == 0 || y.scope == 0 || x.scope == y.scope;
}

bool reaches_listener(const IpEndpoint& destination, const IpEndpoint& listener) {
  if (destination.port != listener.port) return false;
  if (listener.is_wildcard()) return true;
  return same_endpoint(destination, listener);
}

std::string format_address(const IpEndpoint& e) {
  std::string out;
  if (e.family == Family::ipv4) {
    append_dotted(out, e.address.data());
    return out;
  }
  if (e.is_v4_mapped()) {
    out = "::ffff:";
    append_dotted(out, e.address.data() + 12);
    return out;
  }
  std::uint16_t g[8];
  for (std::size_t i = 0; i < 8; ++i)
    g[i] = static_cast<std::uint16_t>(e.address[2 * i] << 8 | e.address[2 * i + 1]);
  // RFC 5952 4.2: the longest run of two or more zero groups, the first on a tie.
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) best = i, best_len = j - i;
    i = j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (i > 0 && i != best + best_len) out += ':';
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const int nibble = (g[i] >> shift) & 0xf;
      if (nibble != 0 || started || shift == 0) {
        out += kHex[nibble];
        started = true;
      }
    }
  }
  return out;
}

std::string format_endpoint(const IpEndpoint& e) {
  std::string out;
  if (e.family == Family::ipv6) {
    // Appended, not "[" + ...: GCC 12 at -O3 warns (-Wrestrict) on the latter.
    out.push_back('[');
    out.append(format_address(e));
    if (e.scope != 0) {
      out += '%';
      append_decimal(out, e.scope);
    }
    out += ']';
  } else {
    out = format_address(e);
  }
  out += ':';
  append_decimal(out, e.port);
  return out;
}

std::string format_endpoint(const std::optional<IpEndpoint>& e) {
  return e ? format_endpoint(*e) : std::string();
}

std::optional<IpEndpoint> parse_ip_literal(std::string_view text, std::uint16_t port) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 64) return std::nullopt;
  if (const auto v4 = parse_v4(text)) {
    IpEndpoint e;
    std::copy(v4->begin(), v4->end(), e.address.begin());
    e.port = port;
    return e;
  }
  std::uint32_t scope = 0;
  if (const auto pct = text.find('%'); pct != std::string_view::npos) {
    const std::string_view digits = text.substr(pct + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), scope);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
      return std::nullopt;
    text = text.substr(0, pct);
  }
  const auto v6 = parse_v6(text);
  if (!v6) return std::nullopt;
  IpEndpoint e;
  e.family = Family::ipv6;
  e.address = *v6;
  e.port = port;
  e.scope = scope;
  return e;
}

void append_key(std::string& key, const IpEndpoint& e) {
  const IpEndpoint n = e.normalised();
  key.push_back(n.family == Family::ipv4 ? '4' : '6');
  key.append(reinterpret_cast<const char*>(n.address.data()), n.address.size());
  key.push_back(static_cast<char>(n.port >> 8));
  key.push_back(static_cast<char>(n.port & 0xff));
}

}  // namespace wfpredir
