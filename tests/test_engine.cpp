// Unit tests for core/engine: the buffer policy, verdicts, agreement,
// --expect and the run loop, against a scripted fake platform. The real
// backends are tested in test_query_win32.cpp (through the WSAIoctl seam)
// and e2e/netns_redirect.sh (real netfilter redirects).
#include <catch2/catch.hpp>

#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>

#include "core/engine.h"
#include "support.h"

using namespace wfpredir;
using wfpredir::test::ep;

namespace {

using Script = std::function<Attempt(QueryKind, Mode, std::uint32_t)>;

Attempt answer(std::uint32_t out_size, int error, std::uint32_t bytes, std::vector<std::uint8_t> data = {}) {
  Attempt a;
  a.out_size = out_size;
  a.error = error;
  a.bytes = bytes;
  a.data = std::move(data);
  return a;
}

// A blob provider following the documented contract: 122 and the required
// size when the buffer is too small, the blob otherwise.
Script needs(std::uint32_t size, int too_small_error = 122, bool give_size = true) {
  return [=](QueryKind, Mode, std::uint32_t out) {
    if (out < size) return answer(out, too_small_error, give_size ? size : 0);
    return answer(out, 0, size, std::vector<std::uint8_t>(size, 0xAB));
  };
}

class FakeConnection final : public Connection {
 public:
  explicit FakeConnection(Script s) : script_(std::move(s)) {}
  ConnectionInfo info() const override { return test::fake_connection_info(); }
  Attempt issue(QueryKind kind, Mode mode, std::uint32_t out_size, Millis) override {
    sizes.push_back(out_size);
    return script_(kind, mode, out_size);
  }
  std::vector<std::uint32_t> sizes;

 private:
  Script script_;
};

class FakeSource final : public Source {
 public:
  std::deque<std::variant<std::unique_ptr<Connection>, SetupError>> queue;
  std::string waiting_for() const override { return "a fake connection"; }
  std::variant<std::unique_ptr<Connection>, SetupError> next(std::optional<Millis>) override {
    if (queue.empty()) {
      SetupError e;
      e.kind = SetupError::Kind::timed_out;
      e.message = "no connection arrived";
      return e;
    }
    auto v = std::move(queue.front());
    queue.pop_front();
    return v;
  }
};

class FakePlatform final : public Platform {
 public:
  std::vector<Mode> have_modes{Mode::sync, Mode::event, Mode::apc};
  std::vector<QueryKind> have_kinds{QueryKind::records, QueryKind::context, QueryKind::original_dst};
  std::unique_ptr<FakeSource> source = std::make_unique<FakeSource>();
  std::string name() const override { return "fake"; }
  std::vector<Mode> modes() const override { return have_modes; }
  std::vector<QueryKind> kinds() const override { return have_kinds; }
  std::string why_not(QueryKind) const override { return "not on the fake"; }
  std::string why_not(Mode) const override { return "not on the fake"; }
  std::variant<std::unique_ptr<Source>, SetupError> open(const Target&) override { return std::move(source); }
  void install_interrupt_handler() override {}
  bool interrupted() const override { return false; }
};

QueryResult with_final(QueryKind kind, Mode mode, Attempt a) {
  QueryResult q;
  q.kind = kind;
  q.mode = mode;
  q.attempts.push_back(std::move(a));
  return q;
}

ConnectionReport report_of(std::vector<QueryResult> qs) {
  ConnectionReport r;
  r.connection = test::fake_connection_info();
  r.queries = std::move(qs);
  return r;
}

}  // namespace

TEST_CASE("auto buffer retries with the size a 122 answer returns", "[engine]") {
  FakeConnection c(needs(2048));
  const QueryResult q = run_one(c, QueryKind::records, Mode::sync, {BufferPolicyKind::automatic, 0}, Millis{100});
  CHECK(c.sizes == std::vector<std::uint32_t>{1024, 2048});
  REQUIRE(q.succeeded());
  CHECK(q.final_attempt()->bytes == 2048);
  CHECK(q.final_attempt()->data.size() == 2048);
  CHECK(q.policy_note.find("retried with 2048") != std::string::npos);
}

TEST_CASE("auto buffer doubles when a too-small answer gives no size", "[engine]") {
  FakeConnection c(needs(3000, 10055, false));
  const QueryResult q = run_one(c, QueryKind::records, Mode::event, {BufferPolicyKind::automatic, 0}, Millis{100});
  CHECK(c.sizes == std::vector<std::uint32_t>{1024, 2048, 4096});
  CHECK(q.succeeded());
}

