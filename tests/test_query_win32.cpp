// The Windows backend (query_win32.cpp, system_win32.cpp) on real loopback
// sockets. Wine answers WSAEOPNOTSUPP to the redirect queries, so everything
// else the reference page documents is produced by a fake IoctlProvider that
// keeps the Winsock contract: pending calls complete from another thread, by
// setting the event or by queueing the completion routine to the calling
// thread, so the backend's own waiting code runs.
#include "platform/win32/ioctl_seam.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <thread>

#include "core/engine.h"
#include "core/platform.h"
#include "core/system.h"

using namespace wfpredir;
namespace w32 = wfpredir::win32;
using Clock = std::chrono::steady_clock;

namespace {

constexpr DWORD kRecords = kSioQueryRedirectRecords;
constexpr DWORD kContext = kSioQueryRedirectContext;
constexpr Millis kIoTimeout{5000};

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::vector<std::uint8_t> pattern(std::size_t n, std::uint8_t seed) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed + i * 7);
  return v;
}

const char* name_of(Mode m) { return m == Mode::sync ? "sync" : m == Mode::event ? "event" : "apc"; }

// What the fake answers to one WSAIoctl.
struct Answer {
  enum class When : std::uint8_t {
    at_once,  // the call itself returns the final status
    later,    // WSA_IO_PENDING, completed from another thread after `delay`
    never,    // WSA_IO_PENDING until CancelIoEx, then WSA_OPERATION_ABORTED
  };
  When when = When::at_once;
  int error = 0;                   // final status, 0 = success
  std::vector<std::uint8_t> blob;  // written to the caller's buffer on success
  DWORD bytes = 0;                 // reported byte count (blob size, or the size needed)
  Millis delay{0};
  bool set_event = true;           // false: complete without signalling (what Wine does on failure)
};
using Responder = std::function<Answer(DWORD out_size)>;

Answer blob_answer(std::vector<std::uint8_t> blob, Answer::When when, Millis delay = Millis(20)) {
  Answer a;
  a.when = when;
  a.bytes = static_cast<DWORD>(blob.size());
  a.blob = std::move(blob);
  a.delay = delay;
  return a;
}

Answer error_answer(int error, DWORD bytes, Answer::When when, Millis delay = Millis(20)) {
  Answer a;
  a.when = when;
  a.error = error;
  a.bytes = bytes;
  a.delay = delay;
  return a;
}

// The natural way each mode meets a final status: sync in the call, the
// overlapped modes through the pending path.
Answer::When when_for(Mode m) { return m == Mode::sync ? Answer::When::at_once : Answer::When::later; }

// The arguments of one WSAIoctl as the fake received them.
struct SeenIoctl {
  DWORD code = 0;
  bool in_null = false;
  DWORD in_size = 0;
  bool out_null = false;
  DWORD out_size = 0;
  bool bytes_ptr = false;
  bool overlapped = false;
  bool routine = false;
  DWORD bytes_on_entry = 0;
};

class FakeProvider final : public w32::WinsockProvider {
 public:
  explicit FakeProvider(Responder respond) : respond_(std::move(respond)) {
    stop_ = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    previous_ = w32::set_ioctl_provider(this);
  }
  FakeProvider(const FakeProvider&) = delete;
  FakeProvider& operator=(const FakeProvider&) = delete;
  ~FakeProvider() override {
    w32::set_ioctl_provider(previous_);
    SetEvent(stop_);  // workers still waiting leave without touching anything
    for (auto& t : workers_) t.join();
    CloseHandle(stop_);
  }

