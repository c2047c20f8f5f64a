#pragma once
// The connection reports the renderer tests share (test_render.cpp,
// test_render_doctor.cpp): sample(), with an answered, a failed and a skipped
// query, and full(), with every optional field set.
#include "model/report.h"
#include "support.h"

namespace wfpredir::test {

/// A report with an answered query (sync), a failed one (apc) and a skipped one.
inline ConnectionReport sample() {
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
  a.calls.push_back(CallRecord{"WSAIoctl", kSioQueryRedirectRecords, 1024, 0, 0, 3, 0.25, {}});
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
  skipped.skip_reason = reason(ReasonKind::verbatim, "why");
  r.queries = {ok, bad, skipped};
  r.verdict = Verdict::redirected;
  r.verdict_reason = test::given("because");
  r.expectation = "redirected";
  r.expectation_held = true;
  return r;
}

// A report with every optional field set, so the JSON round trip covers them.
inline ConnectionReport full() {
  ConnectionReport r = sample();
  r.index = 7;
  r.connection.listener = test::ep("0.0.0.0:8080");
  r.skipped_modes.push_back(
      SkippedMode{Mode::event, reason(ReasonKind::verbatim, "no events here")});
  QueryResult od;
  od.kind = QueryKind::original_dst;
  Attempt a;
  a.out_size = 16;
  a.bytes = 16;
  a.data = {0x02, 0x00, 0x00, 0x50};
  a.original_dst = test::ep("10.0.0.1:80");
  a.mechanism = "SO_ORIGINAL_DST";
  a.domain = ErrorDomain::posix;
  a.calls.push_back(CallRecord{"getsockopt", std::nullopt, 16, -1, 2, std::nullopt, 1.5e-7,
                               note(NoteKind::odst_level_ip)});
  od.attempts.push_back(a);
  od.policy_note = test::given("retried");
  od.saved_to = std::string("out/7.original-dst.bin");
  r.queries.push_back(od);
  r.agreement.push_back(Agreement{QueryKind::records,
                                  false,
                                  {reason(ReasonKind::agreement_bytes, "sync", 3),
                                   reason(ReasonKind::agreement_error, "apc", 10045)}});
  return r;
}

}  // namespace wfpredir::test
