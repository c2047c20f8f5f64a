// The relay's decisions without sockets: which records are handed on, the
// order of the upstream steps through a recording fake, --strict, the choice
// of upstream and loops, the loop guard, the summary, the exit code and the
// JSON line.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "analysis/relay.h"
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
    return CallRecord{"setsockopt", std::nullopt, 4, 0, 0, std::nullopt, 0, ""};
  }
  CallRecord set_records(const std::vector<std::uint8_t>& records) override {
    log.push_back("set");
    given = records;
    return CallRecord{
        "WSAIoctl", kSioSetRedirectRecords, 0, set_error_ == 0 ? 0 : -1, set_error_, 0, 0, ""};
  }
  void connect() override { log.push_back("connect"); }
  std::vector<std::string> log;
  std::vector<std::uint8_t> given;

 private:
  int set_error_;
  bool has_mark_;
};

ConnectionReport with_records(Attempt a, Verdict v) {
  ConnectionReport r = report_of({with_final(QueryKind::records, Mode::sync, std::move(a))});
  r.verdict = v;
  return r;
}

const std::vector<std::uint8_t> kBlob = {0x01, 0x02, 0x03, 0x00, 0xff, 0x10, 0x20, 0x30};

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
  CHECK(part.set_issued);
  CHECK(part.set_input == kBlob);
  REQUIRE(part.set_call);
  CHECK(part.set_call->error == 0);
}

TEST_CASE("a failing SET is reported and the connection still relays", "[relay]") {
  const ConnectionReport q = with_records(answer(1024, 0, 8, kBlob), Verdict::redirected);
  RecordingSteps steps(10045);
  RelayOptions o;
  RelayPart part;
  const Prepared p = prepare_upstream(steps, q, o, true, part);
  CHECK(p.connecting);
  CHECK(steps.log.back() == "connect");
  REQUIRE(part.set_call);
  CHECK(part.set_call->error == 10045);
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
  CHECK(p.reason.find("10022") != std::string::npos);
}

TEST_CASE("records the query could not read: not set by default, refused by --strict", "[relay]") {
  const ConnectionReport q = with_records(answer(1024, 10045, 0), Verdict::unsupported);
  const RecordsToSet r = records_to_set(q, SetPolicy::automatic, true);
  CHECK_FALSE(r.issue);
  CHECK(r.records_unavailable);
  CHECK(r.why_not.find("10045 WSAEOPNOTSUPP") != std::string::npos);
  RelayOptions o;
  o.strict = true;
  RecordingSteps steps;
  RelayPart part;
  CHECK(prepare_upstream(steps, q, o, true, part).refused == RelayEnd::strict_refused);
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
  CHECK_FALSE(part.set_issued);
  CHECK(part.set_skip_reason == "the records query returned no records");
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
  std::string by, why;
  CHECK(choose_upstream(q, ep("127.0.0.1:9000"), by, why) == ep("127.0.0.1:9000"));
  CHECK(by == "--to");
  CHECK(choose_upstream(q, std::nullopt, by, why) == ep("10.0.0.5:80"));
  CHECK(by == "original-dst");
  // A direct connection: conntrack answers the socket's own address.
  q.queries[0].attempts[0].original_dst = ep("127.0.0.1:8080");
  CHECK_FALSE(choose_upstream(q, std::nullopt, by, why));
  CHECK(why.find("loop") != std::string::npos);
  // TPROXY: the local address is the intercepted destination, not a loop.
  q.connection.local = ep("10.0.0.5:80");
  q.queries[0].attempts[0].original_dst = ep("10.0.0.5:80");
  CHECK(choose_upstream(q, std::nullopt, by, why) == ep("10.0.0.5:80"));
  // No destination at all.
  q.queries[0].attempts[0] = answer(1024, 2, 0, {}, ErrorDomain::posix);
  CHECK_FALSE(choose_upstream(q, std::nullopt, by, why));
  CHECK(why.find("ENOENT") != std::string::npos);
}

TEST_CASE("the loop guard names the connection whose upstream came back", "[relay]") {
  LoopGuard g;
  g.add(40000, 3);
  CHECK_FALSE(g.came_back(ep("127.0.0.1:40001")));
  // Before connect chose the address, the port decides.
  CHECK(g.came_back(ep("10.200.0.1:40000")) == 3u);
  CHECK(g.looped(3));
  CHECK_FALSE(g.looped(4));
  g.remove(40000);
  CHECK_FALSE(g.came_back(ep("127.0.0.1:40000")));
}

TEST_CASE("the loop guard matches the whole endpoint once the address is known", "[relay]") {
  LoopGuard g;
  g.add(40000, 7);
  g.set_address(40000, ep("10.200.0.1:40000"));
  // The same port from another host is not the relay's own socket.
  CHECK_FALSE(g.came_back(ep("192.0.2.5:40000")));
  CHECK_FALSE(g.looped(7));
  // Not loopback, and still caught: the relay's upstream through a redirect.
  CHECK(g.came_back(ep("10.200.0.1:40000")) == 7u);
  CHECK(g.looped(7));
}