  int ioctl(SOCKET, DWORD code, void* in, DWORD in_size, void* out, DWORD out_size, DWORD* bytes_returned,
            WSAOVERLAPPED* ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) override {
    seen.push_back({code, in == nullptr, in_size, out == nullptr, out_size, bytes_returned != nullptr,
                    ov != nullptr, routine != nullptr, bytes_returned != nullptr ? *bytes_returned : 0});
    const Answer ans = respond_(out_size);
    if (ov == nullptr) {  // synchronous: the call itself takes the time
      if (ans.when != Answer::When::at_once) Sleep(static_cast<DWORD>(ans.delay.count()));
      return answer_now(ans, out, out_size, bytes_returned);
    }
    auto op = std::make_shared<Op>(ov, routine, out, out_size);
    ops_[ov] = op;
    if (ans.when == Answer::When::at_once) {
      const int ret = answer_now(ans, out, out_size, bytes_returned);
      const int error = WSAGetLastError();
      if (ret == 0) {
        // Success is still signalled: the event is set, the routine queued
        // (from another thread, as a provider's worker would).
        std::thread([&] { complete(*op, 0, ans.bytes, {}); }).join();
      }
      WSASetLastError(error);
      return ret;
    }
    if (bytes_returned != nullptr) *bytes_returned = 0;  // unknown while pending
    set_internal(ov, kStatusPending);
    op->set_event = ans.set_event;
    const HANDLE cancel = op->cancel;
    workers_.emplace_back([this, op, ans, cancel] {
      const HANDLE wait_for[2] = {cancel, stop_};
      const DWORD timeout = ans.when == Answer::When::later ? static_cast<DWORD>(ans.delay.count()) : INFINITE;
      switch (WaitForMultipleObjects(2, wait_for, FALSE, timeout)) {
        case WAIT_TIMEOUT: complete(*op, ans.error, ans.bytes, ans.error == 0 ? ans.blob : std::vector<std::uint8_t>{}); break;
        case WAIT_OBJECT_0: complete(*op, WSA_OPERATION_ABORTED, 0, {}); break;
        default: break;  // the fake is going away
      }
    });
    WSASetLastError(WSA_IO_PENDING);
    return SOCKET_ERROR;
  }

  BOOL overlapped_result(SOCKET, WSAOVERLAPPED* ov, DWORD* transferred, BOOL wait, DWORD* flags) override {
    ++results;
    auto it = ops_.find(ov);
    if (it == ops_.end()) {
      WSASetLastError(WSA_INVALID_PARAMETER);
      return FALSE;
    }
    Op& op = *it->second;
    if (wait) WaitForSingleObject(op.done, INFINITE);
    if (WaitForSingleObject(op.done, 0) != WAIT_OBJECT_0) {
      WSASetLastError(WSA_IO_INCOMPLETE);
      return FALSE;
    }
    *transferred = op.bytes;
    *flags = 0;
    if (op.error == 0) return TRUE;
    WSASetLastError(op.error);
    return FALSE;
  }

  BOOL cancel(SOCKET, WSAOVERLAPPED* ov) override {
    ++cancels;
    auto it = ops_.find(ov);
    if (it == ops_.end() || WaitForSingleObject(it->second->done, 0) == WAIT_OBJECT_0) {
      SetLastError(ERROR_NOT_FOUND);
      return FALSE;
    }
    SetEvent(it->second->cancel);
    return TRUE;
  }

  std::vector<SeenIoctl> seen;
  int results = 0;
  int cancels = 0;

 private:
  struct Op {
    Op(WSAOVERLAPPED* o, LPWSAOVERLAPPED_COMPLETION_ROUTINE r, void* b, DWORD n)
        : ov(o), event(r == nullptr ? o->hEvent : nullptr), routine(r), out(b), out_size(n) {
      DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &caller, 0, FALSE,
                      DUPLICATE_SAME_ACCESS);
      cancel = CreateEventW(nullptr, TRUE, FALSE, nullptr);
      done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    }
    Op(const Op&) = delete;
    Op& operator=(const Op&) = delete;
    ~Op() {
      CloseHandle(caller);
      CloseHandle(cancel);
      CloseHandle(done);
    }
    WSAOVERLAPPED* ov;
    HANDLE event;  // read at call time: the caller owns ov->hEvent
    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine;
    void* out;
    DWORD out_size;
    HANDLE caller = nullptr;
    HANDLE cancel = nullptr;
    HANDLE done = nullptr;
    int error = 0;
    DWORD bytes = 0;
    bool set_event = true;
  };

  static constexpr LONG64 kStatusPending = 0x103;
  // The kernel's write of the status HasOverlappedIoCompleted reads.
  static void set_internal(WSAOVERLAPPED* ov, LONG64 status) {
    InterlockedExchange64(reinterpret_cast<volatile LONG64*>(&ov->Internal), status);
  }

  struct ApcCall {
    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine;
    DWORD error, bytes;
    WSAOVERLAPPED* ov;
  };
  static void CALLBACK run_routine(ULONG_PTR p) {
    std::unique_ptr<ApcCall> c(reinterpret_cast<ApcCall*>(p));
    c->routine(c->error, c->bytes, c->ov, 0);
  }

  static int answer_now(const Answer& ans, void* out, DWORD out_size, DWORD* bytes_returned) {
    if (ans.error == 0 && out != nullptr) std::memcpy(out, ans.blob.data(), std::min<std::size_t>(ans.blob.size(), out_size));
    if (bytes_returned != nullptr) *bytes_returned = ans.bytes;
    WSASetLastError(ans.error);
    return ans.error == 0 ? 0 : SOCKET_ERROR;
  }

  // Writes the result, then signals completion; nothing of the caller's is
  // touched after the signal (the caller may free it at once).
  static void complete(Op& op, int error, DWORD bytes, const std::vector<std::uint8_t>& blob) {
    if (error == 0 && op.out != nullptr && !blob.empty())
      std::memcpy(op.out, blob.data(), std::min<std::size_t>(blob.size(), op.out_size));
    op.error = error;
    op.bytes = bytes;
    SetEvent(op.done);
    // STATUS_SUCCESS, or STATUS_UNSUCCESSFUL standing for any failure.
    set_internal(op.ov, error == 0 ? 0 : 0xC0000001);
    if (op.routine != nullptr) {
      auto* call = new ApcCall{op.routine, static_cast<DWORD>(error), bytes, op.ov};
      QueueUserAPC(&run_routine, op.caller, reinterpret_cast<ULONG_PTR>(call));
    } else if (op.set_event) {
      SetEvent(op.event);
    }
  }

  Responder respond_;
  IoctlProvider* previous_ = nullptr;
  HANDLE stop_ = nullptr;
  std::map<WSAOVERLAPPED*, std::shared_ptr<Op>> ops_;
  std::vector<std::thread> workers_;
};

