// Unit tests for analysis/verdict: each answer's evidence, the verdict and its
// reason, agreement between modes, and the exit code a run's verdicts give.
#include <catch2/catch.hpp>

#include "analysis/verdict.h"
#include "run/engine.h"
#include "support.h"
#include "text/i18n.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

std::vector<std::uint8_t> blob(std::size_t n) { return std::vector<std::uint8_t>(n, 1); }

QueryResult rec(Mode m, Attempt a) { return with_final(QueryKind::records, m, std::move(a)); }
QueryResult ctx(Mode m, Attempt a) { return with_final(QueryKind::context, m, std::move(a)); }
QueryResult od(Attempt a) { return with_final(QueryKind::original_dst, Mode::sync, std::move(a)); }

Attempt posix(int error) { return answer(16, error, 0, {}, ErrorDomain::posix); }

Attempt linux_dst(const char* address, const char* mechanism = "SO_ORIGINAL_DST") {
  Attempt a = answer(1024, 0, 16, blob(16), ErrorDomain::posix);
  a.original_dst = ep(address);
  a.mechanism = mechanism;
  return a;
}

Attempt timed_out() {
  Attempt a = answer(1024, 995, 0);
  a.timed_out = true;
  return a;
}

VerdictResult verdict_of(std::vector<QueryResult> qs, ConnectionInfo c = fake_connection_info()) {
  return decide_verdict(qs, c);
}

}  // namespace

TEST_CASE("classify: redirect data, 0 bytes, WSAEOPNOTSUPP, WSAEINVAL, ERROR_NOT_FOUND",
          "[verdict]") {
  const ConnectionInfo c = fake_connection_info();
  CHECK(classify(rec(Mode::sync, answer(1024, 0, 24, blob(24))), c).evidence ==
        Evidence::redirected);
  CHECK(classify(rec(Mode::sync, answer(1024, 0, 0)), c).evidence == Evidence::nothing_here);
  CHECK(classify(rec(Mode::event, answer(1024, 10045, 0)), c).evidence == Evidence::unsupported);
  CHECK(classify(ctx(Mode::sync, answer(1024, 10022, 0)), c).evidence == Evidence::nothing_here);
  CHECK(classify(rec(Mode::sync, answer(1024, 1168, 0)), c).evidence == Evidence::nothing_here);
  // WSAEINVAL for a buffer under a ULONG, or with a larger size returned, is
  // about the buffer, not the socket.
  CHECK(classify(rec(Mode::sync, answer(2, 10022, 0)), c).evidence == Evidence::inconclusive);
  CHECK(classify(rec(Mode::sync, answer(1024, 10022, 4096)), c).evidence == Evidence::inconclusive);
  // Errors that do not tell, and calls that did not complete.
  for (int error : {10014, 10042, 10050, 10057, 122, 995}) {
    CAPTURE(error);
    CHECK(classify(rec(Mode::sync, answer(1024, error, 0)), c).evidence == Evidence::inconclusive);
  }
  CHECK(classify(rec(Mode::event, timed_out()), c).evidence == Evidence::stopped);
  Attempt cancelled = answer(1024, 995, 0);
  cancelled.interrupted = true;
  CHECK(classify(rec(Mode::apc, cancelled), c).evidence == Evidence::stopped);
  QueryResult skipped;
  skipped.skipped = true;
  CHECK(classify(skipped, c).evidence == Evidence::not_issued);
}

TEST_CASE("classify: the original destination's answers", "[verdict]") {
  const ConnectionInfo c = fake_connection_info();  // local 127.0.0.1:8080
  // ENOENT: conntrack does not track it, which is no evidence either way.
  CHECK(classify(od(posix(2)), c).evidence == Evidence::inconclusive);
  CHECK(classify(od(posix(92)), c).evidence == Evidence::unsupported);
  CHECK(classify(od(posix(22)), c).evidence == Evidence::inconclusive);
  CHECK(classify(od(posix(107)), c).evidence == Evidence::inconclusive);
  CHECK(classify(od(linux_dst("127.0.0.1:80")), c).evidence == Evidence::redirected);
  CHECK(classify(od(linux_dst("127.0.0.1:8080")), c).evidence == Evidence::nothing_here);
  Attempt no_address = answer(1024, 0, 16, blob(16), ErrorDomain::posix);
  CHECK(classify(od(no_address), c).evidence == Evidence::inconclusive);
  // Windows: WSAENOPROTOOPT = the option is not offered; WSAEINVAL does not tell.
  CHECK(classify(od(answer(1024, 10042, 0)), c).evidence == Evidence::unsupported);
  CHECK(classify(od(answer(1024, 10022, 0)), c).evidence == Evidence::inconclusive);
}

