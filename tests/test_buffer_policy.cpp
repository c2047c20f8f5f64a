// Unit tests for analysis/buffer_policy: how --buffer grows, probes or holds the
// output buffer, against a scripted fake connection.
#include <catch2/catch.hpp>

#include "analysis/buffer_policy.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::test;

TEST_CASE("auto buffer retries with the size a 122 answer returns", "[buffer]") {
  FakeConnection c(needs(2048));
  const QueryResult q =
      run_one(c, QueryKind::records, Mode::sync, {BufferPolicyKind::automatic, 0}, Millis{100});
  CHECK(c.sizes == std::vector<std::uint32_t>{1024, 2048});
  REQUIRE(q.succeeded());
  CHECK(q.final_attempt()->bytes == 2048);
  CHECK(q.final_attempt()->data.size() == 2048);
  CHECK(words(q.policy_note).find("retried with 2048") != std::string::npos);
}

TEST_CASE("auto buffer doubles when a too-small answer gives no size", "[buffer]") {
  FakeConnection c(needs(3000, 10055, false));
  const QueryResult q =
      run_one(c, QueryKind::records, Mode::event, {BufferPolicyKind::automatic, 0}, Millis{100});
  CHECK(c.sizes == std::vector<std::uint32_t>{1024, 2048, 4096});
  CHECK(q.succeeded());
}

TEST_CASE("auto buffer takes WSAEFAULT and WSAEINVAL as too small only with a larger returned size",
          "[buffer]") {
  FakeConnection grows(needs(1500, 10014));
  CHECK(run_one(grows, QueryKind::records, Mode::sync, {}, Millis{1}).succeeded());
  CHECK(grows.sizes == std::vector<std::uint32_t>{1024, 1500});

  FakeConnection plain_einval(
      [](QueryKind, Mode, std::uint32_t out) { return answer(out, 10022, 0); });
  const QueryResult q = run_one(plain_einval, QueryKind::context, Mode::sync, {}, Millis{1});
  CHECK(plain_einval.sizes == std::vector<std::uint32_t>{1024});
  CHECK(q.final_attempt()->error == 10022);
}

TEST_CASE("auto buffer stops at the 64 KiB cap and says so", "[buffer]") {
  FakeConnection c(needs(100000));
  const QueryResult q = run_one(c, QueryKind::records, Mode::sync, {}, Millis{1});
  CHECK(c.sizes == std::vector<std::uint32_t>{1024});
  CHECK_FALSE(q.succeeded());
  CHECK(words(q.policy_note).find("cap") != std::string::npos);

  FakeConnection doubling(needs(1u << 20, 122, false));
  run_one(doubling, QueryKind::records, Mode::sync, {}, Millis{1});
  CHECK(doubling.sizes == std::vector<std::uint32_t>{1024, 2048, 4096, 8192, 16384, 32768, 65536});
}

TEST_CASE("probe asks with 0 bytes, then exactly the returned size", "[buffer]") {
  FakeConnection c(needs(300));
  const QueryResult q =
      run_one(c, QueryKind::records, Mode::apc, {BufferPolicyKind::probe, 0}, Millis{1});
  CHECK(c.sizes == std::vector<std::uint32_t>{0, 300});
  CHECK(q.succeeded());

  FakeConnection nothing([](QueryKind, Mode, std::uint32_t out) { return answer(out, 10045, 0); });
  const QueryResult none =
      run_one(nothing, QueryKind::records, Mode::sync, {BufferPolicyKind::probe, 0}, Millis{1});
  CHECK(nothing.sizes == std::vector<std::uint32_t>{0});
  CHECK(none.final_attempt()->error == 10045);
}

TEST_CASE("a fixed buffer is used exactly once and never recovers", "[buffer]") {
  FakeConnection c(needs(300));
  const QueryResult q =
      run_one(c, QueryKind::records, Mode::sync, {BufferPolicyKind::fixed, 2}, Millis{1});
  CHECK(c.sizes == std::vector<std::uint32_t>{2});
  CHECK(q.final_attempt()->error == 122);
  CHECK(q.final_attempt()->bytes == 300);
}

TEST_CASE("a timed-out attempt is not retried", "[buffer]") {
  FakeConnection c([](QueryKind, Mode, std::uint32_t out) {
    Attempt a = answer(out, 995, 0);
    a.timed_out = true;
    return a;
  });
  run_one(c, QueryKind::records, Mode::event, {}, Millis{1});
  CHECK(c.sizes.size() == 1);
}

TEST_CASE("buffer policies parse auto, probe and sizes within 1..16 MiB", "[buffer]") {
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
