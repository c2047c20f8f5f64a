// The query machinery of the Windows backend in sync, event and apc mode,
// driven by the fake provider (win32_fake_provider.h): every documented answer of
// the redirect queries, the buffer policies, late completion, cancellation
// and Ctrl-C. Wine answers WSAEOPNOTSUPP to these queries, so only the fake
// reaches the other paths.
#include <catch2/catch.hpp>

#include "run/engine.h"
#include "win32_support.h"

using namespace wfpredir;
using namespace wfpredir::test;

TEST_CASE("a blob is returned with its exact bytes in every mode", "[win32]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  const QueryKind kind = GENERATE(QueryKind::records, QueryKind::context);
  INFO("mode " << name_of(mode));
  SelfPair pair;
  const auto blob = pattern(24, 0x30);
  FakeProvider fake([&](DWORD) { return blob_answer(blob, when_for(mode)); });

  const Attempt a = pair.connection->issue(kind, mode, 1024, kIoTimeout);

  REQUIRE(fake.seen.size() == 1);
  const SeenIoctl& s = fake.seen[0];
  CHECK(s.code == (kind == QueryKind::records ? kRecords : kContext));
  CHECK(s.in_null);
  CHECK(s.in_size == 0);
  CHECK_FALSE(s.out_null);
  CHECK(s.out_size == 1024);
  CHECK(s.bytes_ptr);
  CHECK(s.bytes_on_entry == 0);
  CHECK(s.overlapped == (mode != Mode::sync));
  CHECK(s.routine == (mode == Mode::apc));

  CHECK(a.out_size == 1024);
  CHECK(a.error == 0);
  CHECK(a.domain == ErrorDomain::windows);
  CHECK(a.bytes == 24);
  CHECK(a.data == blob);
  CHECK(a.pending == (mode != Mode::sync));
  CHECK_FALSE(a.timed_out);
  REQUIRE_FALSE(a.calls.empty());
  CHECK(a.calls[0].function == "WSAIoctl");
  CHECK(a.calls[0].out_size == 1024u);
  switch (mode) {
    case Mode::sync:
      REQUIRE(a.calls.size() == 1);
      CHECK(a.calls[0].ret == 0);
      CHECK(a.calls[0].bytes == 24u);
      break;
    case Mode::event:
      REQUIRE(a.calls.size() == 2);
      CHECK(a.calls[0].ret == SOCKET_ERROR);
      CHECK(a.calls[0].error == WSA_IO_PENDING);
      CHECK(a.calls[1].function == "WSAGetOverlappedResult");
      CHECK(a.calls[1].ret == TRUE);
      CHECK(a.calls[1].bytes == 24u);
      CHECK(fake.results == 1);
      break;
    case Mode::apc:
      REQUIRE(a.calls.size() == 1);
      REQUIRE(a.apc);
      CHECK(a.apc->ran);
      CHECK(a.apc->on_calling_thread);
      CHECK(a.apc->thread_id == GetCurrentThreadId());
      CHECK(a.apc->error == 0);
      CHECK(a.apc->bytes == 24);
      break;
  }
}

TEST_CASE("each documented error is reported as it came back", "[win32]") {
  const int code =
      GENERATE(122, 997, 995, 10014, 10036, 10004, 10022, 10050, 10042, 10057, 10038, 10045);
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  INFO("mode " << name_of(mode) << ", error " << code);
  SelfPair pair;
  FakeProvider fake([&](DWORD) { return error_answer(code, 0, when_for(mode)); });

  const Attempt a = pair.connection->issue(QueryKind::records, mode, 1024, kIoTimeout);

  CHECK(a.error == code);
  CHECK(a.domain == ErrorDomain::windows);
  CHECK(a.bytes == 0);
  CHECK(a.data.empty());
  CHECK_FALSE(a.timed_out);
  CHECK_FALSE(a.interrupted);
  CHECK(fake.cancels == 0);
  switch (mode) {
    case Mode::sync:
      REQUIRE(a.calls.size() == 1);
      CHECK(a.calls[0].ret == SOCKET_ERROR);
      CHECK(a.calls[0].error == code);
      CHECK_FALSE(a.pending);
      break;
    case Mode::event:
      CHECK(a.pending);
      REQUIRE(a.calls.size() == 2);
      CHECK(a.calls[1].function == "WSAGetOverlappedResult");
      CHECK(a.calls[1].ret == FALSE);
      CHECK(a.calls[1].error == code);
      break;
    case Mode::apc:
      CHECK(a.pending);
      REQUIRE(a.apc);
      CHECK(a.apc->ran);
      CHECK(a.apc->error == static_cast<std::uint32_t>(code));
      break;
  }
}

