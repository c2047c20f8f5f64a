// Unit tests for run/engine: query_connection and the run loop (exit codes,
// --save and its exit 6), against a scripted fake platform (the writing of
// the blobs is tested in test_blob_save.cpp). The real
// backends are tested in test_query_win32.cpp (through the WSAIoctl seam)
// and e2e/netns_redirect.sh (real netfilter redirects).
#include <catch2/catch.hpp>

#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>

#include "run/engine.h"
#include "run/udp_engine.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::test;

TEST_CASE("query_connection skips kinds and modes the platform lacks, with reasons", "[engine]") {
  FakePlatform p;
  p.have_modes = {Mode::sync};
  p.have_kinds = {QueryKind::original_dst};
  FakeConnection c([](QueryKind, Mode, std::uint32_t out) { return answer(out, 2, 0); });
  const ConnectionReport r = query_connection(p, c, QueryOptions{}, 1);
  // records and context: one skipped entry each; original-dst once, in sync.
  REQUIRE(r.queries.size() == 3);
  CHECK(r.queries[0].skipped);
  CHECK(r.queries[0].skip_reason == reason(ReasonKind::verbatim, "not on the fake"));
  CHECK(r.queries[2].kind == QueryKind::original_dst);
  CHECK_FALSE(r.queries[2].skipped);
  CHECK(c.sizes.size() == 1);
  // "all" on a sync-only platform says which modes it skipped, and why.
  REQUIRE(r.skipped_modes.size() == 2);
  CHECK(r.skipped_modes[0].mode == Mode::event);
  CHECK(r.skipped_modes[1].reason == reason(ReasonKind::verbatim, "not on the fake"));
}

TEST_CASE("an explicit mode the platform lacks is refused; all is always accepted", "[engine]") {
  FakePlatform p;
  p.have_modes = {Mode::sync};
  const auto refused = choose_modes(p, Mode::event, kWords);
  REQUIRE(std::holds_alternative<std::string>(refused));
  CHECK(std::get<std::string>(refused) == "event: not on the fake; this platform has: sync");
  const auto sync = choose_modes(p, Mode::sync, kWords);
  REQUIRE(std::holds_alternative<ModeChoice>(sync));
  CHECK_FALSE(std::get<ModeChoice>(sync).all());
  CHECK(std::get<ModeChoice>(sync).modes() == std::vector<Mode>{Mode::sync});
  const auto all = choose_modes(p, std::nullopt, kWords);
  REQUIRE(std::holds_alternative<ModeChoice>(all));
  CHECK(std::get<ModeChoice>(all).all());
  CHECK(std::get<ModeChoice>(all).modes() == std::vector<Mode>{Mode::sync, Mode::event, Mode::apc});
  p.have_modes = {};
  CHECK(std::get<std::string>(choose_modes(p, Mode::sync, kWords)) ==
        "sync: not on the fake; this platform has: none");
}

TEST_CASE("an explicit mode runs every query kind in that mode only", "[engine]") {
  FakePlatform p;
  const auto apc = choose_modes(p, Mode::apc, kWords);
  REQUIRE(std::holds_alternative<ModeChoice>(apc));
  QueryOptions o;
  o.modes = std::get<ModeChoice>(apc);
  FakeConnection c([](QueryKind, Mode, std::uint32_t out) { return answer(out, 2, 0); });
  const ConnectionReport r = query_connection(p, c, o, 1);
  CHECK(r.skipped_modes.empty());
  // records and context in apc; the original destination is read once, in sync.
  REQUIRE(r.queries.size() == 3);
  CHECK(r.queries[0].mode == Mode::apc);
  CHECK(r.queries[1].mode == Mode::apc);
  CHECK(r.queries[2].kind == QueryKind::original_dst);
  CHECK(r.queries[2].mode == Mode::sync);
}

TEST_CASE("udp_mode_for: the one mode asked, or under all the platform's in turn", "[engine]") {
  FakePlatform p;
  const std::vector<Mode> have{Mode::sync, Mode::event, Mode::apc};
  const ModeChoice all;
  CHECK(udp_mode_for(1, all, have) == Mode::sync);
  CHECK(udp_mode_for(2, all, have) == Mode::event);
  CHECK(udp_mode_for(3, all, have) == Mode::apc);
  CHECK(udp_mode_for(4, all, have) == Mode::sync);
  CHECK(udp_mode_for(5, all, {}) == Mode::sync);
  const ModeChoice event = std::get<ModeChoice>(choose_modes(p, Mode::event, kWords));
  CHECK(udp_mode_for(1, event, have) == Mode::event);
  CHECK(udp_mode_for(2, event, have) == Mode::event);
}

TEST_CASE("run_query reports each connection, then the timeout", "[engine]") {
  FakePlatform p;
  for (int i = 0; i < 2; ++i)
    p.source->queue.emplace_back(std::make_unique<FakeConnection>(needs(8)));
  QueryOptions o;
  o.count = 3;
  std::vector<unsigned> seen;
  std::FILE* status = std::tmpfile();
  const Exit rc = run_query(
      p, o, [&](const ConnectionReport& r) { seen.push_back(r.index); }, status);
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
  const Exit rc = run_query(
      p, o,
      [&](const ConnectionReport& r) {
        saved = r.queries[0].saved_to ? *r.queries[0].saved_to : "";
      },
      status);
  std::fclose(status);
  CHECK(rc == Exit::ok);
  CHECK(std::filesystem::file_size(dir / "1.records.bin") == 8);
  CHECK(std::filesystem::file_size(dir / "1.context.bin") == 8);
  CHECK(saved == (dir / "1.records.bin").string());
  std::filesystem::remove_all(dir);
}