TEST_CASE("auto buffer takes WSAEFAULT and WSAEINVAL as too small only with a larger returned size", "[engine]") {
  FakeConnection grows(needs(1500, 10014));
  CHECK(run_one(grows, QueryKind::records, Mode::sync, {}, Millis{1}).succeeded());
  CHECK(grows.sizes == std::vector<std::uint32_t>{1024, 1500});

  FakeConnection plain_einval([](QueryKind, Mode, std::uint32_t out) { return answer(out, 10022, 0); });
  const QueryResult q = run_one(plain_einval, QueryKind::context, Mode::sync, {}, Millis{1});
  CHECK(plain_einval.sizes == std::vector<std::uint32_t>{1024});
  CHECK(q.final_attempt()->error == 10022);
}

TEST_CASE("auto buffer stops at the 64 KiB cap and says so", "[engine]") {
  FakeConnection c(needs(100000));
  const QueryResult q = run_one(c, QueryKind::records, Mode::sync, {}, Millis{1});
  CHECK(c.sizes == std::vector<std::uint32_t>{1024});
  CHECK_FALSE(q.succeeded());
  CHECK(q.policy_note.find("cap") != std::string::npos);

  FakeConnection doubling(needs(1u << 20, 122, false));
  run_one(doubling, QueryKind::records, Mode::sync, {}, Millis{1});
  CHECK(doubling.sizes == std::vector<std::uint32_t>{1024, 2048, 4096, 8192, 16384, 32768, 65536});
}

TEST_CASE("probe asks with 0 bytes, then exactly the returned size", "[engine]") {
  FakeConnection c(needs(300));
  const QueryResult q = run_one(c, QueryKind::records, Mode::apc, {BufferPolicyKind::probe, 0}, Millis{1});
  CHECK(c.sizes == std::vector<std::uint32_t>{0, 300});
  CHECK(q.succeeded());

  FakeConnection nothing([](QueryKind, Mode, std::uint32_t out) { return answer(out, 10045, 0); });
  const QueryResult none = run_one(nothing, QueryKind::records, Mode::sync, {BufferPolicyKind::probe, 0}, Millis{1});
  CHECK(nothing.sizes == std::vector<std::uint32_t>{0});
  CHECK(none.final_attempt()->error == 10045);
}

TEST_CASE("a fixed buffer is used exactly once and never recovers", "[engine]") {
  FakeConnection c(needs(300));
  const QueryResult q = run_one(c, QueryKind::records, Mode::sync, {BufferPolicyKind::fixed, 2}, Millis{1});
  CHECK(c.sizes == std::vector<std::uint32_t>{2});
  CHECK(q.final_attempt()->error == 122);
  CHECK(q.final_attempt()->bytes == 300);
}

TEST_CASE("a timed-out attempt is not retried", "[engine]") {
  FakeConnection c([](QueryKind, Mode, std::uint32_t out) {
    Attempt a = answer(out, 995, 0);
    a.timed_out = true;
    return a;
  });
  run_one(c, QueryKind::records, Mode::event, {}, Millis{1});
  CHECK(c.sizes.size() == 1);
}

TEST_CASE("buffer policies parse auto, probe and sizes within 1..16 MiB", "[engine]") {
  CHECK(parse_buffer_policy("auto")->kind == BufferPolicyKind::automatic);
  CHECK(parse_buffer_policy("probe")->kind == BufferPolicyKind::probe);
  CHECK(parse_buffer_policy("0")->kind == BufferPolicyKind::probe);
  CHECK(parse_buffer_policy("2")->size == 2);
  CHECK(parse_buffer_policy("16777216")->size == 16777216u);
  CHECK_FALSE(parse_buffer_policy("16777217"));
  CHECK_FALSE(parse_buffer_policy("-1"));
  CHECK_FALSE(parse_buffer_policy("12k"));
  CHECK_FALSE(parse_buffer_policy(""));
}

TEST_CASE("records data means redirected", "[engine]") {
  auto r = report_of({with_final(QueryKind::records, Mode::sync, answer(1024, 0, 24, std::vector<std::uint8_t>(24, 1)))});
  conclude(r, {});
  CHECK(r.verdict == Verdict::redirected);
}

