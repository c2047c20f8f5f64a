#pragma once
/// \file wait.h
/// The words both backends use for waiting, so that the same idea has the
/// same name on every platform: a Deadline (none = forever), how a wait
/// ended (WaitResult), and the arithmetic between them. No OS header here.

#include <algorithm>
#include <chrono>
#include <optional>

#include "model/platform.h"

namespace wfpredir {

using Clock = std::chrono::steady_clock;
/// When a wait must give up; nullopt waits for ever.
using Deadline = std::optional<Clock::time_point>;

/// How a wait ended. `failed` leaves the system's code where the backend's
/// failure helper reads it (errno / GetLastError).
enum class WaitResult : unsigned char { ready, timed_out, interrupted, failed };

/// The deadline \p timeout from now (none for none). Saturates instead of
/// overflowing: a timeout past the clock's range waits for ever.
inline Deadline deadline_after(std::optional<Millis> timeout) {
  if (!timeout) return std::nullopt;
  const auto now = Clock::now();
  if (*timeout >= std::chrono::duration_cast<Millis>(Clock::time_point::max() - now))
    return std::nullopt;
  return now + *timeout;
}

/// Whole milliseconds left before \p deadline, rounded up so that a wait
/// never ends early, at least 0 and at most \p cap.
inline long long millis_left(const Deadline& deadline, long long cap) {
  if (!deadline) return cap;
  const auto left = std::chrono::ceil<Millis>(*deadline - Clock::now()).count();
  return std::clamp<long long>(left, 0, cap);
}

/// Milliseconds since \p start, for CallRecord::ms.
inline double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace wfpredir
