#pragma once
/// \file overlapped_io.h
/// What every overlapped call of the Windows backend shares, whatever the call
/// (WSAIoctl in overlapped.cpp, WSARecvMsg in udp.cpp): the completion check
/// read from the OVERLAPPED, the completion routine and its wait, the event
/// pool, and the records of WSAGetOverlappedResult and CancelIoEx. The rules:
/// docs/winsock-contract.md#overlapped-semantics. Internal to src/platform/win32.

#include <atomic>

#include "platform/win32/backend.h"

namespace wfpredir::win32 {

/// winnt.h's STATUS_PENDING is a C cast; what HasOverlappedIoCompleted compares.
inline constexpr ULONG_PTR kStatusPending = 0x103;

/// HasOverlappedIoCompleted, read as the kernel writes it.
inline bool completed_in_overlapped(const WSAOVERLAPPED& ov) {
  return *static_cast<const volatile ULONG_PTR*>(&ov.Internal) != kStatusPending;
}

/// What the completion routine saw, part of a call's block. With a routine,
/// Winsock leaves lpOverlapped->hEvent to the caller: it points here.
struct Completion {
  DWORD caller_thread = 0;  ///< set before the call
  ApcInfo apc;
  std::atomic<bool> ran{false};
};

/// The completion routine for a call whose OVERLAPPED's hEvent is a Completion*.
void CALLBACK on_completion(DWORD error, DWORD transferred, LPWSAOVERLAPPED ov, DWORD flags);

/// Runs APCs (an alertable wait) until \p c's routine has run (ready), the
/// deadline passes, (when \p watch) Ctrl-C, or the wait fails (failed, with
/// GetLastError() left as the wait set it).
WaitResult wait_for_routine(const Completion& c, const Deadline& deadline, bool watch);

/// A manual-reset event, not signalled: a spare one reset, or a new one
/// (empty when CreateEventW failed; GetLastError says why).
Handle take_event();
/// Keeps \p h for a later take_event (up to a few; the rest are closed).
void give_back(Handle h);

/// WSAGetOverlappedResult(\p s, \p ov, fWait FALSE) recorded as it returned;
/// \p transferred and \p flags as it set them.
CallRecord overlapped_result(SOCKET s, WSAOVERLAPPED* ov, DWORD& transferred, DWORD& flags);
/// CancelIoEx(\p s, \p ov) recorded as it returned, with \p note.
CallRecord cancel_call(SOCKET s, WSAOVERLAPPED* ov, const Note& why);

}  // namespace wfpredir::win32
