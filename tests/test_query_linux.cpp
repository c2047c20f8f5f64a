// Unit tests for the Linux backend (src/platform/linux) through the Platform
// interface the engine uses, on plain loopback connections: no root needed.
// The netns cases are in test_netns_linux.cpp, the seam cases in
// test_sockopt_seam_linux.cpp.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <cstdio>

#include "platform/linux/interrupt.h"
#include "run/engine.h"
#include "support.h"
#include "support_linux.h"

using namespace wfpredir;
using namespace wfpredir::test;
using Clock = std::chrono::steady_clock;

TEST_CASE("linux offers sync mode and the original destination only, and says why", "[linux]") {
  auto p = Platform::create();
  CHECK(p->os() == Os::linux);
  CHECK(p->modes() == std::vector<Mode>{Mode::sync});
  CHECK(p->kinds() == std::vector<QueryKind>{QueryKind::original_dst});
  CHECK_THAT(words(p->why_not(Mode::event)), Catch::Contains("Windows overlapped-I/O"));
  CHECK_THAT(words(p->why_not(Mode::apc)), Catch::Contains("Windows overlapped-I/O"));
  CHECK_THAT(words(p->why_not(QueryKind::records)), Catch::Contains("SO_ORIGINAL_DST"));
  CHECK_THAT(words(p->why_not(QueryKind::context)), Catch::Contains("Windows control code"));
}

TEST_CASE("an explicit event or apc mode is a usage error naming Windows", "[linux]") {
  auto p = Platform::create();
  for (Mode m : {Mode::event, Mode::apc}) {
    const auto refused = choose_modes(*p, m, kWords);
    REQUIRE(std::holds_alternative<std::string>(refused));
    CHECK_THAT(std::get<std::string>(refused),
               Catch::StartsWith(std::string(to_string(m)) + ": ") && Catch::Contains("Windows") &&
                   Catch::Contains("sync") && !Catch::Contains("--"));
  }
  CHECK(std::holds_alternative<ModeChoice>(choose_modes(*p, Mode::sync, kWords)));
}

TEST_CASE("--self queries the accepted end of a loopback connection", "[linux]") {
  auto p = Platform::create();
  const Target t = SelfTarget{};
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
  CHECK_THAT(words(call.notes), Catch::Contains("SOL_IP") && Catch::Contains("SO_ORIGINAL_DST"));
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
  const Target t = SelfTarget{};
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
  CHECK_THAT(words(a.calls[0].notes),
             Catch::Contains("SOL_IPV6") && Catch::Contains("IP6T_SO_ORIGINAL_DST"));
  CHECK(a.error != 0);
  ::close(client);
}

TEST_CASE("bracketed IPv6 literals listen", "[linux]") {
  auto p = Platform::create();
  // Brackets are literals too (endpoint.h's parser); the CLI edge built the value.
  auto bracketed = open_ok(*p, listen_on("[::1]", free_port(AF_INET6)));
  CHECK_THAT(bracketed->waiting_for(), Catch::StartsWith("a connection on [::1]:"));
}

TEST_CASE("listening on port 0 is refused on Linux as on Windows, without naming a flag",
          "[linux]") {
  auto p = Platform::create();
  const SetupError e = error_of(p->open(listen_on("127.0.0.1", 0)));
  CHECK(e.kind == SetupError::Kind::usage);
  CHECK(e.code == 0);
  CHECK(e.message == kPortZero);
}

TEST_CASE("no backend message names a flag", "[linux]") {
  auto p = Platform::create();
  const std::uint16_t port = free_port();
  auto first = open_ok(*p, listen_on("127.0.0.1", port));
  std::vector<SetupError> errors = {error_of(p->open(listen_on("127.0.0.1", port))),
                                    error_of(p->open(listen_on("127.0.0.1", 0)))};
  auto timed = first->next(Millis(1));
  REQUIRE(std::holds_alternative<SetupError>(timed));
  errors.push_back(std::get<SetupError>(timed));
  for (const SetupError& e : errors) {
    CHECK_THAT(e.operation, !Catch::Contains("--"));
    CHECK_THAT(e.message, !Catch::Contains("--"));
    CHECK_THAT(describe(e), !Catch::Contains("--"));
  }
}

TEST_CASE("an interrupt already raised ends the wait before any accept", "[linux]") {
  auto p = Platform::create();
  auto source = open_ok(*p, listen_on("127.0.0.1", free_port()));
  linux_backend::raise_interrupt();
  const auto start = Clock::now();
  auto next = source->next(std::nullopt);
  linux_backend::clear_interrupt();
  CHECK(Clock::now() - start < Millis(50));
  REQUIRE(std::holds_alternative<SetupError>(next));
  const SetupError& e = std::get<SetupError>(next);
  CHECK(e.kind == SetupError::Kind::interrupted);
  CHECK_THAT(e.message,
             Catch::StartsWith("interrupted while waiting for a connection on 127.0.0.1:"));
  CHECK_FALSE(p->interrupted());
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
  CHECK_THAT(e.message,
             Catch::Matches(
                 "gave up after 0\\.[3-9] s waiting for a connection on 127\\.0\\.0\\.1:[0-9]+"));
  CHECK(waited >= Millis(300));
  CHECK(waited < Millis(1500));
}

