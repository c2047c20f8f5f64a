// Unit tests for analysis/conntrack_verdict and the verdict rules that read the
// kernel's records (docs/verdicts.md): conntrack's reply tuple on both sides,
// TPROXY's unassigned local address, no entry, and the witnesses' disagreement.
#include <catch2/catch.hpp>

#include "analysis/conntrack_verdict.h"
#include "analysis/verdict.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

ConntrackLookup found(const char* osrc, const char* odst, const char* rsrc, const char* rdst,
                      std::uint32_t status = kCtSeenReply | kCtConfirmed) {
  ConntrackLookup l;
  l.outcome = ConntrackOutcome::found;
  l.entry = ConntrackEntry{
      {kProtoTcp, ep(osrc), ep(odst)}, {kProtoTcp, ep(rsrc), ep(rdst)}, status, 0u, 0, 1u};
  return l;
}

ConntrackLookup no_entry() {
  ConntrackLookup l;
  l.outcome = ConntrackOutcome::no_entry;
  l.error = 2;
  l.operation = "ctnetlink GET";
  return l;
}

QueryResult od(Attempt a) { return with_final(QueryKind::original_dst, Mode::sync, std::move(a)); }

Attempt dst(const char* address) {
  Attempt a = answer(1024, 0, 16, std::vector<std::uint8_t>(16, 1), ErrorDomain::posix);
  a.original_dst = ep(address);
  a.mechanism = "SO_ORIGINAL_DST";
  return a;
}

Attempt enoent() {
  Attempt a = answer(1024, 2, 0, {}, ErrorDomain::posix);
  a.calls.push_back(CallRecord{"getsockopt", std::nullopt, 1024u, -1, 2, 1024u, 0, {}});
  return a;
}

ConnectionInfo connecting() {
  ConnectionInfo c;
  c.side = "connected";
  c.local = ep("10.0.0.2:40000");
  c.peer = ep("198.51.100.8:80");
  return c;
}

}  // namespace

TEST_CASE("query --connect of a direct connection that conntrack tracks is not redirected",
          "[verdict][conntrack]") {
  ConnectionInfo c = connecting();
  c.conntrack = found("10.0.0.2:40000", "198.51.100.8:80", "198.51.100.8:80", "10.0.0.2:40000");
  const VerdictResult v = decide_verdict({od(dst("198.51.100.8:80"))}, c);
  CHECK(v.verdict == Verdict::not_redirected);
  CHECK(words(v.reasons).find("no destination NAT") != std::string::npos);
  CHECK(witnesses_disagree({od(dst("198.51.100.8:80"))}, c).empty());
}

TEST_CASE("query --connect through a nat output redirect: the reply tuple proves it",
          "[verdict][conntrack]") {
  ConnectionInfo c = connecting();
  c.conntrack = found("10.0.0.2:40000", "198.51.100.8:80", "127.0.0.1:8090", "10.0.0.2:40000",
                      kCtSeenReply | kCtDstNat);
  const VerdictResult v = decide_verdict({od(dst("198.51.100.8:80"))}, c);
  CHECK(v.verdict == Verdict::redirected);
  CHECK(words(v.reasons) ==
        "conntrack: the reply comes from 127.0.0.1:8090, not from the original destination "
        "198.51.100.8:80 (destination NAT)");
}

TEST_CASE("query --connect without conntrack's answer: SO_ORIGINAL_DST alone does not tell",
          "[verdict][conntrack]") {
  ConnectionInfo c = connecting();
  const VerdictResult v = decide_verdict({od(dst("198.51.100.8:80"))}, c);
  CHECK(v.verdict == Verdict::unknown);
  CHECK(words(v.reasons).find("connecting side") != std::string::npos);
}

TEST_CASE("TPROXY keeping the port: an unassigned local address is the evidence",
          "[verdict][conntrack]") {
  ConnectionInfo c;
  c.side = "accepted";
  c.transparent = true;
  c.local = ep("198.51.100.7:8081");
  c.peer = ep("10.0.0.2:40000");
  c.listener = ep("0.0.0.0:8081");
  c.local_assigned = false;
  Attempt local = answer(1024, 0, 16, std::vector<std::uint8_t>(16, 1), ErrorDomain::posix);
  local.original_dst = c.local;
  local.mechanism = "IP_TRANSPARENT local address";
  const VerdictResult v = decide_verdict({od(local)}, c);
  CHECK(v.verdict == Verdict::redirected);
  CHECK(words(v.reasons).find("198.51.100.7 is not assigned") != std::string::npos);
  // The same connection to an address of this host is not TPROXY's doing.
  c.local_assigned = true;
  CHECK(decide_verdict({od(local)}, c).verdict == Verdict::not_redirected);
}

TEST_CASE("accepted: no conntrack entry is unknown, never not-redirected", "[verdict][conntrack]") {
  ConnectionInfo c = fake_connection_info();
  c.conntrack = no_entry();
  const VerdictResult v = decide_verdict({od(enoent())}, c);
  CHECK(v.verdict == Verdict::unknown);
  CHECK(words(v.reasons).find("no entry") != std::string::npos);
}

TEST_CASE("accepted REDIRECT: conntrack and SO_ORIGINAL_DST agree, or the report says they do not",
          "[verdict][conntrack]") {
  ConnectionInfo c = fake_connection_info();  // local 127.0.0.1:8080, peer 127.0.0.1:5000
  c.conntrack = found("127.0.0.1:5000", "127.0.0.1:80", "127.0.0.1:8080", "127.0.0.1:5000",
                      kCtSeenReply | kCtDstNat);
  CHECK(decide_verdict({od(dst("127.0.0.1:80"))}, c).verdict == Verdict::redirected);
  CHECK(witnesses_disagree({od(dst("127.0.0.1:80"))}, c).empty());
  CHECK(words(witnesses_disagree({od(dst("127.0.0.1:81"))}, c)) ==
        "SO_ORIGINAL_DST answered 127.0.0.1:81, conntrack's original destination is 127.0.0.1:80");
  CHECK(words(witnesses_disagree({od(enoent())}, c)) ==
        "SO_ORIGINAL_DST found no entry (ENOENT), but conntrack has one for the connection");
  c.conntrack = no_entry();
  CHECK(words(witnesses_disagree({od(dst("127.0.0.1:80"))}, c)) ==
        "SO_ORIGINAL_DST answered 127.0.0.1:80, but conntrack has no entry for the connection");
}

TEST_CASE("accepted direct connection tracked without NAT is not redirected",
          "[verdict][conntrack]") {
  ConnectionInfo c = fake_connection_info();
  c.conntrack = found("127.0.0.1:5000", "127.0.0.1:8080", "127.0.0.1:8080", "127.0.0.1:5000");
  const VerdictResult v = decide_verdict({od(dst("127.0.0.1:8080"))}, c);
  CHECK(v.verdict == Verdict::not_redirected);
  CHECK(words(v.reasons).find("conntrack tracks the connection") != std::string::npos);
}