TEST_CASE(
    "a too-small buffer answered with 122 and the size: auto and probe recover, a fixed size does "
    "not",
    "[win32]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  SelfPair pair;
  const auto blob = pattern(3000, 0x11);
  FakeProvider fake([&](DWORD out_size) {
    // Parameters are checked before anything is started: 122 comes back at once.
    return out_size < blob.size()
               ? error_answer(ERROR_INSUFFICIENT_BUFFER, 3000, Answer::When::at_once)
               : blob_answer(blob, when_for(mode));
  });

  SECTION("auto starts at 1024 and retries with the size returned") {
    const QueryResult r =
        run_one(*pair.connection, QueryKind::records, mode, BufferPolicy{}, kIoTimeout);
    REQUIRE(r.attempts.size() == 2);
    CHECK(r.attempts[0].out_size == 1024);
    CHECK(r.attempts[0].error == ERROR_INSUFFICIENT_BUFFER);
    CHECK(r.attempts[0].bytes == 3000);
    CHECK(r.attempts[1].out_size == 3000);
    CHECK(r.succeeded());
    CHECK(r.final_attempt()->data == blob);
    REQUIRE(fake.seen.size() == 2);
    CHECK(fake.seen[1].out_size == 3000);
  }
  SECTION("probe asks with 0 bytes, then exactly the size returned") {
    const QueryResult r = run_one(*pair.connection, QueryKind::records, mode,
                                  BufferPolicy{BufferPolicyKind::probe, 0}, kIoTimeout);
    REQUIRE(r.attempts.size() == 2);
    CHECK(r.attempts[0].out_size == 0);
    CHECK(r.attempts[0].bytes == 3000);
    REQUIRE(fake.seen.size() == 2);
    CHECK(fake.seen[0].out_null);
    CHECK(fake.seen[0].out_size == 0);
    CHECK(fake.seen[1].out_size == 3000);
    CHECK(r.succeeded());
    CHECK(r.final_attempt()->data == blob);
  }
  SECTION("a fixed 512 is issued once and fails") {
    const QueryResult r = run_one(*pair.connection, QueryKind::records, mode,
                                  BufferPolicy{BufferPolicyKind::fixed, 512}, kIoTimeout);
    REQUIRE(r.attempts.size() == 1);
    CHECK(r.attempts[0].out_size == 512);
    CHECK(r.attempts[0].error == ERROR_INSUFFICIENT_BUFFER);
    CHECK(r.attempts[0].bytes == 3000);
    CHECK_FALSE(r.succeeded());
    CHECK(fake.seen.size() == 1);
  }
}

TEST_CASE("cbOutBuffer under a ULONG is passed as asked and answered with WSAEINVAL", "[win32]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  const std::uint32_t size = GENERATE(1u, 2u, 3u);
  INFO("mode " << name_of(mode) << ", size " << size);
  SelfPair pair;
  FakeProvider fake([&](DWORD out_size) {
    return out_size < sizeof(ULONG) ? error_answer(WSAEINVAL, 0, Answer::When::at_once)
                                    : blob_answer(pattern(8, 1), when_for(mode));
  });

  const QueryResult r = run_one(*pair.connection, QueryKind::context, mode,
                                BufferPolicy{BufferPolicyKind::fixed, size}, kIoTimeout);

  REQUIRE(fake.seen.size() == 1);
  CHECK(fake.seen[0].out_size == size);
  CHECK_FALSE(fake.seen[0].out_null);
  REQUIRE(r.attempts.size() == 1);
  CHECK(r.attempts[0].calls[0].out_size == size);
  CHECK(r.attempts[0].error == WSAEINVAL);
  CHECK_FALSE(r.attempts[0].pending);
}

TEST_CASE("a pending call that completes late is waited for", "[win32]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  SelfPair pair;
  const auto blob = pattern(40, 0x80);
  // For sync, "later" makes the call itself take the time.
  FakeProvider fake([&](DWORD) { return blob_answer(blob, Answer::When::later, Millis(300)); });

  const auto t0 = Clock::now();
  const Attempt a = pair.connection->issue(QueryKind::records, mode, 1024, Millis(3000));
  const double took = ms_since(t0);

  CHECK(took >= 280);
  CHECK(took < 2900);
  CHECK(a.error == 0);
  CHECK(a.data == blob);
  CHECK_FALSE(a.timed_out);
  CHECK(a.pending == (mode != Mode::sync));
  CHECK(fake.cancels == 0);
  if (mode == Mode::sync) CHECK(a.calls[0].ms >= 280);
}

