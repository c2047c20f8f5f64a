// Unit tests for model/conntrack: the ctnetlink GET request's bytes and the
// parser of the kernel's answers (an entry, ENOENT, EPERM, malformed bytes),
// from messages built here the way the kernel lays them out.
#include <catch2/catch.hpp>

#include <cstring>

#include "model/conntrack.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

// A netlink message builder in host order for headers, big-endian values.
struct Msg {
  std::vector<std::uint8_t> b;
  void raw(const void* p, std::size_t n) {
    const auto* c = static_cast<const std::uint8_t*>(p);
    b.insert(b.end(), c, c + n);
  }
  void pad() { b.resize((b.size() + 3) & ~std::size_t{3}); }
  void attr(std::uint16_t type, std::vector<std::uint8_t> payload) {
    const auto len = static_cast<std::uint16_t>(4 + payload.size());
    raw(&len, 2);
    raw(&type, 2);
    raw(payload.data(), payload.size());
    pad();
  }
  std::size_t open(std::uint16_t type) {
    const std::size_t at = b.size();
    const std::uint16_t zero = 0, t = static_cast<std::uint16_t>(type | 0x8000);
    raw(&zero, 2);
    raw(&t, 2);
    return at;
  }
  void close(std::size_t at) {
    const auto len = static_cast<std::uint16_t>(b.size() - at);
    std::memcpy(b.data() + at, &len, 2);
  }
};

std::vector<std::uint8_t> be16(std::uint16_t v) {
  return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}
std::vector<std::uint8_t> be32(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
          static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}
std::vector<std::uint8_t> addr(const IpEndpoint& e) {
  return {e.address.begin(), e.address.begin() + (e.family == Family::ipv4 ? 4 : 16)};
}

void tuple(Msg& m, std::uint16_t type, const char* src, const char* dst, std::uint8_t proto = 6) {
  const IpEndpoint s = ep(src), d = ep(dst);
  const bool v4 = s.family == Family::ipv4;
  const auto t = m.open(type);
  const auto ip = m.open(1);
  m.attr(v4 ? 1 : 3, addr(s));
  m.attr(v4 ? 2 : 4, addr(d));
  m.close(ip);
  const auto p = m.open(2);
  m.attr(1, {proto});
  m.attr(2, be16(s.port));
  m.attr(3, be16(d.port));
  m.close(p);
  m.close(t);
}

// A whole message: nlmsghdr of \p type, then \p body.
std::vector<std::uint8_t> message(std::uint16_t type, const std::vector<std::uint8_t>& body) {
  Msg m;
  const auto len = static_cast<std::uint32_t>(16 + body.size());
  const std::uint16_t flags = 0;
  const std::uint32_t seq = 7, pid = 0;
  m.raw(&len, 4);
  m.raw(&type, 2);
  m.raw(&flags, 2);
  m.raw(&seq, 4);
  m.raw(&pid, 4);
  m.raw(body.data(), body.size());
  return m.b;
}

std::vector<std::uint8_t> entry(const char* osrc, const char* odst, const char* rsrc,
                                const char* rdst, std::uint32_t status) {
  Msg m;
  m.raw("\x02\x00\x00\x00", 4);  // nfgenmsg: AF_INET, version 0, res_id 0
  tuple(m, 1, osrc, odst);
  tuple(m, 2, rsrc, rdst);
  m.attr(3, be32(status));
  m.attr(8, be32(0x2a));
  m.attr(12, be32(1234));
  return message(0x100, m.b);
}

std::vector<std::uint8_t> error(int code) {
  Msg m;
  m.raw(&code, 4);
  m.raw(std::vector<std::uint8_t>(16).data(), 16);  // the request's header echoed
  return message(2, m.b);
}

}  // namespace

TEST_CASE("conntrack parser reads a REDIRECT entry: tuples, status bits, mark, id") {
  const auto bytes = entry("10.0.0.2:40000", "192.0.2.7:80", "10.0.0.1:8080", "10.0.0.2:40000",
                           kCtSeenReply | kCtAssured | kCtConfirmed | kCtDstNat);
  const ConntrackLookup r = parse_conntrack_reply(bytes);
  REQUIRE(r.outcome == ConntrackOutcome::found);
  const ConntrackEntry& e = *r.entry;
  CHECK(e.original == ConntrackTuple{6, ep("10.0.0.2:40000"), ep("192.0.2.7:80")});
  CHECK(e.reply == ConntrackTuple{6, ep("10.0.0.1:8080"), ep("10.0.0.2:40000")});
  CHECK(e.seen_reply());
  CHECK(e.dst_nat_bit());
  CHECK_FALSE(e.src_nat_bit());
  CHECK(e.destination_rewritten());
  CHECK_FALSE(e.source_rewritten());
  CHECK(e.mark == 0x2aU);
  CHECK(e.zone == 0);
  CHECK(e.id == 1234U);
  CHECK(status_names(e.status) == "SEEN_REPLY|ASSURED|CONFIRMED|DST_NAT");
}