TEST_CASE("running out of descriptors is recognised in both domains", "[relay]") {
  CHECK(out_of_descriptors(ErrorDomain::posix, 24));       // EMFILE
  CHECK(out_of_descriptors(ErrorDomain::posix, 23));       // ENFILE
  CHECK(out_of_descriptors(ErrorDomain::posix, 105));      // ENOBUFS
  CHECK(out_of_descriptors(ErrorDomain::windows, 10024));  // WSAEMFILE
  CHECK(out_of_descriptors(ErrorDomain::windows, 10055));  // WSAENOBUFS
  CHECK_FALSE(out_of_descriptors(ErrorDomain::posix, 111));
  CHECK_FALSE(out_of_descriptors(ErrorDomain::windows, 24));
}

TEST_CASE("the summary counts what was shed, the pauses and the dropped reports", "[relay]") {
  RelaySummary s;
  RelayReport shed;
  shed.relay.end = RelayEnd::no_descriptors;
  s.add(shed);
  s.accept_pauses = 2;
  s.paused_seconds = 1.25;
  s.reports_dropped = 9;
  CHECK(s.shed == 1);
  const std::string line = summary_line(s);
  CHECK(line.find("1 shed (out of descriptors)") != std::string::npos);
  CHECK(line.find("accepting paused 2 times (1.2 s)") != std::string::npos);
  CHECK(line.find("9 reports dropped") != std::string::npos);
  CHECK(relay_exit(s, 0, false) == Exit::setup_failed);
  CHECK(to_string(RelayEnd::upstream_timeout) == "upstream-timeout");
  CHECK(to_string(RelayEnd::idle_timeout) == "idle-timeout");
}

TEST_CASE("summary and exit code", "[relay]") {
  RelaySummary s;
  RelayReport ok;
  ok.relay.to_upstream.bytes = ok.relay.to_client.bytes = 100 * 1024 * 1024;
  s.add(ok);
  s.add(ok);
  CHECK(summary_line(s) == "2 connections relayed: 2 closed cleanly; 200.0 MiB each way");
  CHECK(relay_exit(s, 0, false) == Exit::ok);
  CHECK(relay_exit(s, 1, true) == Exit::expectation_failed);
  RelayReport reset;
  reset.relay.end = RelayEnd::client_reset;
  s.add(reset);
  CHECK(relay_exit(s, 0, false) == Exit::unknown);
  RelayReport refused;
  refused.relay.end = RelayEnd::upstream_refused;
  s.add(refused);
  CHECK(relay_exit(s, 0, false) == Exit::setup_failed);
  CHECK(summary_line(s).find("1 upstream refused") != std::string::npos);
}

TEST_CASE("the JSON line is the query's object with a relay member", "[relay]") {
  RelayReport r;
  r.query = with_records(answer(1024, 0, 8, kBlob), Verdict::redirected);
  r.query.index = 7;
  r.relay.upstream = ep("10.0.0.5:80");
  r.relay.chosen_by = "original-dst";
  r.relay.set_issued = true;
  r.relay.set_input = kBlob;
  r.relay.set_call = CallRecord{"WSAIoctl", kSioSetRedirectRecords, 0, -1, 10045, 0, 0.1, ""};
  r.relay.calls.push_back(*r.relay.set_call);
  r.relay.to_upstream.bytes = 5;
  r.relay.to_upstream.eof = true;
  r.relay.domain = ErrorDomain::windows;
  const std::string line = render_relay_json(r, Lang::en, "windows");
  CHECK(line.find('\n') == std::string::npos);
  const auto j = nlohmann::json::parse(line);
  CHECK(j["index"] == 7);
  CHECK(j["verdict"] == "redirected");
  CHECK(j["relay"]["upstream"] == "10.0.0.5:80");
  CHECK(j["relay"]["set_records"]["control_code"] == "0x980000DE");
  CHECK(j["relay"]["set_records"]["hex"] == "01020300ff102030");
  // The shared error object (common.schema.json), as in queries[] and attempts[].
  CHECK(j["relay"]["set_records"]["error"]["code"] == 10045);
  CHECK(j["relay"]["set_records"]["error"]["name"] == "WSAEOPNOTSUPP");
  CHECK(j["relay"]["set_records"]["error"]["domain"] == "windows");
  CHECK(j["relay"]["set_records"]["error"]["documented"] == false);
  CHECK_FALSE(j["relay"]["set_records"]["error"]["meaning"].get<std::string>().empty());
  CHECK(j["relay"]["set_records"]["ok"] == false);
  // No error, no error object: a closed connection's relay and flows have none.
  CHECK_FALSE(j["relay"].contains("error"));
  CHECK_FALSE(j["relay"].contains("error_domain"));
  CHECK_FALSE(j["relay"]["to_upstream"].contains("error"));
  CHECK(j["relay"]["to_upstream"]["bytes"] == 5);
  CHECK(j["relay"]["end"] == "closed");
  RelaySummary s;
  s.add(r);
  const auto sj = nlohmann::json::parse(render_relay_summary_json(s, "windows"));
  CHECK(sj["type"] == "relay-summary");
  CHECK(j["type"] == "connection");
  CHECK(sj["summary"]["connections"] == 1);
  CHECK(sj["summary"]["ends"]["closed"] == 1);
  CHECK(sj["summary"]["set_failed"] == 1);
}

