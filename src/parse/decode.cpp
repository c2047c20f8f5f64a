// Decoders for query blobs: sockaddrs, the context layouts seen in public
// code (docs/winsock-contract.md#context-layouts), original destinations, and
// the records fingerprint (text/sha256.h). Bytes are read only through at(), which
// checks bounds, so a hostile blob cannot make a decoder read past its end.
#include "parse/decode.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>

#include "text/hexdump.h"
#include "text/i18n.h"
#include "text/sha256.h"

namespace wfpredir {
namespace {

constexpr std::uint16_t kAfInet = 2;
constexpr std::uint16_t kAfInet6Windows = 23;
constexpr std::uint16_t kAfInet6Linux = 10;
constexpr std::size_t kSockaddrIn = 16, kSockaddrIn6 = 28, kStorage = 128;

// A bounds-checked little-endian reader; nullopt past the end.
struct Reader {
  std::span<const std::uint8_t> blob;
  std::optional<std::uint64_t> le(std::size_t offset, std::size_t size) const {
    if (offset > blob.size() || size > blob.size() - offset) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = size; i-- > 0;) v = v << 8 | blob[offset + i];
    return v;
  }
  std::optional<std::uint16_t> be16(std::size_t offset) const {
    if (offset > blob.size() || 2 > blob.size() - offset) return std::nullopt;
    return static_cast<std::uint16_t>(blob[offset] << 8 | blob[offset + 1]);
  }
  bool zero(std::size_t offset, std::size_t size) const {
    if (offset > blob.size() || size > blob.size() - offset) return false;
    return std::all_of(blob.begin() + static_cast<std::ptrdiff_t>(offset),
                       blob.begin() + static_cast<std::ptrdiff_t>(offset + size),
                       [](std::uint8_t b) { return b == 0; });
  }
};

std::string number(std::uint64_t v) { return std::to_string(v); }

// The bytes a sockaddr occupies, cut at the end of the blob: an IPv4 address
// is read from 8 bytes, and a SOCKADDR_IN's zero padding may be missing.
DecodedField endpoint_field(std::string name, std::size_t offset, const IpEndpoint& e,
                            std::size_t blob_size) {
  const std::size_t nominal = e.family == Family::ipv4 ? kSockaddrIn : kSockaddrIn6;
  const std::size_t left = offset < blob_size ? blob_size - offset : 0;
  return {std::move(name), offset, std::min(nominal, left), format_endpoint(e)};
}

// A sockaddr that looks deliberate: not all zero, and for IPv4 with the
// padding (sin_zero) zero when it is there.
bool plausible(std::span<const std::uint8_t> blob, std::size_t offset, const IpEndpoint& e) {
  if (e.port == 0 && e.is_wildcard()) return false;
  if (e.family == Family::ipv4)
    return Reader{blob}.zero(offset + 8, std::min<std::size_t>(8, blob.size() - offset - 8));
  return true;
}

std::optional<Decoding> wfpsampler(std::span<const std::uint8_t> blob) {
  if (blob.size() != 2 * kStorage) return std::nullopt;
  const auto remote = read_sockaddr(blob, 0, FamilyNumbers::windows);
  const auto local = read_sockaddr(blob, kStorage, FamilyNumbers::windows);
  if (!remote || !local) return std::nullopt;
  Decoding d;
  d.layout = std::string(tr("WFPSampler SOCKADDR_STORAGE[2] (original remote, original local)"));
  d.fields = {endpoint_field(std::string(tr("original remote")), 0, *remote, blob.size()),
              endpoint_field(std::string(tr("original local")), kStorage, *local, blob.size())};
  return d;
}

std::optional<Decoding> one_storage(std::span<const std::uint8_t> blob) {
  if (blob.size() != kStorage) return std::nullopt;
  const auto e = read_sockaddr(blob, 0, FamilyNumbers::windows);
  if (!e) return std::nullopt;
  Decoding d;
  d.layout = std::string(tr("one SOCKADDR_STORAGE (original remote)"));
  d.fields = {endpoint_field(std::string(tr("original remote")), 0, *e, blob.size())};
  return d;
}

std::optional<Decoding> bare_sockaddr(std::span<const std::uint8_t> blob) {
  if (blob.size() != kSockaddrIn && blob.size() != kSockaddrIn6) return std::nullopt;
  const auto e = read_sockaddr(blob, 0, FamilyNumbers::windows);
  if (!e || (e->family == Family::ipv4) != (blob.size() == kSockaddrIn)) return std::nullopt;
  Decoding d;
  d.layout = tr(e->family == Family::ipv4 ? "bare SOCKADDR_IN (original remote)"
                                          : "bare SOCKADDR_IN6 (original remote)");
  d.fields = {endpoint_field(std::string(tr("original remote")), 0, *e, blob.size())};
  return d;
}

// A SOCKADDR_STORAGE copied with the size of two pointers (16 bytes on x64):
// an IPv6 address is cut after its first 8 bytes.
std::optional<Decoding> truncated_v6(std::span<const std::uint8_t> blob) {
  const Reader r{blob};
  if (blob.size() != 16 || r.le(0, 2) != kAfInet6Windows) return std::nullopt;
  Decoding d;
  d.layout =
      std::string(tr("truncated SOCKADDR_STORAGE copy (16 bytes: sized as two pointers on x64)"));
  d.fields.push_back({std::string(tr("family")), 0, 2, "AF_INET6 (23)"});
  d.fields.push_back({"port", 2, 2, number(*r.be16(2))});
  d.fields.push_back({std::string(tr("flow info")), 4, 4, number(*r.le(4, 4))});
  const std::string head = fmt::format("{:04x}:{:04x}:{:04x}:{:04x}:...", *r.be16(8), *r.be16(10),
                                       *r.be16(12), *r.be16(14));
  d.fields.push_back({std::string(tr("address, first 8 bytes")), 8, 8, head});
  d.note = std::string(
      tr("the IPv6 address is cut after 8 bytes; the rest of the original destination is lost"));
  return d;
}

// eBPF-for-Windows redirect programs (Azure GuestProxyAgent) store an audit
// struct, told apart by exact size: 5 x u32 (current) or the legacy 24 bytes.
std::optional<Decoding> ebpf_audit(std::span<const std::uint8_t> blob) {
  const Reader r{blob};
  Decoding d;
  auto ipv4 = [&](std::size_t off) {
    const std::uint8_t b[4] = {blob[off], blob[off + 1], blob[off + 2], blob[off + 3]};
    return format_address(IpEndpoint::v4(b, 0));
  };
  // The port is stored in network byte order in the low 16 bits.
  auto port = [&](std::size_t off) { return number(*r.be16(off)); };
  if (blob.size() == 20) {
    d.layout = tr(
        "eBPF-for-Windows audit entry, 20-byte layout (logon id, process id, is-root, IPv4, port)");
    d.fields = {{std::string(tr("logon id")), 0, 4, number(*r.le(0, 4))},
                {std::string(tr("process id")), 4, 4, number(*r.le(4, 4))},
                {std::string(tr("is root")), 8, 4, number(*r.le(8, 4))},
                {std::string(tr("destination IPv4")), 12, 4, ipv4(12)},
                {std::string(tr("destination port")), 16, 2, port(16)}};
    return d;
  }
  if (blob.size() == 24) {
    d.layout =
        tr("eBPF-for-Windows audit entry, legacy 24-byte layout (logon id, process id, is-admin, "
           "IPv4, port)");
    d.fields = {{std::string(tr("logon id")), 0, 8, number(*r.le(0, 8))},
                {std::string(tr("process id")), 8, 4, number(*r.le(8, 4))},
                {std::string(tr("is admin")), 12, 4, number(*r.le(12, 4))},
                {std::string(tr("destination IPv4")), 16, 4, ipv4(16)},
                {std::string(tr("destination port")), 20, 2, port(20)}};
    return d;
  }
  return std::nullopt;
}

}  // namespace