TEST_CASE("conntrack parser: a direct connection's reply source is its original destination") {
  const auto bytes = entry("10.0.0.2:40000", "198.51.100.8:80", "198.51.100.8:80", "10.0.0.2:40000",
                           kCtSeenReply | kCtConfirmed);
  const ConntrackLookup r = parse_conntrack_reply(bytes);
  REQUIRE(r.outcome == ConntrackOutcome::found);
  CHECK_FALSE(r.entry->destination_rewritten());
  CHECK_FALSE(r.entry->source_rewritten());
}

TEST_CASE("conntrack parser: IPv6 tuples") {
  Msg m;
  m.raw("\x0a\x00\x00\x00", 4);
  tuple(m, 1, "[2001:db8::2]:40000", "[2001:db8::7]:443", 17);
  tuple(m, 2, "[::1]:8443", "[2001:db8::2]:40000", 17);
  const ConntrackLookup r = parse_conntrack_reply(message(0x100, m.b));
  REQUIRE(r.outcome == ConntrackOutcome::found);
  CHECK(r.entry->original.protocol == kProtoUdp);
  CHECK(r.entry->reply.src == ep("[::1]:8443"));
  CHECK_FALSE(r.entry->mark.has_value());
  CHECK(r.entry->destination_rewritten());
}

TEST_CASE("conntrack parser: ENOENT is no entry, EPERM is cannot ask") {
  const ConntrackLookup none = parse_conntrack_reply(error(-2));
  CHECK(none.outcome == ConntrackOutcome::no_entry);
  CHECK(none.error == 2);
  const ConntrackLookup denied = parse_conntrack_reply(error(-1));
  CHECK(denied.outcome == ConntrackOutcome::cannot_ask);
  CHECK(denied.error == 1);
}

TEST_CASE("conntrack parser: an entry followed by its acknowledgement is the entry") {
  auto bytes = entry("10.0.0.2:1", "10.0.0.3:2", "10.0.0.3:2", "10.0.0.2:1", 0);
  const auto ack = error(0);
  bytes.insert(bytes.end(), ack.begin(), ack.end());
  CHECK(parse_conntrack_reply(bytes).outcome == ConntrackOutcome::found);
  CHECK(parse_conntrack_reply(ack).outcome == ConntrackOutcome::cannot_ask);
}

TEST_CASE("conntrack parser refuses malformed bytes with EPROTO and says why") {
  auto bytes = entry("10.0.0.2:1", "10.0.0.3:2", "10.0.0.3:2", "10.0.0.2:1", 0);
  SECTION("a message length past the datagram") {
    bytes.resize(bytes.size() - 4);
    const ConntrackLookup r = parse_conntrack_reply(bytes);
    CHECK(r.outcome == ConntrackOutcome::cannot_ask);
    CHECK(r.error == 71);
    CHECK_FALSE(r.detail.empty());
  }
  SECTION("nothing at all") {
    CHECK(parse_conntrack_reply({}).outcome == ConntrackOutcome::cannot_ask);
  }
  SECTION("an entry without its reply tuple") {
    Msg m;
    m.raw("\x02\x00\x00\x00", 4);
    tuple(m, 1, "10.0.0.2:1", "10.0.0.3:2");
    const ConntrackLookup r = parse_conntrack_reply(message(0x100, m.b));
    CHECK(r.outcome == ConntrackOutcome::cannot_ask);
    CHECK(r.detail.find("reply") != std::string::npos);
  }
}

TEST_CASE("conntrack GET request: header, family and the original tuple nest") {
  const auto req = conntrack_get_request({6, ep("10.0.0.2:40000"), ep("192.0.2.7:80")}, 0, 99);
  std::uint32_t len, seq;
  std::uint16_t type, flags;
  std::memcpy(&len, req.data(), 4);
  std::memcpy(&type, req.data() + 4, 2);
  std::memcpy(&flags, req.data() + 6, 2);
  std::memcpy(&seq, req.data() + 8, 4);
  CHECK(len == req.size());
  CHECK(type == 0x101);  // CTNETLINK << 8 | CT_GET
  CHECK(flags == 1);     // NLM_F_REQUEST
  CHECK(seq == 99);
  CHECK(req[16] == 2);  // AF_INET
  // The nest parses back as a tuple: reuse the parser by dressing it as an entry.
  std::vector<std::uint8_t> body(req.begin() + 16, req.end());
  Msg reply;
  reply.raw(body.data(), body.size());
  tuple(reply, 2, "192.0.2.7:80", "10.0.0.2:40000");
  const ConntrackLookup r = parse_conntrack_reply(message(0x100, reply.b));
  REQUIRE(r.outcome == ConntrackOutcome::found);
  CHECK(r.entry->original == ConntrackTuple{6, ep("10.0.0.2:40000"), ep("192.0.2.7:80")});
}

