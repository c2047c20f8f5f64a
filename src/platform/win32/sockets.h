#pragma once
/// \file sockets.h
/// The sockets of the Windows backend: addresses as Winsock takes them,
/// name resolution, a connect and an accept that wait with a deadline and hear
/// Ctrl-C, and the listener (dual-stack for IPv6, SO_EXCLUSIVEADDRUSE).
/// Internal to src/platform/win32.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "platform/win32/backend.h"

namespace wfpredir::win32 {

/// A socket address as Winsock takes it.
struct Endpoint {
  sockaddr_storage addr{};
  int len = 0;
  const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&addr); }
  /// "1.2.3.4:80" / "[::1]:80"; empty for other families.
  std::string text() const;
  std::optional<IpEndpoint> endpoint() const;
};

/// The endpoint in \p ss; nullopt for other families or a short length.
std::optional<IpEndpoint> to_endpoint(const sockaddr_storage& ss, int len);

/// The Winsock address of \p e (scope included).
Endpoint to_winsock(const IpEndpoint& e);

/// Every TCP address of \p host (a name or a literal).
std::variant<std::vector<Endpoint>, SetupError> resolve(const std::string& host,
                                                        std::uint16_t port);

/// A new overlapped socket connected to \p to, within the deadline, Ctrl-C aware.
std::variant<Socket, SetupError> connect_to(const Endpoint& to, const Deadline& deadline);

/// Waits until \p s is readable (select(), in slices of at most 100 ms so
/// that Ctrl-C is seen), the deadline passes or Ctrl-C is pressed. Returns
/// how many slices ended without it; failures name \p operation and \p what
/// was awaited.
std::variant<unsigned, SetupError> wait_readable(SOCKET s, const Deadline& deadline,
                                                 const std::string& operation,
                                                 std::string_view what);

/// A plain blocking listening socket; accept waits for it to be readable
/// first, so it keeps a deadline and hears Ctrl-C.
class Listener {
 public:
  /// Binds exactly \p at. An IPv6 listener is dual-stack (IPV6_V6ONLY off, as
  /// Linux's default); every listener has SO_EXCLUSIVEADDRUSE
  /// (docs/winsock-contract.md#overlapped-semantics names what that costs).
  static std::variant<Listener, SetupError> open(const Endpoint& at);

  const Endpoint& local() const { return local_; }

  /// The next connection, a plain blocking socket. Clients that reset before
  /// they were accepted (WSAECONNRESET) are skipped and counted.
  std::variant<Socket, SetupError> accept_one(const Deadline& deadline);

  /// Clients skipped since the previous call of this function.
  unsigned take_resets() { return std::exchange(resets_, 0u); }

 private:
  Socket sock_;
  Endpoint local_;
  unsigned resets_ = 0;
};

}  // namespace wfpredir::win32