TEST_CASE("the verdict reason names the evidence", "[verdict]") {
  const auto own = verdict_of({od(linux_dst("127.0.0.1:8080"))});
  CHECK(own.verdict == Verdict::not_redirected);
  CHECK(words(own.reasons) == "SO_ORIGINAL_DST answered the socket's own address 127.0.0.1:8080");
  const auto enoent = verdict_of({od(posix(2))});
  CHECK(enoent.verdict == Verdict::unknown);
  CHECK(words(enoent.reasons) ==
        "conntrack has no entry for this connection (ENOENT: not tracked in this network "
        "namespace), so nothing here shows whether it was redirected");
  const auto enoprotoopt = verdict_of({od(posix(92))});
  CHECK(enoprotoopt.verdict == Verdict::unsupported);
  CHECK(words(enoprotoopt.reasons).find("ENOPROTOOPT") != std::string::npos);
  const auto redirected = verdict_of({od(linux_dst("127.0.0.1:80"))});
  CHECK(redirected.verdict == Verdict::redirected);
  CHECK(words(redirected.reasons) ==
        "the original destination 127.0.0.1:80 (SO_ORIGINAL_DST) differs from the local address "
        "127.0.0.1:8080");
  const auto einval = verdict_of({od(posix(22))});
  CHECK(einval.verdict == Verdict::unknown);
  CHECK(words(einval.reasons).find("EINVAL (22), which does not tell") != std::string::npos);
}

TEST_CASE("records data means redirected, whatever else failed", "[verdict]") {
  const auto v =
      verdict_of({rec(Mode::sync, answer(1024, 0, 24, blob(24))), rec(Mode::event, timed_out()),
                  ctx(Mode::sync, answer(1024, 10050, 0))});
  CHECK(v.verdict == Verdict::redirected);
  CHECK(words(v.reasons) ==
        "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS returned 24 bytes in sync mode");
}

TEST_CASE("WSAEOPNOTSUPP in every mode is unsupported, not not-redirected (Wine)", "[verdict]") {
  std::vector<QueryResult> qs;
  for (Mode m : {Mode::sync, Mode::event, Mode::apc}) {
    qs.push_back(rec(m, answer(1024, 10045, 0)));
    qs.push_back(ctx(m, answer(1024, 10045, 0)));
  }
  qs.push_back(od(answer(1024, 10022, 0)));  // Wine's getsockopt answer: not deciding on Windows
  const auto v = verdict_of(qs);
  CHECK(v.verdict == Verdict::unsupported);
  CHECK(words(v.reasons).find("WSAEOPNOTSUPP: the socket's provider does not implement it") !=
        std::string::npos);
}

TEST_CASE("not-redirected on Windows needs every redirect query to answer nothing-here",
          "[verdict]") {
  const auto nothing =
      verdict_of({rec(Mode::sync, answer(1024, 1168, 0)), ctx(Mode::sync, answer(1024, 10022, 0)),
                  od(answer(1024, 10042, 0))});
  CHECK(nothing.verdict == Verdict::not_redirected);
  CHECK(words(nothing.reasons).find("ERROR_NOT_FOUND") != std::string::npos);
  CHECK(words(nothing.reasons).find("WSAEINVAL") != std::string::npos);
  // One that does not tell makes it unknown.
  CHECK(
      verdict_of({rec(Mode::sync, answer(1024, 10050, 0)), ctx(Mode::sync, answer(1024, 10022, 0))})
          .verdict == Verdict::unknown);
  // One the provider cannot answer makes it unsupported.
  CHECK(
      verdict_of({rec(Mode::sync, answer(1024, 10045, 0)), ctx(Mode::sync, answer(1024, 10022, 0))})
          .verdict == Verdict::unsupported);
  // A timeout outranks an unsupported answer: the question is open.
  const auto stopped =
      verdict_of({rec(Mode::sync, answer(1024, 10045, 0)), rec(Mode::event, timed_out())});
  CHECK(stopped.verdict == Verdict::unknown);
  CHECK(words(stopped.reasons).find("--io-timeout") != std::string::npos);
}

TEST_CASE("an original destination that differs is redirect evidence on Windows too", "[verdict]") {
  Attempt a = answer(1024, 0, 16, blob(16));
  a.original_dst = ep("192.0.2.1:443");
  a.mechanism = "SO_ORIGINAL_DST";
  CHECK(verdict_of({rec(Mode::sync, answer(1024, 10045, 0)), od(a)}).verdict ==
        Verdict::redirected);
}

TEST_CASE("no query issued is unknown", "[verdict]") {
  QueryResult skipped;
  skipped.skipped = true;
  const auto v = verdict_of({skipped});
  CHECK(v.verdict == Verdict::unknown);
  CHECK(words(v.reasons) == "no query was issued");
}

