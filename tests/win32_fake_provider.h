#pragma once
// A fake IoctlProvider for the Windows backend's tests that keeps the Winsock
// contract as unkindly as real providers may: pending calls complete from
// another thread, by setting the event or by queueing the completion routine
// to the calling thread, so the backend's own waiting code runs. What it
// answers to each WSAIoctl is an Answer (win32_fake_answer.h); the memory a
// call in flight may still write is watched by the heap guard
// (win32_heap_guard.h). InstalledProvider is the base of the tests' smaller
// fakes.
#include "platform/win32/ioctl_seam.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "model/platform.h"
#include "platform/wait.h"
#include "win32_fake_answer.h"
#include "win32_heap_guard.h"

namespace wfpredir::test {

namespace w32 = wfpredir::win32;

/// A WinsockProvider that stands in for Winsock from its construction to its
/// destruction: a fake derives from it and overrides the calls it answers;
/// every other call goes to Winsock.
class InstalledProvider : public w32::WinsockProvider {
 public:
  InstalledProvider() : previous_(w32::set_ioctl_provider(this)) {}
  InstalledProvider(const InstalledProvider&) = delete;
  InstalledProvider& operator=(const InstalledProvider&) = delete;
  ~InstalledProvider() override { w32::set_ioctl_provider(previous_); }

 private:
  IoctlProvider* previous_;
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
    // Routines still queued to this thread (an abandoned attempt's) would
    // call into a fake that is gone: swallow them.
    drain_stray_routines();
    // The "kernel" is gone: nothing it held is written any more.
    for (auto& [ov, op] : ops_) unwatch(*op);
  }

  int ioctl(SOCKET, DWORD code, void* in, DWORD in_size, void* out, DWORD out_size,
            DWORD* bytes_returned, WSAOVERLAPPED* ov,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) override {
    seen.push_back({code, in == nullptr, in_size, out == nullptr, out_size,
                    bytes_returned != nullptr, ov != nullptr, routine != nullptr,
                    bytes_returned != nullptr ? *bytes_returned : 0,
                    ov != nullptr ? ov->Internal : 0,
                    ov != nullptr && routine == nullptr &&
                        (reinterpret_cast<ULONG_PTR>(ov->hEvent) & 1) != 0});
    // A routine held back from an earlier call is queued now: it runs during
    // this call's alertable wait.
    for (auto& held : held_) queue_routine(held);
    held_.clear();
    const Answer ans = respond_(out_size);
    if (ov == nullptr) {  // synchronous: the call itself takes the time
      if (ans.when != Answer::When::at_once) Sleep(static_cast<DWORD>(ans.delay.count()));
      return answer_now(ans, out, out_size, bytes_returned);
    }
    auto op = std::make_shared<Op>(this, ov, routine, out, out_size);
    op->touch_internal = ans.touch_internal;
    op->honour_cancel = ans.honour_cancel;
    op->set_event = ans.set_event;
    ops_[ov] = op;
    if (ans.when == Answer::When::at_once) {
      const int ret = answer_now(ans, out, out_size, bytes_returned);
      const int error = WSAGetLastError();
      if (ret == 0 || (ans.routine_on_failure && routine != nullptr)) {
        const int status = ret == 0 ? 0 : error;
        watch(*op);
        if (ret == 0 && routine != nullptr && ans.hold_routine) {
          op->error = status;
          op->bytes = ans.bytes;
          held_.push_back(op);
        } else if (ret == 0 && routine != nullptr && ans.routine_delay.count() > 0) {
          start_worker(op, ans.routine_delay,
                       [this, op, status, bytes = ans.bytes] { complete(op, status, bytes, {}); });
        } else {
          // Signalled before the call returns (the I/O manager completes a
          // request that finished at once), from another thread, as a
          // provider's worker would.
          std::thread([&] { complete(op, status, ans.bytes, {}); }).join();
        }
      }
      WSASetLastError(error);
      return ret;
    }
    if (bytes_returned != nullptr) *bytes_returned = 0;  // unknown while pending
    if (ans.touch_internal) set_internal(ov, kStatusPending);
    watch(*op);
    const Millis delay = ans.when == Answer::When::later ? ans.delay : Millis(-1);
    start_worker(op, delay, [this, op, ans] {
      complete(op, ans.error, ans.bytes, ans.error == 0 ? ans.blob : std::vector<std::uint8_t>{});
    });
    if (arm_allocation_failure) {  // last: the fake itself allocates nothing more
      arm_allocation_failure = false;
      heap::fail_next_allocation_on_this_thread();
    }
    WSASetLastError(WSA_IO_PENDING);
    return SOCKET_ERROR;
  }

