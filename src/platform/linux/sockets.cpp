// The TCP sockets of the Linux backend (sockets.h): listener, accept,
// connect and the sliced wait.
//
// Accepting is one blocking accept4 per connection, the least a server can
// do: the listener is blocking and its receive timeout (SO_RCVTIMEO, which
// accept honours: docs/winsock-contract.md#original-destination) is the
// slice, so an idle wait still wakes every slice to look at the interrupt
// flag and the deadline. A non-blocking listener would need a poll() each
// time the queue is empty, which for a client that connects only after the
// previous answer is every connection: a failed accept4 and a poll() more.
#include "platform/linux/sockets.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <fmt/format.h>

#include <cerrno>
#include <string>

#include "platform/linux/failure.h"
#include "platform/linux/interrupt.h"
#include "text/i18n.h"

namespace wfpredir::linux_backend {
namespace {

int set_receive_timeout(int fd, long long ms) {
  const timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
  return ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

// accept(2): a connection that died in the queue, or a pending network error
// on it, is that connection's problem, not the listener's.
bool connection_gone(int err) {
  return err == ECONNABORTED || err == EPROTO || err == ENETDOWN || err == ENOPROTOOPT ||
         err == EHOSTDOWN || err == ENONET || err == EHOSTUNREACH || err == ENETUNREACH;
}

}  // namespace

std::variant<Listener, SetupError> make_listener(const SockAddr& address, bool transparent) {
  Listener l;
  const std::string shown = format(address);
  l.fd = Fd(::socket(address.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!l.fd) return failed(trf("socket for {}", shown), errno);
  const int on = 1;
  // A proxy restarted while its old connections sit in TIME_WAIT must bind again.
  if (::setsockopt(l.fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0)
    return failed("setsockopt SO_REUSEADDR", errno);
  if (transparent) {
    const bool v4 = address.family() == AF_INET;
    if (::setsockopt(l.fd.get(), v4 ? SOL_IP : SOL_IPV6, v4 ? IP_TRANSPARENT : IPV6_TRANSPARENT,
                     &on, sizeof on) != 0) {
      const int err = errno;
      return failed(fmt::format("setsockopt {}", v4 ? "IP_TRANSPARENT" : "IPV6_TRANSPARENT"), err,
                    err == EPERM ? std::string(tr("a TPROXY listener needs CAP_NET_ADMIN")) : "");
    }
  }
  if (::bind(l.fd.get(), address.get(), address.len) != 0)
    return failed(fmt::format("bind {}", shown), errno);
  if (::listen(l.fd.get(), SOMAXCONN) != 0) return failed(trf("listen on {}", shown), errno);
  if (::getsockname(l.fd.get(), l.bound.get(), &l.bound.len) != 0)
    return failed("getsockname", errno);
  if (set_receive_timeout(l.fd.get(), kSliceMs) != 0)
    return failed("setsockopt SO_RCVTIMEO", errno);
  l.slice_ms = kSliceMs;
  return l;
}

std::variant<Accepted, SetupError> accept_one(Listener& listener, const Deadline& deadline,
                                              Clock::time_point start, std::string_view what) {
  for (;;) {
    if (interrupted()) return interrupted_while(what);
    // A full slice unless the deadline is nearer; the timeout is set again
    // only when that changes, so a wait with no deadline near costs nothing.
    const long long slice = millis_left(deadline, kSliceMs);
    if (slice == 0) return timed_out("accept", start, what);
    if (slice != listener.slice_ms) {
      if (set_receive_timeout(listener.fd.get(), slice) != 0)
        return failed("setsockopt SO_RCVTIMEO", errno);
      listener.slice_ms = slice;
    }
    // The peer's address comes with the connection: no getpeername later.
    // The accepted socket is blocking, which getsockopt ignores.
    Accepted a;
    const int fd = ::accept4(listener.fd.get(), a.peer.get(), &a.peer.len, SOCK_CLOEXEC);
    if (fd >= 0) {
      a.fd = Fd(fd);
      return a;
    }
    const int err = errno;
    // EAGAIN: the slice passed with nothing queued; EINTR: a signal, maybe ours.
    if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR || connection_gone(err)) continue;
    return failed(trf("accept {}", what), err);
  }
}

WaitResult wait_for(int fd, short events, const Deadline& deadline) {
  for (;;) {
    if (interrupted()) return WaitResult::interrupted;
    const long long slice = millis_left(deadline, kSliceMs);
    if (slice == 0) return WaitResult::timed_out;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(slice));
    if (n > 0) return WaitResult::ready;
    if (n < 0 && errno != EINTR) return WaitResult::failed;
  }
}

std::variant<Fd, SetupError> connect_one(const SockAddr& to, const Deadline& deadline,
                                         Clock::time_point start, std::string_view what) {
  // Non-blocking, so that the wait for the handshake happens in wait_for's slices.
  Fd fd(::socket(to.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd) return failed("socket", errno);
  const std::string operation = trf("connect to {}", format(to));
  if (::connect(fd.get(), to.get(), to.len) == 0) return fd;
  if (errno != EINPROGRESS) return failed(operation, errno);
  switch (wait_for(fd.get(), POLLOUT, deadline)) {
    case WaitResult::ready:
      break;
    case WaitResult::timed_out:
      return timed_out(operation, start, what);
    case WaitResult::interrupted:
      return interrupted_while(what);
    case WaitResult::failed:
      return failed("poll", errno);
  }
  int error = 0;
  socklen_t len = sizeof error;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &len) != 0)
    return failed("getsockopt SO_ERROR", errno);
  if (error != 0) return failed(operation, error);
  return fd;
}

}  // namespace wfpredir::linux_backend
