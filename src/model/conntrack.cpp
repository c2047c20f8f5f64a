// ctnetlink's request and answer as bytes (conntrack.h; docs/conntrack.md).
#include "model/conntrack.h"

#include <fmt/format.h>

#include <array>
#include <cstring>

namespace wfpredir {
namespace {

// Linux's numbers, written here so that the portable core (also built for
// Windows, whose AF_INET6 is 23) needs no Linux header; the Linux backend
// checks them against <linux/netfilter/nfnetlink_conntrack.h> at compile time.
constexpr std::uint16_t kNlmsgError = 2;
constexpr std::uint16_t kNlmsgDone = 3;
constexpr std::uint16_t kNlmFRequest = 1;
constexpr std::uint16_t kNlmFDump = 0x300;        // NLM_F_ROOT | NLM_F_MATCH
constexpr std::uint16_t kCtNew = (1u << 8) | 0u;  // NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW
constexpr std::uint16_t kCtGet = (1u << 8) | 1u;  // ... | IPCTNL_MSG_CT_GET
constexpr std::uint8_t kAfInet = 2;
constexpr std::uint8_t kAfInet6 = 10;
constexpr std::uint16_t kNlaNested = 1u << 15;
constexpr std::uint16_t kNlaTypeMask = 0x3fff;  // without NLA_F_NESTED, NLA_F_NET_BYTEORDER
constexpr int kEnoent = 2;
constexpr int kEproto = 71;  // Linux's EPROTO: the answer is not what the protocol says
constexpr std::size_t kNlmsgHdr = 16;
constexpr std::size_t kNfgenmsg = 4;

enum : std::uint16_t {
  kCtaTupleOrig = 1,
  kCtaTupleReply = 2,
  kCtaStatus = 3,
  kCtaMark = 8,
  kCtaId = 12,
  kCtaZone = 18,
};
enum : std::uint16_t { kCtaTupleIp = 1, kCtaTupleProto = 2 };
enum : std::uint16_t { kCtaIpV4Src = 1, kCtaIpV4Dst = 2, kCtaIpV6Src = 3, kCtaIpV6Dst = 4 };
enum : std::uint16_t { kCtaProtoNum = 1, kCtaProtoSrcPort = 2, kCtaProtoDstPort = 3 };

constexpr std::size_t align4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

std::uint16_t host16(const std::uint8_t* p) {
  std::uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
std::uint32_t host32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

// --- writing ----------------------------------------------------------------

struct Writer {
  std::vector<std::uint8_t> out;
  void put16(std::uint16_t v) { append(&v, 2); }
  void put32(std::uint32_t v) { append(&v, 4); }
  void append(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
  void pad() { out.resize(align4(out.size())); }
  // An attribute with a payload; returns nothing, pads after.
  void attr(std::uint16_t type, const void* payload, std::size_t n) {
    put16(static_cast<std::uint16_t>(4 + n));
    put16(type);
    append(payload, n);
    pad();
  }
  std::size_t open(std::uint16_t type) {
    const std::size_t at = out.size();
    put16(0);
    put16(static_cast<std::uint16_t>(type | kNlaNested));
    return at;
  }
  void close(std::size_t at) {
    const auto len = static_cast<std::uint16_t>(out.size() - at);
    std::memcpy(out.data() + at, &len, 2);
  }
};

void put_be16_attr(Writer& w, std::uint16_t type, std::uint16_t v) {
  const std::array<std::uint8_t, 2> b{static_cast<std::uint8_t>(v >> 8),
                                      static_cast<std::uint8_t>(v & 0xff)};
  w.attr(type, b.data(), b.size());
}

// --- reading ----------------------------------------------------------------

struct Attr {
  std::uint16_t type;
  std::span<const std::uint8_t> payload;
};

// The attributes of \p area, or nullopt when a length runs past its end.
std::optional<std::vector<Attr>> attrs_of(std::span<const std::uint8_t> area) {
  std::vector<Attr> list;
  std::size_t at = 0;
  while (at + 4 <= area.size()) {
    const std::uint16_t len = host16(area.data() + at);
    const std::uint16_t type = host16(area.data() + at + 2) & kNlaTypeMask;
    if (len < 4 || at + len > area.size()) return std::nullopt;
    list.push_back({type, area.subspan(at + 4, len - 4u)});
    at += align4(len);
  }
  return list;
}

const Attr* find(const std::vector<Attr>& list, std::uint16_t type) {
  for (const auto& a : list)
    if (a.type == type) return &a;
  return nullptr;
}

std::optional<IpEndpoint> address_of(std::span<const std::uint8_t> p) {
  IpEndpoint e;
  if (p.size() == 4) {
    e.family = Family::ipv4;
  } else if (p.size() == 16) {
    e.family = Family::ipv6;
  } else {
    return std::nullopt;
  }
  std::memcpy(e.address.data(), p.data(), p.size());
  return e;
}

// One CTA_TUPLE_* nest, or a sentence saying what it lacked.
std::optional<ConntrackTuple> tuple_of(std::span<const std::uint8_t> nest, std::string& why) {
  const auto top = attrs_of(nest);
  if (!top) return why = "a tuple attribute overruns its nest", std::nullopt;
  const Attr* ip = find(*top, kCtaTupleIp);
  const Attr* proto = find(*top, kCtaTupleProto);
  if (!ip || !proto) return why = "a tuple without its addresses or its protocol", std::nullopt;
  const auto ips = attrs_of(ip->payload);
  const auto protos = attrs_of(proto->payload);
  if (!ips || !protos)
    return why = "an address or protocol attribute overruns its nest", std::nullopt;
  const Attr* src = find(*ips, kCtaIpV4Src);
  const Attr* dst = find(*ips, kCtaIpV4Dst);
  if (!src || !dst) {
    src = find(*ips, kCtaIpV6Src);
    dst = find(*ips, kCtaIpV6Dst);
  }
  const Attr* num = find(*protos, kCtaProtoNum);
  if (!src || !dst || !num || num->payload.empty())
    return why = "a tuple without a source, a destination or a protocol number", std::nullopt;
  ConntrackTuple t;
  const auto s = address_of(src->payload);
  const auto d = address_of(dst->payload);
  if (!s || !d) return why = "an address that is neither 4 nor 16 bytes", std::nullopt;
  t.src = *s;
  t.dst = *d;
  t.protocol = num->payload[0];
  const Attr* sport = find(*protos, kCtaProtoSrcPort);
  const Attr* dport = find(*protos, kCtaProtoDstPort);
  if (sport && sport->payload.size() >= 2) t.src.port = be16(sport->payload.data());
  if (dport && dport->payload.size() >= 2) t.dst.port = be16(dport->payload.data());
  return t;
}

ConntrackLookup malformed(std::string detail) {
  ConntrackLookup r;
  r.outcome = ConntrackOutcome::cannot_ask;
  r.error = kEproto;
  r.operation = "ctnetlink GET";
  r.detail = std::move(detail);
  return r;
}

ConntrackLookup entry_of(std::span<const std::uint8_t> body) {
  if (body.size() < kNfgenmsg) return malformed("a conntrack message shorter than its header");
  const auto top = attrs_of(body.subspan(kNfgenmsg));
  if (!top) return malformed("an attribute overruns the conntrack message");
  const Attr* orig = find(*top, kCtaTupleOrig);
  const Attr* reply = find(*top, kCtaTupleReply);
  if (!orig || !reply) return malformed("an entry without its original or reply tuple");
  std::string why;
  ConntrackEntry e;
  auto o = tuple_of(orig->payload, why);
  if (!o) return malformed("original tuple: " + why);
  auto r = tuple_of(reply->payload, why);
  if (!r) return malformed("reply tuple: " + why);
  e.original = *o;
  e.reply = *r;
  if (const Attr* a = find(*top, kCtaStatus); a && a->payload.size() >= 4)
    e.status = be32(a->payload.data());
  if (const Attr* a = find(*top, kCtaMark); a && a->payload.size() >= 4)
    e.mark = be32(a->payload.data());
  if (const Attr* a = find(*top, kCtaZone); a && a->payload.size() >= 2)
    e.zone = be16(a->payload.data());
  if (const Attr* a = find(*top, kCtaId); a && a->payload.size() >= 4)
    e.id = be32(a->payload.data());
  ConntrackLookup result;
  result.outcome = ConntrackOutcome::found;
  result.entry = e;
  return result;
}

}  // namespace

bool ConntrackEntry::destination_rewritten() const {
  return !same_endpoint(reply.src, original.dst);
}

bool ConntrackEntry::source_rewritten() const { return !same_endpoint(reply.dst, original.src); }

std::string status_names(std::uint32_t status) {
  static constexpr std::array<const char*, 15> names{
      "EXPECTED",      "SEEN_REPLY", "ASSURED",      "CONFIRMED",    "SRC_NAT",
      "DST_NAT",       "SEQ_ADJUST", "SRC_NAT_DONE", "DST_NAT_DONE", "DYING",
      "FIXED_TIMEOUT", "TEMPLATE",   "UNTRACKED",    "HELPER",       "OFFLOAD"};
  std::string out;
  std::uint32_t rest = status;
  for (std::size_t bit = 0; bit < names.size(); ++bit) {
    if ((status & (1u << bit)) == 0) continue;
    rest &= ~(1u << bit);
    if (!out.empty()) out += '|';
    out += names[bit];
  }
  if (rest != 0) out += fmt::format("{}0x{:x}", out.empty() ? "" : "|", rest);
  return out;
}

std::string_view to_string(ConntrackOutcome o) {
  switch (o) {
    case ConntrackOutcome::found:
      return "found";
    case ConntrackOutcome::no_entry:
      return "no-entry";
    case ConntrackOutcome::cannot_ask:
      return "cannot-ask";
  }
  return "cannot-ask";
}

std::vector<std::uint8_t> conntrack_get_request(const ConntrackTuple& tuple, std::uint16_t zone,
                                                std::uint32_t seq) {
  Writer w;
  w.put32(0);  // length, set below
  w.put16(kCtGet);
  w.put16(kNlmFRequest);
  w.put32(seq);
  w.put32(0);  // port id: the kernel's
  const bool v4 = tuple.src.normalised().family == Family::ipv4;
  const std::uint8_t gen[kNfgenmsg] = {v4 ? kAfInet : kAfInet6, 0, 0, 0};
  w.append(gen, sizeof gen);
  const std::size_t nest = w.open(kCtaTupleOrig);
  const std::size_t ip = w.open(kCtaTupleIp);
  const IpEndpoint src = tuple.src.normalised();
  const IpEndpoint dst = tuple.dst.normalised();
  const std::size_t alen = v4 ? 4 : 16;
  w.attr(v4 ? kCtaIpV4Src : kCtaIpV6Src, src.address.data(), alen);
  w.attr(v4 ? kCtaIpV4Dst : kCtaIpV6Dst, dst.address.data(), alen);
  w.close(ip);
  const std::size_t proto = w.open(kCtaTupleProto);
  w.attr(kCtaProtoNum, &tuple.protocol, 1);
  put_be16_attr(w, kCtaProtoSrcPort, src.port);
  put_be16_attr(w, kCtaProtoDstPort, dst.port);
  w.close(proto);
  w.close(nest);
  // A zone attribute is refused (EOPNOTSUPP) by a kernel built without zones:
  // the default zone is asked for by leaving it out.
  if (zone != 0) put_be16_attr(w, kCtaZone, zone);
  const auto total = static_cast<std::uint32_t>(w.out.size());
  std::memcpy(w.out.data(), &total, 4);
  return w.out;
}

ConntrackLookup parse_conntrack_reply(std::span<const std::uint8_t> datagram) {
  std::size_t at = 0;
  while (at + kNlmsgHdr <= datagram.size()) {
    const std::uint32_t len = host32(datagram.data() + at);
    const std::uint16_t type = host16(datagram.data() + at + 4);
    if (len < kNlmsgHdr || len > datagram.size() - at)
      return malformed("a netlink message length runs past the datagram");
    const auto body = datagram.subspan(at + kNlmsgHdr, len - kNlmsgHdr);
    if (type == kNlmsgError) {
      if (body.size() < 4) return malformed("an error message without its code");
      int code;
      std::memcpy(&code, body.data(), 4);
      if (code != 0) {
        ConntrackLookup r;
        r.error = -code;
        r.outcome = -code == kEnoent ? ConntrackOutcome::no_entry : ConntrackOutcome::cannot_ask;
        r.operation = "ctnetlink GET";
        return r;
      }
      // 0 is an acknowledgement: the entry, if any, came before it.
    } else if (type == kCtNew) {
      return entry_of(body);
    }
    at += align4(len);
  }
  return malformed("no conntrack entry and no error in the answer");
}

std::vector<std::uint8_t> conntrack_dump_request(std::uint32_t seq) {
  Writer w;
  w.put32(kNlmsgHdr + kNfgenmsg);
  w.put16(kCtGet);
  w.put16(kNlmFRequest | kNlmFDump);
  w.put32(seq);
  w.put32(0);
  // AF_UNSPEC: the kernel filters by family only when one is named.
  const std::uint8_t gen[kNfgenmsg] = {0, 0, 0, 0};
  w.append(gen, sizeof gen);
  return w.out;
}

ConntrackDumpStep parse_conntrack_dump(std::span<const std::uint8_t> datagram,
                                       std::vector<ConntrackEntry>& out) {
  ConntrackDumpStep step;
  auto fail = [&](ConntrackLookup why) {
    why.operation = "ctnetlink dump";
    step.failure = std::move(why);
    return step;
  };
  std::size_t at = 0;
  while (at + kNlmsgHdr <= datagram.size()) {
    const std::uint32_t len = host32(datagram.data() + at);
    const std::uint16_t type = host16(datagram.data() + at + 4);
    if (len < kNlmsgHdr || len > datagram.size() - at)
      return fail(malformed("a netlink message length runs past the datagram"));
    const auto body = datagram.subspan(at + kNlmsgHdr, len - kNlmsgHdr);
    if (type == kNlmsgError || type == kNlmsgDone) {
      int code = 0;
      if (body.size() >= 4) std::memcpy(&code, body.data(), 4);
      if (code < 0) {
        ConntrackLookup r;
        r.error = -code;
        r.outcome = ConntrackOutcome::cannot_ask;
        return fail(r);
      }
      if (type == kNlmsgDone) {
        step.done = true;
        return step;
      }
    } else if (type == kCtNew || type == kCtGet) {
      // Kernels have labelled dumped entries with either type.
      ConntrackLookup e = entry_of(body);
      if (!e.entry) return fail(e);
      out.push_back(*e.entry);
    }
    at += align4(len);
  }
  return step;
}

}  // namespace wfpredir