  BOOL overlapped_result(SOCKET, WSAOVERLAPPED* ov, DWORD* transferred, BOOL wait,
                         DWORD* flags) override {
    ++results;
    auto it = ops_.find(ov);
    if (it == ops_.end()) {
      WSASetLastError(WSA_INVALID_PARAMETER);
      return FALSE;
    }
    Op& op = *it->second;
    if (wait) WaitForSingleObject(op.done, INFINITE);
    if (WaitForSingleObject(op.done, 0) != WAIT_OBJECT_0) {
      ++incomplete_answers;
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
    if (it->second->honour_cancel) SetEvent(it->second->cancel);
    return TRUE;
  }

  SOCKET accept(SOCKET listener) override {
    if (accept_resets > 0) {
      --accept_resets;
      WSASetLastError(WSAECONNRESET);
      return INVALID_SOCKET;
    }
    return WinsockProvider::accept(listener);
  }

  DWORD wait(DWORD count, const HANDLE* handles, DWORD ms, BOOL alertable) override {
    ++waits;
    // A tagged handle is for the I/O manager only: waiting on one is a bug.
    for (DWORD i = 0; i < count; ++i)
      if ((reinterpret_cast<ULONG_PTR>(handles[i]) & 1) != 0) ++tagged_waits;
    if (fail_wait_number == waits) {
      SetLastError(ERROR_INVALID_HANDLE);
      return WAIT_FAILED;
    }
    return WinsockProvider::wait(count, handles, ms, alertable);
  }

  /// Runs the completion routines queued to this thread without calling the
  /// backend's routine, and says how many there were: a routine left queued
  /// when issue() has returned would run into whatever the next alertable
  /// wait finds at its OVERLAPPED.
  int drain_stray_routines() {
    swallow_ = true;
    while (SleepEx(0, TRUE) == WAIT_IO_COMPLETION) {
    }
    swallow_ = false;
    return std::exchange(swallowed_, 0);
  }

  std::vector<SeenIoctl> seen;
  int results = 0;
  int cancels = 0;
  int incomplete_answers = 0;
  int waits = 0;
  int tagged_waits = 0;                 ///< waits given a handle with its low-order bit set
  int fail_wait_number = 0;             ///< the wait (1-based) that fails with ERROR_INVALID_HANDLE
  int accept_resets = 0;                ///< accept() answers WSAECONNRESET this many times first
  bool arm_allocation_failure = false;  ///< the first allocation after WSA_IO_PENDING throws
  std::atomic<int> routines_run{0};

 private:
  struct Op {
    Op(FakeProvider* f, WSAOVERLAPPED* o, LPWSAOVERLAPPED_COMPLETION_ROUTINE r, void* b, DWORD n)
        : fake(f),
          ov(o),
          // The I/O manager signals the event without the tag bit.
          event(r == nullptr ? reinterpret_cast<HANDLE>(reinterpret_cast<ULONG_PTR>(o->hEvent) &
                                                        ~ULONG_PTR{1})
                             : nullptr),
          routine(r),
          out(b),
          out_size(n) {
      DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &caller, 0,
                      FALSE, DUPLICATE_SAME_ACCESS);
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
    FakeProvider* fake;
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
    bool touch_internal = true;
    bool honour_cancel = true;
  };

  static constexpr LONG64 kStatusPending = 0x103;
  // The kernel's write of the status HasOverlappedIoCompleted reads.
  static void set_internal(WSAOVERLAPPED* ov, LONG64 status) {
    InterlockedExchange64(reinterpret_cast<volatile LONG64*>(&ov->Internal), status);
  }
  static void watch(const Op& op) {
    heap::watch(op.ov);
    if (op.out != nullptr) heap::watch(op.out);
  }
  static void unwatch(const Op& op) {
    heap::unwatch(op.ov);
    if (op.out != nullptr) heap::unwatch(op.out);
  }

  // Completes \p op after \p delay (negative: only when cancelled); a
  // cancelled op completes with WSA_OPERATION_ABORTED.
  void start_worker(std::shared_ptr<Op> op, Millis delay, std::function<void()> finish) {
    workers_.emplace_back([this, op, delay, finish = std::move(finish)] {
      const HANDLE wait_for[2] = {op->cancel, stop_};
      const DWORD timeout = delay.count() >= 0 ? static_cast<DWORD>(delay.count()) : INFINITE;
      switch (WaitForMultipleObjects(2, wait_for, FALSE, timeout)) {
        case WAIT_TIMEOUT:
          finish();
          break;
        case WAIT_OBJECT_0:
          complete(op, WSA_OPERATION_ABORTED, 0, {});
          break;
        default:
          break;  // the fake is going away
      }
    });
  }

  struct ApcCall {
    std::shared_ptr<Op> op;
    DWORD error, bytes;
  };
  static void CALLBACK run_routine(ULONG_PTR p) {
    std::unique_ptr<ApcCall> c(reinterpret_cast<ApcCall*>(p));
    FakeProvider& fake = *c->op->fake;
    if (fake.swallow_) {
      ++fake.swallowed_;
      return;
    }
    // Once the routine is called the system no longer touches the OVERLAPPED.
    unwatch(*c->op);
    ++fake.routines_run;
    c->op->routine(c->error, c->bytes, c->op->ov, 0);
  }
  void queue_routine(const std::shared_ptr<Op>& op) {
    auto* call = new ApcCall{op, static_cast<DWORD>(op->error), op->bytes};
    QueueUserAPC(&run_routine, op->caller, reinterpret_cast<ULONG_PTR>(call));
  }

  static int answer_now(const Answer& ans, void* out, DWORD out_size, DWORD* bytes_returned) {
    if (ans.error == 0 && out != nullptr)
      std::memcpy(out, ans.blob.data(), std::min<std::size_t>(ans.blob.size(), out_size));
    if (bytes_returned != nullptr) *bytes_returned = ans.bytes;
    WSASetLastError(ans.error);
    return ans.error == 0 ? 0 : SOCKET_ERROR;
  }

  // Writes the result, then signals completion; nothing of the caller's is
  // touched after the signal (the caller may free it at once).
  void complete(const std::shared_ptr<Op>& shared, int error, DWORD bytes,
                const std::vector<std::uint8_t>& blob) {
    Op& op = *shared;
    if (error == 0 && op.out != nullptr && !blob.empty())
      std::memcpy(op.out, blob.data(), std::min<std::size_t>(blob.size(), op.out_size));
    op.error = error;
    op.bytes = bytes;
    SetEvent(op.done);
    // STATUS_SUCCESS, or STATUS_UNSUCCESSFUL standing for any failure.
    if (op.routine != nullptr) {
      if (op.touch_internal) set_internal(op.ov, error == 0 ? 0 : 0xC0000001);
      queue_routine(shared);
      return;
    }
    unwatch(op);
    if (op.touch_internal) set_internal(op.ov, error == 0 ? 0 : 0xC0000001);
    if (op.set_event) SetEvent(op.event);
  }

  Responder respond_;
  IoctlProvider* previous_ = nullptr;
  HANDLE stop_ = nullptr;
  std::map<WSAOVERLAPPED*, std::shared_ptr<Op>> ops_;
  std::vector<std::shared_ptr<Op>> held_;
  std::vector<std::thread> workers_;
  bool swallow_ = false;
  int swallowed_ = 0;
};

}  // namespace wfpredir::test