TEST_CASE("WSAEOPNOTSUPP everywhere means not redirected and the modes agree", "[engine]") {
  auto r = report_of({with_final(QueryKind::records, Mode::sync, answer(1024, 10045, 0)),
                      with_final(QueryKind::records, Mode::event, answer(1024, 10045, 0)),
                      with_final(QueryKind::records, Mode::apc, answer(1024, 10045, 0)),
                      with_final(QueryKind::original_dst, Mode::sync, answer(1024, 10042, 0))});
  conclude(r, *parse_expectation("not-redirected"));
  CHECK(r.verdict == Verdict::not_redirected);
  REQUIRE(r.agreement.size() == 1);
  CHECK(r.agreement[0].agree);
  CHECK(r.expectation_held == true);
}

TEST_CASE("modes that answer differently are reported as disagreeing", "[engine]") {
  auto r = report_of({with_final(QueryKind::records, Mode::sync, answer(1024, 0, 4, {1, 2, 3, 4})),
                      with_final(QueryKind::records, Mode::event, answer(1024, 10045, 0))});
  conclude(r, {});
  REQUIRE(r.agreement.size() == 1);
  CHECK_FALSE(r.agreement[0].agree);
  REQUIRE(r.agreement[0].differences.size() == 2);
  CHECK(r.agreement[0].differences[0] == "sync: 4 bytes");
}

TEST_CASE("an unexplained error gives an unknown verdict", "[engine]") {
  auto r = report_of({with_final(QueryKind::records, Mode::sync, answer(1024, 10050, 0))});
  conclude(r, *parse_expectation("not-redirected"));
  CHECK(r.verdict == Verdict::unknown);
  CHECK(r.expectation_held == false);
}

TEST_CASE("an original destination other than the local address means redirected", "[engine]") {
  Attempt a = answer(1024, 0, 16, std::vector<std::uint8_t>(16, 0));
  a.domain = ErrorDomain::posix;
  a.original_dst = ep("127.0.0.1:80");
  a.mechanism = "SO_ORIGINAL_DST";
  auto r = report_of({with_final(QueryKind::original_dst, Mode::sync, a)});
  conclude(r, *parse_expectation("redirected"));
  CHECK(r.verdict == Verdict::redirected);
  CHECK(r.expectation_held == true);

  a.original_dst = ep("127.0.0.1:8080");  // the socket's own address: NATed to itself
  auto same = report_of({with_final(QueryKind::original_dst, Mode::sync, a)});
  conclude(same, {});
  CHECK(same.verdict == Verdict::not_redirected);
}

TEST_CASE("expect error:NAME checks the redirect queries' final errors", "[engine]") {
  auto r = report_of({with_final(QueryKind::records, Mode::sync, answer(1024, 10045, 0)),
                      with_final(QueryKind::original_dst, Mode::sync, answer(1024, 10042, 0))});
  conclude(r, *parse_expectation("error:WSAEOPNOTSUPP"));
  CHECK(r.expectation_held == true);
  conclude(r, *parse_expectation("error:10042"));
  CHECK(r.expectation_held == false);
  CHECK_FALSE(parse_expectation("error:NOT_A_NAME"));
  CHECK_FALSE(parse_expectation("maybe"));
}

TEST_CASE("query_connection skips kinds and modes the platform lacks, with reasons", "[engine]") {
  FakePlatform p;
  p.have_modes = {Mode::sync};
  p.have_kinds = {QueryKind::original_dst};
  FakeConnection c([](QueryKind, Mode, std::uint32_t out) { return answer(out, 2, 0); });
  const ConnectionReport r = query_connection(p, c, QueryOptions{}, 1);
  // records and context: one skipped entry each; original-dst once, in sync.
  REQUIRE(r.queries.size() == 3);
  CHECK(r.queries[0].skipped);
  CHECK(r.queries[0].skip_reason == "not on the fake");
  CHECK(r.queries[2].kind == QueryKind::original_dst);
  CHECK_FALSE(r.queries[2].skipped);
  CHECK(c.sizes.size() == 1);
  // "all" on a sync-only platform says which modes it skipped, and why.
  REQUIRE(r.skipped_modes.size() == 2);
  CHECK(r.skipped_modes[0].mode == Mode::event);
  CHECK(r.skipped_modes[1].reason == "not on the fake");
}

