// Unit tests for render/render_json_parts: the calls, completion-routine and
// error objects that `query`, `query --udp` and `relay` write through one
// writer, each under the key names its document has always used.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "render/render.h"
#include "render/render_relay.h"
#include "render/render_udp.h"
#include "support.h"

using namespace wfpredir;

namespace {

// The text from \p key up to the bracket or brace that closes its value.
std::string member(const std::string& doc, const std::string& key) {
  const std::string open = "\"" + key + "\":";
  const std::size_t at = doc.find(open);
  if (at == std::string::npos) return "";
  const std::size_t start = at + open.size();
  int depth = 0;
  for (std::size_t i = start; i < doc.size(); ++i) {
    const char c = doc[i];
    if (c == '"') {
      for (++i; i < doc.size() && doc[i] != '"'; ++i)
        if (doc[i] == '\\') ++i;
      continue;
    }
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') {
      if (--depth == 0) return doc.substr(at, i + 1 - at);
    }
  }
  return "";
}

const CallRecord kIoctl{"WSAIoctl", kSioQueryRedirectRecords,
                        1024,       -1,
                        997,        1024,
                        0.25,       note(NoteKind::completed_immediately)};
const CallRecord kResult{"WSAGetOverlappedResult", std::nullopt, std::nullopt, 1, 0, 3, 0.5, {}};

}  // namespace

TEST_CASE("query JSON: calls say last_error and bytes_returned_raw, the routine dw_*", "[render]") {
  Attempt a = test::answer(1024, 0, 3, {1, 2, 3});
  a.calls = {kIoctl, kResult};
  a.apc = ApcInfo{true, 42, true, 0, 3, 0};
  const std::string doc =
      render_json(test::report_of({test::with_final(QueryKind::records, Mode::apc, a)}), Lang::en,
                  "windows", false);
  CHECK(member(doc, "apc") ==
        R"("apc":{"ran":true,"thread_id":42,"on_calling_thread":true,"dw_error":0,)"
        R"("cb_transferred":3,"dw_flags":0})");
  CHECK(member(doc, "calls") ==
        R"("calls":[{"function":"WSAIoctl","control_code":"0x980000DC","out_size":1024,"ret":-1,)"
        R"("last_error":997,"bytes_returned_raw":1024,"ms":0.25,"note":"completed immediately"},)"
        R"({"function":"WSAGetOverlappedResult","ret":1,"last_error":0,"bytes_returned_raw":3,)"
        R"("ms":0.5}])");
}

TEST_CASE(
    "query --udp JSON: calls say last_error and bytes_returned_raw, no size; the routine dw_*",
    "[udp][render]") {
  UdpReport r;
  r.index = 1;
  r.datagram.layout = kWindowsX64Cmsg;
  r.datagram.domain = ErrorDomain::windows;
  r.datagram.apc = ApcInfo{true, 42, false, 0, 5, 2};
  CallRecord recv = kIoctl;
  recv.function = "WSARecvMsg";
  recv.control_code.reset();
  r.datagram.calls = {recv, kResult};
  const std::string doc = render_udp_json(r, Lang::en, "windows");
  CHECK(member(doc, "apc") ==
        R"("apc":{"ran":true,"thread_id":42,"on_calling_thread":false,"dw_error":0,)"
        R"("cb_transferred":5,"dw_flags":2})");
  CHECK(
      member(doc, "calls") ==
      R"("calls":[{"function":"WSARecvMsg","ret":-1,"last_error":997,"bytes_returned_raw":1024,"ms":0.25,)"
      R"("note":"completed immediately"},{"function":"WSAGetOverlappedResult","ret":1,"last_error":0,)"
      R"("bytes_returned_raw":3,"ms":0.5}])");
}

TEST_CASE("relay JSON: calls say last_error and bytes_returned_raw, with the control code, no size",
          "[relay][render]") {
  RelayReport r;
  r.query = test::report_of(
      {test::with_final(QueryKind::records, Mode::sync, test::answer(1024, 0, 3, {1, 2, 3}))});
  r.relay.calls = {kIoctl, kResult};
  r.relay.domain = ErrorDomain::windows;
  const std::string doc = render_relay_json(r, Lang::en, "windows");
  const std::string relay = member(doc, "relay");
  CHECK(member(relay.substr(8), "calls") ==
        R"("calls":[{"function":"WSAIoctl","control_code":"0x980000DC","ret":-1,"last_error":997,)"
        R"("bytes_returned_raw":1024,"ms":0.25,"note":"completed immediately"},)"
        R"({"function":"WSAGetOverlappedResult",)"
        R"("ret":1,"last_error":0,"bytes_returned_raw":3,"ms":0.5}])");
}