// A --self pair from the real backend: the Connection is the accepted socket.
struct SelfPair {
  std::unique_ptr<Platform> platform = Platform::create();
  std::unique_ptr<Source> source;
  std::unique_ptr<Connection> connection;
  SelfPair() {
    auto opened = platform->open(Target{});
    REQUIRE(std::holds_alternative<std::unique_ptr<Source>>(opened));
    source = std::move(std::get<std::unique_ptr<Source>>(opened));
    auto next = source->next(Millis(10000));
    REQUIRE(std::holds_alternative<std::unique_ptr<Connection>>(next));
    connection = std::move(std::get<std::unique_ptr<Connection>>(next));
  }
};

// Winsock for the test's own sockets (clients, listeners, free ports).
struct Wsa {
  Wsa() {
    WSADATA d{};
    REQUIRE(WSAStartup(MAKEWORD(2, 2), &d) == 0);
  }
  Wsa(const Wsa&) = delete;
  Wsa& operator=(const Wsa&) = delete;
  ~Wsa() { WSACleanup(); }
};

struct InterruptGuard {
  InterruptGuard() = default;
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  ~InterruptGuard() { w32::clear_interrupt(); }
};

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

std::uint16_t local_port(SOCKET s) {
  sockaddr_in a{};
  int len = sizeof a;
  REQUIRE(getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  return ntohs(a.sin_port);
}

// A loopback TCP listener of the test's own, on an ephemeral port.
struct TestListener {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  std::uint16_t port = 0;
  TestListener() {
    REQUIRE(s != INVALID_SOCKET);
    const sockaddr_in a = loopback(0);
    REQUIRE(bind(s, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(listen(s, 4) == 0);
    port = local_port(s);
  }
  TestListener(const TestListener&) = delete;
  TestListener& operator=(const TestListener&) = delete;
  ~TestListener() { closesocket(s); }
};

// A port nothing listens on (bound once, then released).
std::uint16_t unused_port() {
  const TestListener l;
  return l.port;
}

const CallRecord* find_call(const Attempt& a, std::string_view function) {
  for (const CallRecord& c : a.calls)
    if (c.function == function) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("the platform offers three modes and three kinds", "[win32]") {
  auto p = Platform::create();
  CHECK(p->name() == "windows");
  CHECK(p->modes() == std::vector<Mode>{Mode::sync, Mode::event, Mode::apc});
  CHECK(p->kinds() == std::vector<QueryKind>{QueryKind::records, QueryKind::context, QueryKind::original_dst});
}

TEST_CASE("--self queries the accepted end of a loopback pair", "[win32]") {
  SelfPair pair;
  CHECK(pair.source->waiting_for() == "the loopback connection to itself");
  const ConnectionInfo i = pair.connection->info();
  CHECK(i.protocol == "tcp");
  CHECK(i.family == Family::ipv4);
  CHECK(i.side == "accepted");
  CHECK(format_endpoint(i.local).rfind("127.0.0.1:", 0) == 0);
  CHECK(format_endpoint(i.peer).rfind("127.0.0.1:", 0) == 0);
  CHECK(i.local != i.peer);
}

TEST_CASE("Wine's own Winsock answers WSAEOPNOTSUPP in every mode", "[win32][wine]") {
  if (!platform_info().under_wine) {
    WARN("not under Wine: what a real Windows answers depends on the machine");
    return;
  }
  SelfPair pair;
  Connection& c = *pair.connection;

  const Attempt sync = c.issue(QueryKind::records, Mode::sync, 1024, kIoTimeout);
  CHECK(sync.error == WSAEOPNOTSUPP);
  REQUIRE(sync.calls.size() == 1);
  CHECK(sync.calls[0].function == "WSAIoctl");
  CHECK(sync.calls[0].control_code == kRecords);
  CHECK(sync.calls[0].ret == SOCKET_ERROR);
  CHECK(sync.calls[0].error == WSAEOPNOTSUPP);

  const Attempt event = c.issue(QueryKind::context, Mode::event, 1024, kIoTimeout);
  CHECK(event.pending);
  CHECK(event.error == WSAEOPNOTSUPP);
  CHECK_FALSE(event.timed_out);
  REQUIRE(event.calls.size() == 2);
  CHECK(event.calls[0].error == WSA_IO_PENDING);
  CHECK(event.calls[1].function == "WSAGetOverlappedResult");
  CHECK(event.calls[1].error == WSAEOPNOTSUPP);

  const Attempt apc = c.issue(QueryKind::records, Mode::apc, 1024, kIoTimeout);
  CHECK(apc.pending);
  CHECK(apc.error == WSAEOPNOTSUPP);
  REQUIRE(apc.apc);
  CHECK(apc.apc->ran);
  CHECK(apc.apc->on_calling_thread);
  CHECK(apc.apc->error == 10045u);

  const Attempt dst = c.issue(QueryKind::original_dst, Mode::sync, 1024, kIoTimeout);
  // Wine knows no level SOL_IP (0xFFFB): WSAEINVAL. (docs/winsock-contract.md#what-wine-answers: WSAENOPROTOOPT
  // was seen at SOL_SOCKET, which is not where Windows defines the option.)
  CHECK(dst.error == WSAEINVAL);
  REQUIRE(dst.calls.size() == 1);
  CHECK(dst.calls[0].function == "getsockopt");
  CHECK(dst.calls[0].note.find("SOL_IP (0xFFFB)") != std::string::npos);
  CHECK(!dst.original_dst);
}

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
  const int code = GENERATE(122, 997, 995, 10014, 10036, 10004, 10022, 10050, 10042, 10057, 10038, 10045);
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

TEST_CASE("a too-small buffer answered with 122 and the size: auto and probe recover, a fixed size does not",
          "[win32]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  SelfPair pair;
  const auto blob = pattern(3000, 0x11);
  FakeProvider fake([&](DWORD out_size) {
    // Parameters are checked before anything is started: 122 comes back at once.
    return out_size < blob.size() ? error_answer(ERROR_INSUFFICIENT_BUFFER, 3000, Answer::When::at_once)
                                  : blob_answer(blob, when_for(mode));
  });

  SECTION("auto starts at 1024 and retries with the size returned") {
    const QueryResult r = run_one(*pair.connection, QueryKind::records, mode, BufferPolicy{}, kIoTimeout);
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
  CHECK(a.calls[1].note.find("event was not signalled") != std::string::npos);
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
  const QueryResult r = run_one(*pair.connection, QueryKind::context, mode, BufferPolicy{}, Millis(100));
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
  CHECK(cancel->note.find("interrupted") != std::string::npos);
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
  CHECK(a.calls[0].note.find("completed immediately") != std::string::npos);
  if (mode == Mode::apc) {
    // The routine is queued even so, and the backend lets it run.
    REQUIRE(a.apc);
    CHECK(a.apc->ran);
    CHECK(a.apc->on_calling_thread);
    CHECK(a.apc->bytes == 16);
  }
}

namespace {
// Answers getsockopt(SO_ORIGINAL_DST) with a fixed SOCKADDR or error.
class OriginalDstFake final : public w32::WinsockProvider {
 public:
  OriginalDstFake(std::vector<std::uint8_t> answer, int error) : answer_(std::move(answer)), error_(error) {
    previous_ = w32::set_ioctl_provider(this);
  }
  OriginalDstFake(const OriginalDstFake&) = delete;
  OriginalDstFake& operator=(const OriginalDstFake&) = delete;
  ~OriginalDstFake() override { w32::set_ioctl_provider(previous_); }
  int get_option(SOCKET, int lvl, int nm, char* value, int* length) override {
    level = lvl;
    name = nm;
    length_in = *length;
    if (error_ != 0) {
      WSASetLastError(error_);
      return SOCKET_ERROR;
    }
    std::memcpy(value, answer_.data(), answer_.size());
    *length = static_cast<int>(answer_.size());
    return 0;
  }
  int level = 0, name = 0, length_in = 0;

 private:
  std::vector<std::uint8_t> answer_;
  int error_;
  IoctlProvider* previous_ = nullptr;
};

template <class T>
std::vector<std::uint8_t> bytes_of(const T& v) {
  std::vector<std::uint8_t> out(sizeof v);
  std::memcpy(out.data(), &v, sizeof v);
  return out;
}
}  // namespace

TEST_CASE("the original destination is read with SO_ORIGINAL_DST and decoded", "[win32]") {
  SelfPair pair;
  SECTION("IPv4") {
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(8443);
    dst.sin_addr.s_addr = htonl(0x0A010203);
    OriginalDstFake fake(bytes_of(dst), 0);
    const Attempt a = pair.connection->issue(QueryKind::original_dst, Mode::sync, 1024, kIoTimeout);
    CHECK(fake.level == 0xFFFB);
    CHECK(fake.name == 0x300F);
    CHECK(fake.length_in == 1024);
    CHECK(a.error == 0);
    CHECK(a.bytes == sizeof dst);
    CHECK(format_endpoint(a.original_dst) == "10.1.2.3:8443");
    CHECK(a.mechanism == "SO_ORIGINAL_DST");
    CHECK(a.data == bytes_of(dst));
  }
  SECTION("IPv6") {
    sockaddr_in6 dst{};
    dst.sin6_family = AF_INET6;
    dst.sin6_port = htons(443);
    dst.sin6_addr.s6_addr[0] = 0x20;
    dst.sin6_addr.s6_addr[1] = 0x01;
    dst.sin6_addr.s6_addr[2] = 0x0d;
    dst.sin6_addr.s6_addr[3] = 0xb8;
    dst.sin6_addr.s6_addr[15] = 0x01;
    OriginalDstFake fake(bytes_of(dst), 0);
    const Attempt a = pair.connection->issue(QueryKind::original_dst, Mode::sync, 1024, kIoTimeout);
    CHECK(format_endpoint(a.original_dst) == "[2001:db8::1]:443");
  }
  SECTION("an error is kept as it came back") {
    OriginalDstFake fake({}, WSAENOPROTOOPT);
    const Attempt a = pair.connection->issue(QueryKind::original_dst, Mode::sync, 1024, kIoTimeout);
    CHECK(a.error == WSAENOPROTOOPT);
    CHECK(!a.original_dst);
    CHECK(a.mechanism.empty());
    CHECK(a.data.empty());
    REQUIRE(a.calls.size() == 1);
    CHECK(a.calls[0].ret == SOCKET_ERROR);
    // optlen came back as it was passed: the raw value is in the call, and
    // the attempt does not pass it off as a byte count.
    CHECK(a.calls[0].bytes == 1024u);
    CHECK(a.bytes == 0);
  }
}

TEST_CASE("--port accepts a client and bounds the wait with the timeout", "[win32]") {
  const Wsa wsa;
  const std::uint16_t port = unused_port();
  auto platform = Platform::create();
  Target t;
  t.kind = Target::Kind::listen;
  t.port = port;
  auto opened = platform->open(t);
  REQUIRE(std::holds_alternative<std::unique_ptr<Source>>(opened));
  auto& source = *std::get<std::unique_ptr<Source>>(opened);
  CHECK(source.waiting_for() == "a connection on 127.0.0.1:" + std::to_string(port));

  SECTION("a client connects") {
    SOCKET client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    const sockaddr_in to = loopback(port);
    REQUIRE(connect(client, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0);
    auto next = source.next(Millis(5000));
    REQUIRE(std::holds_alternative<std::unique_ptr<Connection>>(next));
    const ConnectionInfo i = std::get<std::unique_ptr<Connection>>(next)->info();
    CHECK(i.side == "accepted");
    CHECK(format_endpoint(i.local) == "127.0.0.1:" + std::to_string(port));
    CHECK(format_endpoint(i.peer) == "127.0.0.1:" + std::to_string(local_port(client)));
    closesocket(client);
  }
  SECTION("nobody connects") {
    const auto t0 = Clock::now();
    auto next = source.next(Millis(300));
    CHECK(ms_since(t0) >= 280);
    REQUIRE(std::holds_alternative<SetupError>(next));
    CHECK(std::get<SetupError>(next).kind == SetupError::Kind::timed_out);
  }
  SECTION("Ctrl-C ends the wait") {
    const InterruptGuard guard;
    w32::raise_interrupt();
    auto next = source.next(std::nullopt);
    REQUIRE(std::holds_alternative<SetupError>(next));
    CHECK(std::get<SetupError>(next).kind == SetupError::Kind::interrupted);
  }
}

TEST_CASE("--bind takes address literals only", "[win32]") {
  auto platform = Platform::create();
  Target t;
  t.kind = Target::Kind::listen;
  t.port = 1;
  for (const char* bad : {"localhost", "1.2.3", "256.0.0.1", "", "::g"}) {
    INFO("--bind " << bad);
    t.bind = bad;
    auto opened = platform->open(t);
    REQUIRE(std::holds_alternative<SetupError>(opened));
    const SetupError& e = std::get<SetupError>(opened);
    CHECK(e.kind == SetupError::Kind::usage);
    CHECK(e.message.find("--bind") != std::string::npos);
  }
}

TEST_CASE("--connect resolves, connects and reports refusals with their code", "[win32]") {
  const Wsa wsa;
  auto platform = Platform::create();
  Target t;
  t.kind = Target::Kind::connect;

  SECTION("to a listener, by address and by name") {
    const TestListener server;
    t.host = GENERATE(as<std::string>{}, "127.0.0.1", "localhost");
    t.connect_port = server.port;
    auto opened = platform->open(t);
    REQUIRE(std::holds_alternative<std::unique_ptr<Source>>(opened));
    auto& source = *std::get<std::unique_ptr<Source>>(opened);
    CHECK(source.waiting_for() == "the connection to " + t.host + ":" + std::to_string(server.port));
    auto next = source.next(Millis(5000));
    REQUIRE(std::holds_alternative<std::unique_ptr<Connection>>(next));
    const ConnectionInfo i = std::get<std::unique_ptr<Connection>>(next)->info();
    CHECK(i.side == "connected");
    CHECK(format_endpoint(i.peer) == "127.0.0.1:" + std::to_string(server.port));
  }
  SECTION("refused") {
    t.host = "127.0.0.1";
    t.connect_port = unused_port();
    auto opened = platform->open(t);
    REQUIRE(std::holds_alternative<std::unique_ptr<Source>>(opened));
    auto next = std::get<std::unique_ptr<Source>>(opened)->next(Millis(5000));
    REQUIRE(std::holds_alternative<SetupError>(next));
    const SetupError& e = std::get<SetupError>(next);
    CHECK(e.kind == SetupError::Kind::failed);
    CHECK(e.operation == "connect 127.0.0.1:" + std::to_string(t.connect_port));
    CHECK(e.domain == ErrorDomain::windows);
    CHECK(e.code == WSAECONNREFUSED);
  }
  SECTION("a name that does not resolve") {
    t.host = "no-such-host.invalid";
    t.connect_port = 80;
    auto opened = platform->open(t);
    REQUIRE(std::holds_alternative<SetupError>(opened));
    const SetupError& e = std::get<SetupError>(opened);
    CHECK(e.kind == SetupError::Kind::failed);
    CHECK(e.operation == "resolve no-such-host.invalid");
    // WSATRY_AGAIN where the machine has no resolver at all.
    CHECK((e.code == WSAHOST_NOT_FOUND || e.code == WSATRY_AGAIN || e.code == WSANO_DATA));
  }
}

TEST_CASE("system_error_text is FormatMessage's text without the line break", "[win32]") {
  const std::string text = system_error_text(ErrorDomain::windows, ERROR_INSUFFICIENT_BUFFER);
  REQUIRE_FALSE(text.empty());
  CHECK(text.back() != '\n');
  CHECK(text.back() != '\r');
  CHECK(text.back() != ' ');
  CHECK(system_error_text(ErrorDomain::posix, 2).empty());
  CHECK(platform_name() == "windows");
}

TEST_CASE("platform_info reports the Windows build and Winsock", "[win32]") {
  const PlatformInfo i = platform_info();
  CHECK(i.os == "windows");
  CHECK(std::count(i.version.begin(), i.version.end(), '.') == 2);
  CHECK(i.detail.rfind("Winsock 2.2", 0) == 0);
  CHECK(i.under_wine == !i.wine_version.empty());
}
