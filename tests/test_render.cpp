// Unit tests for render/render_json and render/render_text: the JSON fields
// README.md documents (a connection, the catalog, dump's envelope), and the
// text report's contents. The doctor's renderer is tested in
// test_render_doctor.cpp, the decodings' in test_render_decode.cpp.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "render/render.h"
#include "render_samples.h"
#include "text/hexdump.h"

using namespace wfpredir;
using namespace wfpredir::test;

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
  // --pretty on any document: the same document, indented.
  CHECK(pretty_json(line) == render_json(sample(), Lang::en, "linux", true));
  CHECK(pretty_json("not json") == "not json");
}

TEST_CASE("original_destination: the address with its evidence, or null with the reason",
          "[render]") {
  ConnectionReport r = sample();
  QueryResult od;
  od.kind = QueryKind::original_dst;
  Attempt a;
  a.domain = ErrorDomain::posix;
  a.error = 2;
  od.attempts.push_back(a);
  r.queries.push_back(od);
  auto j = nlohmann::json::parse(render_json(r, Lang::en, "linux"))["original_destination"];
  CHECK(j["address"].is_null());
  CHECK(j["port"].is_null());
  CHECK(j["family"].is_null());
  CHECK(j["evidence"].is_null());
  CHECK(j["reason"] == "SO_ORIGINAL_DST failed with ENOENT");
  // A dual-stack socket's IPv4 destination is IPv4, the mapped form beside it.
  r.queries.back().attempts[0].error = 0;
  r.queries.back().attempts[0].original_dst = test::ep("[::ffff:10.0.0.1]:443");
  r.queries.back().attempts[0].mechanism = "IP6T_SO_ORIGINAL_DST";
  j = nlohmann::json::parse(render_json(r, Lang::en, "linux"))["original_destination"];
  CHECK(j["address"] == "10.0.0.1");
  CHECK(j["port"] == 443);
  CHECK(j["family"] == "ipv4");
  CHECK(j["mapped"] == "::ffff:10.0.0.1");
  CHECK(j["evidence"] == "so_original_dst");
  CHECK(!j.contains("reason"));
  r.queries.back().attempts[0].mechanism = "IP_TRANSPARENT local address";
  j = nlohmann::json::parse(render_json(r, Lang::en, "linux"))["original_destination"];
  CHECK(j["evidence"] == "tproxy_local_address");
  // Windows records and context are opaque: no address, and why.
  r.queries.pop_back();
  j = nlohmann::json::parse(render_json(r, Lang::fr, "windows"))["original_destination"];
  CHECK(j["address"].is_null());
  CHECK(j["reason"].get<std::string>().find("opaque") != std::string::npos);
}

TEST_CASE("JSON round trip: every field of the report, in the documented order", "[render]") {
  const ConnectionReport r = full();
  const auto j = nlohmann::ordered_json::parse(render_json(r, Lang::en, "linux"));
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"schema_version", "type", "tool", "version", "platform",
                                         "index", "connection", "original_destination",
                                         "skipped_modes", "queries", "agreement", "verdict",
                                         "verdict_reason", "expect"});
  CHECK(j["schema_version"] == 1);
  CHECK(j["type"] == "connection");
  CHECK(j["version"] == WFPREDIR_VERSION);
  CHECK(j["index"] == 7);
  CHECK(j["connection"]["listener"] == "0.0.0.0:8080");
  CHECK(j["connection"]["family"] == "ipv4");
  CHECK(j["skipped_modes"][0]["mode"] == "event");
  CHECK(j["skipped_modes"][0]["reason"] == "no events here");
  CHECK(j["original_destination"] ==
        nlohmann::ordered_json::parse(R"({"address":"10.0.0.1","port":80,"family":"ipv4",)"
                                      R"("evidence":"so_original_dst"})"));
  const auto& od = j["queries"][3];
  CHECK(od["query"] == "original-dst");
  CHECK(!od.contains("control_code"));
  CHECK(od["address"] == "10.0.0.1:80");
  CHECK(od["mechanism"] == "SO_ORIGINAL_DST");
  CHECK(od["hex"] == "02000050");
  CHECK(od["buffer_note"] == "retried");
  CHECK(od["saved_to"] == "out/7.original-dst.bin");
  const auto& call = od["attempts"][0]["calls"][0];
  CHECK(!call.contains("control_code"));
  CHECK(!call.contains("bytes"));
  CHECK(!call.contains("bytes_returned_raw"));
  CHECK(call["last_error"].is_number());
  CHECK(call["ret"] == -1);
  CHECK(call["ms"].get<double>() == 1.5e-7);
  CHECK(call["note"] == "level SOL_IP, optname SO_ORIGINAL_DST (80)");
  const auto& apc = j["queries"][1]["attempts"][0]["apc"];
  CHECK(apc["thread_id"] == 42);
  CHECK(apc["on_calling_thread"] == true);
  CHECK(apc["dw_error"] == 10045);
  CHECK(!apc.contains("error"));
  // One shape for one idea: the attempt's error is the query's error object.
  CHECK(j["queries"][1]["attempts"][0]["error"] == j["queries"][1]["error"]);
  CHECK(j["queries"][1]["error"]["domain"] == "windows");
  CHECK(j["agreement"][0]["query"] == "records");
  CHECK(j["agreement"][0]["agree"] == false);
  CHECK(j["agreement"][0]["differences"] ==
        nlohmann::ordered_json({"sync: 3 bytes", "apc: error 10045"}));
  CHECK(j["expect"]["wanted"] == "redirected");
  // Pretty and compact are the same document.
  CHECK(nlohmann::ordered_json::parse(render_json(r, Lang::en, "linux", true)) == j);
}

