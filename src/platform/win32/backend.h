#pragma once
/// \file backend.h
/// What the files of the Windows backend share, and nothing else: owners for
/// SOCKETs and HANDLEs, the seam's current provider, the interrupt event, the
/// failure helpers (named as in the Linux backend) and the conversion of a
/// Deadline into a Win32 timeout. Internal to src/platform/win32.

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "model/platform.h"
#include "platform/owned.h"
#include "platform/wait.h"
#include "platform/win32/ioctl_seam.h"
#include "text/i18n.h"

namespace wfpredir::win32 {

struct SocketTraits {
  using value_type = SOCKET;
  static SOCKET invalid() { return INVALID_SOCKET; }
  static void close(SOCKET s) { ::closesocket(s); }
};
struct HandleTraits {
  using value_type = HANDLE;
  static HANDLE invalid() { return nullptr; }
  static void close(HANDLE h) { ::CloseHandle(h); }
};
using Socket = Owned<SocketTraits>;
using Handle = Owned<HandleTraits>;

/// The provider every call of a query and every wait goes through.
IoctlProvider& provider();
/// Manual-reset, signalled by Ctrl-C (raise_interrupt) and never closed.
HANDLE interrupt_event();
/// Manual-reset, never signalled: what a wait that must not end on Ctrl-C
/// waits on, so that every wait goes through the seam.
HANDLE quiet_event();
/// Whether Ctrl-C has been pressed (Platform::interrupted()).
bool interrupt_raised();
/// Whether that interrupt was a console close, logoff or shutdown.
bool termination_raised();
/// How long a cancelled operation gets to deliver its final status before
/// its block is abandoned to it.
inline constexpr Millis kCancelGrace{5000};
/// The same after a console close, logoff or shutdown: the system ends the
/// process about 5 s after the event, and the report must be out by then.
inline constexpr Millis kTerminationGrace{1000};
/// kCancelGrace, or kTerminationGrace once termination was raised.
Millis cancel_grace();
/// Installs the console handler once (Ctrl-C and Ctrl-Break interrupt; close,
/// logoff and shutdown terminate).
void install_console_handler();

/// Milliseconds left before \p deadline as a Win32 timeout (INFINITE for none).
inline DWORD win32_ms(const Deadline& deadline) {
  return static_cast<DWORD>(millis_left(deadline, static_cast<long long>(INFINITE) - 1));
}

/// The failure of \p operation with a Winsock/Win32 \p code.
inline SetupError failed(std::string operation, int code, std::string message = {}) {
  return SetupError{SetupError::Kind::failed, std::move(operation), ErrorDomain::windows, code,
                    std::move(message)};
}

/// A failure without a system code (usage, unsupported, nothing to try).
inline SetupError without_code(SetupError::Kind kind, std::string operation, std::string message) {
  return SetupError{kind, std::move(operation), ErrorDomain::windows, 0, std::move(message)};
}

/// \p operation gave up at its deadline, having waited since \p start for \p what.
inline SetupError timed_out(std::string operation, Clock::time_point start, std::string_view what) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return without_code(SetupError::Kind::timed_out, std::move(operation),
                      trf("timed out after {:.1f} s waiting for {}", seconds, what));
}

/// Ctrl-C ended the wait for \p what.
inline SetupError interrupted_while(std::string_view what) {
  return without_code(SetupError::Kind::interrupted, "",
                      trf("interrupted while waiting for {}", what));
}

/// "a; b", or the non-empty one.
inline std::string append(std::string note, std::string_view more) {
  if (more.empty()) return note;
  return note.empty() ? std::string(more) : note + std::string(tr("; ")) + std::string(more);
}

}  // namespace wfpredir::win32
