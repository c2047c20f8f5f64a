// The relay's upstream decisions without sockets (analysis/relay_plan.h):
// which records are handed on, the order of the upstream steps through a
// recording fake, --strict, the choice of upstream and loops.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/relay_plan.h"
#include "render/render_reason.h"
#include "render/render_relay.h"
#include "support.h"
#include "text/i18n.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

/// Records each step in order; SET answers \p set_error.
class RecordingSteps final : public UpstreamSteps {
 public:
  explicit RecordingSteps(int set_error = 0, bool has_mark = false)
      : set_error_(set_error), has_mark_(has_mark) {}
  std::optional<CallRecord> set_mark(std::uint32_t mark) override {
    log.push_back("mark " + std::to_string(mark));
    if (!has_mark_) return std::nullopt;
    return CallRecord{"setsockopt", std::nullopt, 4, 0, 0, std::nullopt, 0, {}};
  }
  CallRecord set_records(const std::vector<std::uint8_t>& records) override {
    log.push_back("set");
    given = records;
    return CallRecord{
        "WSAIoctl", kSioSetRedirectRecords, 0, set_error_ == 0 ? 0 : -1, set_error_, 0, 0, {}};
  }
  void connect() override { log.push_back("connect"); }
  std::vector<std::string> log;
  std::vector<std::uint8_t> given;

 private:
  int set_error_;
  bool has_mark_;
};

}  // namespace

TEST_CASE("the records are set exactly as queried, before connect", "[relay]") {
  const ConnectionReport q = with_records(answer(1024, 0, 8, kBlob), Verdict::redirected);
  RecordingSteps steps;
  RelayOptions o;
  RelayPart part;
  const Prepared p = prepare_upstream(steps, q, o, true, part);
  CHECK(p.connecting);
  CHECK(steps.log ==
        std::vector<std::string>{"mark " + std::to_string(kDefaultRelayMark), "set", "connect"});
  CHECK(steps.given == kBlob);
  CHECK(part.set_issued());
  CHECK(part.set_input == kBlob);
  REQUIRE(part.set_call() != nullptr);
  CHECK(part.set_call()->error == 0);
}

TEST_CASE("a failing SET is reported and the connection still relays", "[relay]") {
  const ConnectionReport q = with_records(answer(1024, 0, 8, kBlob), Verdict::redirected);
  RecordingSteps steps(10045);
  RelayOptions o;
  RelayPart part;
  const Prepared p = prepare_upstream(steps, q, o, true, part);
  CHECK(p.connecting);
  CHECK(steps.log.back() == "connect");
  REQUIRE(part.set_call() != nullptr);
  CHECK(part.set_call()->error == 10045);
  RelaySummary s;
  s.add(RelayReport{q, part});
  CHECK(s.set_failed == 1);
}

TEST_CASE("--strict refuses when the SET fails, without connecting", "[relay]") {
  const ConnectionReport q = with_records(answer(1024, 0, 8, kBlob), Verdict::redirected);
  RecordingSteps steps(10022);
  RelayOptions o;
  o.strict = true;
  RelayPart part;
  const Prepared p = prepare_upstream(steps, q, o, true, part);
  CHECK_FALSE(p.connecting);
  REQUIRE(p.refused);
  CHECK(*p.refused == RelayEnd::strict_refused);
  CHECK(std::find(steps.log.begin(), steps.log.end(), "connect") == steps.log.end());
  // Its end_detail is worded by the renderer from the SET's answer.
  part.end = *p.refused;
  CHECK(end_detail_text(part, Lang::en) ==
        "--strict: SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS failed with error 10022");
  CHECK(end_detail_text(part, Lang::fr) ==
        trf(Lang::fr, "--strict: SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS failed with error {}",
            10022));
}

TEST_CASE("records the query could not read: not set by default, refused by --strict", "[relay]") {
  const ConnectionReport q = with_records(answer(1024, 10045, 0), Verdict::unsupported);
  const RecordsToSet r = records_to_set(q, SetPolicy::automatic, true);
  CHECK_FALSE(r.issue);
  CHECK(r.records_unavailable);
  CHECK(words(r.why_not) == "the records query failed with error 10045 WSAEOPNOTSUPP");
  RelayOptions o;
  o.strict = true;
  RecordingSteps steps;
  RelayPart part;
  CHECK(prepare_upstream(steps, q, o, true, part).refused == RelayEnd::strict_refused);
  part.end = RelayEnd::strict_refused;
  CHECK(end_detail_text(part, Lang::en) ==
        "--strict: no records to hand on (the records query failed with error 10045 "
        "WSAEOPNOTSUPP)");
  // --set always issues the SET with the 0 bytes that came back.
  o.strict = false;
  o.set = SetPolicy::always;
  RecordingSteps always;
  RelayPart part2;
  CHECK(prepare_upstream(always, q, o, true, part2).connecting);
  CHECK(always.log ==
        std::vector<std::string>{"mark " + std::to_string(kDefaultRelayMark), "set", "connect"});
  CHECK(always.given.empty());
}

TEST_CASE("a connection shown not redirected relays under --strict with nothing to set",
          "[relay]") {
  const ConnectionReport q = with_records(answer(1024, 0, 0), Verdict::not_redirected);
  RelayOptions o;
  o.strict = true;
  RecordingSteps steps;
  RelayPart part;
  const Prepared p = prepare_upstream(steps, q, o, true, part);
  CHECK(p.connecting);
  CHECK_FALSE(part.set_issued());
  REQUIRE(part.set_skip_reason);
  CHECK(words(*part.set_skip_reason) == "the records query returned no records");
}

