// Windows backend of platform.h: Winsock sockets (listen, connect, --self),
// the redirect queries in sync, event and apc mode, and Ctrl-C. Every call a
// query makes goes through the IoctlProvider seam (win32/ioctl_seam.h) and is
// recorded exactly as it returned.
#include "platform/win32/ioctl_seam.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <utility>

#include "core/platform.h"
#include "core/system.h"

namespace wfpredir::win32 {

int WinsockProvider::ioctl(SOCKET s, DWORD code, void* in, DWORD in_size, void* out, DWORD out_size,
                           DWORD* bytes_returned, WSAOVERLAPPED* overlapped,
                           LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
  return ::WSAIoctl(s, code, in, in_size, out, out_size, bytes_returned, overlapped, routine);
}

BOOL WinsockProvider::overlapped_result(SOCKET s, WSAOVERLAPPED* overlapped, DWORD* transferred,
                                        BOOL wait, DWORD* flags) {
  return ::WSAGetOverlappedResult(s, overlapped, transferred, wait, flags);
}

BOOL WinsockProvider::cancel(SOCKET s, WSAOVERLAPPED* overlapped) {
  return ::CancelIoEx(reinterpret_cast<HANDLE>(s), overlapped);
}

int WinsockProvider::get_option(SOCKET s, int level, int name, char* value, int* length) {
  return ::getsockopt(s, level, name, value, length);
}

namespace {

WinsockProvider g_winsock;
std::atomic<IoctlProvider*> g_provider{&g_winsock};
std::atomic<bool> g_interrupted{false};

IoctlProvider& provider() { return *g_provider.load(); }

// Manual-reset, created once and never closed: the console handler may signal
// it from its own thread at any moment, up to process exit.
HANDLE interrupt_event() {
  static const HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  return event;
}

BOOL WINAPI on_console_ctrl(DWORD type) {
  if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT) return FALSE;
  // A second Ctrl-C falls through to the default handler, which ends the
  // process: the way out of a synchronous call that never returns.
  if (g_interrupted.load()) return FALSE;
  note_stop(StopCause::interrupt);
  raise_interrupt();
  return TRUE;
}

}  // namespace

IoctlProvider* set_ioctl_provider(IoctlProvider* p) {
  IoctlProvider* old = g_provider.exchange(p != nullptr ? p : &g_winsock);
  return old == &g_winsock ? nullptr : old;
}

void raise_interrupt() {
  g_interrupted.store(true);
  SetEvent(interrupt_event());
}

void clear_interrupt() {
  g_interrupted.store(false);
  ResetEvent(interrupt_event());
}

}  // namespace wfpredir::win32

namespace wfpredir {
namespace {

using win32::provider;
using win32::interrupt_event;
using Clock = std::chrono::steady_clock;
using Deadline = std::optional<Clock::time_point>;

// Not in MinGW-w64's headers (docs/winsock-contract.md#control-codes).
constexpr int kSolIp = 0xFFFB;
constexpr int kSolIpv6 = 0xFFFA;
constexpr int kSoOriginalDst = 0x300F;
// How long a cancelled operation gets to deliver its final status before its
// buffer is abandoned to it (see abandon()).
constexpr Millis kCancelGrace{5000};
// winnt.h's STATUS_PENDING is a C cast; what HasOverlappedIoCompleted compares.
constexpr ULONG_PTR kStatusPending = 0x103;
// How often an event-mode wait also looks at the OVERLAPPED itself.
constexpr Millis kPollSlice{10};
// accept() is retried at least this often, whatever FD_ACCEPT says.
constexpr Millis kAcceptSlice{100};

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

Deadline deadline_after(std::optional<Millis> timeout) {
  if (!timeout) return std::nullopt;
  return Clock::now() + *timeout;
}

// Milliseconds left for a Win32 wait, rounded up so a wait never ends early.
DWORD remaining_ms(const Deadline& deadline) {
  if (!deadline) return INFINITE;
  const auto left = std::chrono::ceil<Millis>(*deadline - Clock::now()).count();
  if (left <= 0) return 0;
  return static_cast<DWORD>(std::min<long long>(left, INFINITE - 1));
}

class Socket {
 public:
  Socket() = default;
  explicit Socket(SOCKET s) : s_(s) {}
  Socket(Socket&& other) noexcept : s_(std::exchange(other.s_, INVALID_SOCKET)) {}
  Socket& operator=(Socket&& other) noexcept {
    if (this != &other) {
      reset();
      s_ = std::exchange(other.s_, INVALID_SOCKET);
    }
    return *this;
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { reset(); }
  SOCKET get() const { return s_; }
  explicit operator bool() const { return s_ != INVALID_SOCKET; }
  void reset() {
    if (s_ != INVALID_SOCKET) closesocket(s_);
    s_ = INVALID_SOCKET;
  }

 private:
  SOCKET s_ = INVALID_SOCKET;
};

class Handle {
 public:
  Handle() = default;
  explicit Handle(HANDLE h) : h_(h) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (h_ != nullptr) CloseHandle(h_);
  }
  HANDLE get() const { return h_; }

