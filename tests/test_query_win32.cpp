// The Windows backend on real loopback sockets under Wine: the platform, its
// sources (--self, --port, --connect, --bind), what Wine's own Winsock
// answers, system.h, and the exit code of a console close. The original
// destination's query is in test_win32_original_dst.cpp.
#include <catch2/catch.hpp>

#include "platform/system.h"
#include "run/engine.h"
#include "support.h"
#include "win32_support.h"

using namespace wfpredir;
using namespace wfpredir::test;

TEST_CASE("the platform offers three modes and three kinds", "[win32]") {
  auto p = Platform::create();
  CHECK(p->os() == Os::windows);
  CHECK(p->modes() == std::vector<Mode>{Mode::sync, Mode::event, Mode::apc});
  CHECK(p->kinds() ==
        std::vector<QueryKind>{QueryKind::records, QueryKind::context, QueryKind::original_dst});
}

TEST_CASE("--self queries the accepted end of a loopback pair", "[win32]") {
  SelfPair pair;
  CHECK(pair.source->waiting_for() == "the loopback connection to itself");
  const ConnectionInfo i = pair.connection->info();
  CHECK(i.protocol == "tcp");
  CHECK(i.family == Family::ipv4);
  CHECK(i.side == "accepted");
  CHECK(format_endpoint(i.local).rfind("127.0.0.1:", 0) == 0);
  CHECK(format_endpoint(i.peer).rfind("127.0.0.1:", 0) == 0);
  CHECK(i.local != i.peer);
}

TEST_CASE("Wine's own Winsock answers WSAEOPNOTSUPP in every mode", "[win32][wine]") {
  if (!platform_info().under_wine) {
    WARN("not under Wine: what a real Windows answers depends on the machine");
    return;
  }
  SelfPair pair;
  Connection& c = *pair.connection;

  const Attempt sync = c.issue(QueryKind::records, Mode::sync, 1024, kIoTimeout);
  CHECK(sync.error == WSAEOPNOTSUPP);
  REQUIRE(sync.calls.size() == 1);
  CHECK(sync.calls[0].function == "WSAIoctl");
  CHECK(sync.calls[0].control_code == kRecords);
  CHECK(sync.calls[0].ret == SOCKET_ERROR);
  CHECK(sync.calls[0].error == WSAEOPNOTSUPP);

  const Attempt event = c.issue(QueryKind::context, Mode::event, 1024, kIoTimeout);
  CHECK(event.pending);
  CHECK(event.error == WSAEOPNOTSUPP);
  CHECK_FALSE(event.timed_out);
  REQUIRE(event.calls.size() == 2);
  CHECK(event.calls[0].error == WSA_IO_PENDING);
  CHECK(event.calls[1].function == "WSAGetOverlappedResult");
  CHECK(event.calls[1].error == WSAEOPNOTSUPP);

  const Attempt apc = c.issue(QueryKind::records, Mode::apc, 1024, kIoTimeout);
  CHECK(apc.pending);
  CHECK(apc.error == WSAEOPNOTSUPP);
  REQUIRE(apc.apc);
  CHECK(apc.apc->ran);
  CHECK(apc.apc->on_calling_thread);
  CHECK(apc.apc->error == 10045u);

  const Attempt dst = c.issue(QueryKind::original_dst, Mode::sync, 1024, kIoTimeout);
  // Wine knows no level SOL_IP (0xFFFB): WSAEINVAL. (docs/winsock-contract.md#what-wine-answers:
  // WSAENOPROTOOPT was seen at SOL_SOCKET, which is not where Windows defines the option.)
  CHECK(dst.error == WSAEINVAL);
  REQUIRE(dst.calls.size() == 1);
  CHECK(dst.calls[0].function == "getsockopt");
  CHECK(words(dst.calls[0].notes).find("SOL_IP (0xFFFB)") != std::string::npos);
  CHECK(!dst.original_dst);
}
TEST_CASE("--port accepts a client and bounds the wait with the timeout", "[win32]") {
  const Wsa wsa;
  const std::uint16_t port = unused_port();
  auto platform = Platform::create();
  const auto opened = open_source(*platform, ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, port)});
  Source& source = *opened;
  CHECK(source.waiting_for() == "a connection on 127.0.0.1:" + std::to_string(port));

  SECTION("a client connects") {
    const SOCKET client = connect_loopback(port);
    const ConnectionInfo i = next_connection(source, Millis(5000))->info();
    CHECK(i.side == "accepted");
    CHECK(format_endpoint(i.local) == "127.0.0.1:" + std::to_string(port));
    CHECK(format_endpoint(i.peer) == "127.0.0.1:" + std::to_string(local_port(client)));
    closesocket(client);
  }
  SECTION("nobody connects") {
    const auto t0 = Clock::now();
    auto next = source.next(Millis(300));
    CHECK(ms_since(t0) >= 280);
    REQUIRE(std::holds_alternative<SetupError>(next));
    CHECK(std::get<SetupError>(next).kind == SetupError::Kind::timed_out);
  }
  SECTION("Ctrl-C ends the wait") {
    const InterruptGuard guard;
    w32::raise_interrupt();
    auto next = source.next(std::nullopt);
    REQUIRE(std::holds_alternative<SetupError>(next));
    CHECK(std::get<SetupError>(next).kind == SetupError::Kind::interrupted);
  }
}

