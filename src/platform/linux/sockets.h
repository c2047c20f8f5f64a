#pragma once
/// \file sockets.h
/// The TCP sockets of the Linux backend: the listener, accepting one
/// connection, connecting one, and waiting on a descriptor, each wait in
/// slices so that SIGINT/SIGTERM (interrupt.h) end it promptly.

#include <poll.h>

#include <string_view>
#include <variant>

#include "model/platform.h"
#include "platform/linux/fd.h"
#include "platform/linux/sockaddr.h"
#include "platform/wait.h"

namespace wfpredir::linux_backend {

/// The longest any wait goes without looking at the interrupt flag: a signal
/// landing between the check and the blocking call is seen within this time.
inline constexpr long long kSliceMs = 100;

struct Listener {
  Fd fd;
  SockAddr bound;  ///< the address really bound (the port chosen for port 0)
  /// The receive timeout now set on fd, in ms: what one blocking accept waits.
  long long slice_ms = 0;
};

/// A blocking listening socket bound to \p address (IP_TRANSPARENT first when
/// \p transparent), with a receive timeout of one slice.
std::variant<Listener, SetupError> make_listener(const SockAddr& address, bool transparent);

/// One accepted connection and the peer address accept4 reported with it.
struct Accepted {
  Fd fd;
  SockAddr peer;
};

/// Accepts one connection on \p listener, waiting until \p deadline (none:
/// for ever) or an interrupt. \p start and \p what are for the messages.
std::variant<Accepted, SetupError> accept_one(Listener& listener, const Deadline& deadline,
                                              Clock::time_point start, std::string_view what);

/// Connects a new socket to \p to, waiting until \p deadline or an interrupt.
std::variant<Fd, SetupError> connect_one(const SockAddr& to, const Deadline& deadline,
                                         Clock::time_point start, std::string_view what);

/// Waits for \p events on \p fd until they come, \p deadline passes or an
/// interrupt arrives; on `failed`, errno holds poll's error.
WaitResult wait_for(int fd, short events, const Deadline& deadline);

}  // namespace wfpredir::linux_backend