 private:
  HANDLE h_ = nullptr;
};

// One WSAStartup/WSACleanup pair, shared by the platform, its sources and
// their connections, so sockets are closed before Winsock is let go.
class WsaSession {
 public:
  WsaSession() {
    WSADATA data{};
    error_ = WSAStartup(MAKEWORD(2, 2), &data);
  }
  WsaSession(const WsaSession&) = delete;
  WsaSession& operator=(const WsaSession&) = delete;
  ~WsaSession() {
    if (error_ == 0) WSACleanup();
  }
  int error() const { return error_; }

 private:
  int error_ = 0;
};
using Session = std::shared_ptr<WsaSession>;

SetupError failure(std::string operation, int code, std::string message = {}) {
  SetupError e;
  e.kind = SetupError::Kind::failed;
  e.operation = std::move(operation);
  e.domain = ErrorDomain::windows;
  e.code = code;
  e.message = std::move(message);
  return e;
}

SetupError without_code(SetupError::Kind kind, std::string operation, std::string message) {
  SetupError e = failure(std::move(operation), 0, std::move(message));
  e.kind = kind;
  return e;
}

// The endpoint in \p ss; nullopt for other families or a short length.
std::optional<IpEndpoint> to_endpoint(const sockaddr_storage& ss, int len) {
  if (ss.ss_family == AF_INET && len >= static_cast<int>(sizeof(sockaddr_in))) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(ss);
    std::uint8_t b[4];
    std::memcpy(b, &in.sin_addr, 4);
    return IpEndpoint::v4(b, ntohs(in.sin_port));
  }
  if (ss.ss_family == AF_INET6 && len >= static_cast<int>(sizeof(sockaddr_in6))) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(ss);
    std::uint8_t b[16];
    std::memcpy(b, &in6.sin6_addr, 16);
    return IpEndpoint::v6(b, ntohs(in6.sin6_port), in6.sin6_scope_id);
  }
  return std::nullopt;
}

// For messages: "1.2.3.4:80" / "[::1]:80"; empty for other families.
std::string format_address(const sockaddr_storage& ss, int len) { return format_endpoint(to_endpoint(ss, len)); }

struct Endpoint {
  sockaddr_storage addr{};
  int len = 0;
  const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&addr); }
  std::string text() const { return format_address(addr, len); }
  std::optional<IpEndpoint> endpoint() const { return to_endpoint(addr, len); }
};

std::string strip_brackets(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  return std::string(text);
}

