#pragma once
/// \file relay_loop.h
/// The event loop that forwards the relay's connections, on standalone Asio
/// (relay_loop.cpp, relay_session.cpp, relay_resolve.cpp; docs/relay.md says why): what the run
/// (relay_run.h) hands it and how it reports back.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "analysis/loop_guard.h"
#include "analysis/relay.h"

namespace wfpredir {

/// One accepted, queried connection handed to the loop.
struct RelayJob {
  RelayReport report;              ///< the query part filled, the relay part started
  std::uintptr_t client = 0;       ///< the native socket, owned by the loop from now on
  std::optional<RelayEnd> refuse;  ///< close the client at once, with this end
};

/// Receives each relayed connection's report when it ends (on the loop's thread).
using RelaySink = std::function<void(const RelayReport&)>;

/// The event loop that forwards: its worker threads (--threads), each
/// connection on one of them.
class RelayLoop {
 public:
  virtual ~RelayLoop() = default;
  /// Takes over the job's socket: refuses it, or prepares the upstream
  /// (prepare_upstream) and relays until both sides have closed.
  virtual void start(RelayJob job) = 0;
  /// Connections not yet reported.
  virtual unsigned active() const = 0;
  /// The most connections relayed at once so far.
  virtual unsigned peak() const = 0;
  /// Ends every connection still open with a reset; each is reported as
  /// interrupted, with \p why (what ended the run) as its end_reason.
  virtual void stop_all(const Reason& why) = 0;
  /// Waits until every connection has been reported.
  virtual void wait_idle() = 0;
};

/// The platform's loop (src/platform/relay_loop.cpp). \p guard outlives it.
std::unique_ptr<RelayLoop> make_relay_loop(const RelayOptions& options, RelaySink sink,
                                           LoopGuard& guard);

/// --to HOST:PORT as an endpoint (a literal, or the first address of a name).
std::variant<IpEndpoint, SetupError> resolve_upstream(const std::string& host, std::uint16_t port);

}  // namespace wfpredir
