// Unit tests for the Linux backend (platform/query_linux.cpp), through the
// Platform interface the engine uses. Plain loopback cases run anywhere; the
// cases that need a real REDIRECT or TPROXY rule build a private network
// namespace on a thread of their own (root and nft needed, see in_netns()).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "core/engine.h"
#include "core/platform.h"

using namespace wfpredir;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<Source> open_ok(Platform& p, const Target& t) {
  auto opened = p.open(t);
  if (auto* e = std::get_if<SetupError>(&opened)) FAIL("open: " << e->operation << " " << e->code << " " << e->message);
  return std::move(std::get<std::unique_ptr<Source>>(opened));
}

std::unique_ptr<Connection> next_ok(Source& s, Millis timeout = Millis(5000)) {
  auto next = s.next(timeout);
  if (auto* e = std::get_if<SetupError>(&next)) FAIL("next: " << e->operation << " " << e->code << " " << e->message);
  return std::move(std::get<std::unique_ptr<Connection>>(next));
}

SetupError error_of(std::variant<std::unique_ptr<Source>, SetupError>&& v) {
  REQUIRE(std::holds_alternative<SetupError>(v));
  return std::get<SetupError>(v);
}

/// A loopback port nothing listens on right now.
std::uint16_t free_port(int family = AF_INET) {
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
int dial(const char* host, std::uint16_t port) {
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

std::size_t open_fds() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

Target listen_on(const std::string& bind, std::uint16_t port, bool transparent = false) {
  Target t;
  t.kind = Target::Kind::listen;
  t.bind = bind;
  t.port = port;
  t.transparent = transparent;
  return t;
}

bool ci() {
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
  if (::geteuid() != 0) why = "needs root (a private network namespace and nft rules)";
  else if (std::system("command -v nft >/dev/null && command -v ip >/dev/null") != 0) why = "needs nft and ip (nftables, iproute2)";
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

// The rules the e2e test uses, for the same reasons: REDIRECT in the nat
// output chain, where local clients' connections pass.
const std::string kRedirectRules = R"(nft -f - <<'EOF'
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
const std::string kTproxyRules = R"(nft -f - <<'EOF'
table inet wfpredir_test {
  chain prerouting {
    type filter hook prerouting priority mangle; policy accept;
    ip daddr 127.0.0.1 tcp dport 80 tproxy ip to 127.0.0.1:8081 accept
    ip6 daddr ::1 tcp dport 80 tproxy ip6 to [::1]:8081 accept
  }
}
EOF
)";

}  // namespace

TEST_CASE("linux offers sync mode and the original destination only, and says why", "[linux]") {
  auto p = Platform::create();
  CHECK(p->name() == "linux");
  CHECK(p->modes() == std::vector<Mode>{Mode::sync});
  CHECK(p->kinds() == std::vector<QueryKind>{QueryKind::original_dst});
  CHECK_THAT(p->why_not(Mode::event), Catch::Contains("Windows overlapped-I/O"));
  CHECK_THAT(p->why_not(Mode::apc), Catch::Contains("Windows overlapped-I/O"));
  CHECK_THAT(p->why_not(QueryKind::records), Catch::Contains("SO_ORIGINAL_DST"));
  CHECK_THAT(p->why_not(QueryKind::context), Catch::Contains("Windows control code"));
}

TEST_CASE("an explicit event or apc mode is a usage error naming Windows", "[linux]") {
  auto p = Platform::create();
  QueryOptions o;
  o.modes = {Mode::event};
  const auto problem = validate(*p, o);
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("Windows") && Catch::Contains("sync"));
  o.modes = {Mode::sync};
  CHECK_FALSE(validate(*p, o));
}