namespace {

Exit run_with(FakePlatform& p, const QueryOptions& o, std::vector<ConnectionReport>* seen = nullptr,
              std::string* errors = nullptr) {
  std::FILE* status = std::tmpfile();
  const Exit rc = run_query(
      p, o,
      [&](const ConnectionReport& r) {
        if (seen) seen->push_back(r);
      },
      status);
  if (errors != nullptr) {
    std::rewind(status);
    char buf[4096] = {};
    *errors = std::string(buf, std::fread(buf, 1, sizeof buf - 1, status));
  }
  std::fclose(status);
  return rc;
}

Script always(int error) {
  return [=](QueryKind, Mode, std::uint32_t out) { return answer(out, error, 0); };
}

/// The exit code of a run of \p o on connections that each answer every
/// query with one of \p errors, in turn.
Exit run_answering(std::initializer_list<int> errors, const QueryOptions& o) {
  FakePlatform p;
  for (int error : errors)
    p.source->queue.emplace_back(std::make_unique<FakeConnection>(always(error)));
  return run_with(p, o);
}

}  // namespace

TEST_CASE("run_query without --expect: the exit code follows the verdicts", "[engine]") {
  QueryOptions o;
  o.count = 1;
  SECTION("unsupported everywhere (Wine) exits 7") {
    CHECK(run_answering({10045}, o) == Exit::unsupported);
  }
  SECTION("an error that does not tell exits 1") {
    CHECK(run_answering({10050}, o) == Exit::unknown);
  }
  SECTION("nothing-here answers exit 0 although every query returned an error") {
    CHECK(run_answering({1168}, o) == Exit::ok);
  }
  SECTION("a query still pending after --io-timeout makes the verdict unknown: 1, not 4") {
    FakePlatform p;
    p.source->queue.emplace_back(
        std::make_unique<FakeConnection>([](QueryKind, Mode, std::uint32_t out) {
          Attempt a = answer(out, 995, 0);
          a.timed_out = true;
          return a;
        }));
    std::vector<ConnectionReport> seen;
    CHECK(run_with(p, o, &seen) == Exit::unknown);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].verdict == Verdict::unknown);
  }
  SECTION("unknown outranks unsupported across connections") {
    o.count = 2;
    CHECK(run_answering({10045, 10050}, o) == Exit::unknown);
  }
}

TEST_CASE("run_query with --expect exits 0 or 5; a listener timeout still exits 4", "[engine]") {
  QueryOptions o;
  o.expect = *parse_expectation("error:WSAEOPNOTSUPP");
  CHECK(run_answering({10045}, o) == Exit::ok);
  CHECK(run_answering({10050}, o) == Exit::expectation_failed);
  CHECK(run_answering({}, o) ==
        Exit::timed_out);  // the fake source times out when its queue is empty
}

TEST_CASE("run_query: a setup failure exits with its own code", "[engine]") {
  FakePlatform p;
  SetupError e;
  e.kind = SetupError::Kind::unsupported;
  e.message = "--transparent exists on Linux only";
  p.open_error = e;
  std::string errors;
  CHECK(run_with(p, QueryOptions{}, nullptr, &errors) == Exit::unsupported);
  CHECK(errors.find("--transparent exists on Linux only") != std::string::npos);
}

#ifndef _WIN32
TEST_CASE("--save that cannot write exits 6 with the reason, and leaves no file behind",
          "[engine]") {
  namespace fs = std::filesystem;
  const auto dir = fs::temp_directory_path() / "wfpredir-test-save-fail";
  fs::remove_all(dir);
  fs::create_directories(dir);
  // A directory where the blob's file should go: the rename onto it fails.
  fs::create_directories(dir / "1.records.bin");
  FakePlatform p;
  p.source->queue.emplace_back(std::make_unique<FakeConnection>(needs(8)));
  QueryOptions o;
  o.save_dir = dir.string();
  std::vector<ConnectionReport> seen;
  std::string errors;
  CHECK(run_with(p, o, &seen, &errors) == Exit::input_error);
  CHECK(seen.size() == 1);  // the report is still shown
  CHECK(errors.find("--save: cannot write") != std::string::npos);
  CHECK(errors.find("1.records.bin: ") != std::string::npos);
  // Nothing but the obstacle: no temporary file, no partial blob.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  CHECK(names == std::vector<std::string>{"1.records.bin"});
  CHECK(fs::is_directory(dir / "1.records.bin"));
  fs::remove_all(dir);
}
#endif

TEST_CASE("one exit code table for a run that gets no connection, terminated included",
          "[engine]") {
  FakePlatform p;
  const auto code_of = [&](SetupError::Kind kind) {
    SetupError e;
    e.kind = kind;
    return exit_for(e, p);
  };
  CHECK(code_of(SetupError::Kind::timed_out) == Exit::timed_out);
  CHECK(code_of(SetupError::Kind::usage) == Exit::usage);
  CHECK(code_of(SetupError::Kind::unsupported) == Exit::unsupported);
  CHECK(code_of(SetupError::Kind::failed) == Exit::setup_failed);
  CHECK(code_of(SetupError::Kind::interrupted) == Exit::interrupted);
  p.ended = true;  // the same interrupt, when it asked the process to end
  CHECK(code_of(SetupError::Kind::interrupted) == Exit::terminated);
  CHECK(code_of(SetupError::Kind::timed_out) == Exit::timed_out);
}