TEST_CASE("JSON stays valid with control characters and invalid UTF-8 in texts", "[render]") {
  ConnectionReport r = sample();
  const std::string reason =
      std::string("tab\there \"quoted\" back\\slash \x01\x1f nul:") + std::string(1, '\0') + "end";
  r.verdict_reason = test::given(reason);
  // A truncated sequence, a lone continuation byte, an invalid lead byte, and
  // valid UTF-8 (e acute) that must be kept.
  // A file name (--save) may hold any bytes on Linux.
  r.queries[0].saved_to = std::string("a\xe2\x82 b\x80 c\xff d\xc3\xa9");
  const std::string text = render_json(r, Lang::en, "windows");
  CHECK(text.find('\x01') == std::string::npos);
  CHECK(text.find('\n') == std::string::npos);
  const auto j = nlohmann::json::parse(text);  // throws on invalid UTF-8
  CHECK(j["verdict_reason"] == reason);
  CHECK(j["queries"][0]["saved_to"] == "a\xef\xbf\xbd b\xef\xbf\xbd c\xef\xbf\xbd d\xc3\xa9");
}

TEST_CASE("JSON escapes a quote, backslash or control character wherever it sits", "[render]") {
  for (const char special : {'"', '\\', '\x1f', '\n', '\x7f'}) {
    for (std::size_t at = 0; at < 20; ++at) {
      ConnectionReport r = sample();
      std::string reason(20, 'a');
      reason[at] = special;
      r.verdict_reason = test::given(reason);
      INFO("byte " << static_cast<int>(special) << " at " << at);
      CHECK(nlohmann::json::parse(render_json(r, Lang::en, "linux"))["verdict_reason"] == reason);
    }
  }
}

TEST_CASE("dump JSON: the envelope around hex written in chunks is one document", "[render]") {
  std::vector<std::uint8_t> bytes(1000);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 7);
  std::string tail;
  std::string text = render_dump_json_envelope("dir/\"odd\"\x01.bin", bytes.size(), tail);
  const std::span<const std::uint8_t> all(bytes);
  append_hex(all.first(1), text);
  append_hex(all.subspan(1, 600), text);
  append_hex(all.subspan(601), text);
  text += tail;
  const auto j = nlohmann::ordered_json::parse(text);
  CHECK(j["file"] == "dir/\"odd\"\x01.bin");
  CHECK(j["size"] == 1000);
  CHECK(j["hex"] == hex_string(bytes));
  CHECK(j["schema_version"] == 1);
  CHECK(j["type"] == "dump");
  CHECK(j.size() == 5);
  std::string empty_tail;
  const auto empty =
      nlohmann::json::parse(render_dump_json_envelope("e", 0, empty_tail) + empty_tail);
  CHECK(empty["hex"] == "");
}