// An IPv4 or IPv6 literal (IPv6 optionally in brackets); never a name: the
// listener binds exactly the address it was given.
std::optional<Endpoint> parse_literal(std::string_view text, std::uint16_t port) {
  const std::string host = strip_brackets(text);
  Endpoint e;
  auto& in = reinterpret_cast<sockaddr_in&>(e.addr);
  if (inet_pton(AF_INET, host.c_str(), &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    in.sin_port = htons(port);
    e.len = sizeof(sockaddr_in);
    return e;
  }
  auto& in6 = reinterpret_cast<sockaddr_in6&>(e.addr);
  if (inet_pton(AF_INET6, host.c_str(), &in6.sin6_addr) == 1) {
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(port);
    e.len = sizeof(sockaddr_in6);
    return e;
  }
  return std::nullopt;
}

std::wstring widen(const std::string& s) {
  if (s.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring w(static_cast<std::size_t>(std::max(n, 0)), L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
  return w;
}

std::variant<std::vector<Endpoint>, SetupError> resolve(const std::string& host, std::uint16_t port) {
  ADDRINFOW hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  ADDRINFOW* list = nullptr;
  const std::wstring node = widen(strip_brackets(host));
  const std::wstring service = std::to_wstring(port);
  // GetAddrInfoW returns its WSA code (WSAHOST_NOT_FOUND, ...) directly.
  if (const int rc = GetAddrInfoW(node.c_str(), service.c_str(), &hints, &list); rc != 0)
    return failure("resolve " + host, rc);
  std::vector<Endpoint> out;
  for (const ADDRINFOW* ai = list; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_addr == nullptr || ai->ai_addrlen > sizeof(sockaddr_storage)) continue;
    Endpoint e;
    std::memcpy(&e.addr, ai->ai_addr, ai->ai_addrlen);
    e.len = static_cast<int>(ai->ai_addrlen);
    out.push_back(e);
  }
  FreeAddrInfoW(list);
  if (out.empty()) return without_code(SetupError::Kind::failed, "resolve " + host, "no IPv4 or IPv6 address");
  return out;
}

enum class Wake : std::uint8_t { ready, timed_out, interrupted, failed };

// Waits for \p event, the deadline or Ctrl-C. The event comes first so that a
// completion that races with an interrupt is seen as a completion.
Wake wait_event(HANDLE event, const Deadline& deadline) {
  const HANDLE handles[2] = {event, interrupt_event()};
  switch (WaitForMultipleObjects(2, handles, FALSE, remaining_ms(deadline))) {
    case WAIT_OBJECT_0: return Wake::ready;
    case WAIT_OBJECT_0 + 1: return Wake::interrupted;
    case WAIT_TIMEOUT: return Wake::timed_out;
    default: return Wake::failed;
  }
}

// WSAEventSelect makes a socket non-blocking, and an accepted socket inherits
// its listener's selection: undo both so the queried socket is a plain one.
int make_plain(SOCKET s) {
  u_long off = 0;
  if (WSAEventSelect(s, nullptr, 0) != 0 || ioctlsocket(s, FIONBIO, &off) != 0) return WSAGetLastError();
  return 0;
}

SetupError stopped(Wake w, const std::string& operation, const std::string& waited_for) {
  if (w == Wake::interrupted) return without_code(SetupError::Kind::interrupted, operation, "interrupted");
  if (w == Wake::timed_out)
    return without_code(SetupError::Kind::timed_out, operation, "timed out waiting for " + waited_for);
  return failure(operation + " (waiting)", static_cast<int>(GetLastError()));
}

// A new overlapped socket connected to \p to, within the deadline, Ctrl-C aware.
std::variant<Socket, SetupError> connect_to(const Endpoint& to, const Deadline& deadline) {
  const std::string op = "connect " + to.text();
  Socket s(WSASocketW(to.addr.ss_family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED));
  if (!s) return failure("socket for " + op, WSAGetLastError());
  Handle event(WSACreateEvent());
  if (event.get() == nullptr) return failure("WSACreateEvent for " + op, WSAGetLastError());
  if (WSAEventSelect(s.get(), event.get(), FD_CONNECT) != 0) return failure("WSAEventSelect for " + op, WSAGetLastError());
  if (connect(s.get(), to.sa(), to.len) != 0) {
    if (const int err = WSAGetLastError(); err != WSAEWOULDBLOCK) return failure(op, err);
    for (;;) {
      if (const Wake w = wait_event(event.get(), deadline); w != Wake::ready) return stopped(w, op, "the peer to answer");
      WSANETWORKEVENTS ne{};
      if (WSAEnumNetworkEvents(s.get(), event.get(), &ne) != 0) return failure(op, WSAGetLastError());
      if ((ne.lNetworkEvents & FD_CONNECT) == 0) continue;
      if (const int err = ne.iErrorCode[FD_CONNECT_BIT]; err != 0) return failure(op, err);
      break;
    }
  }
  if (const int err = make_plain(s.get()); err != 0) return failure("blocking mode after " + op, err);
  return s;
}

// A listening socket in event-select mode, so accept can wait with a timeout
// and wake on Ctrl-C.
class Listener {
 public:
  static std::variant<Listener, SetupError> open(const Endpoint& at) {
    const std::string op = "bind " + at.text();
    Listener l;
    l.sock_ = Socket(WSASocketW(at.addr.ss_family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED));
    if (!l.sock_) return failure("socket for " + op, WSAGetLastError());
    if (bind(l.sock_.get(), at.sa(), at.len) != 0) return failure(op, WSAGetLastError());
    if (listen(l.sock_.get(), SOMAXCONN) != 0) return failure("listen on " + at.text(), WSAGetLastError());
    sockaddr_storage bound{};
    int len = sizeof bound;
    if (getsockname(l.sock_.get(), reinterpret_cast<sockaddr*>(&bound), &len) != 0)
      return failure("getsockname after " + op, WSAGetLastError());
    l.local_.addr = bound;
    l.local_.len = len;
    l.event_ = std::make_unique<Handle>(WSACreateEvent());
    if (l.event_->get() == nullptr) return failure("WSACreateEvent for " + op, WSAGetLastError());
    if (WSAEventSelect(l.sock_.get(), l.event_->get(), FD_ACCEPT) != 0)
      return failure("WSAEventSelect for " + op, WSAGetLastError());
    return l;
  }

  const Endpoint& local() const { return local_; }

  std::variant<Socket, SetupError> accept_one(const Deadline& deadline) {
    const std::string op = "accept on " + local_.text();
    for (;;) {
      Socket s(accept(sock_.get(), nullptr, nullptr));
      if (s) {
        if (const int err = make_plain(s.get()); err != 0) return failure("blocking mode after " + op, err);
        return s;
      }
      if (const int err = WSAGetLastError(); err != WSAEWOULDBLOCK) return failure(op, err);
      // Waits in slices and retries accept() after each: an FD_ACCEPT that
      // never arrives (seen under Wine with a connection already queued) must
      // not leave a connection waiting until the deadline, or for ever.
      const Deadline slice_end = Clock::now() + kAcceptSlice;
      const bool last_slice = deadline && *deadline <= *slice_end;
      const Wake w = wait_event(event_->get(), last_slice ? deadline : slice_end);
      if (w == Wake::timed_out && !last_slice) continue;
      if (w != Wake::ready) return stopped(w, op, "a connection");
      // Resets the event; FD_ACCEPT is re-armed by the next accept().
      WSANETWORKEVENTS ne{};
      if (WSAEnumNetworkEvents(sock_.get(), event_->get(), &ne) != 0) return failure(op, WSAGetLastError());
      if ((ne.lNetworkEvents & FD_ACCEPT) != 0 && ne.iErrorCode[FD_ACCEPT_BIT] != 0)
        return failure(op, ne.iErrorCode[FD_ACCEPT_BIT]);
    }
  }

 private:
  Socket sock_;
  std::unique_ptr<Handle> event_;  // a pointer so the Listener can move
  Endpoint local_;
};

// --- one query ----------------------------------------------------------------

// Everything the system may write while a call is in flight: the OVERLAPPED,
// the output buffer and the byte count. Freed only once the final status is
// known; otherwise abandoned (see abandon()).
struct IoBlock {
  explicit IoBlock(std::uint32_t size) : buffer(size) {}
  WSAOVERLAPPED ov{};
  std::vector<std::uint8_t> buffer;  // exactly out_size bytes
  DWORD bytes_returned = 0;
  DWORD caller_thread = 0;
  ApcInfo apc;
  std::atomic<bool> routine_ran{false};
  std::unique_ptr<Handle> event;  // event mode only
  void* out() { return buffer.empty() ? nullptr : buffer.data(); }
};

// The completion routine (apc mode). With a routine, Winsock leaves
// lpOverlapped->hEvent to the caller, who uses it to carry the IoBlock.
void CALLBACK on_completion(DWORD error, DWORD transferred, LPWSAOVERLAPPED ov, DWORD flags) {
  auto* io = static_cast<IoBlock*>(ov->hEvent);
  io->apc.ran = true;
  io->apc.thread_id = GetCurrentThreadId();
  io->apc.on_calling_thread = io->apc.thread_id == io->caller_thread;
  io->apc.error = error;
  io->apc.bytes = transferred;
  io->apc.flags = flags;
  io->routine_ran.store(true, std::memory_order_release);
}

// HasOverlappedIoCompleted, read as the kernel writes it.
bool completed_in_overlapped(const WSAOVERLAPPED& ov) {
  return *static_cast<const volatile ULONG_PTR*>(&ov.Internal) != kStatusPending;
}

// Waits for the event of a pending call, the deadline or (when asked) Ctrl-C.
// It also polls the OVERLAPPED: a provider may complete a pending call without
// setting its event (Wine does when the call fails), and that is reported in
// \p note rather than waited out as a timeout.
Wake wait_overlapped(const IoBlock& io, const Deadline& deadline, bool watch_interrupt, std::string& note) {
  const HANDLE handles[2] = {io.event->get(), interrupt_event()};
  for (;;) {
    // Checked before each wait, so a call that has already completed without
    // its event costs a moment, not a whole slice.
    if (completed_in_overlapped(io.ov)) {
      // Only what was seen is reported: Windows sets the event right after
      // Internal, Wine never does (waiting for it cost ~1 ms a query there).
      if (WaitForSingleObject(handles[0], 0) != WAIT_OBJECT_0)
        note = "the call completed (lpOverlapped->Internal is no longer STATUS_PENDING) and its event was not signalled when that was seen";
      return Wake::ready;
    }
    const Deadline slice_end = Clock::now() + kPollSlice;
    const Deadline until = deadline && *deadline < *slice_end ? deadline : slice_end;
    const DWORD r = WaitForMultipleObjects(watch_interrupt ? 2 : 1, handles, FALSE, remaining_ms(until));
    if (r == WAIT_OBJECT_0) return Wake::ready;
    if (watch_interrupt && r == WAIT_OBJECT_0 + 1) return Wake::interrupted;
    if (r != WAIT_TIMEOUT) return Wake::failed;
    if (deadline && Clock::now() >= *deadline && !completed_in_overlapped(io.ov)) return Wake::timed_out;
  }
}

// Runs APCs until ours has run, the deadline passes or (when asked) Ctrl-C.
Wake wait_for_routine(const IoBlock& io, const Deadline& deadline, bool watch_interrupt) {
  for (;;) {
    if (io.routine_ran.load(std::memory_order_acquire)) return Wake::ready;
    const DWORD ms = remaining_ms(deadline);
    const DWORD r = watch_interrupt ? WaitForSingleObjectEx(interrupt_event(), ms, TRUE) : SleepEx(ms, TRUE);
    if (r == WAIT_IO_COMPLETION) continue;  // an APC ran: ours, or another one
    if (io.routine_ran.load(std::memory_order_acquire)) return Wake::ready;
    if (watch_interrupt && r == WAIT_OBJECT_0) return Wake::interrupted;
    if (r == WAIT_TIMEOUT || (!watch_interrupt && r == 0)) return Wake::timed_out;
    return Wake::failed;
  }
}

// The kernel may still write into the block: it must never be freed, so it is
// leaked on purpose, and the report says so.
void abandon(std::unique_ptr<IoBlock>& io, Attempt& a) {
  (void)io.release();
  a.calls.back().note += fmt::format("{}the operation was still in flight; its OVERLAPPED and {}-byte buffer were left allocated",
                                     a.calls.back().note.empty() ? "" : "; ", a.out_size);
}

void set_final(Attempt& a, int error, std::uint32_t bytes, const IoBlock& io) {
  a.error = error;
  a.bytes = bytes;
  if (error == 0)
    a.data.assign(io.buffer.begin(), io.buffer.begin() + std::min<std::size_t>(bytes, io.buffer.size()));
}

std::string append(std::string note, std::string_view more) {
  return note.empty() ? std::string(more) : note + "; " + std::string(more);
}

class Query {
 public:
  Query(SOCKET s, DWORD code, std::uint32_t out_size, Millis io_timeout)
      : s_(s), code_(code), io_timeout_(io_timeout), io_(std::make_unique<IoBlock>(out_size)) {
    a_.out_size = out_size;
    a_.domain = ErrorDomain::windows;
  }

  Attempt sync() {
    const CallRecord& c = ioctl(nullptr, nullptr);
    set_final(a_, c.ret == 0 ? 0 : c.error, io_->bytes_returned, *io_);
    return std::move(a_);
  }

  Attempt event() {
    io_->event = std::make_unique<Handle>(CreateEventW(nullptr, TRUE, FALSE, nullptr));
    if (io_->event->get() == nullptr) return setup_failed("CreateEventW");
    io_->ov.hEvent = io_->event->get();
    CallRecord& c = ioctl(&io_->ov, nullptr);
    if (c.ret == 0) {
      c.note = "completed immediately";
      set_final(a_, 0, io_->bytes_returned, *io_);
      return std::move(a_);
    }
    if (c.error != WSA_IO_PENDING) {
      set_final(a_, c.error, io_->bytes_returned, *io_);  // failed at once: nothing is signalled
      return std::move(a_);
    }
    a_.pending = true;
    std::string note;
    const Wake w = wait_overlapped(*io_, deadline_after(io_timeout_), true, note);
    if (w == Wake::ready) return collect(FALSE, note);
    cancel(w);
    // A bounded stand-in for fWait TRUE: a cancel that is never honoured must
    // not hang the tool.
    const bool done = wait_overlapped(*io_, deadline_after(kCancelGrace), false, note) == Wake::ready;
    return collect(done ? TRUE : FALSE, note);
  }

  Attempt apc() {
    io_->ov.hEvent = io_.get();
    io_->caller_thread = GetCurrentThreadId();
    a_.apc = ApcInfo{};
    CallRecord& c = ioctl(&io_->ov, &on_completion);
    const bool immediate = c.ret == 0;
    const int error = c.error;  // c is not used past the next push_back
    if (!immediate && error != WSA_IO_PENDING) {
      c.note = "failed at once, so no completion routine is queued";
      set_final(a_, error, io_->bytes_returned, *io_);
      return std::move(a_);
    }
    Wake w = Wake::ready;
    if (immediate) {
      // The routine is queued all the same and runs at the next alertable wait.
      c.note = "completed immediately; the completion routine is still queued";
      w = wait_for_routine(*io_, deadline_after(io_timeout_), false);
    } else {
      a_.pending = true;
      w = wait_for_routine(*io_, deadline_after(io_timeout_), true);
      if (w != Wake::ready) {
        cancel(w);
        w = wait_for_routine(*io_, deadline_after(kCancelGrace), false);
      }
    }
    a_.apc = io_->apc;
    if (w != Wake::ready) {
      // The last status that came back is the call's own.
      set_final(a_, immediate ? 0 : error, io_->bytes_returned, *io_);
      a_.calls.back().note = append(a_.calls.back().note, "the completion routine did not run");
      abandon(io_, a_);
      return std::move(a_);
    }
    if (immediate) {
      set_final(a_, 0, io_->bytes_returned, *io_);
    } else {
      set_final(a_, static_cast<int>(io_->apc.error), io_->apc.bytes, *io_);
    }
    return std::move(a_);
  }

 private:
  CallRecord& ioctl(WSAOVERLAPPED* ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
    CallRecord c;
    c.function = "WSAIoctl";
    c.control_code = code_;
    c.out_size = a_.out_size;
    WSASetLastError(0);
    const auto t0 = Clock::now();
    const int ret = provider().ioctl(s_, code_, nullptr, 0, io_->out(), a_.out_size, &io_->bytes_returned, ov, routine);
    c.error = WSAGetLastError();
    c.ms = ms_since(t0);
    c.ret = ret;
    c.bytes = io_->bytes_returned;
    a_.calls.push_back(std::move(c));
    return a_.calls.back();
  }

  void cancel(Wake why) {
    (why == Wake::interrupted ? a_.interrupted : a_.timed_out) = true;
    CallRecord c;
    c.function = "CancelIoEx";
    SetLastError(0);
    const auto t0 = Clock::now();
    const BOOL ok = provider().cancel(s_, &io_->ov);
    c.error = static_cast<int>(GetLastError());
    c.ms = ms_since(t0);
    c.ret = ok;
    switch (why) {
      case Wake::interrupted: c.note = "interrupted (Ctrl-C) while pending"; break;
      case Wake::timed_out: c.note = fmt::format("still pending after the io-timeout of {} ms", io_timeout_.count()); break;
      default: c.note = "the wait for completion failed while pending"; break;
    }
    a_.calls.push_back(std::move(c));
  }

  Attempt collect(BOOL wait, const std::string& note) {
    CallRecord c;
    c.function = "WSAGetOverlappedResult";
    DWORD transferred = 0, flags = 0;
    WSASetLastError(0);
    const auto t0 = Clock::now();
    const BOOL ok = provider().overlapped_result(s_, &io_->ov, &transferred, wait, &flags);
    c.error = WSAGetLastError();
    c.ms = ms_since(t0);
    c.ret = ok;
    c.bytes = transferred;
    c.note = append(fmt::format("fWait {}, flags 0x{:X}", wait ? "TRUE" : "FALSE", flags), note);
    a_.calls.push_back(std::move(c));
    const int error = ok ? 0 : a_.calls.back().error;
    set_final(a_, error, transferred, *io_);
    if (error == WSA_IO_INCOMPLETE) abandon(io_, a_);
    return std::move(a_);
  }

  Attempt setup_failed(const char* function) {
    CallRecord c;
    c.function = function;
    c.error = static_cast<int>(GetLastError());
    a_.calls.push_back(c);
    a_.error = c.error;
    return std::move(a_);
  }

  SOCKET s_;
  DWORD code_;
  Millis io_timeout_;
  std::unique_ptr<IoBlock> io_;
  Attempt a_;
};

Attempt query_original_dst(SOCKET s, int family, std::uint32_t out_size, Mode mode) {
  Attempt a;
  a.out_size = out_size;
  a.domain = ErrorDomain::windows;
  const bool v6 = family == AF_INET6;
  std::vector<std::uint8_t> buffer(out_size);
  int len = static_cast<int>(out_size);
  CallRecord c;
  c.function = "getsockopt";
  c.out_size = out_size;
  WSASetLastError(0);
  const auto t0 = Clock::now();
  const int ret = provider().get_option(s, v6 ? kSolIpv6 : kSolIp, kSoOriginalDst,
                                        buffer.empty() ? nullptr : reinterpret_cast<char*>(buffer.data()), &len);
  c.error = WSAGetLastError();
  c.ms = ms_since(t0);
  c.ret = ret;
  c.bytes = static_cast<std::uint32_t>(std::max(len, 0));
  c.note = fmt::format("level {} (0x{:X}), optname SO_ORIGINAL_DST (0x{:X})", v6 ? "SOL_IPV6" : "SOL_IP",
                       v6 ? kSolIpv6 : kSolIp, kSoOriginalDst);
  // getsockopt has no overlapped form.
  if (mode != Mode::sync) c.note += fmt::format("; issued synchronously although {} mode was asked", to_string(mode));
  a.error = ret == 0 ? 0 : c.error;
  // optlen is in/out: a failure that left it alone reported no byte count.
  const bool len_reported = ret == 0 || len != static_cast<int>(out_size);
  a.bytes = len_reported ? *c.bytes : 0;
  if (!len_reported) c.note += fmt::format("; optlen left at {}", len);
  if (a.error == 0) {
    const std::size_t n = std::min<std::size_t>(a.bytes, buffer.size());
    a.data.assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
    a.mechanism = "SO_ORIGINAL_DST";
    sockaddr_storage ss{};
    if (n > 0) std::memcpy(&ss, a.data.data(), std::min(n, sizeof ss));
    a.original_dst = to_endpoint(ss, static_cast<int>(n));
    if (!a.original_dst) c.note += "; the answer is not an IPv4 or IPv6 SOCKADDR";
  }
  a.calls.push_back(std::move(c));
  return a;
}

// --- connections and sources ------------------------------------------------------

class WinConnection final : public Connection {
 public:
  WinConnection(Session session, Socket sock, Socket partner, std::string side,
                std::optional<IpEndpoint> listener = std::nullopt)
      : session_(std::move(session)), sock_(std::move(sock)), partner_(std::move(partner)), side_(std::move(side)),
        listener_(std::move(listener)) {}

  ConnectionInfo info() const override {
    ConnectionInfo i;
    i.protocol = "tcp";
    i.side = side_;
    sockaddr_storage local{}, peer{};
    int local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(sock_.get(), reinterpret_cast<sockaddr*>(&local), &local_len) == 0)
      i.local = to_endpoint(local, local_len);
    if (getpeername(sock_.get(), reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0)
      i.peer = to_endpoint(peer, peer_len);
    i.family = local.ss_family == AF_INET6 ? Family::ipv6 : Family::ipv4;
    i.listener = listener_;
    return i;
  }

  Attempt issue(QueryKind kind, Mode mode, std::uint32_t out_size, Millis io_timeout) override {
    if (kind == QueryKind::original_dst) return query_original_dst(sock_.get(), family(), out_size, mode);
    Query q(sock_.get(), kind == QueryKind::records ? kSioQueryRedirectRecords : kSioQueryRedirectContext,
            out_size, io_timeout);
    switch (mode) {
      case Mode::sync: return q.sync();
      case Mode::event: return q.event();
      case Mode::apc: return q.apc();
    }
    return q.sync();
  }

 private:
  int family() const {
    sockaddr_storage local{};
    int len = sizeof local;
    getsockname(sock_.get(), reinterpret_cast<sockaddr*>(&local), &len);
    return local.ss_family;
  }

  Session session_;  // first: destroyed last, after the sockets
  Socket sock_;      // the socket queried
  Socket partner_;   // --self: our own client end, kept open as long as the connection
  std::string side_;
  std::optional<IpEndpoint> listener_;  // accepted: the listener's address
};

class ListenSource final : public Source {
 public:
  ListenSource(Session session, Listener listener) : session_(std::move(session)), listener_(std::move(listener)) {}
  std::string waiting_for() const override { return "a connection on " + listener_.local().text(); }
  std::variant<std::unique_ptr<Connection>, SetupError> next(std::optional<Millis> timeout) override {
    auto accepted = listener_.accept_one(deadline_after(timeout));
    if (auto* e = std::get_if<SetupError>(&accepted)) return std::move(*e);
    return std::make_unique<WinConnection>(session_, std::move(std::get<Socket>(accepted)), Socket(), "accepted",
                                           listener_.local().endpoint());
  }

 private:
  Session session_;
  Listener listener_;
};

class SelfSource final : public Source {
 public:
  SelfSource(Session session, Listener listener) : session_(std::move(session)), listener_(std::move(listener)) {}
  std::string waiting_for() const override { return "the loopback connection to itself"; }
  std::variant<std::unique_ptr<Connection>, SetupError> next(std::optional<Millis> timeout) override {
    const Deadline deadline = deadline_after(timeout);
    // The handshake completes in the listener's backlog, before accept.
    auto client = connect_to(listener_.local(), deadline);
    if (auto* e = std::get_if<SetupError>(&client)) return std::move(*e);
    auto accepted = listener_.accept_one(deadline);
    if (auto* e = std::get_if<SetupError>(&accepted)) return std::move(*e);
    return std::make_unique<WinConnection>(session_, std::move(std::get<Socket>(accepted)),
                                           std::move(std::get<Socket>(client)), "accepted", listener_.local().endpoint());
  }

 private:
  Session session_;
  Listener listener_;
};

class ConnectSource final : public Source {
 public:
  ConnectSource(Session session, std::string host, std::uint16_t port, std::vector<Endpoint> endpoints)
      : session_(std::move(session)), host_(std::move(host)), port_(port), endpoints_(std::move(endpoints)) {}
  std::string waiting_for() const override {
    const bool v6 = host_.find(':') != std::string::npos && host_.front() != '[';
    return fmt::format("the connection to {}{}{}:{}", v6 ? "[" : "", host_, v6 ? "]" : "", port_);
  }
  // Tries each resolved address in turn; the error reported is the last one's,
  // the others are named in the message.
  std::variant<std::unique_ptr<Connection>, SetupError> next(std::optional<Millis> timeout) override {
    const Deadline deadline = deadline_after(timeout);
    std::optional<SetupError> last;
    std::string earlier;
    for (const Endpoint& e : endpoints_) {
      auto connected = connect_to(e, deadline);
      if (auto* s = std::get_if<Socket>(&connected))
        return std::make_unique<WinConnection>(session_, std::move(*s), Socket(), "connected");
      SetupError err = std::get<SetupError>(std::move(connected));
      if (err.kind != SetupError::Kind::failed) return err;
      if (last) earlier += fmt::format("{}{} gave error {}", earlier.empty() ? "" : ", ", last->operation, last->code);
      last = std::move(err);
    }
    if (!last) return without_code(SetupError::Kind::failed, "connect " + host_, "no address to try");
    if (!earlier.empty()) last->message = append(last->message, "also tried: " + earlier);
    return std::move(*last);
  }

 private:
  Session session_;
  std::string host_;
  std::uint16_t port_;
  std::vector<Endpoint> endpoints_;
};

class WinPlatform final : public Platform {
 public:
  std::string name() const override { return "windows"; }
  std::vector<Mode> modes() const override { return {Mode::sync, Mode::event, Mode::apc}; }
  std::vector<QueryKind> kinds() const override {
    return {QueryKind::records, QueryKind::context, QueryKind::original_dst};
  }
  std::string why_not(QueryKind) const override { return "every query kind is available on Windows"; }
  std::string why_not(Mode) const override { return "every mode is available on Windows"; }

  std::variant<std::unique_ptr<Source>, SetupError> open(const Target& target) override {
    auto session = std::make_shared<WsaSession>();
    if (session->error() != 0) return failure("WSAStartup 2.2", session->error());
    switch (target.kind) {
      case Target::Kind::listen: {
        if (target.transparent)
          return without_code(SetupError::Kind::unsupported, "--transparent", "transparent listening (IP_TRANSPARENT, TPROXY) exists on Linux only");
        if (target.port == 0) return without_code(SetupError::Kind::usage, "", "--port must be 1-65535");
        const auto at = parse_literal(target.bind, target.port);
        if (!at)
          return without_code(SetupError::Kind::usage, "",
                              fmt::format("--bind {}: not an IPv4 or IPv6 address literal (e.g. 127.0.0.1, ::1, 0.0.0.0)", target.bind));
        auto l = Listener::open(*at);
        if (auto* e = std::get_if<SetupError>(&l)) return std::move(*e);
        return std::make_unique<ListenSource>(session, std::get<Listener>(std::move(l)));
      }
      case Target::Kind::connect: {
        if (target.host.empty()) return without_code(SetupError::Kind::usage, "", "--connect needs HOST:PORT");
        if (target.connect_port == 0) return without_code(SetupError::Kind::usage, "", "--connect: the port must be 1-65535");
        auto resolved = resolve(target.host, target.connect_port);
        if (auto* e = std::get_if<SetupError>(&resolved)) return std::move(*e);
        return std::make_unique<ConnectSource>(session, target.host, target.connect_port,
                                               std::get<std::vector<Endpoint>>(std::move(resolved)));
      }
      case Target::Kind::self: {
        auto l = Listener::open(*parse_literal("127.0.0.1", 0));
        if (auto* e = std::get_if<SetupError>(&l)) return std::move(*e);
        return std::make_unique<SelfSource>(session, std::get<Listener>(std::move(l)));
      }
    }
    return without_code(SetupError::Kind::usage, "", "unknown target");
  }

  void install_interrupt_handler() override {
    static std::once_flag once;
    std::call_once(once, [] { SetConsoleCtrlHandler(win32::on_console_ctrl, TRUE); });
  }
  bool interrupted() const override { return win32::g_interrupted.load(); }
};

}  // namespace

std::unique_ptr<Platform> Platform::create() { return std::make_unique<WinPlatform>(); }

}  // namespace wfpredir