TEST_CASE("a pending call that completes without setting its event is not waited out", "[win32]") {
  // Wine's behaviour for a failed overlapped WSAIoctl: Internal is updated,
  // the event is never signalled.
  SelfPair pair;
  FakeProvider fake([](DWORD) {
    Answer a = error_answer(WSAEOPNOTSUPP, 0, Answer::When::later, Millis(50));
    a.set_event = false;
    return a;
  });

  const auto t0 = Clock::now();
  const Attempt a = pair.connection->issue(QueryKind::records, Mode::event, 1024, Millis(3000));

  CHECK(ms_since(t0) < 1500);
  CHECK(a.pending);
  CHECK_FALSE(a.timed_out);
  CHECK(a.error == WSAEOPNOTSUPP);
  CHECK(fake.cancels == 0);
  REQUIRE(a.calls.size() == 2);
  CHECK(a.calls[1].function == "WSAGetOverlappedResult");
  CHECK(words(a.calls[1].notes).find("event was not signalled") != std::string::npos);
}

TEST_CASE("a call that never completes is cancelled after the io-timeout", "[win32]") {
  // A synchronous call has no OVERLAPPED to cancel: only the overlapped modes.
  const Mode mode = GENERATE(Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  SelfPair pair;
  FakeProvider fake([](DWORD) { return error_answer(0, 0, Answer::When::never); });

  const auto t0 = Clock::now();
  const Attempt a = pair.connection->issue(QueryKind::records, mode, 1024, Millis(300));
  const double took = ms_since(t0);

  CHECK(took >= 280);
  CHECK(took < 4000);
  CHECK(a.pending);
  CHECK(a.timed_out);
  CHECK_FALSE(a.interrupted);
  CHECK(fake.cancels == 1);
  const CallRecord* cancel = find_call(a, "CancelIoEx");
  REQUIRE(cancel != nullptr);
  CHECK(cancel->ret == TRUE);
  CHECK(a.error == WSA_OPERATION_ABORTED);
  CHECK(a.data.empty());
  if (mode == Mode::event) {
    REQUIRE(a.calls.size() == 3);
    CHECK(a.calls[2].function == "WSAGetOverlappedResult");
    CHECK(a.calls[2].error == WSA_OPERATION_ABORTED);
  } else {
    REQUIRE(a.apc);
    CHECK(a.apc->ran);
    CHECK(a.apc->error == 995u);
  }

  // The engine stops there rather than retrying a cancelled call.
  const QueryResult r =
      run_one(*pair.connection, QueryKind::context, mode, BufferPolicy{}, Millis(100));
  CHECK(r.attempts.size() == 1);
}

TEST_CASE("Ctrl-C while a call is pending cancels it and reports an interruption", "[win32]") {
  const Mode mode = GENERATE(Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  const InterruptGuard guard;
  SelfPair pair;
  FakeProvider fake([](DWORD) { return error_answer(0, 0, Answer::When::never); });
  std::thread ctrl_c([] {
    Sleep(150);
    w32::raise_interrupt();
  });

  const auto t0 = Clock::now();
  const Attempt a = pair.connection->issue(QueryKind::records, mode, 1024, Millis(10000));
  const double took = ms_since(t0);
  ctrl_c.join();

  CHECK(took < 5000);
  CHECK(a.interrupted);
  CHECK_FALSE(a.timed_out);
  CHECK(pair.platform->interrupted());
  const CallRecord* cancel = find_call(a, "CancelIoEx");
  REQUIRE(cancel != nullptr);
  CHECK(words(cancel->notes).find("interrupted") != std::string::npos);
  CHECK(a.error == WSA_OPERATION_ABORTED);
}

TEST_CASE("an overlapped call that succeeds at once is reported without waiting", "[win32]") {
  const Mode mode = GENERATE(Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  SelfPair pair;
  const auto blob = pattern(16, 0x40);
  FakeProvider fake([&](DWORD) { return blob_answer(blob, Answer::When::at_once); });

  const Attempt a = pair.connection->issue(QueryKind::context, mode, 1024, kIoTimeout);

  CHECK(a.error == 0);
  CHECK(a.bytes == 16);
  CHECK(a.data == blob);
  CHECK_FALSE(a.pending);
  REQUIRE(a.calls.size() == 1);
  CHECK(a.calls[0].ret == 0);
  CHECK(words(a.calls[0].notes).find("completed immediately") != std::string::npos);
  if (mode == Mode::apc) {
    // The routine is queued even so, and the backend lets it run.
    REQUIRE(a.apc);
    CHECK(a.apc->ran);
    CHECK(a.apc->on_calling_thread);
    CHECK(a.apc->bytes == 16);
  }
}