TEST_CASE("an explicit mode the platform lacks is a usage error", "[engine]") {
  FakePlatform p;
  p.have_modes = {Mode::sync};
  QueryOptions o;
  o.modes = {Mode::event};
  const auto problem = validate(p, o);
  REQUIRE(problem);
  CHECK(problem->find("this platform has: sync") != std::string::npos);
  std::FILE* sink_file = std::tmpfile();
  CHECK(run_query(p, o, [](const ConnectionReport&) {}, sink_file) == Exit::usage);
  std::fclose(sink_file);
}

TEST_CASE("run_query reports each connection, then the timeout", "[engine]") {
  FakePlatform p;
  for (int i = 0; i < 2; ++i) p.source->queue.emplace_back(std::make_unique<FakeConnection>(needs(8)));
  QueryOptions o;
  o.count = 3;
  std::vector<unsigned> seen;
  std::FILE* status = std::tmpfile();
  const Exit rc = run_query(p, o, [&](const ConnectionReport& r) { seen.push_back(r.index); }, status);
  std::fclose(status);
  CHECK(seen == std::vector<unsigned>{1, 2});
  CHECK(rc == Exit::timed_out);
}

TEST_CASE("run_query saves the first successful blob of each kind", "[engine]") {
  FakePlatform p;
  p.source->queue.emplace_back(std::make_unique<FakeConnection>(needs(8)));
  QueryOptions o;
  const auto dir = std::filesystem::temp_directory_path() / "wfpredir-test-save";
  std::filesystem::remove_all(dir);
  o.save_dir = dir.string();
  std::string saved;
  std::FILE* status = std::tmpfile();
  const Exit rc = run_query(p, o, [&](const ConnectionReport& r) { saved = r.queries[0].saved_to; }, status);
  std::fclose(status);
  CHECK(rc == Exit::ok);
  CHECK(std::filesystem::file_size(dir / "1.records.bin") == 8);
  CHECK(std::filesystem::file_size(dir / "1.context.bin") == 8);
  CHECK(saved == (dir / "1.records.bin").string());
  std::filesystem::remove_all(dir);
}

TEST_CASE("a TPROXY connection is redirected when its local address is not the listener's", "[engine]") {
  Attempt a = answer(1024, 0, 16, std::vector<std::uint8_t>(16, 0));
  a.domain = ErrorDomain::posix;
  a.original_dst = ep("192.0.2.7:80");
  a.mechanism = "IP_TRANSPARENT local address";
  auto r = report_of({with_final(QueryKind::original_dst, Mode::sync, a)});
  r.connection.local = ep("192.0.2.7:80");
  r.connection.listener = ep("127.0.0.1:8081");
  conclude(r, {});
  CHECK(r.verdict == Verdict::redirected);

  // A direct connection to a wildcard listener's port is not a redirect.
  r.connection.local = a.original_dst = ep("127.0.0.1:8081");
  r.queries = {with_final(QueryKind::original_dst, Mode::sync, a)};
  r.connection.listener = ep("0.0.0.0:8081");
  conclude(r, {});
  CHECK(r.verdict == Verdict::not_redirected);
  r.connection.listener = ep("[::]:8081");
  r.connection.local = r.queries[0].attempts[0].original_dst = ep("[::1]:8081");
  conclude(r, {});
  CHECK(r.verdict == Verdict::not_redirected);
}

TEST_CASE("a dual-stack socket's mapped IPv4 address is the same endpoint as the IPv4 one", "[engine]") {
  // A listener on [::] reports a direct IPv4 client's local address as
  // ::ffff:127.0.0.1 while conntrack answers in IPv4: not a redirect.
  Attempt a = answer(1024, 0, 16, std::vector<std::uint8_t>(16, 0));
  a.domain = ErrorDomain::posix;
  a.mechanism = "SO_ORIGINAL_DST";
  a.original_dst = ep("127.0.0.1:8080");
  auto r = report_of({with_final(QueryKind::original_dst, Mode::sync, a)});
  r.connection.family = Family::ipv6;
  r.connection.local = ep("[::ffff:127.0.0.1]:8080");
  r.connection.listener = ep("[::]:8080");
  conclude(r, {});
  CHECK(r.verdict == Verdict::not_redirected);

  // Redirected to the same socket from port 80: a redirect, whatever the text.
  r.queries[0].attempts[0].original_dst = ep("127.0.0.1:80");
  conclude(r, {});
  CHECK(r.verdict == Verdict::redirected);
}
