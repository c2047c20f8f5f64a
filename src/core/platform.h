#pragma once
/// \file platform.h
/// The one interface between the portable engine and the operating system.
/// Each platform implements it in one file (query_win32.cpp, query_linux.cpp)
/// that CMake picks; no socket header is visible here. Tests substitute fakes.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/report.h"

namespace wfpredir {

using Millis = std::chrono::milliseconds;

/// Where connections come from.
struct Target {
  enum class Kind : std::uint8_t { listen, connect, self };
  Kind kind = Kind::self;
  std::string bind = "127.0.0.1";  ///< listen: address literal to bind
  std::uint16_t port = 0;          ///< listen: port (1-65535)
  std::string host;                ///< connect: name or literal
  std::uint16_t connect_port = 0;  ///< connect: port
  bool transparent = false;        ///< listen on Linux: set IP_TRANSPARENT (TPROXY)
};

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

class Platform {
 public:
  virtual ~Platform() = default;
  /// The platform the binary was built for (Windows, Linux, or none).
  static std::unique_ptr<Platform> create();
  virtual std::string name() const = 0;
  /// The modes this platform can issue (Windows: sync, event, apc; Linux: sync).
  virtual std::vector<Mode> modes() const = 0;
  /// The query kinds this platform can issue; the others are reported as skipped.
  virtual std::vector<QueryKind> kinds() const = 0;
  /// Why a kind is not available here (for the skip reason).
  virtual std::string why_not(QueryKind kind) const = 0;
  /// Why a mode is not available here (for the usage error and the skip reason).
  virtual std::string why_not(Mode mode) const = 0;
  virtual std::variant<std::unique_ptr<Source>, SetupError> open(const Target& target) = 0;
  /// Makes Ctrl-C/SIGINT set the flag that interrupted() reports and wake waits.
  virtual void install_interrupt_handler() = 0;
  virtual bool interrupted() const = 0;
  /// Whether that interrupt asked the process to end (SIGTERM; on Windows the
  /// console closing, logoff, shutdown) rather than to stop (Ctrl-C): the exit
  /// code is then `terminated`, not `interrupted`.
  virtual bool terminated() const { return false; }
};

}  // namespace wfpredir