TEST_CASE("a TPROXY connection is redirected when its local address is not the listener's",
          "[verdict]") {
  ConnectionInfo c = fake_connection_info();
  c.local = ep("192.0.2.7:80");
  c.listener = ep("127.0.0.1:8081");
  CHECK(verdict_of({od(linux_dst("192.0.2.7:80", "IP_TRANSPARENT local address"))}, c).verdict ==
        Verdict::redirected);

  // A direct connection to a wildcard listener's port is not a redirect.
  c.local = ep("127.0.0.1:8081");
  c.listener = ep("0.0.0.0:8081");
  const auto direct =
      verdict_of({od(linux_dst("127.0.0.1:8081", "IP_TRANSPARENT local address"))}, c);
  CHECK(direct.verdict == Verdict::not_redirected);
  CHECK(words(direct.reasons) ==
        "the original destination 127.0.0.1:8081 (IP_TRANSPARENT local address) is the listener's "
        "own address");
  c.listener = ep("[::]:8081");
  c.local = ep("[::1]:8081");
  CHECK(verdict_of({od(linux_dst("[::1]:8081", "IP_TRANSPARENT local address"))}, c).verdict ==
        Verdict::not_redirected);
}

TEST_CASE("a dual-stack socket's mapped IPv4 address is the same endpoint as the IPv4 one",
          "[verdict]") {
  // A listener on [::] reports a direct IPv4 client's local address as
  // ::ffff:127.0.0.1 while conntrack answers in IPv4: not a redirect.
  ConnectionInfo c = fake_connection_info();
  c.family = Family::ipv6;
  c.local = ep("[::ffff:127.0.0.1]:8080");
  c.listener = ep("[::]:8080");
  CHECK(verdict_of({od(linux_dst("127.0.0.1:8080"))}, c).verdict == Verdict::not_redirected);
  // Redirected to the same socket from port 80: a redirect, whatever the text.
  CHECK(verdict_of({od(linux_dst("127.0.0.1:80"))}, c).verdict == Verdict::redirected);
}

TEST_CASE("modes that answer alike agree; differently, they are listed", "[verdict]") {
  const auto same =
      agreement_of({rec(Mode::sync, answer(1024, 10045, 0)),
                    rec(Mode::event, answer(1024, 10045, 0)), od(answer(1024, 10022, 0))});
  REQUIRE(same.size() == 1);
  CHECK(same[0].agree);
  const auto differ = agreement_of({rec(Mode::sync, answer(1024, 0, 4, {1, 2, 3, 4})),
                                    rec(Mode::event, answer(1024, 10045, 0))});
  REQUIRE(differ.size() == 1);
  CHECK_FALSE(differ[0].agree);
  REQUIRE(differ[0].differences.size() == 2);
  CHECK(words(differ[0].differences[0]) == "sync: 4 bytes");
  CHECK(words(differ[0].differences[1]) == "event: error 10045 (WSAEOPNOTSUPP)");
  // A value, worded by the renderer: French words it in French, which is
  // neither the English (a missing entry falls back to it) nor another phrase.
  const std::string fr = reason_text(differ[0].differences[1], Lang::fr);
  CHECK(fr != words(differ[0].differences[1]));
  CHECK(fr == trf(Lang::fr, "{}: error {} ({})", "event", 10045, "WSAEOPNOTSUPP"));
}

TEST_CASE("conclude fills verdict, agreement and expectation together", "[verdict]") {
  auto r = report_of(
      {rec(Mode::sync, answer(1024, 10045, 0)), rec(Mode::event, answer(1024, 10045, 0))});
  conclude(r, *parse_expectation("not-redirected"));
  CHECK(r.verdict == Verdict::unsupported);
  CHECK(r.agreement.size() == 1);
  CHECK(r.expectation == "not-redirected");
  CHECK(r.expectation_held == false);
}

TEST_CASE("exit code without --expect follows the verdicts", "[verdict]") {
  auto tally_of = [](std::initializer_list<Verdict> verdicts) {
    RunTally t;
    for (Verdict v : verdicts) {
      ConnectionReport r;
      r.verdict = v;
      t.add(r);
    }
    return t;
  };
  CHECK(exit_for(tally_of({Verdict::redirected, Verdict::not_redirected}), false) == Exit::ok);
  CHECK(exit_for(tally_of({Verdict::not_redirected}), false) == Exit::ok);
  CHECK(exit_for(tally_of({Verdict::redirected, Verdict::unknown}), false) == Exit::unknown);
  CHECK(exit_for(tally_of({Verdict::unsupported, Verdict::unknown}), false) == Exit::unknown);
  CHECK(exit_for(tally_of({Verdict::unsupported, Verdict::redirected}), false) ==
        Exit::unsupported);
  CHECK(exit_for(tally_of({}), false) == Exit::ok);
  CHECK(code(Exit::unknown) == 1);
  CHECK(code(Exit::unsupported) == 7);
}

TEST_CASE("exit code with --expect is 0 or 5, whatever the verdicts", "[verdict]") {
  RunTally t;
  ConnectionReport r;
  r.verdict = Verdict::unknown;
  r.expectation_held = true;
  t.add(r);
  CHECK(exit_for(t, true) == Exit::ok);
  r.verdict = Verdict::unsupported;
  r.expectation_held = false;
  t.add(r);
  CHECK(exit_for(t, true) == Exit::expectation_failed);
  CHECK(code(Exit::expectation_failed) == 5);
}