TEST_CASE("--self queries the accepted end of a loopback connection", "[linux]") {
  auto p = Platform::create();
  Target t;
  t.kind = Target::Kind::self;
  auto source = open_ok(*p, t);
  CHECK(source->waiting_for() == "the loopback connection to itself");
  auto c = next_ok(*source);
  const ConnectionInfo info = c->info();
  CHECK(info.protocol == "tcp");
  CHECK(info.family == Family::ipv4);
  CHECK(info.side == "accepted");
  CHECK_THAT(format_endpoint(info.local), Catch::StartsWith("127.0.0.1:"));
  CHECK_THAT(format_endpoint(info.peer), Catch::StartsWith("127.0.0.1:"));
  CHECK(info.local != info.peer);
  CHECK(info.listener == info.local);  // --self connects to its own listener

  const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(5000));
  CHECK(a.domain == ErrorDomain::posix);
  CHECK(a.out_size == 1024);
  REQUIRE(a.calls.size() == 1);
  const CallRecord& call = a.calls[0];
  CHECK(call.function == "getsockopt");
  CHECK(call.out_size == 1024u);
  CHECK(call.ret == -1);
  CHECK_THAT(call.note, Catch::Contains("SOL_IP") && Catch::Contains("SO_ORIGINAL_DST"));
  // Not NATed: conntrack has no entry (ENOENT), or is not loaded at all and
  // nobody answers the option (ENOPROTOOPT).
  CHECK((a.error == ENOENT || a.error == ENOPROTOOPT));
  CHECK(call.error == a.error);
  CHECK(a.data.empty());
  CHECK(a.bytes == 0);
  CHECK(!a.original_dst);
}

TEST_CASE("the buffer size asked for is the optlen really passed", "[linux]") {
  auto p = Platform::create();
  Target t;
  t.kind = Target::Kind::self;
  auto source = open_ok(*p, t);
  auto c = next_ok(*source);
  for (std::uint32_t size : {0u, 2u}) {
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, size, Millis(5000));
    REQUIRE(a.calls.size() == 1);
    CHECK(a.calls[0].out_size == size);
    CHECK(a.calls[0].bytes == size);  // optlen is left as passed on failure
    // conntrack refuses a buffer smaller than a sockaddr_in before looking.
    CHECK((a.error == EINVAL || a.error == ENOPROTOOPT));
  }
}

TEST_CASE("listening on IPv6 loopback reports [::1] and asks SOL_IPV6", "[linux]") {
  auto p = Platform::create();
  const std::uint16_t port = free_port(AF_INET6);
  auto source = open_ok(*p, listen_on("::1", port));
  CHECK(source->waiting_for() == "a connection on [::1]:" + std::to_string(port));
  const int client = dial("::1", port);
  REQUIRE(client >= 0);
  auto c = next_ok(*source);
  CHECK(c->info().family == Family::ipv6);
  CHECK(format_endpoint(c->info().local) == "[::1]:" + std::to_string(port));
  CHECK_THAT(format_endpoint(c->info().peer), Catch::StartsWith("[::1]:"));
  const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(5000));
  REQUIRE(a.calls.size() == 1);
  CHECK_THAT(a.calls[0].note, Catch::Contains("SOL_IPV6") && Catch::Contains("IP6T_SO_ORIGINAL_DST"));
  CHECK(a.error != 0);
  ::close(client);
}

TEST_CASE("a bind address that is not a literal is a usage error", "[linux]") {
  auto p = Platform::create();
  for (const char* bad : {"localhost", "127.1", "[::1]", "1.2.3.4.5", ""}) {
    const SetupError e = error_of(p->open(listen_on(bad, 8080)));
    CHECK(e.kind == SetupError::Kind::usage);
    CHECK_THAT(e.message, Catch::Contains("not an IPv4 or IPv6 address literal"));
  }
}

TEST_CASE("a port in use fails the bind with EADDRINUSE", "[linux]") {
  auto p = Platform::create();
  const std::uint16_t port = free_port();
  auto first = open_ok(*p, listen_on("127.0.0.1", port));
  const SetupError e = error_of(p->open(listen_on("127.0.0.1", port)));
  CHECK(e.kind == SetupError::Kind::failed);
  CHECK(e.domain == ErrorDomain::posix);
  CHECK(e.code == EADDRINUSE);
  CHECK(e.operation == "bind 127.0.0.1:" + std::to_string(port));
}

