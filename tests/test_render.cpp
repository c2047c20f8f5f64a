// Unit tests for core/render: the JSON fields README.md documents, and the
// text report's contents.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support.h"
#include "core/render.h"

using namespace wfpredir;

namespace {
ConnectionReport sample() {
  ConnectionReport r;
  r.index = 1;
  r.connection = test::fake_connection_info();
  QueryResult ok;
  ok.kind = QueryKind::records;
  ok.mode = Mode::sync;
  Attempt a;
  a.out_size = 1024;
  a.bytes = 3;
  a.data = {0x01, 0x02, 0xff};
  a.calls.push_back(CallRecord{"WSAIoctl", kSioQueryRedirectRecords, 1024, 0, 0, 3, 0.25, ""});
  ok.attempts.push_back(a);
  QueryResult bad;
  bad.kind = QueryKind::records;
  bad.mode = Mode::apc;
  Attempt b;
  b.out_size = 1024;
  b.error = 10045;
  b.pending = true;
  b.apc = ApcInfo{true, 42, true, 10045, 0, 0};
  bad.attempts.push_back(b);
  QueryResult skipped;
  skipped.kind = QueryKind::context;
  skipped.skipped = true;
  skipped.skip_reason = "why";
  r.queries = {ok, bad, skipped};
  r.verdict = Verdict::redirected;
  r.verdict_reason = "because";
  r.expectation = "redirected";
  r.expectation_held = true;
  return r;
}
}  // namespace

TEST_CASE("JSON carries status, hex, error explanation, attempts and calls", "[render]") {
  const auto j = nlohmann::json::parse(render_json(sample(), Lang::en, "windows"));
  CHECK(j["tool"] == "wfpredir");
  CHECK(j["platform"] == "windows");
  CHECK(j["connection"]["local"] == "127.0.0.1:8080");
  const auto& q = j["queries"];
  REQUIRE(q.size() == 3);
  CHECK(q[0]["status"] == "ok");
  CHECK(q[0]["control_code"] == "0x980000DC");
  CHECK(q[0]["hex"] == "0102ff");
  CHECK(q[0]["attempts"][0]["calls"][0]["function"] == "WSAIoctl");
  CHECK(q[0]["attempts"][0]["calls"][0]["out_size"] == 1024);
  CHECK(q[1]["status"] == "error");
  CHECK(q[1]["error"]["code"] == 10045);
  CHECK(q[1]["error"]["name"] == "WSAEOPNOTSUPP");
  CHECK(q[1]["error"]["documented"] == true);
  CHECK(q[1]["attempts"][0]["apc"]["ran"] == true);
  CHECK(q[1]["attempts"][0]["pending"] == true);
  CHECK(q[2]["status"] == "skipped");
  CHECK(q[2]["skip_reason"] == "why");
  CHECK(j["verdict"] == "redirected");
  CHECK(j["expect"]["held"] == true);
}

TEST_CASE("JSON Lines output is a single line, pretty output is indented", "[render]") {
  const std::string line = render_json(sample(), Lang::en, "linux");
  CHECK(line.find('\n') == std::string::npos);
  CHECK(render_json(sample(), Lang::en, "linux", true).find("\n  \"tool\"") != std::string::npos);
}

TEST_CASE("text report shows the hex dump, the error with its meaning once, and the verdict", "[render]") {
  const std::string t = render_text(sample(), TextStyle{false, true, Lang::en});
  CHECK(t.find("00000000  01 02 ff") != std::string::npos);
  CHECK(t.find("error 10045 WSAEOPNOTSUPP") != std::string::npos);
  CHECK(t.find("meaning:") != std::string::npos);
  CHECK(t.find("completion routine ran on thread 42 (the calling thread)") != std::string::npos);
  CHECK(t.find("call WSAIoctl(0x980000DC, size 1024) = 0, error 0, bytes 3") != std::string::npos);
  CHECK(t.find("skipped: why") != std::string::npos);
  CHECK(t.find("verdict: redirected (because)") != std::string::npos);
  CHECK(t.find("\x1b[") == std::string::npos);
  CHECK(render_text(sample(), TextStyle{true, false, Lang::en}).find("\x1b[32m") != std::string::npos);
}

TEST_CASE("text report in French uses the catalog's French meaning", "[render]") {
  const std::string fr = render_text(sample(), TextStyle{false, false, Lang::fr});
  const std::string en = render_text(sample(), TextStyle{false, false, Lang::en});
  CHECK(fr.find("signification") != std::string::npos);
  CHECK(fr != en);
}

TEST_CASE("a query's status comes from its final attempt", "[render]") {
  QueryResult q;
  q.skipped = true;
  CHECK(status_of(q) == QueryStatus::skipped);
  q.skipped = false;
  Attempt a;
  q.attempts.push_back(a);
  CHECK(status_of(q) == QueryStatus::ok);
  q.attempts.back().error = 995;
  q.attempts.back().timed_out = true;
  CHECK(status_of(q) == QueryStatus::timeout);
  CHECK(to_string(QueryStatus::timeout) == "timeout");
}
