#pragma once
// Helpers shared by the Linux backend's tests (test_*_linux.cpp): opening
// sources through the Platform interface, loopback clients, descriptor
// counts, and private network namespaces with netfilter rules.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <variant>

#include "model/platform.h"

namespace wfpredir::test {

inline std::unique_ptr<Source> open_ok(Platform& p, const Target& t) {
  auto opened = p.open(t);
  if (auto* e = std::get_if<SetupError>(&opened))
    FAIL("open: " << e->operation << " " << e->code << " " << e->message);
  return std::move(std::get<std::unique_ptr<Source>>(opened));
}

inline std::unique_ptr<Connection> next_ok(Source& s, Millis timeout = Millis(5000)) {
  auto next = s.next(timeout);
  if (auto* e = std::get_if<SetupError>(&next))
    FAIL("next: " << e->operation << " " << e->code << " " << e->message);
  return std::move(std::get<std::unique_ptr<Connection>>(next));
}

inline SetupError error_of(std::variant<std::unique_ptr<Source>, SetupError>&& v) {
  REQUIRE(std::holds_alternative<SetupError>(v));
  return std::get<SetupError>(v);
}

/// A loopback port nothing listens on right now.
inline std::uint16_t free_port(int family = AF_INET) {
  const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_storage ss{};
  socklen_t len = family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
  }
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0);
  ::close(fd);
  return ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                 : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
}

/// A blocking client connection to \p host:\p port (a literal); -1 on failure.
inline int dial(const char* host, std::uint16_t port) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    len = sizeof *v6;
  } else {
    return -1;
  }
  const int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline std::size_t open_fds() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

/// A listen target on the literal \p bind (the test's own literals: a bad one
/// is a bug in the test).
inline Target listen_on(const std::string& bind, std::uint16_t port, bool transparent = false) {
  const auto at = parse_ip_literal(bind, port);
  if (!at) throw std::invalid_argument("listen_on: not a literal: " + bind);
  return ListenTarget{*at, transparent};
}

inline bool ci() {
  const char* v = std::getenv("CI");
  return v != nullptr && std::string(v) == "true";
}

/// Runs \p body on a thread moved into a new network namespace (namespaces
/// are per thread, so the test process stays where it was) with loopback up
/// and \p setup run there by the shell. Returns false, having said why, when
/// this machine cannot do it; under CI=true that is a failure, not a skip.
template <class Body>
bool in_netns(const std::string& setup, Body body) {
  std::string why;
  if (::geteuid() != 0)
    why = "needs root (a private network namespace and nft rules)";
  else if (std::system("command -v nft >/dev/null && command -v ip >/dev/null") != 0)
    why = "needs nft and ip (nftables, iproute2)";
  if (!why.empty()) {
    if (ci()) FAIL("CI=true but this test cannot run: " << why);
    WARN("skipped: " << why);
    return false;
  }
  std::string failure;
  std::thread t([&] {
    if (::unshare(CLONE_NEWNET) != 0) {
      failure = std::string("unshare(CLONE_NEWNET): ") + std::strerror(errno);
      return;
    }
    // system() forks from this thread, so the shell runs in the new namespace.
    if (std::system(("ip link set lo up && " + setup).c_str()) != 0) {
      failure = "namespace setup failed: " + setup;
      return;
    }
    body();
  });
  t.join();
  if (!failure.empty()) FAIL(failure);
  return true;
}

// REDIRECT in the nat output chain, where local clients' connections pass
// (the e2e test uses the same rule, for the same reason).
inline const std::string kRedirectRules = R"(nft -f - <<'EOF'
table inet wfpredir_test {
  chain output {
    type nat hook output priority -100; policy accept;
    tcp dport 80 redirect to :8080
  }
}
EOF
)";

// TPROXY only works in prerouting; a local client's packets reach it through
// lo, so loopback port 80 is diverted to the transparent listener on 8081 and
// no address outside the loopback range is ever dialled. (No nat rule here: it
// would rewrite port 80 first.)
inline const std::string kTproxyRules = R"(nft -f - <<'EOF'
table inet wfpredir_test {
  chain prerouting {
    type filter hook prerouting priority mangle; policy accept;
    ip daddr 127.0.0.1 tcp dport 80 tproxy ip to 127.0.0.1:8081 accept
    ip6 daddr ::1 tcp dport 80 tproxy ip6 to [::1]:8081 accept
  }
}
EOF
)";

}  // namespace wfpredir::test