std::optional<IpEndpoint> read_sockaddr(std::span<const std::uint8_t> blob, std::size_t offset,
                                        FamilyNumbers numbers) {
  const Reader r{blob};
  const auto family = r.le(offset, 2);
  if (!family) return std::nullopt;
  const std::uint16_t inet6 = numbers == FamilyNumbers::windows ? kAfInet6Windows : kAfInet6Linux;
  if (*family == kAfInet) {
    if (offset > blob.size() || blob.size() - offset < 8)
      return std::nullopt;  // family, port, address
    const std::uint8_t b[4] = {blob[offset + 4], blob[offset + 5], blob[offset + 6],
                               blob[offset + 7]};
    return IpEndpoint::v4(b, *r.be16(offset + 2));
  }
  if (*family == inet6) {
    if (offset > blob.size() || blob.size() - offset < kSockaddrIn6) return std::nullopt;
    std::uint8_t b[16];
    std::copy_n(blob.begin() + static_cast<std::ptrdiff_t>(offset + 8), 16, b);
    return IpEndpoint::v6(b, *r.be16(offset + 2),
                          static_cast<std::uint32_t>(*r.le(offset + 24, 4)));
  }
  return std::nullopt;
}

std::vector<Decoding> decode_context(std::span<const std::uint8_t> blob) {
  std::vector<Decoding> out;
  for (auto layout : {wfpsampler, one_storage, bare_sockaddr, truncated_v6, ebpf_audit})
    if (auto d = layout(blob)) out.push_back(std::move(*d));
  if (!out.empty()) return out;
  // Nothing fits by size: sockaddrs at 4-byte aligned offsets, in either
  // family numbering, when they look deliberate.
  for (std::size_t off = 0; off + 8 <= blob.size() && out.size() < 8; off += 4) {
    for (FamilyNumbers n : {FamilyNumbers::windows, FamilyNumbers::linux}) {
      const auto e = read_sockaddr(blob, off, n);
      if (!e || !plausible(blob, off, *e)) continue;
      if (n == FamilyNumbers::linux && e->family == Family::ipv4)
        continue;  // already found as Windows
      Decoding d;
      d.layout =
          trf("sockaddr found at offset {}", off) +
          (e->family == Family::ipv6 ? (n == FamilyNumbers::windows ? " (Windows AF_INET6 = 23)"
                                                                    : " (Linux AF_INET6 = 10)")
                                     : "");
      d.fields = {endpoint_field(std::string(tr("address")), off, *e, blob.size())};
      out.push_back(std::move(d));
    }
  }
  return out;
}

