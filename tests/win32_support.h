#pragma once
// Helpers shared by the Windows backend's tests: the fake IoctlProvider
// (win32_fake_provider.h), the heap guard that catches a block freed while
// the "kernel" may still write it (win32_heap_guard.h), and the helpers for
// the tests' real sockets: a --self pair, Winsock start-up, Ctrl-C, a
// loopback listener, a free port, and lookups in an attempt's calls.
#include "win32_fake_provider.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include "model/platform.h"
#include "support.h"

namespace wfpredir::test {

/// Winsock for the test's own sockets (clients, listeners, free ports).
struct Wsa {
  Wsa() {
    WSADATA d{};
    REQUIRE(WSAStartup(MAKEWORD(2, 2), &d) == 0);
  }
  Wsa(const Wsa&) = delete;
  Wsa& operator=(const Wsa&) = delete;
  ~Wsa() { WSACleanup(); }
};

struct InterruptGuard {
  InterruptGuard() = default;
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  ~InterruptGuard() { w32::clear_interrupt(); }
};

/// Ctrl-C from another thread after \p after.
struct CtrlCLater {
  std::thread t;
  explicit CtrlCLater(Millis after)
      : t([after] {
          Sleep(static_cast<DWORD>(after.count()));
          w32::raise_interrupt();
        }) {}
  CtrlCLater(const CtrlCLater&) = delete;
  CtrlCLater& operator=(const CtrlCLater&) = delete;
  ~CtrlCLater() { t.join(); }
};

inline sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

inline std::uint16_t local_port(SOCKET s) {
  sockaddr_storage a{};
  int len = sizeof a;
  REQUIRE(getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  return ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port);
}

/// A loopback TCP listener of the test's own, on an ephemeral port.
struct TestListener {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  std::uint16_t port = 0;
  TestListener() {
    REQUIRE(s != INVALID_SOCKET);
    const sockaddr_in a = loopback(0);
    REQUIRE(bind(s, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(listen(s, 4) == 0);
    port = local_port(s);
  }
  TestListener(const TestListener&) = delete;
  TestListener& operator=(const TestListener&) = delete;
  ~TestListener() { closesocket(s); }
};

/// A port nothing listens on (bound once, then released).
inline std::uint16_t unused_port() {
  const TestListener l;
  return l.port;
}

/// The source \p platform opens for \p target; the test stops if it opens none.
inline std::unique_ptr<Source> open_source(Platform& platform, const Target& target) {
  auto opened = platform.open(target);
  REQUIRE(std::holds_alternative<std::unique_ptr<Source>>(opened));
  return std::move(std::get<std::unique_ptr<Source>>(opened));
}

/// The next connection of \p source within \p wait; the test stops if none comes.
inline std::unique_ptr<Connection> next_connection(Source& source, Millis wait) {
  auto next = source.next(wait);
  REQUIRE(std::holds_alternative<std::unique_ptr<Connection>>(next));
  return std::move(std::get<std::unique_ptr<Connection>>(next));
}

/// A client of the test's own, connected to 127.0.0.1:\p port (the test closes it).
inline SOCKET connect_loopback(std::uint16_t port) {
  const SOCKET client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  REQUIRE(client != INVALID_SOCKET);
  const sockaddr_in to = loopback(port);
  REQUIRE(connect(client, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0);
  return client;
}

/// A --self pair from the real backend: the Connection is the accepted socket.
struct SelfPair {
  std::unique_ptr<Platform> platform = Platform::create();
  std::unique_ptr<Source> source;
  std::unique_ptr<Connection> connection;
  SelfPair()
      : source(open_source(*platform, Target{})),
        connection(next_connection(*source, Millis(10000))) {}
};

/// The bytes of \p v (a SOCKADDR as a provider writes it).
template <class T>
std::vector<std::uint8_t> bytes_of(const T& v) {
  std::vector<std::uint8_t> out(sizeof v);
  std::memcpy(out.data(), &v, sizeof v);
  return out;
}

inline const CallRecord* find_call(const Attempt& a, std::string_view function) {
  for (const CallRecord& c : a.calls)
    if (c.function == function) return &c;
  return nullptr;
}

inline bool any_note_has(const Attempt& a, std::string_view text) {
  return std::any_of(a.calls.begin(), a.calls.end(), [&](const CallRecord& c) {
    return words(c.notes).find(text) != std::string::npos;
  });
}

}  // namespace wfpredir::test
