// The documents about a whole run (render_run.h), and the text report's
// explanation printed once per report.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "render/render.h"
#include "run/render_run.h"
#include "support.h"

using namespace wfpredir;
using test::answer;
using test::with_final;

namespace {

ConnectionReport with_verdict(Verdict v) {
  ConnectionReport r = test::report_of({});
  r.verdict = v;
  return r;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the summary line counts each verdict and leaves out the absent ones", "[render]") {
  RunSummary s;
  for (int i = 0; i < 7; ++i) s.add(with_verdict(Verdict::redirected));
  for (int i = 0; i < 2; ++i) s.add(with_verdict(Verdict::not_redirected));
  s.add(with_verdict(Verdict::unsupported));
  CHECK(render_summary_text(s, Lang::en) ==
        "10 connections: 7 redirected, 2 not-redirected, 1 unsupported\n");
  CHECK(render_summary_text(s, Lang::fr) ==
        "10 connexions\u00a0: 7 redirigées, 2 non redirigées, 1 non prise en charge\n");
  s.ended_by = RunEnd::interrupted;
  CHECK(render_summary_text(s, Lang::en) ==
        "10 connections: 7 redirected, 2 not-redirected, 1 unsupported; interrupted (Ctrl-C)\n");
  CHECK(render_summary_text(RunSummary{}, Lang::en) == "0 connections\n");
  RunSummary one;
  one.add(with_verdict(Verdict::unknown));
  one.ended_by = RunEnd::timeout;
  CHECK(render_summary_text(one, Lang::en) ==
        "1 connection: 1 unknown; then no connection within --timeout\n");
  CHECK(render_summary_text(one, Lang::fr) ==
        "1 connexion\u00a0: 1 indéterminée\u202f; puis aucune connexion dans le délai --timeout\n");
  // French agrees every verdict with its count.
  RunSummary twos;
  for (Verdict v :
       {Verdict::redirected, Verdict::not_redirected, Verdict::unknown, Verdict::unsupported}) {
    twos.add(with_verdict(v));
    twos.add(with_verdict(v));
  }
  CHECK(render_summary_text(twos, Lang::en) ==
        "8 connections: 2 redirected, 2 not-redirected, 2 unknown, 2 unsupported\n");
  CHECK(render_summary_text(twos, Lang::fr) ==
        "8 connexions\u00a0: 2 redirigées, 2 non redirigées, 2 indéterminées, 2 non prises en "
        "charge\n");
  CHECK(render_summary_text(RunSummary{}, Lang::fr) == "0 connexion\n");  // French: 0 is singular
}

TEST_CASE("the summary object: one line, every verdict counted, exit code, elapsed, end",
          "[render]") {
  RunSummary s;
  s.add(with_verdict(Verdict::redirected));
  s.add(with_verdict(Verdict::unknown));
  s.exit_code = 1;
  s.elapsed_ms = 12.5;
  s.ended_by = RunEnd::count;
  const std::string text = render_summary_json(s);
  CHECK(text.find('\n') == std::string::npos);
  const auto j = nlohmann::json::parse(text);
  CHECK(j["schema_version"] == 1);
  CHECK(j["type"] == "summary");
  CHECK(j["connections"] == 2);
  CHECK(j["verdicts"] ==
        nlohmann::json(
            {{"redirected", 1}, {"not-redirected", 0}, {"unknown", 1}, {"unsupported", 0}}));
  CHECK(j["exit_code"] == 1);
  CHECK(j["elapsed_ms"] == 12.5);
  CHECK(j["ended_by"] == "count");
}

TEST_CASE("how a run ended, from its exit code and what stopped it", "[render]") {
  SetupError timed_out{SetupError::Kind::timed_out, "accept", ErrorDomain::posix, 0, "gave up"};
  SetupError failed{SetupError::Kind::failed, "bind", ErrorDomain::posix, 98, ""};
  CHECK(run_end_of(Exit::ok, nullptr) == RunEnd::count);
  CHECK(run_end_of(Exit::unsupported, nullptr) == RunEnd::count);
  CHECK(run_end_of(Exit::timed_out, &timed_out) == RunEnd::timeout);
  CHECK(run_end_of(Exit::setup_failed, &failed) == RunEnd::error);
  CHECK(run_end_of(Exit::input_error, nullptr) == RunEnd::error);
  CHECK(run_end_of(Exit::interrupted, nullptr) == RunEnd::interrupted);
  CHECK(run_end_of(Exit::terminated, nullptr) == RunEnd::terminated);
  CHECK(to_string(RunEnd::timeout) == "timeout");
}

TEST_CASE("a setup failure's document carries the same error object as a query", "[render]") {
  const SetupError e{SetupError::Kind::failed, "bind 127.0.0.1:8080", ErrorDomain::posix, 98, ""};
  const auto j =
      nlohmann::ordered_json::parse(render_setup_error_json(e, Exit::setup_failed, Lang::en, true));
  CHECK(j["schema_version"] == 1);
  CHECK(j["type"] == "error");
  CHECK(j["exit_code"] == 3);
  CHECK(j["kind"] == "failed");
  CHECK(j["operation"] == "bind 127.0.0.1:8080");
  std::vector<std::string> keys;
  for (const auto& [k, v] : j["error"].items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"code", "name", "domain", "documented", "meaning", "hint",
                                         "system_text"});
  CHECK(j["error"]["name"] == "EADDRINUSE");
  CHECK(j["error"]["domain"] == "posix");
  CHECK(j["error"]["documented"] == false);
  CHECK(j["message"].get<std::string>().find("error 98 (EADDRINUSE)") != std::string::npos);

