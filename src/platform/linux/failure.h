#pragma once
/// \file failure.h
/// The Linux backend's failure helpers: how a failed system call, a wait
/// that gave up and an interrupted wait become SetupError values. The same
/// names as the Windows backend's (failed, timed_out, interrupted_while); the
/// messages say what failed, never which command-line flag led there.

#include <string>
#include <string_view>

#include "model/platform.h"
#include "platform/wait.h"

namespace wfpredir::linux_backend {

/// \p operation failed with errno \p error (0 when there is no errno, and then
/// \p message says what went wrong).
SetupError failed(std::string operation, int error, std::string message = {});

/// A wait for \p what that began at \p start passed its deadline.
SetupError timed_out(std::string operation, Clock::time_point start, std::string_view what);

/// SIGINT or SIGTERM arrived while waiting for \p what.
SetupError interrupted_while(std::string_view what);

/// A value the caller should have refused earlier (an address that is no
/// literal, port 0 to listen on): said without naming a flag.
SetupError unusable(std::string message);

}  // namespace wfpredir::linux_backend