TEST_CASE("no connection within the timeout is timed_out and says how long it waited", "[linux]") {
  auto p = Platform::create();
  auto source = open_ok(*p, listen_on("127.0.0.1", free_port()));
  const auto start = Clock::now();
  auto next = source->next(Millis(300));
  const auto waited = Clock::now() - start;
  REQUIRE(std::holds_alternative<SetupError>(next));
  const SetupError& e = std::get<SetupError>(next);
  CHECK(e.kind == SetupError::Kind::timed_out);
  CHECK(e.code == 0);
  CHECK_THAT(e.message, Catch::Matches("gave up after 0\\.[3-9] s waiting for a connection on 127\\.0\\.0\\.1:[0-9]+"));
  CHECK(waited >= Millis(300));
  CHECK(waited < Millis(1500));
}

TEST_CASE("connect to a closed port carries ECONNREFUSED", "[linux]") {
  auto p = Platform::create();
  Target t;
  t.kind = Target::Kind::connect;
  t.host = "127.0.0.1";
  t.connect_port = free_port();
  auto source = open_ok(*p, t);
  CHECK(source->waiting_for() == "the connection to 127.0.0.1:" + std::to_string(t.connect_port));
  auto next = source->next(Millis(5000));
  REQUIRE(std::holds_alternative<SetupError>(next));
  const SetupError& e = std::get<SetupError>(next);
  CHECK(e.kind == SetupError::Kind::failed);
  CHECK(e.domain == ErrorDomain::posix);
  CHECK(e.code == ECONNREFUSED);
}

TEST_CASE("connect resolves names and IPv6 literals and queries the connected socket", "[linux]") {
  auto p = Platform::create();
  for (const std::string host : {"::1", "localhost", "127.0.0.1"}) {
    const bool v6 = host == "::1";
    const std::uint16_t port = free_port(v6 ? AF_INET6 : AF_INET);
    // localhost may resolve to ::1 first; listen on both so either answers.
    auto l4 = v6 ? nullptr : open_ok(*p, listen_on("127.0.0.1", port));
    auto l6 = open_ok(*p, listen_on("::1", port));
    Target t;
    t.kind = Target::Kind::connect;
    t.host = host;
    t.connect_port = port;
    auto source = open_ok(*p, t);
    if (v6) CHECK(source->waiting_for() == "the connection to [::1]:" + std::to_string(port));
    auto c = next_ok(*source);
    CHECK(c->info().side == "connected");
    CHECK_FALSE(c->info().listener);
    CHECK_THAT(format_endpoint(c->info().peer), Catch::EndsWith(":" + std::to_string(port)));
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(5000));
    CHECK(a.calls.size() == 1);
  }
}

TEST_CASE("a name that does not resolve fails with the resolver's text", "[linux]") {
  auto p = Platform::create();
  Target t;
  t.kind = Target::Kind::connect;
  // A label longer than DNS allows (63 octets): the resolver refuses it
  // without sending a query, so the test needs no network.
  t.host = std::string(70, 'x') + ".invalid";
  t.connect_port = 80;
  const SetupError e = error_of(p->open(t));
  CHECK(e.kind == SetupError::Kind::failed);
  CHECK(e.operation == "resolve " + t.host);
  CHECK((e.code != 0 || !e.message.empty()));
}

TEST_CASE("thousands of connections leave no descriptor behind", "[linux]") {
  auto p = Platform::create();
  Target t;
  t.kind = Target::Kind::self;
  auto source = open_ok(*p, t);
  { auto warm = next_ok(*source); }
  const std::size_t before = open_fds();
  for (int i = 0; i < 3000; ++i) {
    auto c = next_ok(*source);
    (void)c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(5000));
  }
  CHECK(open_fds() == before);
}