TEST_CASE("catalog JSON is a document holding an array of explanations", "[render]") {
  const Explanation e[] = {explain(ErrorDomain::windows, 10045, Lang::en),
                           explain(ErrorDomain::posix, 2, Lang::fr)};
  const auto doc = nlohmann::json::parse(render_catalog_json(e));
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["type"] == "errors");
  const auto& j = doc["errors"];
  REQUIRE(j.size() == 2);
  CHECK(j[0]["code"] == 10045);
  CHECK(j[0]["name"] == "WSAEOPNOTSUPP");
  CHECK(j[1]["domain"] == "posix");
  CHECK(nlohmann::json::parse(render_catalog_json({}))["errors"] == nlohmann::json::array());
}

TEST_CASE("text report shows the hex dump, the error with its meaning once, and the verdict",
          "[render]") {
  const std::string t = render_text(sample(), TextStyle{false, true, Lang::en});
  CHECK(t.find("00000000  01 02 ff") != std::string::npos);
  CHECK(t.find("error 10045 WSAEOPNOTSUPP") != std::string::npos);
  CHECK(t.find("meaning:") != std::string::npos);
  CHECK(t.find("completion routine ran on thread 42 (the calling thread)") != std::string::npos);
  CHECK(t.find("call WSAIoctl(0x980000DC, size 1024) = 0, error 0, bytes 3") != std::string::npos);
  CHECK(t.find("skipped: why") != std::string::npos);
  CHECK(t.find("verdict: redirected (because)") != std::string::npos);
  CHECK(t.find("\x1b[") == std::string::npos);
  CHECK(render_text(sample(), TextStyle{true, false, Lang::en}).find("\x1b[32m") !=
        std::string::npos);
}

TEST_CASE("a Linux text report says once that the Windows control codes are not here", "[render]") {
  ConnectionReport r;
  r.index = 1;
  r.connection = test::fake_connection_info();
  r.skipped_modes = {SkippedMode{Mode::event, reason(ReasonKind::verbatim, "windows only")},
                     SkippedMode{Mode::apc, reason(ReasonKind::verbatim, "same")}};
  for (QueryKind k : {QueryKind::records, QueryKind::context}) {
    QueryResult q;
    q.kind = k;
    q.skipped = true;
    q.skip_reason = reason(ReasonKind::verbatim, "a Windows control code");
    r.queries.push_back(q);
  }
  QueryResult od;
  od.kind = QueryKind::original_dst;
  Attempt a;
  a.domain = ErrorDomain::posix;
  a.bytes = 16;
  a.data = {0x02, 0x00, 0x00, 0x50, 10, 0, 0, 1};
  a.original_dst = test::ep("10.0.0.1:80");
  a.mechanism = "SO_ORIGINAL_DST";
  od.attempts.push_back(a);
  r.queries.push_back(od);
  const std::string t = render_text(r, TextStyle{false, false, Lang::en});
  CHECK(t.find("skipped") == std::string::npos);
  CHECK(t.find("SIO_QUERY_WFP_*) and the event and apc modes do not exist here (--verbose") !=
        std::string::npos);
  // The address once in the queries: no bytes or decoding repeating it.
  CHECK(t.find("10.0.0.1:80") == t.rfind("10.0.0.1:80"));
  TextStyle verbose{false, false, Lang::en};
  verbose.verbose = true;
  const std::string v = render_text(r, verbose);
  CHECK(v.find("mode event skipped: windows only") != std::string::npos);
  CHECK(v.find("sync   skipped: a Windows control code") != std::string::npos);
  CHECK(v.find("00000000  02 00 00 50") != std::string::npos);
}

TEST_CASE("an IPv4 client of a dual-stack socket reads as IPv4, the mapped form beside it",
          "[render]") {
  ConnectionReport r = sample();
  r.connection.family = Family::ipv6;
  r.connection.peer = test::ep("[::ffff:192.0.2.7]:5000");
  const std::string t = render_text(r, TextStyle{false, false, Lang::en});
  CHECK(t.find("tcp ipv4 (on a dual-stack ipv6 socket)") != std::string::npos);
  CHECK(t.find("peer 192.0.2.7:5000 ([::ffff:192.0.2.7]:5000)") != std::string::npos);
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
