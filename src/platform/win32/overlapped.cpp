// The redirect control codes through WSAIoctl in sync, event and apc mode
// (query.h): issuing, waiting for completion with a deadline and Ctrl-C,
// cancelling, collecting the final status, and the lifetime of the memory the
// system writes. Each rule it follows is in
// docs/winsock-contract.md#overlapped-semantics.
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "platform/win32/overlapped_io.h"
#include "platform/win32/query.h"

namespace wfpredir::win32 {
namespace {

// How often an event-mode wait also looks at the OVERLAPPED itself.
constexpr Millis kPollSlice{10};

// Everything the system may write while a call is in flight: the OVERLAPPED,
// the output buffer, the byte count, the event. Freed only once the end of
// the operation has been seen; otherwise leaked on purpose.
struct IoBlock {
  explicit IoBlock(std::uint32_t size) : buffer(size) {}
  WSAOVERLAPPED ov{};
  std::vector<std::uint8_t> buffer;  // exactly out_size bytes
  DWORD bytes_returned = 0;
  Completion done;  // apc mode only
  Handle event;     // event mode only
  void* out() { return buffer.empty() ? nullptr : buffer.data(); }
};

void set_final(Attempt& a, int error, std::uint32_t bytes, const IoBlock& io) {
  a.error = error;
  a.bytes = bytes;
  if (error == 0)
    a.data.assign(io.buffer.begin(),
                  io.buffer.begin() + std::min<std::size_t>(bytes, io.buffer.size()));
}

// One query. While `in_flight_` is set the system may still write into the
// block, and the destructor leaks it instead of freeing it: every early exit,
// an exception in the bookkeeping included, keeps that memory valid.
class Query {
 public:
  Query(SOCKET s, DWORD code, std::uint32_t out_size, Millis io_timeout)
      : s_(s), code_(code), io_timeout_(io_timeout), io_(std::make_unique<IoBlock>(out_size)) {
    a_.out_size = out_size;
    a_.domain = ErrorDomain::windows;
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() {
    if (in_flight_)
      (void)io_.release();
    else
      give_back(std::move(io_->event));
  }

  Attempt sync() {
    const CallRecord& c = ioctl(nullptr, nullptr);
    set_final(a_, c.ret == 0 ? 0 : c.error, io_->bytes_returned, *io_);
    return std::move(a_);
  }

  Attempt event() {
    io_->event = take_event();
    if (!io_->event) return setup_failed("CreateEventW");
    // The low-order bit set: a completion is not queued to a completion port
    // the socket may later be associated with (the relay's); every wait
    // below uses the plain handle (docs/winsock-contract.md#overlapped-semantics).
    io_->ov.hEvent =
        reinterpret_cast<HANDLE>(reinterpret_cast<ULONG_PTR>(io_->event.get()) | ULONG_PTR{1});
    CallRecord& c = issue(nullptr);
    if (c.ret == 0 || c.error != WSA_IO_PENDING) {
      // Done in the call: the count is in *lpcbBytesReturned and nothing
      // more will be written.
      if (c.ret == 0) c.notes = note(NoteKind::completed_immediately);
      in_flight_ = false;
      set_final(a_, c.ret == 0 ? 0 : c.error, io_->bytes_returned, *io_);
      return std::move(a_);
    }
    a_.pending = true;
    WaitResult w = follow_event(deadline_after(io_timeout_), true);
    if (w == WaitResult::ready) return std::move(a_);
    const bool watch = cancel(w);
    w = follow_event(deadline_after(cancel_grace()), watch);
    if (w == WaitResult::ready) return std::move(a_);
    if (w == WaitResult::interrupted) a_.interrupted = true;
    // The last word: WSA_IO_INCOMPLETE, and the block stays with the call.
    collect_event(Note{}, true);
    if (in_flight_) abandon();
    return std::move(a_);
  }

  Attempt apc() {
    io_->ov.hEvent = &io_->done;
    io_->done.caller_thread = GetCurrentThreadId();
    a_.apc = ApcInfo{};
    CallRecord& c = issue(&on_completion);
    const bool immediate = c.ret == 0;
    const int error = c.error;  // c is not used past the next push_back
    if (!immediate && error != WSA_IO_PENDING) {
      // Nothing should be queued, yet a warning status (a buffer overflow)
      // is completed through the I/O manager, routine included: run it now,
      // or it would run during a later wait, into freed memory.
      while (!io_->done.ran.load(std::memory_order_acquire) &&
             SleepEx(0, TRUE) == WAIT_IO_COMPLETION) {
      }
      const bool ran = io_->done.ran.load(std::memory_order_acquire);
      c.notes = note(ran ? NoteKind::failed_routine_ran : NoteKind::failed_no_routine);
      a_.apc = io_->done.apc;
      in_flight_ = false;
      set_final(a_, error, io_->bytes_returned, *io_);
      return std::move(a_);
    }
    if (immediate) {
      // The count is in *lpcbBytesReturned and the data is final; the
      // routine is queued all the same and runs at an alertable wait.
      c.notes = note(NoteKind::completed_routine_queued);
      set_final(a_, 0, io_->bytes_returned, *io_);
      const WaitResult w = wait_for_routine(deadline_after(io_timeout_), true);
      a_.apc = io_->done.apc;
      if (w == WaitResult::ready) {
        in_flight_ = false;
        return std::move(a_);
      }
      // Nothing to cancel: the call is over, only its routine is missing.
      a_.calls.front().notes.add(
          w == WaitResult::interrupted ? note(NoteKind::routine_wait_interrupted)
          : w == WaitResult::timed_out
              ? note(NoteKind::routine_wait_timed_out, note_number(io_timeout_.count()))
              : note(NoteKind::routine_wait_failed));
      a_.calls.front().notes.add(note(NoteKind::it_did_not_run));
      abandon();
      return std::move(a_);
    }
    a_.pending = true;
    WaitResult w = wait_for_routine(deadline_after(io_timeout_), true);
    if (w != WaitResult::ready) {
      const bool watch = cancel(w);
      w = wait_for_routine(deadline_after(cancel_grace()), watch);
      if (w == WaitResult::interrupted) a_.interrupted = true;
    }
    a_.apc = io_->done.apc;
    if (w != WaitResult::ready) {
      // The last status that came back is the call's own.
      set_final(a_, error, io_->bytes_returned, *io_);
      a_.calls.back().notes.add(note(NoteKind::routine_did_not_run));
      abandon();
      return std::move(a_);
    }
    in_flight_ = false;
    set_final(a_, static_cast<int>(io_->done.apc.error), io_->done.apc.bytes, *io_);
    return std::move(a_);
  }

 private:
  // WSAIoctl with the block's OVERLAPPED. Internal is set to STATUS_PENDING
  // first, as DeviceIoControl does: a provider that never writes it must not
  // look complete. From here on the block may be written by the system.
  CallRecord& issue(LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
    io_->ov.Internal = kStatusPending;
    in_flight_ = true;
    return ioctl(&io_->ov, routine);
  }

  CallRecord& ioctl(WSAOVERLAPPED* ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
    CallRecord c;
    c.function = "WSAIoctl";
    c.control_code = code_;
    c.out_size = a_.out_size;
    WSASetLastError(0);
    const auto t0 = Clock::now();
    const int ret = provider().ioctl(s_, code_, nullptr, 0, io_->out(), a_.out_size,
                                     &io_->bytes_returned, ov, routine);
    c.error = WSAGetLastError();
    c.ms = ms_since(t0);
    c.ret = ret;
    c.bytes = io_->bytes_returned;
    a_.calls.push_back(std::move(c));
    return a_.calls.back();
  }

  // A wait that failed, as the call it was.
  void record_failed_wait(DWORD error, bool alertable) {
    CallRecord c;
    c.function = "WaitForMultipleObjectsEx";
    c.ret = static_cast<std::int64_t>(WAIT_FAILED);
    c.error = static_cast<int>(error);
    c.notes = note(alertable ? NoteKind::wait_alertable_failed : NoteKind::wait_event_failed);
    a_.calls.push_back(std::move(c));
  }

  // Requests cancellation after \p why and records it; returns whether the
  // grace wait that follows should still end on Ctrl-C (not when Ctrl-C is
  // why: the cancelled call's final status is worth the grace).
  bool cancel(WaitResult why) {
    if (why == WaitResult::timed_out) a_.timed_out = true;
    if (why == WaitResult::interrupted) a_.interrupted = true;
    a_.calls.push_back(
        cancel_call(s_, &io_->ov,
                    why == WaitResult::interrupted ? note(NoteKind::cancel_interrupted)
                    : why == WaitResult::timed_out
                        ? note(NoteKind::cancel_timed_out, note_number(io_timeout_.count()))
                        : note(NoteKind::cancel_wait_failed)));
    return why != WaitResult::interrupted && !interrupt_raised();
  }

  // Waits until the event-mode call has completed and collects it (ready),
  // or until the deadline, Ctrl-C (when \p watch) or a failed wait. The event
  // and Internal only suggest completion: WSAGetOverlappedResult decides, and
  // WSA_IO_INCOMPLETE means "keep waiting", by polling from then on.
  WaitResult follow_event(const Deadline& deadline, bool watch) {
    for (;;) {
      Note seen;
      const WaitResult w = wait_overlapped(deadline, watch, seen);
      if (w != WaitResult::ready) return w;
      if (collect_event(seen)) return WaitResult::ready;
      polling_ = true;
    }
  }

  // Waits for the event of the pending call, Internal leaving STATUS_PENDING,
  // the deadline or (when \p watch) Ctrl-C. A provider may complete without
  // setting the event (Wine does when the call fails): that is said in \p seen.
  WaitResult wait_overlapped(const Deadline& deadline, bool watch, Note& seen) {
    for (;;) {
      const bool expired = deadline && Clock::now() >= *deadline;
      if (polling_) {
        // The signals said "complete" and the result said "incomplete": ask
        // again every slice until the deadline.
        if (expired) return WaitResult::timed_out;
        const Deadline until =
            std::min(deadline.value_or(Clock::time_point::max()), Clock::now() + kPollSlice);
        const HANDLE h = watch ? interrupt_event() : quiet_event();
        const DWORD r = provider().wait(1, &h, win32_ms(until), FALSE);
        if (r == WAIT_OBJECT_0) return WaitResult::interrupted;
        if (r != WAIT_TIMEOUT) return failed_wait(false);
        return WaitResult::ready;
      }
      if (completed_in_overlapped(io_->ov)) {
        // Only what was seen is reported: Windows sets the event right after
        // Internal, Wine never does (waiting for it cost ~1 ms a query there).
        if (WaitForSingleObject(io_->event.get(), 0) != WAIT_OBJECT_0)
          seen = note(NoteKind::event_not_signalled);
        return WaitResult::ready;
      }
      if (expired) return WaitResult::timed_out;
      const HANDLE handles[2] = {io_->event.get(), watch ? interrupt_event() : quiet_event()};
      const Deadline until =
          std::min(deadline.value_or(Clock::time_point::max()), Clock::now() + kPollSlice);
      const DWORD r = provider().wait(2, handles, win32_ms(until), FALSE);
      if (r == WAIT_OBJECT_0) return WaitResult::ready;
      if (r == WAIT_OBJECT_0 + 1) return WaitResult::interrupted;
      if (r != WAIT_TIMEOUT) return failed_wait(false);
    }
  }

  // Runs APCs until ours has run, the deadline passes, (when \p watch)
  // Ctrl-C, or the wait fails (recorded).
  WaitResult wait_for_routine(const Deadline& deadline, bool watch) {
    const WaitResult w = win32::wait_for_routine(io_->done, deadline, watch);
    return w == WaitResult::failed ? failed_wait(true) : w;
  }

  WaitResult failed_wait(bool alertable) {
    record_failed_wait(GetLastError(), alertable);
    return WaitResult::failed;
  }

  // WSAGetOverlappedResult without waiting. Records the final answer and
  // returns true; an incomplete one is recorded the first time, or when it
  // is the \p last word.
  bool collect_event(const Note& seen, bool last = false) {
    DWORD transferred = 0, flags = 0;
    CallRecord c = overlapped_result(s_, &io_->ov, transferred, flags);
    c.notes.add(seen);
    const int error = c.ret ? 0 : c.error;
    const bool done = error != WSA_IO_INCOMPLETE;
    if (!done && incomplete_++ > 0 && !last) return false;
    if (!done) c.notes.add(note(NoteKind::not_complete_waiting));
    if (done && incomplete_ > 1)
      c.notes.add(note(NoteKind::after_incomplete, note_number(incomplete_)));
    a_.calls.push_back(std::move(c));
    set_final(a_, error, transferred, *io_);
    if (done) in_flight_ = false;
    return done;
  }

  // The system may still write into the block: it stays allocated (the
  // destructor leaks it while in_flight_ is set) and the report says so.
  void abandon() {
    a_.abandoned = true;
    a_.calls.back().notes.add(note(NoteKind::left_allocated, a_.out_size));
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
  bool in_flight_ = false;
  bool polling_ = false;
  int incomplete_ = 0;
};

}  // namespace

Attempt issue_control(SOCKET s, DWORD code, Mode mode, std::uint32_t out_size, Millis io_timeout) {
  Query q(s, code, out_size, io_timeout);
  switch (mode) {
    case Mode::sync:
      return q.sync();
    case Mode::event:
      return q.event();
    case Mode::apc:
      return q.apc();
  }
  return q.sync();
}

}  // namespace wfpredir::win32
