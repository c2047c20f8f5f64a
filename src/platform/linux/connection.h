#pragma once
/// \file connection.h
/// One connected TCP socket of the Linux backend, as the engine's Connection:
/// what the source knew when it handed the socket over (ConnectionFacts), and
/// the original-destination query (original_dst.h) issued on it.

#include <memory>
#include <optional>
#include <string>

#include "model/platform.h"
#include "platform/linux/fd.h"
#include "platform/linux/sockaddr.h"

namespace wfpredir::linux_backend {

/// What a source knows about a connection when it hands it over.
struct ConnectionFacts {
  std::string side;  ///< "accepted" (we listened) / "connected" (we connected)
  /// The socket's local address; len 0 when it could not be read.
  SockAddr local = SockAddr{{}, 0};
  /// The getsockname call that read `local`, when one was made (the local
  /// address of a listener bound to one address is that address, unread).
  std::optional<CallRecord> local_call;
  std::optional<IpEndpoint> peer;      ///< the other end
  std::optional<IpEndpoint> listener;  ///< accepted: the address the listener is bound to
  bool transparent = false;            ///< accepted on an IP_TRANSPARENT (TPROXY) listener
};

/// Reads the local address of \p fd into \p facts with getsockname, through
/// the seam (sockopt_seam.h), and keeps the call's record.
void read_local(int fd, ConnectionFacts& facts);

/// The Connection for \p fd. \p peer_end: the other end when it is ours
/// (--self), kept open as long as the connection so that it stays alive.
std::unique_ptr<Connection> make_connection(Fd fd, ConnectionFacts facts, Fd peer_end = Fd());

}  // namespace wfpredir::linux_backend