TEST_CASE("connect to a closed port carries ECONNREFUSED", "[linux]") {
  auto p = Platform::create();
  const ConnectTarget t{"127.0.0.1", free_port()};
  auto source = open_ok(*p, t);
  CHECK(source->waiting_for() == "the connection to 127.0.0.1:" + std::to_string(t.port));
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
    auto source = open_ok(*p, ConnectTarget{host, port});
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
  // A label longer than DNS allows (63 octets): the resolver refuses it
  // without sending a query, so the test needs no network.
  const ConnectTarget t{std::string(70, 'x') + ".invalid", 80};
  const SetupError e = error_of(p->open(t));
  CHECK(e.kind == SetupError::Kind::failed);
  CHECK(e.operation == "resolve " + t.host);
  CHECK((e.code != 0 || !e.message.empty()));
}

TEST_CASE("thousands of connections leave no descriptor behind", "[linux]") {
  auto p = Platform::create();
  const Target t = SelfTarget{};
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
      ::_exit(e != nullptr && e->kind == SetupError::Kind::interrupted && p->interrupted() ? 0
                                                                                           : 11);
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
      const bool taken =
          ::bind(probe, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 && errno == EADDRINUSE;
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

TEST_CASE("the engine reports --self connections, not redirected or without an entry", "[linux]") {
  auto p = Platform::create();
  QueryOptions o;
  o.target = SelfTarget{};
  o.count = 3;
  o.expect = *parse_expectation("not-redirected");
  std::vector<ConnectionReport> seen;
  std::FILE* status = std::tmpfile();
  const Exit exit = run_query(
      *p, o, [&](const ConnectionReport& r) { seen.push_back(r); }, status);
  std::fclose(status);
  REQUIRE(seen.size() == 3);
  for (const ConnectionReport& r : seen) {
    // records and context are skipped with the platform's reason; original-dst ran in sync.
    REQUIRE(r.queries.size() == 3);
    CHECK(r.queries[0].skipped);
    CHECK_THAT(words(r.queries[0].skip_reason), Catch::Contains("Windows control code"));
    CHECK(r.queries[2].kind == QueryKind::original_dst);
    CHECK_FALSE(r.queries[2].skipped);
  }
  // ENOENT means "no conntrack entry": nothing tells, unless conntrack's own
  // lookup found the entry (docs/verdicts.md). (ENOPROTOOPT, conntrack not
  // loaded at all, is judged by the engine; see conclude().)
  if (seen[0].queries[2].final_attempt()->error == ENOENT &&
      seen[0].connection.conntrack->outcome != ConntrackOutcome::found) {
    CHECK(seen[0].verdict == Verdict::unknown);
    CHECK(exit == Exit::expectation_failed);  // --expect not-redirected cannot hold
  }
}

TEST_CASE("local and peer are the client's view, IPv4 and IPv6, without getsockname or getpeername",
          "[linux]") {
  auto p = Platform::create();
  for (const char* host : {"127.0.0.1", "::1"}) {
    INFO(host);
    const bool v6 = std::string(host) == "::1";
    const std::uint16_t port = free_port(v6 ? AF_INET6 : AF_INET);
    auto source = open_ok(*p, listen_on(host, port));
    const int client = dial(host, port);
    REQUIRE(client >= 0);
    auto c = next_ok(*source);
    sockaddr_storage mine{}, theirs{};
    socklen_t mine_len = sizeof mine, theirs_len = sizeof theirs;
    REQUIRE(::getsockname(client, reinterpret_cast<sockaddr*>(&mine), &mine_len) == 0);
    REQUIRE(::getpeername(client, reinterpret_cast<sockaddr*>(&theirs), &theirs_len) == 0);
    const ConnectionInfo info = c->info();
    // The client's own address is the peer; where it connected is the local address.
    const std::uint16_t client_port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&mine)->sin6_port
                                               : reinterpret_cast<sockaddr_in*>(&mine)->sin_port);
    REQUIRE(info.peer);
    CHECK(info.peer->port == client_port);
    CHECK(format_endpoint(info.peer) ==
          (v6 ? "[::1]:" : "127.0.0.1:") + std::to_string(client_port));
    CHECK(format_endpoint(info.local) == (v6 ? "[::1]:" : "127.0.0.1:") + std::to_string(port));
    CHECK(info.listener == info.local);
    // One query, one call: the local address was not read again for it.
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(5000));
    CHECK(a.calls.size() == 1);
    ::close(client);
  }
}
