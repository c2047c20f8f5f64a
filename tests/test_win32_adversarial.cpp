// The Windows backend against providers as unkind as real ones may be
// (docs/winsock-contract.md#overlapped-semantics): one that leaves
// OVERLAPPED.Internal alone, one that ignores CancelIoEx, one that fails at
// once and still queues the completion routine, one that succeeds at once and
// queues it late or only during a later call, one whose completion comes
// after Ctrl-C; plus a wait that fails and bookkeeping that throws while a
// call is pending. The heap guard (win32_heap_guard.h) checks throughout that
// nothing the "kernel" may still write is freed.
#include <catch2/catch.hpp>

#include "run/engine.h"
#include "win32_support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {
constexpr ULONG_PTR kStatusPending = 0x103;
constexpr Millis kShort{300};
}  // namespace

TEST_CASE("a provider that leaves Internal untouched is waited for, not reported as 996",
          "[win32][fake]") {
  const Mode mode = GENERATE(Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  const int violations = heap::violations();
  {
    SelfPair pair;
    const auto blob = pattern(32, 0x21);
    FakeProvider fake([&](DWORD) {
      Answer a = blob_answer(blob, Answer::When::later, Millis(300));
      a.touch_internal = false;
      return a;
    });

    const auto t0 = Clock::now();
    const Attempt a = pair.connection->issue(QueryKind::records, mode, 1024, Millis(3000));

    REQUIRE(fake.seen.size() == 1);
    // Set by the backend before the call, as DeviceIoControl does.
    CHECK(fake.seen[0].internal_on_entry == kStatusPending);
    CHECK(ms_since(t0) >= 280);
    CHECK(a.pending);
    CHECK(a.error == 0);
    CHECK(a.data == blob);
    CHECK_FALSE(a.timed_out);
    CHECK(fake.cancels == 0);
  }
  CHECK(heap::violations() == violations);
}

TEST_CASE(
    "a provider that leaves Internal untouched and never completes is cancelled at the io-timeout",
    "[win32][fake]") {
  const int violations = heap::violations();
  {
    SelfPair pair;
    FakeProvider fake([](DWORD) {
      Answer a = error_answer(0, 0, Answer::When::never);
      a.touch_internal = false;
      return a;
    });

    const auto t0 = Clock::now();
    const Attempt a = pair.connection->issue(QueryKind::records, Mode::event, 1024, kShort);

    CHECK(ms_since(t0) >= 280);
    CHECK(a.timed_out);
    CHECK(fake.cancels == 1);
    CHECK(find_call(a, "CancelIoEx") != nullptr);
    CHECK(a.error == WSA_OPERATION_ABORTED);
  }
  CHECK(heap::violations() == violations);
}

TEST_CASE(
    "a provider that ignores CancelIoEx: the attempt ends after the grace, abandoned, its memory "
    "kept",
    "[win32][fake]") {
  const Mode mode = GENERATE(Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  const int violations = heap::violations();
  {
    SelfPair pair;
    FakeProvider fake([](DWORD) { return never_ending_uncancellable(); });

    const auto t0 = Clock::now();
    const Attempt a = pair.connection->issue(QueryKind::records, mode, 1024, kShort);
    const double took = ms_since(t0);

    // --io-timeout plus the 5 s grace of docs/winsock-contract.md#overlapped-semantics.
    CHECK(took >= 5250);
    CHECK(took < 9000);
    CHECK(a.pending);
    CHECK(a.timed_out);
    CHECK(fake.cancels == 1);
    CHECK(any_note_has(a, "left allocated"));
    if (mode == Mode::event) {
      CHECK(a.error == WSA_IO_INCOMPLETE);
      CHECK(a.calls.back().function == "WSAGetOverlappedResult");
    } else {
      REQUIRE(a.apc);
      CHECK_FALSE(a.apc->ran);
    }
    // Still in flight: the block must not have been freed.
    CHECK(heap::violations() == violations);
  }
  CHECK(heap::violations() == violations);
}

TEST_CASE(
    "a provider that fails at once and still queues the routine: it is drained before the block is "
    "freed",
    "[win32][fake]") {
  const int violations = heap::violations();
  {
    SelfPair pair;
    const auto blob = pattern(20, 0x61);
    int call = 0;
    FakeProvider fake([&](DWORD) {
      if (++call == 1) {
        // STATUS_BUFFER_OVERFLOW, a warning, is completed through the I/O manager.
        Answer a = error_answer(WSAEMSGSIZE, 2048, Answer::When::at_once);
        a.routine_on_failure = true;
        return a;
      }
      return blob_answer(blob, Answer::When::later, Millis(100));
    });

    const Attempt first = pair.connection->issue(QueryKind::records, Mode::apc, 1024, kIoTimeout);
    const int stray = fake.drain_stray_routines();

    CHECK(stray == 0);
    CHECK(first.error == WSAEMSGSIZE);
    CHECK_FALSE(first.pending);
    REQUIRE(first.apc);
    CHECK(first.apc->ran);
    CHECK(first.apc->error == static_cast<std::uint32_t>(WSAEMSGSIZE));
    CHECK(heap::violations() == violations);

    // The next attempt gets its own routine's result, not the earlier one's.
    const Attempt second = pair.connection->issue(QueryKind::records, Mode::apc, 1024, kIoTimeout);
    CHECK(second.error == 0);
    CHECK(second.data == blob);
    REQUIRE(second.apc);
    CHECK(second.apc->error == 0);
    CHECK(second.apc->bytes == 20);
  }
  CHECK(heap::violations() == violations);
}

TEST_CASE("a provider that succeeds at once and queues the routine later: the backend waits for it",
          "[win32][fake]") {
  const int violations = heap::violations();
  {
    SelfPair pair;
    const auto blob = pattern(12, 0x05);
    FakeProvider fake([&](DWORD) {
      Answer a = blob_answer(blob, Answer::When::at_once);
      a.routine_delay = Millis(250);
      return a;
    });

    const auto t0 = Clock::now();
    const Attempt a = pair.connection->issue(QueryKind::context, Mode::apc, 1024, kIoTimeout);

    CHECK(ms_since(t0) >= 230);
    CHECK(a.error == 0);
    CHECK(a.data == blob);
    CHECK_FALSE(a.pending);
    REQUIRE(a.apc);
    CHECK(a.apc->ran);
    CHECK(a.apc->on_calling_thread);
    CHECK(fake.drain_stray_routines() == 0);
  }
  CHECK(heap::violations() == violations);
}

TEST_CASE(
    "an earlier attempt's routine delivered during a later attempt's wait is not taken for the "
    "later one's",
    "[win32][fake]") {
  const int violations = heap::violations();
  {
    SelfPair pair;
    const auto first_blob = pattern(8, 0x01);
    const auto second_blob = pattern(40, 0x90);
    int call = 0;
    FakeProvider fake([&](DWORD) {
      if (++call == 1) {
        Answer a = blob_answer(first_blob, Answer::When::at_once);
        a.hold_routine = true;  // delivered at the next WSAIoctl, before its wait
        return a;
      }
      return blob_answer(second_blob, Answer::When::later, Millis(150));
    });

    const Attempt first = pair.connection->issue(QueryKind::records, Mode::apc, 1024, kShort);
    CHECK(first.error == 0);
    CHECK(first.data == first_blob);
    REQUIRE(first.apc);
    CHECK_FALSE(first.apc->ran);
    CHECK(any_note_has(first, "did not run"));
    CHECK(heap::violations() == violations);

    const Attempt second = pair.connection->issue(QueryKind::records, Mode::apc, 1024, kIoTimeout);
    CHECK(fake.routines_run == 2);
    CHECK(second.error == 0);
    CHECK(second.data == second_blob);
    REQUIRE(second.apc);
    CHECK(second.apc->ran);
    CHECK(second.apc->bytes == 40);
  }
  CHECK(heap::violations() == violations);
}

TEST_CASE(
    "a completion that arrives after Ctrl-C is collected, and the attempt is reported interrupted",
    "[win32][fake]") {
  const Mode mode = GENERATE(Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  const InterruptGuard guard;
  const int violations = heap::violations();
  {
    SelfPair pair;
    const auto blob = pattern(24, 0x33);
    FakeProvider fake([&](DWORD) {
      Answer a = blob_answer(blob, Answer::When::later, Millis(600));
      a.honour_cancel = false;  // too late to cancel: it completes normally
      return a;
    });
    const CtrlCLater ctrl_c(Millis(150));

    const auto t0 = Clock::now();
    const Attempt a = pair.connection->issue(QueryKind::records, mode, 1024, kIoTimeout);
    const double took = ms_since(t0);

    CHECK(took >= 550);
    CHECK(took < 4000);
    CHECK(a.interrupted);
    CHECK_FALSE(a.timed_out);
    CHECK(find_call(a, "CancelIoEx") != nullptr);
    CHECK(a.error == 0);
    CHECK(a.data == blob);
  }
  CHECK(heap::violations() == violations);
}

TEST_CASE("Ctrl-C while waiting for the routine of an immediate success ends the wait",
          "[win32][fake]") {
  const InterruptGuard guard;
  const int violations = heap::violations();
  {
    SelfPair pair;
    const auto blob = pattern(16, 0x44);
    FakeProvider fake([&](DWORD) {
      Answer a = blob_answer(blob, Answer::When::at_once);
      a.routine_delay = Millis(3000);
      return a;
    });
    const CtrlCLater ctrl_c(Millis(150));

    const auto t0 = Clock::now();
    const Attempt a = pair.connection->issue(QueryKind::records, Mode::apc, 1024, kIoTimeout);
    const double took = ms_since(t0);

    CHECK(took < 1500);
    // The call's own answer stands; nothing was pending, nothing cancelled.
    CHECK(a.error == 0);
    CHECK(a.data == blob);
    CHECK(fake.cancels == 0);
    CHECK(any_note_has(a, "interrupted"));
    CHECK(any_note_has(a, "left allocated"));
    // The routine may still come: its memory must still be there.
    CHECK(heap::violations() == violations);
  }
  CHECK(heap::violations() == violations);
}

TEST_CASE("a failed wait is recorded as such, not as a timeout", "[win32][fake]") {
  const Mode mode = GENERATE(Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  const int violations = heap::violations();
  {
    SelfPair pair;
    FakeProvider fake([](DWORD) { return error_answer(0, 0, Answer::When::never); });
    fake.fail_wait_number = 1;

    const Attempt a = pair.connection->issue(QueryKind::records, mode, 1024, kIoTimeout);

    CHECK_FALSE(a.timed_out);
    CHECK_FALSE(a.interrupted);
    const CallRecord* wait = find_call(a, "WaitForMultipleObjectsEx");
    REQUIRE(wait != nullptr);
    CHECK(wait->ret == static_cast<std::int64_t>(WAIT_FAILED));
    CHECK(wait->error == ERROR_INVALID_HANDLE);
    const CallRecord* cancel = find_call(a, "CancelIoEx");
    REQUIRE(cancel != nullptr);
    CHECK(words(cancel->notes).find("failed") != std::string::npos);
    CHECK(a.error == WSA_OPERATION_ABORTED);
    const QueryResult r{QueryKind::records, mode, false, {}, {a}, {}, {}};
    CHECK(status_of(r) == QueryStatus::error);
  }
  CHECK(heap::violations() == violations);
}

TEST_CASE("an exception after WSA_IO_PENDING does not free what the call may still write",
          "[win32][fake]") {
  const Mode mode = GENERATE(Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  const int violations = heap::violations();
  {
    SelfPair pair;
    FakeProvider fake(
        [](DWORD) { return blob_answer(pattern(64, 0x70), Answer::When::later, Millis(200)); });
    fake.arm_allocation_failure = true;

    CHECK_THROWS_AS(pair.connection->issue(QueryKind::records, mode, 1024, kIoTimeout),
                    std::bad_alloc);
    Sleep(400);  // the "kernel" writes its answer into the block now
    CHECK(heap::violations() == violations);
  }
  CHECK(heap::violations() == violations);
}