  const SetupError t{SetupError::Kind::timed_out, "accept", ErrorDomain::posix, 0,
                     "gave up after 1 s"};
  const std::string line = render_setup_error_json(t, Exit::timed_out, Lang::en, false);
  CHECK(line.find('\n') == std::string::npos);
  const auto k = nlohmann::json::parse(line);
  CHECK(k["kind"] == "timed_out");
  CHECK(!k.contains("error"));  // no code from the system: no error object
  CHECK(k["message"] == "accept: gave up after 1 s");
}

TEST_CASE("--version as JSON", "[render]") {
  const auto j = nlohmann::json::parse(render_version_json(BuildInfo{"1.2.3", "abc", "t", "c"}));
  CHECK(j["schema_version"] == 1);
  CHECK(j["type"] == "version");
  CHECK(j["version"] == "1.2.3");
  CHECK(j.size() == 7);
}

TEST_CASE("--quiet: peer, verdict, original destination or -", "[render]") {
  ConnectionReport r = test::report_of({});
  r.verdict = Verdict::not_redirected;
  CHECK(render_quiet_line(r) == "127.0.0.1:5000 not-redirected -\n");
  Attempt a = answer(16, 0, 16, {}, ErrorDomain::posix);
  a.original_dst = test::ep("10.0.0.1:80");
  r.queries.push_back(with_final(QueryKind::original_dst, Mode::sync, a));
  r.verdict = Verdict::redirected;
  CHECK(render_quiet_line(r) == "127.0.0.1:5000 redirected 10.0.0.1:80\n");
}

TEST_CASE("text: an error shared by several queries is explained once per report", "[render]") {
  ConnectionReport r = test::report_of({});
  for (QueryKind k : {QueryKind::records, QueryKind::context})
    for (Mode m : {Mode::sync, Mode::event, Mode::apc})
      r.queries.push_back(with_final(k, m, answer(1024, 10045, 0)));
  const std::string t = render_text(r, TextStyle{false, false, Lang::en});
  CHECK(count_of(t, "error 10045 WSAEOPNOTSUPP") == 6);  // each query says what it got
  CHECK(count_of(t, "hint:") == 1);                      // the hint once
  // The verdict comes last, after a blank line.
  CHECK(t.rfind("\nverdict: ") > t.rfind("hint:"));
}