std::optional<Decoding> decode_original_dst(std::span<const std::uint8_t> blob,
                                            FamilyNumbers numbers) {
  const auto e = read_sockaddr(blob, 0, numbers);
  if (!e) return std::nullopt;
  Decoding d;
  d.layout = e->family == Family::ipv4 ? "SOCKADDR_IN" : "SOCKADDR_IN6";
  d.heuristic = false;
  d.fields = {endpoint_field(std::string(tr("original destination")), 0, *e, blob.size())};
  return d;
}

std::vector<Decoding> decode_original_dst_any(std::span<const std::uint8_t> blob) {
  std::vector<Decoding> out;
  // AF_INET is 2 on both systems, so an IPv4 blob reads the same under both
  // numberings: one reading, not the same address twice.
  for (FamilyNumbers n : {FamilyNumbers::windows, FamilyNumbers::linux})
    if (auto d = decode_original_dst(blob, n)) {
      const bool seen = std::any_of(out.begin(), out.end(), [&](const Decoding& o) {
        return o.layout == d->layout && o.fields.size() == d->fields.size() &&
               std::equal(o.fields.begin(), o.fields.end(), d->fields.begin(),
                          [](const DecodedField& a, const DecodedField& b) {
                            return a.name == b.name && a.offset == b.offset && a.size == b.size &&
                                   a.value == b.value;
                          });
      });
      if (!seen) out.push_back(std::move(*d));
    }
  return out;
}

std::string records_fingerprint(std::span<const std::uint8_t> blob) {
  return sha256_hex(blob).substr(0, 16);
}

std::vector<Decoding> decode_blob(QueryKind kind, std::span<const std::uint8_t> data,
                                  ErrorDomain domain) {
  switch (kind) {
    case QueryKind::records:
      return {};
    case QueryKind::context:
      return decode_context(data);
    case QueryKind::original_dst: {
      auto d = decode_original_dst(
          data, domain == ErrorDomain::posix ? FamilyNumbers::linux : FamilyNumbers::windows);
      if (!d) return {};
      return {std::move(*d)};
    }
  }
  return {};
}

BlobKind blob_kind_from_name(std::string_view name) {
  if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos)
    name.remove_prefix(slash + 1);
  if (name.ends_with(".records.bin")) return BlobKind::records;
  if (name.ends_with(".context.bin")) return BlobKind::context;
  if (name.ends_with(".original-dst.bin")) return BlobKind::original_dst;
  return BlobKind::unknown;
}

}  // namespace wfpredir