TEST_CASE("Linux: the mark is set, no records, --strict does not apply", "[relay]") {
  const ConnectionReport q = report_of({});
  RelayOptions o;
  o.strict = true;
  o.mark = 0x1234;
  RecordingSteps steps(0, true);
  RelayPart part;
  CHECK(prepare_upstream(steps, q, o, false, part).connecting);
  CHECK(steps.log == std::vector<std::string>{"mark 4660", "connect"});
  REQUIRE(part.calls.size() == 1);
  CHECK(part.calls[0].function == "setsockopt");
  o.mark = 0;  // no mark at all
  RecordingSteps none(0, true);
  RelayPart part2;
  prepare_upstream(none, q, o, false, part2);
  CHECK(none.log == std::vector<std::string>{"connect"});
}

TEST_CASE("the upstream: --to, the original destination, or a loop refused", "[relay]") {
  Attempt a = answer(1024, 0, 16, {}, ErrorDomain::posix);
  a.original_dst = ep("10.0.0.5:80");
  ConnectionReport q = report_of({with_final(QueryKind::original_dst, Mode::sync, a)});
  q.connection.listener = ep("127.0.0.1:8080");
  UpstreamChoice by = UpstreamChoice::original_dst;
  Reason why;
  CHECK(choose_upstream(q, ep("127.0.0.1:9000"), by, why) == ep("127.0.0.1:9000"));
  CHECK(by == UpstreamChoice::to_option);
  CHECK(to_string(by) == "--to");
  CHECK(choose_upstream(q, std::nullopt, by, why) == ep("10.0.0.5:80"));
  CHECK(by == UpstreamChoice::original_dst);
  CHECK(to_string(by) == "original-dst");
  // A direct connection: conntrack answers the socket's own address.
  q.queries[0].attempts[0].original_dst = ep("127.0.0.1:8080");
  CHECK_FALSE(choose_upstream(q, std::nullopt, by, why));
  CHECK(why == reason(ReasonKind::relay_own_listener, "127.0.0.1:8080"));
  CHECK(reason_text(why, Lang::en) ==
        "the original destination 127.0.0.1:8080 is the relay's own listener: connecting would "
        "loop (a direct connection, or no redirect rule in front of the relay)");
  // TPROXY: the local address is the intercepted destination, not a loop.
  q.connection.local = ep("10.0.0.5:80");
  q.queries[0].attempts[0].original_dst = ep("10.0.0.5:80");
  CHECK(choose_upstream(q, std::nullopt, by, why) == ep("10.0.0.5:80"));
  // No destination at all.
  q.queries[0].attempts[0] = answer(1024, 2, 0, {}, ErrorDomain::posix);
  CHECK_FALSE(choose_upstream(q, std::nullopt, by, why));
  CHECK(reason_text(why, Lang::en) ==
        "no original destination (the query failed with error 2 ENOENT) and no --to");
}

TEST_CASE("a loop is told apart from a missing destination in any language", "[relay][i18n]") {
  Attempt a = answer(1024, 0, 16, {}, ErrorDomain::posix);
  a.original_dst = ep("127.0.0.1:8080");
  ConnectionReport q = report_of({with_final(QueryKind::original_dst, Mode::sync, a)});
  q.connection.listener = ep("127.0.0.1:8080");
  UpstreamChoice by = UpstreamChoice::original_dst;
  Reason why;
  for (Lang lang : {Lang::en, Lang::fr}) {
    set_language(lang);
    bool loops = false;
    CHECK_FALSE(choose_upstream(q, std::nullopt, by, why, &loops));
    CHECK(loops);
    ConnectionReport failed = q;
    failed.queries[0].attempts[0] = answer(1024, 2, 0, {}, ErrorDomain::posix);
    loops = false;
    CHECK_FALSE(choose_upstream(failed, std::nullopt, by, why, &loops));
    CHECK_FALSE(loops);
  }
  CHECK_THAT(reason_text(why, Lang::fr), Catch::Contains("pas de destination d'origine"));
  set_language(Lang::en);
}

TEST_CASE("a relayed connection's end is a value worded only by the renderer", "[relay]") {
  RelayPart part;
  part.end = RelayEnd::upstream_timeout;
  part.end_reason = reason(ReasonKind::relay_connect_timeout, "192.0.2.1:80", 5000);
  const std::string en = end_detail_text(part, Lang::en);
  CHECK(en == "connect: no answer from 192.0.2.1:80 within 5000 ms (--connect-timeout)");
  // The French run words the same value in French: the English sentence is
  // not kept anywhere below the renderer.
  const std::string fr = end_detail_text(part, Lang::fr);
  CHECK(fr == trf(Lang::fr, "connect: no answer from {} within {} ms (--connect-timeout)",
                  "192.0.2.1:80", 5000));
  CHECK(fr != en);
  // A connection that came back to the relay's own listener wraps its reason.
  part.looped_back = true;
  part.end_reason = reason(ReasonKind::relay_closed);
  CHECK(end_detail_text(part, Lang::en) ==
        "its upstream connection came back to the relay's own listener (a loop): both sides "
        "closed");
  // A clean end with no reason has no detail.
  RelayPart plain;
  CHECK(end_detail_text(plain, Lang::en).empty());
}
