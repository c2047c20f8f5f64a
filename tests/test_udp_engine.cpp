// Unit tests for run/udp_engine: run_udp_query's loop (the modes in turn, the
// kernel's records and the verdict drawn again, the exit codes, a socket that
// cannot be opened) against a scripted UDP source. The real backends are
// tested in e2e/netns_udp.sh (TPROXY) and test_win32_udp.cpp (the seam).
#include <catch2/catch.hpp>

#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "run/engine.h"
#include "run/udp_engine.h"
#include "support.h"
#include "udp_report_builder.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

/// What a source was asked, kept by the test: the run destroys the source.
struct Asked {
  std::vector<Mode> modes;  ///< the mode of each receive
  unsigned records = 0;     ///< kernel_records calls
};

/// Hands out queued datagrams (or setup errors), then times out; tells
/// \p asked what it was asked.
class FakeUdpSource final : public UdpSource {
 public:
  explicit FakeUdpSource(Asked& asked) : asked_(asked) {}
  UdpSocketInfo socket;
  std::deque<std::variant<Datagram, SetupError>> queue;
  bool add_records = false;  ///< kernel_records puts a records message in, as a backend would

  std::string waiting_for() const override { return "a fake datagram"; }
  UdpSocketInfo info() const override { return socket; }
  std::variant<Datagram, SetupError> receive(Mode mode, std::optional<Millis>) override {
    asked_.modes.push_back(mode);
    if (queue.empty()) {
      SetupError e;
      e.kind = SetupError::Kind::timed_out;
      e.message = "no datagram arrived";
      return e;
    }
    auto next = std::move(queue.front());
    queue.pop_front();
    return next;
  }
  bool kernel_records(UdpReport& r) const override {
    ++asked_.records;
    if (!add_records) return false;
    put_records(r);
    return true;
  }

 private:
  Asked& asked_;
};

/// A datagram as windows_udp_report has it, with the records message when \p redirected.
Datagram datagram(bool redirected) {
  UdpReport r = windows_udp_report();
  if (redirected) put_records(r);
  return r.datagram;
}

struct Run {
  Exit rc = Exit::ok;
  std::vector<UdpReport> reports;
  std::string status;
  std::optional<SetupError> stopped_by;
};

Run run(FakePlatform& p, const QueryOptions& o) {
  Run out;
  std::FILE* status = std::tmpfile();
  out.rc = run_udp_query(
      p, o, [&](const UdpReport& r) { out.reports.push_back(r); }, status, &out.stopped_by);
  std::rewind(status);
  char buf[4096] = {};
  out.status = std::string(buf, std::fread(buf, 1, sizeof buf - 1, status));
  std::fclose(status);
  return out;
}

QueryOptions listening(unsigned count) {
  QueryOptions o;
  o.target = ListenTarget{ep("127.0.0.1:5353")};
  o.count = count;
  return o;
}

}  // namespace

TEST_CASE("run_udp_query reports each datagram in the platform's modes in turn, then the timeout",
          "[udp_engine]") {
  FakePlatform p;
  Asked asked;
  auto source = std::make_unique<FakeUdpSource>(asked);
  FakeUdpSource& s = *source;
  s.socket = windows_udp_report().socket;
  s.queue.emplace_back(datagram(true));
  s.queue.emplace_back(datagram(false));
  s.queue.emplace_back(datagram(true));
  p.udp_source = std::move(source);
  const Run r = run(p, listening(4));
  REQUIRE(r.reports.size() == 3);
  CHECK(r.reports[0].index == 1);
  CHECK(r.reports[2].index == 3);
  // Every report carries the socket as opened.
  CHECK(r.reports[1].socket.options.size() == 2);
  // "all" modes: sync, event, apc, then sync again for the fourth receive.
  CHECK(asked.modes == std::vector<Mode>{Mode::sync, Mode::event, Mode::apc, Mode::sync});
  CHECK(r.reports[0].verdict == Verdict::redirected);
  CHECK(r.reports[1].verdict != Verdict::redirected);
  CHECK(r.rc == Exit::timed_out);
  REQUIRE(r.stopped_by);
  CHECK(r.stopped_by->kind == SetupError::Kind::timed_out);
  CHECK(r.status.find("waiting for a fake datagram") != std::string::npos);
}

TEST_CASE("run_udp_query: one mode asked is used for every receive", "[udp_engine]") {
  FakePlatform p;
  Asked asked;
  auto source = std::make_unique<FakeUdpSource>(asked);
  FakeUdpSource& s = *source;
  s.queue.emplace_back(datagram(true));
  s.queue.emplace_back(datagram(true));
  p.udp_source = std::move(source);
  QueryOptions o = listening(2);
  o.modes = std::get<ModeChoice>(choose_modes(p, Mode::apc, kWords));
  const Run r = run(p, o);
  CHECK(asked.modes == std::vector<Mode>{Mode::apc, Mode::apc});
  CHECK(r.rc == Exit::ok);
}

TEST_CASE("run_udp_query draws the verdict again with the kernel's records", "[udp_engine]") {
  FakePlatform p;
  Asked asked;
  auto source = std::make_unique<FakeUdpSource>(asked);
  FakeUdpSource& s = *source;
  s.socket = windows_udp_report().socket;
  s.queue.emplace_back(datagram(false));
  s.add_records = true;
  p.udp_source = std::move(source);
  const Run r = run(p, listening(1));
  CHECK(asked.records == 1);
  REQUIRE(r.reports.size() == 1);
  // Without the second conclusion the records the kernel added would not count.
  CHECK(r.reports[0].verdict == Verdict::redirected);
  CHECK(r.rc == Exit::ok);
}

TEST_CASE("run_udp_query with --expect exits 0 or 5 on the verdicts", "[udp_engine]") {
  for (const bool redirected : {true, false}) {
    FakePlatform p;
    Asked asked;
    auto source = std::make_unique<FakeUdpSource>(asked);
    source->socket = windows_udp_report().socket;
    source->queue.emplace_back(datagram(redirected));
    p.udp_source = std::move(source);
    QueryOptions o = listening(1);
    o.expect = *parse_expectation("redirected");
    const Run r = run(p, o);
    REQUIRE(r.reports.size() == 1);
    CHECK(r.reports[0].expectation_held == redirected);
    CHECK(r.rc == (redirected ? Exit::ok : Exit::expectation_failed));
  }
}

TEST_CASE("run_udp_query: a socket that cannot be opened, and a target that is not a port",
          "[udp_engine]") {
  SECTION("no UDP backend: the platform's answer, said and kept") {
    FakePlatform p;  // no udp_source: the base Platform's "no UDP backend"
    const Run r = run(p, listening(1));
    CHECK(r.reports.empty());
    REQUIRE(r.stopped_by);
    CHECK(r.stopped_by->kind == SetupError::Kind::unsupported);
    CHECK(r.status.find("wfpredir: error: ") != std::string::npos);
    CHECK(r.status.find("this platform has no UDP backend") != std::string::npos);
    CHECK(r.rc == exit_for(*r.stopped_by, p));
  }
  SECTION("a connect target is refused as usage") {
    FakePlatform p;
    Asked asked;
    p.udp_source = std::make_unique<FakeUdpSource>(asked);
    QueryOptions o;
    o.target = ConnectTarget{"127.0.0.1", 80};
    const Run r = run(p, o);
    CHECK(r.rc == Exit::usage);
    CHECK(r.status.find("UDP needs a port to listen on") != std::string::npos);
  }
}