TEST_CASE("conntrack GET request: a mapped IPv6 tuple is asked as IPv4; a zone is sent") {
  const auto req =
      conntrack_get_request({17, ep("[::ffff:10.0.0.2]:5000"), ep("[::ffff:10.0.0.3]:53")}, 5, 1);
  CHECK(req[16] == 2);
  // CTA_ZONE (18) with 5 big-endian, last attribute.
  const std::size_t z = req.size() - 8;
  std::uint16_t type;
  std::memcpy(&type, req.data() + z + 2, 2);
  CHECK(type == 18);
  CHECK(req[z + 4] == 0);
  CHECK(req[z + 5] == 5);
}

namespace {

std::vector<std::uint8_t> done_message(int code) {
  Msg m;
  m.raw(&code, 4);
  return message(3, m.b);
}

}  // namespace

TEST_CASE("conntrack dump request: GET with NLM_F_DUMP, every family") {
  const auto req = conntrack_dump_request(5);
  std::uint32_t len, seq;
  std::uint16_t type, flags;
  std::memcpy(&len, req.data(), 4);
  std::memcpy(&type, req.data() + 4, 2);
  std::memcpy(&flags, req.data() + 6, 2);
  std::memcpy(&seq, req.data() + 8, 4);
  CHECK(len == req.size());
  CHECK(len == 20);
  CHECK(type == 0x101);
  CHECK(flags == (1 | 0x300));  // NLM_F_REQUEST | NLM_F_DUMP
  CHECK(seq == 5);
  CHECK(req[16] == 0);  // AF_UNSPEC
}

TEST_CASE("conntrack dump parser: entries over several datagrams, then NLMSG_DONE") {
  std::vector<ConntrackEntry> out;
  auto first =
      entry("10.0.0.2:40000", "192.0.2.7:80", "10.0.0.1:8080", "10.0.0.2:40000", kCtDstNat);
  const auto second = entry("10.0.0.2:1", "10.0.0.3:2", "10.0.0.3:2", "10.0.0.2:1", 0);
  first.insert(first.end(), second.begin(), second.end());
  ConntrackDumpStep s = parse_conntrack_dump(first, out);
  CHECK_FALSE(s.done);
  CHECK_FALSE(s.failure);
  CHECK(out.size() == 2);
  s = parse_conntrack_dump(done_message(0), out);
  CHECK(s.done);
  CHECK_FALSE(s.failure);
  SECTION("an error ends it: cannot ask, with errno") {
    s = parse_conntrack_dump(error(-1), out);
    REQUIRE(s.failure);
    CHECK(s.failure->outcome == ConntrackOutcome::cannot_ask);
    CHECK(s.failure->error == 1);
    CHECK(s.failure->operation == "ctnetlink dump");
  }
  SECTION("a malformed entry fails the dump") {
    auto bad = entry("10.0.0.2:1", "10.0.0.3:2", "10.0.0.3:2", "10.0.0.2:1", 0);
    bad.resize(bad.size() - 4);
    s = parse_conntrack_dump(bad, out);
    REQUIRE(s.failure);
    CHECK(s.failure->error == 71);
  }
}

TEST_CASE("conntrack table finds an entry by either direction, as GET does") {
  std::vector<ConntrackEntry> out;
  const auto bytes =
      entry("10.0.0.2:40000", "192.0.2.7:80", "10.0.0.1:8080", "10.0.0.2:40000", kCtDstNat);
  REQUIRE_FALSE(parse_conntrack_dump(bytes, out).failure);
  ConntrackEntry other_zone = out.front();
  other_zone.original.src.port = 40001;
  other_zone.reply.dst.port = 40001;
  other_zone.zone = 3;
  out.push_back(other_zone);
  const ConntrackTable table(out);
  // The connecting side asks with the original tuple, the accepting side with the reply one.
  const ConntrackLookup c = table.find({6, ep("10.0.0.2:40000"), ep("192.0.2.7:80")});
  REQUIRE(c.outcome == ConntrackOutcome::found);
  CHECK(c.entry->destination_rewritten());
  const ConntrackLookup a = table.find({6, ep("10.0.0.1:8080"), ep("10.0.0.2:40000")});
  CHECK(a.outcome == ConntrackOutcome::found);
  // A v4-mapped address is its IPv4 one.
  CHECK(table.find({6, ep("[::ffff:10.0.0.1]:8080"), ep("[::ffff:10.0.0.2]:40000")}).outcome ==
        ConntrackOutcome::found);
  // Another protocol, port, or zone: no entry (ENOENT).
  const ConntrackLookup udp = table.find({17, ep("10.0.0.2:40000"), ep("192.0.2.7:80")});
  CHECK(udp.outcome == ConntrackOutcome::no_entry);
  CHECK(udp.error == 2);
  CHECK(table.find({6, ep("10.0.0.2:40001"), ep("192.0.2.7:80")}).outcome ==
        ConntrackOutcome::no_entry);
  // A failed dump answers every lookup with its failure.
  ConntrackLookup denied;
  denied.error = 1;
  denied.operation = "ctnetlink dump";
  const ConntrackTable failed(denied);
  const ConntrackLookup f = failed.find({6, ep("10.0.0.2:40000"), ep("192.0.2.7:80")});
  CHECK(f.outcome == ConntrackOutcome::cannot_ask);
  CHECK(f.error == 1);
}
