#pragma once
/// \file loop_guard.h
/// The relay's loop guard: its own upstream sockets, so that a connection
/// that a redirect rule sends back to the relay is refused as a loop.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "model/endpoint.h"

namespace wfpredir {

/// Remembers the local ports of the relay's own upstream sockets, so that a
/// connection coming back to the listener from one of them is seen as a loop.
/// Used from the accepting thread and the loop's thread.
/// Keyed by the socket's local port (known from bind, before connect) and,
/// once connect has chosen it, its local address: a connection whose peer is
/// that address and port is the relay's own, whatever the interface (loopback
/// or not). Until the address is known the port alone decides.
class LoopGuard {
 public:
  void add(std::uint16_t local_port, unsigned index);
  /// The address connect chose for the socket bound to \p local_port.
  void set_address(std::uint16_t local_port, const IpEndpoint& local);
  void remove(std::uint16_t local_port);
  /// The relayed connection whose upstream socket is \p peer, if any;
  /// marks it as looped.
  std::optional<unsigned> came_back(const IpEndpoint& peer);
  bool looped(unsigned index) const;

 private:
  struct Own {
    unsigned index = 0;
    std::optional<IpEndpoint> address;
  };
  mutable std::mutex m_;
  std::map<std::uint16_t, Own> ports_;
  std::vector<unsigned> looped_;
};

}  // namespace wfpredir
