// The relay's model without sockets: running out of descriptors, the
// summary and the exit code, and the JSON and text lines. The upstream
// decisions: test_relay_plan.cpp; the loop guard: test_loop_guard.cpp.
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
  r.relay.chosen_by = UpstreamChoice::original_dst;
  r.relay.set_input = kBlob;
  r.relay.calls.push_back(CallRecord{"WSAIoctl", kSioSetRedirectRecords, 0, -1, 10045, 0, 0.1, {}});
  r.relay.set_call_at = 0;
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

TEST_CASE("a connection that ended before its upstream was chosen says no chooser", "[relay]") {
  // An abandoned query or a loop refused at once: relay_run never chose the
  // upstream, and chosen_by is empty (relay.schema.json), not a default.
  RelayReport r;
  r.query = with_records(answer(1024, 0, 8, kBlob), Verdict::redirected);
  r.relay.end = RelayEnd::query_abandoned;
  const auto j = nlohmann::json::parse(render_relay_json(r, Lang::en, "linux"));
  CHECK(j["relay"]["chosen_by"] == "");
  CHECK(to_string(UpstreamChoice::none).empty());
  CHECK(to_string(UpstreamChoice::original_dst) == "original-dst");
  CHECK(to_string(UpstreamChoice::to_option) == "--to");
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
  r.relay.calls.push_back(CallRecord{"WSAIoctl", kSioSetRedirectRecords, 0, 0, 0, 0, 0.1, {}});
  r.relay.set_call_at = static_cast<int>(r.relay.calls.size()) - 1;
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

TEST_CASE("relay text in French: labels, the end in words, the summary", "[relay][i18n]") {
  RelayReport r;
  r.query = with_records(answer(1024, 0, 8, kBlob), Verdict::redirected);
  r.relay.upstream = ep("10.0.0.5:80");
  r.relay.chosen_by = UpstreamChoice::to_option;
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
