// The pieces every overlapped call shares (overlapped_io.h).
#include "platform/win32/overlapped_io.h"

#include <mutex>
#include <vector>

namespace wfpredir::win32 {

void CALLBACK on_completion(DWORD error, DWORD transferred, LPWSAOVERLAPPED ov, DWORD flags) {
  auto* c = static_cast<Completion*>(ov->hEvent);
  c->apc.ran = true;
  c->apc.thread_id = GetCurrentThreadId();
  c->apc.on_calling_thread = c->apc.thread_id == c->caller_thread;
  c->apc.error = error;
  c->apc.bytes = transferred;
  c->apc.flags = flags;
  c->ran.store(true, std::memory_order_release);
}

WaitResult wait_for_routine(const Completion& c, const Deadline& deadline, bool watch) {
  for (;;) {
    if (c.ran.load(std::memory_order_acquire)) return WaitResult::ready;
    const HANDLE h = watch ? interrupt_event() : quiet_event();
    const DWORD r = provider().wait(1, &h, win32_ms(deadline), TRUE);
    if (r == WAIT_IO_COMPLETION) continue;  // an APC ran: ours, or another one
    if (c.ran.load(std::memory_order_acquire)) return WaitResult::ready;
    if (r == WAIT_OBJECT_0) return WaitResult::interrupted;
    if (r == WAIT_TIMEOUT) return WaitResult::timed_out;
    return WaitResult::failed;
  }
}

namespace {

// Events of event-mode calls that have ended, kept for the next call:
// creating and closing one per call cost two wineserver round trips under
// Wine. A block left to the system keeps its own. One pool for every thread,
// not thread_local: MinGW-w64's emulated TLS frees a thread_local object with
// a destructor twice at thread exit (docs/winsock-contract.md).
constexpr std::size_t kSpareEvents = 4;
std::mutex g_spare_lock;
std::vector<Handle> g_spare_events;

}  // namespace

Handle take_event() {
  for (;;) {
    Handle h;
    {
      std::lock_guard hold(g_spare_lock);
      if (g_spare_events.empty()) break;
      h = std::move(g_spare_events.back());
      g_spare_events.pop_back();
    }
    if (ResetEvent(h.get())) return h;
  }
  return Handle(CreateEventW(nullptr, TRUE, FALSE, nullptr));
}

void give_back(Handle h) {
  std::lock_guard hold(g_spare_lock);
  if (h && g_spare_events.size() < kSpareEvents) g_spare_events.push_back(std::move(h));
}

CallRecord overlapped_result(SOCKET s, WSAOVERLAPPED* ov, DWORD& transferred, DWORD& flags) {
  CallRecord c;
  c.function = "WSAGetOverlappedResult";
  transferred = 0;
  flags = 0;
  WSASetLastError(0);
  const auto t0 = Clock::now();
  const BOOL ok = provider().overlapped_result(s, ov, &transferred, FALSE, &flags);
  c.error = WSAGetLastError();
  c.ms = ms_since(t0);
  c.ret = ok;
  c.bytes = transferred;
  c.notes = note(NoteKind::overlapped_result_flags, flags);
  return c;
}

CallRecord cancel_call(SOCKET s, WSAOVERLAPPED* ov, const Note& why) {
  CallRecord c;
  c.function = "CancelIoEx";
  SetLastError(0);
  const auto t0 = Clock::now();
  const BOOL ok = provider().cancel(s, ov);
  c.error = static_cast<int>(GetLastError());
  c.ms = ms_since(t0);
  c.ret = ok;
  c.notes = why;
  return c;
}

}  // namespace wfpredir::win32