TEST_CASE("port 0 and --transparent are refused without naming a flag", "[win32]") {
  auto platform = Platform::create();
  auto zero = platform->open(ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, 0)});
  REQUIRE(std::holds_alternative<SetupError>(zero));
  CHECK(std::get<SetupError>(zero).kind == SetupError::Kind::usage);
  CHECK(std::get<SetupError>(zero).message == kPortZero);
  auto transparent = platform->open(ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, 8080), true});
  REQUIRE(std::holds_alternative<SetupError>(transparent));
  const SetupError& e = std::get<SetupError>(transparent);
  CHECK(e.kind == SetupError::Kind::unsupported);
  CHECK(e.operation.find("--") == std::string::npos);
  CHECK(e.message.find("--") == std::string::npos);
}

TEST_CASE("--connect resolves, connects and reports refusals with their code", "[win32]") {
  const Wsa wsa;
  auto platform = Platform::create();
  ConnectTarget t;

  SECTION("to a listener, by address and by name") {
    const TestListener server;
    t.host = GENERATE(as<std::string>{}, "127.0.0.1", "localhost");
    t.port = server.port;
    const auto source = open_source(*platform, t);
    CHECK(source->waiting_for() ==
          "the connection to " + t.host + ":" + std::to_string(server.port));
    const ConnectionInfo i = next_connection(*source, Millis(5000))->info();
    CHECK(i.side == "connected");
    CHECK(format_endpoint(i.peer) == "127.0.0.1:" + std::to_string(server.port));
  }
  SECTION("refused") {
    t.host = "127.0.0.1";
    t.port = unused_port();
    auto next = open_source(*platform, t)->next(Millis(5000));
    REQUIRE(std::holds_alternative<SetupError>(next));
    const SetupError& e = std::get<SetupError>(next);
    CHECK(e.kind == SetupError::Kind::failed);
    CHECK(e.operation == "connect 127.0.0.1:" + std::to_string(t.port));
    CHECK(e.domain == ErrorDomain::windows);
    CHECK(e.code == WSAECONNREFUSED);
  }
  SECTION("a name that does not resolve") {
    t.host = "no-such-host.invalid";
    t.port = 80;
    auto opened = platform->open(t);
    REQUIRE(std::holds_alternative<SetupError>(opened));
    const SetupError& e = std::get<SetupError>(opened);
    CHECK(e.kind == SetupError::Kind::failed);
    CHECK(e.operation == "resolve no-such-host.invalid");
    // WSATRY_AGAIN where the machine has no resolver at all.
    CHECK((e.code == WSAHOST_NOT_FOUND || e.code == WSATRY_AGAIN || e.code == WSANO_DATA));
  }
}

