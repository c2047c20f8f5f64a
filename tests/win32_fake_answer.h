#pragma once
// What the fake IoctlProvider of the Windows backend's tests
// (win32_fake_provider.h) answers to one WSAIoctl, and when: an Answer, the
// helpers that make the usual ones, and the record of the arguments the fake
// received (SeenIoctl); with the test blobs and the control codes.
#include "platform/win32/ioctl_seam.h"

#include <cstdint>
#include <functional>
#include <vector>

#include "model/platform.h"
#include "platform/wait.h"

namespace wfpredir::test {

inline constexpr DWORD kRecords = kSioQueryRedirectRecords;
inline constexpr DWORD kContext = kSioQueryRedirectContext;
inline constexpr Millis kIoTimeout{5000};

inline std::vector<std::uint8_t> pattern(std::size_t n, std::uint8_t seed) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed + i * 7);
  return v;
}

inline const char* name_of(Mode m) {
  return m == Mode::sync ? "sync" : m == Mode::event ? "event" : "apc";
}

/// What the fake answers to one WSAIoctl.
struct Answer {
  enum class When : std::uint8_t {
    at_once,  ///< the call itself returns the final status
    later,    ///< WSA_IO_PENDING, completed from another thread after `delay`
    never,    ///< WSA_IO_PENDING until CancelIoEx, then WSA_OPERATION_ABORTED
  };
  When when = When::at_once;
  int error = 0;                   ///< final status, 0 = success
  std::vector<std::uint8_t> blob;  ///< written to the caller's buffer on success
  DWORD bytes = 0;                 ///< reported byte count (blob size, or the size needed)
  Millis delay{0};
  bool set_event = true;       ///< false: complete without signalling (what Wine does on failure)
  bool touch_internal = true;  ///< false: OVERLAPPED.Internal is never written (a non-IFS provider)
  bool honour_cancel = true;   ///< false: CancelIoEx answers TRUE and changes nothing
  bool routine_on_failure =
      false;                  ///< at_once failure still queues the routine (an NT warning status)
  Millis routine_delay{0};    ///< at_once success: the routine is queued this long after the call
  bool hold_routine = false;  ///< at_once success: the routine comes only at the next WSAIoctl
};
using Responder = std::function<Answer(DWORD out_size)>;

inline Answer blob_answer(std::vector<std::uint8_t> blob, Answer::When when,
                          Millis delay = Millis(20)) {
  Answer a;
  a.when = when;
  a.bytes = static_cast<DWORD>(blob.size());
  a.blob = std::move(blob);
  a.delay = delay;
  return a;
}

inline Answer error_answer(int error, DWORD bytes, Answer::When when, Millis delay = Millis(20)) {
  Answer a;
  a.when = when;
  a.error = error;
  a.bytes = bytes;
  a.delay = delay;
  return a;
}

/// A request that stays pending for ever and that CancelIoEx does not end:
/// it outlives the cancel grace, and its OVERLAPPED stays with the socket.
inline Answer never_ending_uncancellable() {
  Answer a = error_answer(0, 0, Answer::When::never);
  a.honour_cancel = false;
  return a;
}

/// The natural way each mode meets a final status: sync in the call, the
/// overlapped modes through the pending path.
inline Answer::When when_for(Mode m) {
  return m == Mode::sync ? Answer::When::at_once : Answer::When::later;
}

/// The arguments of one WSAIoctl as the fake received them.
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
  ULONG_PTR internal_on_entry = 0;
  bool event_low_bit = false;  ///< hEvent's low-order bit was set (no completion-port packet)
};

}  // namespace wfpredir::test