TEST_CASE("relay JSON: each error is the shared error object, meanings in the run's language",
          "[relay]") {
  RelayReport r;
  r.query = with_records(answer(1024, 0, 8, kBlob), Verdict::redirected);
  r.relay.domain = ErrorDomain::posix;
  r.relay.end = RelayEnd::upstream_reset;
  r.relay.error = 104;
  r.relay.to_client.reset = true;
  r.relay.to_client.error = 104;
  r.relay.set_issued = true;
  r.relay.set_call = CallRecord{"WSAIoctl", kSioSetRedirectRecords, 0, 0, 0, 0, 0.1, ""};
  const auto en = nlohmann::json::parse(render_relay_json(r, Lang::en, "linux"));
  const auto fr = nlohmann::json::parse(render_relay_json(r, Lang::fr, "linux"));
  for (const auto* e : {&en["relay"]["error"], &en["relay"]["to_client"]["error"]}) {
    CHECK((*e)["code"] == 104);
    CHECK((*e)["name"] == "ECONNRESET");
    CHECK((*e)["domain"] == "posix");
    CHECK((*e).size() == 7);  // code, name, domain, documented, meaning, hint, system_text
  }
  CHECK(en["relay"]["set_records"]["ok"] == true);
  CHECK_FALSE(en["relay"]["set_records"].contains("error"));
  CHECK(en["relay"]["error"]["meaning"] != fr["relay"]["error"]["meaning"]);
  CHECK_THAT(fr["relay"]["error"]["meaning"].get<std::string>(), Catch::Contains("errno"));
}

TEST_CASE("a loop is told apart from a missing destination in any language", "[relay][i18n]") {
  Attempt a = answer(1024, 0, 16, {}, ErrorDomain::posix);
  a.original_dst = ep("127.0.0.1:8080");
  ConnectionReport q = report_of({with_final(QueryKind::original_dst, Mode::sync, a)});
  q.connection.listener = ep("127.0.0.1:8080");
  std::string by, why;
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
  CHECK_THAT(why, Catch::Contains("pas de destination d'origine"));
  set_language(Lang::en);
}

TEST_CASE("relay text in French: labels, the end in words, the summary", "[relay][i18n]") {
  RelayReport r;
  r.query = with_records(answer(1024, 0, 8, kBlob), Verdict::redirected);
  r.relay.upstream = ep("10.0.0.5:80");
  r.relay.chosen_by = "--to";
  r.relay.domain = ErrorDomain::posix;
  r.relay.end = RelayEnd::upstream_reset;
  r.relay.error = 104;
  r.relay.to_upstream.bytes = 5;
  r.relay.to_client.reset = true;
  r.relay.to_client.error = 104;
  const std::string en = render_relay_text(r, TextStyle{false, false, Lang::en});
  CHECK_THAT(en, Catch::Contains("\nrelay\n  upstream  10.0.0.5:80 (--to)\n"));
  CHECK_THAT(
      en, Catch::Contains("  upstream -> client  0 bytes in 0.000 s, reset, error 104 ECONNRESET"));
  CHECK_THAT(en, Catch::Contains("  ended     upstream-reset after"));
  const std::string fr = render_relay_text(r, TextStyle{false, false, Lang::fr});
  CHECK_THAT(fr, Catch::Contains("\nrelais\n  amont     10.0.0.5:80 (--to)\n"));
  CHECK_THAT(fr,
             Catch::Contains(
                 "  amont -> client     0 octets en 0.000 s, réinitialisé, erreur 104 ECONNRESET"));
  CHECK_THAT(fr, Catch::Contains("  issue     réinitialisée-par-l'amont après"));
  RelaySummary s;
  s.add(r);
  set_language(Lang::fr);
  CHECK(render_relay_summary_text(s, Lang::fr) ==
        "bilan\u00a0: 1 connexion relayée\u00a0: 1 réinitialisée par l'amont\u202f; 5 octets vers "
        "l'amont, "
        "0 octets vers les clients\u202f; au plus 0 à la fois\n");
  set_language(Lang::en);
  CHECK(render_relay_summary_text(s, Lang::en) ==
        "summary: 1 connection relayed: 1 reset by the upstream; 5 bytes to the upstream, 0 bytes "
        "to the clients; at most 0 at once\n");
}