TEST_CASE("system_error_text is FormatMessage's text without the line break", "[win32]") {
  const std::string text = system_error_text(ErrorDomain::windows, ERROR_INSUFFICIENT_BUFFER);
  REQUIRE_FALSE(text.empty());
  CHECK(text.back() != '\n');
  CHECK(text.back() != '\r');
  CHECK(text.back() != ' ');
  CHECK(system_error_text(ErrorDomain::posix, 2).empty());
}

TEST_CASE("platform_info reports the Windows build and Winsock", "[win32]") {
  const PlatformInfo i = platform_info();
  CHECK(i.os == Os::windows);
  CHECK(std::count(i.version.begin(), i.version.end(), '.') == 2);
  CHECK(i.detail.rfind("Winsock 2.2", 0) == 0);
  CHECK(i.under_wine == !i.wine_version.empty());
}

TEST_CASE("accept survives clients that reset before they were accepted, and counts them",
          "[win32]") {
  const Wsa wsa;
  auto platform = Platform::create();
  const std::uint16_t port = unused_port();
  const auto source = open_source(*platform, ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, port)});
  FakeProvider fake([](DWORD) { return Answer{}; });
  fake.accept_resets = 2;

  const SOCKET client = connect_loopback(port);
  const ConnectionInfo i = next_connection(*source, Millis(5000))->info();
  CHECK(format_endpoint(i.peer) == "127.0.0.1:" + std::to_string(local_port(client)));
  CHECK(i.resets_before_accept == 2);
  CHECK(fake.accept_resets == 0);
  closesocket(client);
}

TEST_CASE("--bind :: is dual-stack: an IPv4 client is accepted", "[win32]") {
  const Wsa wsa;
  auto platform = Platform::create();
  const std::uint16_t port = unused_port();
  const auto source = open_source(*platform, ListenTarget{*parse_ip_literal("::", port)});

  const SOCKET client = connect_loopback(port);
  const ConnectionInfo i = next_connection(*source, Millis(3000))->info();
  CHECK(i.family == Family::ipv6);
  // The system gives it v4-mapped: [::ffff:127.0.0.1]:port.
  REQUIRE(i.peer);
  CHECK(same_endpoint(*i.peer, ep("127.0.0.1:" + std::to_string(local_port(client)))));
  closesocket(client);
}

TEST_CASE("a port already taken fails the bind with a message naming SO_EXCLUSIVEADDRUSE",
          "[win32]") {
  const Wsa wsa;
  const TestListener taken;
  auto platform = Platform::create();
  auto opened = platform->open(ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, taken.port)});
  REQUIRE(std::holds_alternative<SetupError>(opened));
  const SetupError& e = std::get<SetupError>(opened);
  CHECK(e.kind == SetupError::Kind::failed);
  CHECK(e.code == WSAEADDRINUSE);
  CHECK(e.message.find("SO_EXCLUSIVEADDRUSE") != std::string::npos);
  CHECK(e.message.find("TIME_WAIT") != std::string::npos);
}

TEST_CASE("a console close terminates (143) where Ctrl-C interrupts (130)", "[win32]") {
  const bool close = GENERATE(false, true);
  INFO((close ? "console close" : "Ctrl-C"));
  const Wsa wsa;
  const InterruptGuard guard;
  auto platform = Platform::create();
  QueryOptions options;
  options.target = ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, unused_port())};
  std::thread stop([close] {
    Sleep(200);
    close ? w32::raise_termination() : w32::raise_interrupt();
  });
  std::FILE* status = std::tmpfile();
  const Exit e = run_query(
      *platform, options, [](const ConnectionReport&) {}, status);
  stop.join();
  std::fclose(status);
  CHECK(platform->interrupted());
  CHECK(platform->terminated() == close);
  CHECK(e == (close ? Exit::terminated : Exit::interrupted));
}
