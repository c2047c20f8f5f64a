#pragma once
/// \file platform.h
/// The one interface between the portable engine and the operating system.
/// Each platform implements it in its own directory (platform/win32,
/// platform/linux) that CMake picks; no socket header is visible here. Tests
/// substitute fakes.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/endpoint.h"
#include "model/report.h"
#include "model/system.h"
#include "model/udp_report.h"

namespace wfpredir {

using Millis = std::chrono::milliseconds;

/// Where connections come from: one of three shapes, built and checked once at
/// the CLI edge, so a backend never sees a value it would have to reject.
/// Listen on an address (`--port`, `--bind`, `--transparent`).
struct ListenTarget {
  IpEndpoint at;             ///< address and port; the port is 1-65535 on every platform
  bool transparent = false;  ///< Linux: IP_TRANSPARENT (a TPROXY rule's listener)
};
/// Both backends refuse a ListenTarget on port 0 with this message (a guard:
/// the CLI never builds one).
inline constexpr std::string_view kPortZero =
    "a listener needs a port from 1 to 65535 (port 0 would be one no client knows)";
/// Connect to a name or literal (`--connect HOST:PORT`).
struct ConnectTarget {
  std::string host;
  std::uint16_t port = 0;  ///< 1-65535
};
/// A loopback connection to itself (`--self`, and doctor).
struct SelfTarget {};
using Target = std::variant<SelfTarget, ListenTarget, ConnectTarget>;

/// A failure to obtain a connection, as a value. The engine prints it.
struct SetupError {
  enum class Kind : std::uint8_t { failed, timed_out, interrupted, usage, unsupported };
  Kind kind = Kind::failed;
  std::string operation;  ///< "bind 127.0.0.1:8080", "resolve example.invalid", ...
  ErrorDomain domain = ErrorDomain::windows;
  int code = 0;         ///< the system's code, 0 when there is none (timeout, usage)
  std::string message;  ///< complete one-line message when code is 0
};

/// One connected socket to query. Closing it is the destructor's job.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual ConnectionInfo info() const = 0;
  /// Issues \p kind once in \p mode with an output buffer of exactly
  /// \p out_size bytes (0 is legal and is passed as 0), follows it to its final
  /// status and records every call. A call still pending after \p io_timeout,
  /// or when an interrupt arrives, is cancelled and its final status collected.
  virtual Attempt issue(QueryKind kind, Mode mode, std::uint32_t out_size, Millis io_timeout) = 0;
  /// Hands the socket over (the relay's event loop takes it) and stops owning
  /// it: a descriptor on Linux, a SOCKET on Windows. nullopt when there is
  /// none to give (a fake, or a connection that also holds its peer's end).
  virtual std::optional<std::uintptr_t> release_socket() { return std::nullopt; }
};

/// Produces connections: a listener that accepts, a connector, or --self.
class Source {
 public:
  virtual ~Source() = default;
  /// What next() waits on, for the status line ("a connection on 127.0.0.1:8080").
  virtual std::string waiting_for() const = 0;
  /// Blocks until the next connection, the timeout (nullopt: forever) or an interrupt.
  virtual std::variant<std::unique_ptr<Connection>, SetupError> next(
      std::optional<Millis> timeout) = 0;
};

/// `query --udp`: one bound UDP socket that asked for the redirect control
/// messages (udp_report.h); each receive takes the next datagram.
class UdpSource {
 public:
  virtual ~UdpSource() = default;
  /// "a datagram on 127.0.0.1:5353", for the status line.
  virtual std::string waiting_for() const = 0;
  /// The socket and what each of its setsockopt calls returned.
  virtual UdpSocketInfo info() const = 0;
  /// Receives the next datagram in \p mode, with its control messages, waiting
  /// until \p timeout (nullopt: forever) or an interrupt; a receive that fails
  /// is a Datagram with its error, a wait that ends without one a SetupError.
  virtual std::variant<Datagram, SetupError> receive(Mode mode, std::optional<Millis> timeout) = 0;
  /// Fills \p r's kernel records (Linux: conntrack entry, local_assigned) from
  /// its source and original destination; returns whether it added any.
  virtual bool kernel_records(UdpReport& r) const {
    (void)r;
    return false;
  }
};

class Platform {
 public:
  virtual ~Platform() = default;
  /// The platform the binary was built for (Windows, Linux, or none).
  static std::unique_ptr<Platform> create();
  /// Which platform this is (a test's fake plays either).
  virtual Os os() const = 0;
  /// The modes this platform can issue (Windows: sync, event, apc; Linux: sync).
  virtual std::vector<Mode> modes() const = 0;
  /// The query kinds this platform can issue; the others are reported as skipped.
  virtual std::vector<QueryKind> kinds() const = 0;
  /// Why a kind is not available here (for the skip reason).
  virtual Reason why_not(QueryKind kind) const = 0;
  /// Why a mode is not available here (for the usage error and the skip reason).
  virtual Reason why_not(Mode mode) const = 0;
  virtual std::variant<std::unique_ptr<Source>, SetupError> open(const Target& target) = 0;
  /// `query --udp`: a UDP socket bound to the listen target, asking for the
  /// redirect control messages. A platform without it says so.
  virtual std::variant<std::unique_ptr<UdpSource>, SetupError> open_udp(
      const ListenTarget& target) {
    (void)target;
    return SetupError{SetupError::Kind::unsupported, "UDP", ErrorDomain::windows, 0,
                      "this platform has no UDP backend"};
  }
  /// Makes Ctrl-C/SIGINT set the flag that interrupted() reports and wake waits.
  virtual void install_interrupt_handler() = 0;
  virtual bool interrupted() const = 0;
  /// Whether that interrupt asked the process to end (SIGTERM; on Windows the
  /// console closing, logoff, shutdown) rather than to stop (Ctrl-C): the exit
  /// code is then `terminated`, not `interrupted`.
  virtual bool terminated() const { return false; }
};

}  // namespace wfpredir