TEST_CASE("SIGINT and SIGTERM end a wait for a connection promptly", "[linux]") {
  for (int sig : {SIGINT, SIGTERM}) {
    // The interrupt flag is process-wide and stays set, so the wait runs in a child.
    const std::uint16_t port = free_port();
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      auto p = Platform::create();
      p->install_interrupt_handler();
      auto opened = p->open(listen_on("127.0.0.1", port));
      if (!std::holds_alternative<std::unique_ptr<Source>>(opened)) ::_exit(10);
      auto next = std::get<std::unique_ptr<Source>>(opened)->next(std::nullopt);
      const auto* e = std::get_if<SetupError>(&next);
      ::_exit(e != nullptr && e->kind == SetupError::Kind::interrupted && p->interrupted() ? 0 : 11);
    }
    // Signal once the child has bound the port (a probe bind then fails). The
    // handler is installed before that, so the signal cannot arrive unhandled;
    // a probe connection would be accepted and end the wait the wrong way.
    for (int i = 0; i < 500; ++i) {
      const int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(port);
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      const bool taken = ::bind(probe, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 && errno == EADDRINUSE;
      ::close(probe);
      if (taken) break;
      std::this_thread::sleep_for(Millis(10));
    }
    ::kill(pid, sig);
    const auto sent = Clock::now();
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(Clock::now() - sent < Millis(1000));
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
}

TEST_CASE("the engine reports a --self connection as not redirected, over many connections", "[linux]") {
  auto p = Platform::create();
  QueryOptions o;
  o.target.kind = Target::Kind::self;
  o.count = 3;
  o.expect = *parse_expectation("not-redirected");
  std::vector<ConnectionReport> seen;
  std::FILE* status = std::tmpfile();
  const Exit exit = run_query(*p, o, [&](const ConnectionReport& r) { seen.push_back(r); }, status);
  std::fclose(status);
  REQUIRE(seen.size() == 3);
  for (const ConnectionReport& r : seen) {
    // records and context are skipped with the platform's reason; original-dst ran in sync.
    REQUIRE(r.queries.size() == 3);
    CHECK(r.queries[0].skipped);
    CHECK_THAT(r.queries[0].skip_reason, Catch::Contains("Windows control code"));
    CHECK(r.queries[2].kind == QueryKind::original_dst);
    CHECK_FALSE(r.queries[2].skipped);
  }
  // ENOENT means "no NAT entry": not redirected. (ENOPROTOOPT, conntrack not
  // loaded at all, is judged by the engine; see conclude().)
  if (seen[0].queries[2].final_attempt()->error == ENOENT) {
    CHECK(seen[0].verdict == Verdict::not_redirected);
    CHECK(exit == Exit::ok);
  }
}

TEST_CASE("netfilter REDIRECT: the original destination is read back, IPv4 and IPv6", "[linux][netns]") {
  struct Seen {
    std::string error;
    Attempt a4, a6, direct;
    ConnectionReport r4, direct_report;
  } s;
  in_netns(kRedirectRules, [&] {
    auto p = Platform::create();
    auto run = [&](const char* bind, const char* dial_to, std::uint16_t dial_port, Attempt& a, ConnectionReport* r) {
      auto opened = p->open(listen_on(bind, 8080));
      if (!std::holds_alternative<std::unique_ptr<Source>>(opened)) return void(s.error = std::string("listen ") + bind);
      const int client = dial(dial_to, dial_port);
      if (client < 0) return void(s.error = std::string("dial ") + dial_to);
      auto next = std::get<std::unique_ptr<Source>>(opened)->next(Millis(5000));
      if (!std::holds_alternative<std::unique_ptr<Connection>>(next)) return void(s.error = "accept");
      auto& c = *std::get<std::unique_ptr<Connection>>(next);
      a = c.issue(QueryKind::original_dst, Mode::sync, 1024, Millis(5000));
      if (r != nullptr) {
        QueryOptions o;
        *r = query_connection(*p, c, o, 1);
      }
      ::close(client);
    };
    run("127.0.0.1", "127.0.0.1", 80, s.a4, &s.r4);
    run("::1", "::1", 80, s.a6, nullptr);
    run("127.0.0.1", "127.0.0.1", 8080, s.direct, &s.direct_report);
  });
  if (s.a4.calls.empty() && s.error.empty()) return;  // skipped
  REQUIRE(s.error.empty());

  CHECK(s.a4.error == 0);
  CHECK(format_endpoint(s.a4.original_dst) == "127.0.0.1:80");
  CHECK(s.a4.mechanism == "SO_ORIGINAL_DST");
  CHECK(s.a4.bytes == sizeof(sockaddr_in));
  REQUIRE(s.a4.data.size() == sizeof(sockaddr_in));
  CHECK(s.a4.data[0] == AF_INET);  // sin_family, little-endian
  CHECK(s.a4.data[2] == 0x00);     // sin_port 80, network order
  CHECK(s.a4.data[3] == 0x50);
  CHECK(s.a4.calls[0].out_size == 1024u);
  CHECK(s.r4.verdict == Verdict::redirected);
  CHECK(format_endpoint(s.r4.connection.local) == "127.0.0.1:8080");
  CHECK(format_endpoint(s.r4.connection.listener) == "127.0.0.1:8080");

  CHECK(s.a6.error == 0);
  CHECK(format_endpoint(s.a6.original_dst) == "[::1]:80");
  CHECK(s.a6.mechanism == "IP6T_SO_ORIGINAL_DST");
  CHECK(s.a6.bytes == sizeof(sockaddr_in6));

  // With NAT active conntrack tracks every connection, so a direct one answers
  // too: its original destination is the socket's own address.
  CHECK(s.direct.error == 0);
  CHECK(format_endpoint(s.direct.original_dst) == "127.0.0.1:8080");
  CHECK(format_endpoint(s.direct_report.connection.local) == "127.0.0.1:8080");
  CHECK(s.direct_report.verdict == Verdict::not_redirected);
}

TEST_CASE("TPROXY: a transparent listener reports its local address as the original destination", "[linux][netns]") {
  struct Seen {
    std::string error;
    Attempt a4, a6, direct;
    ConnectionReport r4, r6, direct_report;
  } s;
  in_netns(kTproxyRules, [&] {
    auto p = Platform::create();
    auto run = [&](const char* bind, int dial_port, Attempt& a, ConnectionReport& r) {
      auto opened = p->open(listen_on(bind, 8081, true));
      if (!std::holds_alternative<std::unique_ptr<Source>>(opened)) return void(s.error = std::string("listen ") + bind);
      const int client = dial(bind, dial_port);
      if (client < 0) return void(s.error = std::string("dial ") + bind);
      auto next = std::get<std::unique_ptr<Source>>(opened)->next(Millis(5000));
      if (!std::holds_alternative<std::unique_ptr<Connection>>(next)) return void(s.error = "accept");
      auto& c = *std::get<std::unique_ptr<Connection>>(next);
      a = c.issue(QueryKind::original_dst, Mode::sync, 1024, Millis(5000));
      r = query_connection(*p, c, QueryOptions{}, 1);
      ::close(client);
    };
    run("127.0.0.1", 80, s.a4, s.r4);
    run("::1", 80, s.a6, s.r6);
    run("127.0.0.1", 8081, s.direct, s.direct_report);
  });
  if (s.a4.calls.empty() && s.error.empty()) return;  // skipped
  INFO(s.error);
  REQUIRE(s.error.empty());

  for (const Attempt* a : {&s.a4, &s.a6, &s.direct}) {
    REQUIRE(a->calls.size() == 2);
    CHECK(a->calls[0].function == "getsockopt");
    CHECK(a->calls[0].error == ENOENT);  // TPROXY does not NAT
    CHECK(a->calls[1].function == "getsockname");
    CHECK(a->error == 0);
    CHECK(a->mechanism == "IP_TRANSPARENT local address");
  }
  CHECK(format_endpoint(s.a4.original_dst) == "127.0.0.1:80");
  CHECK(s.a4.bytes == sizeof(sockaddr_in));
  CHECK(format_endpoint(s.a6.original_dst) == "[::1]:80");
  CHECK(s.a6.bytes == sizeof(sockaddr_in6));
  CHECK(format_endpoint(s.direct.original_dst) == "127.0.0.1:8081");

  // The engine's judgement, from the listener's address the backend reports.
  CHECK(format_endpoint(s.r4.connection.listener) == "127.0.0.1:8081");
  CHECK(format_endpoint(s.r4.connection.local) == "127.0.0.1:80");
  CHECK(s.r4.verdict == Verdict::redirected);
  CHECK(format_endpoint(s.r6.connection.listener) == "[::1]:8081");
  CHECK(s.r6.verdict == Verdict::redirected);
  CHECK(s.direct_report.verdict == Verdict::not_redirected);
}
