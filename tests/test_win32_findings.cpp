// The places where real Windows behaves differently from Wine (issue 20's
// findings) in the sockets: each through the seam with a fake that answers as
// the documentation allows (docs/winsock-contract.md names each rule's
// source). Those of the console and the process (its close, code page and
// command line) are in test_win32_findings_console.cpp.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <thread>

#include "analysis/buffer_policy.h"
#include "analysis/query_options.h"
#include "platform/relay_steps.h"
#include "platform/system.h"
#include "platform/win32/backend.h"
#include "run/engine.h"
#include "run/relay_run.h"
#include "support.h"
#include "win32_support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

// getsockopt(SO_ORIGINAL_DST) answered per level: a SOCKADDR at one level,
// an error at the other, as a dual-stack socket on Windows may.
class LevelFake final : public InstalledProvider {
 public:
  int get_option(SOCKET, int level, int name, char* value, int* length) override {
    levels.push_back(level);
    CHECK(name == 0x300F);
    auto found = answers.find(level);
    if (found == answers.end()) {
      WSASetLastError(WSAEINVAL);
      return SOCKET_ERROR;
    }
    std::memcpy(value, found->second.data(), found->second.size());
    *length = static_cast<int>(found->second.size());
    return 0;
  }
  std::map<int, std::vector<std::uint8_t>> answers;
  std::vector<int> levels;
};

// An IPv4 client accepted by the backend's dual-stack listener on [::].
struct DualStackPair {
  Wsa wsa;
  std::unique_ptr<Platform> platform = Platform::create();
  std::unique_ptr<Source> source;
  std::unique_ptr<Connection> connection;
  SOCKET client = INVALID_SOCKET;
  DualStackPair() {
    const std::uint16_t port = unused_port();
    source = open_source(*platform, ListenTarget{*parse_ip_literal("::", port)});
    client = connect_loopback(port);
    connection = next_connection(*source, Millis(5000));
  }
  DualStackPair(const DualStackPair&) = delete;
  DualStackPair& operator=(const DualStackPair&) = delete;
  ~DualStackPair() { closesocket(client); }
};

sockaddr_in ten_one_two_three() {
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(8443);
  dst.sin_addr.s_addr = htonl(0x0A010203);
  return dst;
}

}  // namespace

TEST_CASE("finding: dual-stack v4-mapped original destination asks at IPPROTO_IP", "[win32]") {
  DualStackPair pair;
  REQUIRE(pair.connection->info().family == Family::ipv6);
  LevelFake fake;
  SECTION("the IPv4 level answers") {
    fake.answers[0xFFFB] = bytes_of(ten_one_two_three());
    const Attempt a = pair.connection->issue(QueryKind::original_dst, Mode::sync, 1024, kIoTimeout);
    CHECK(fake.levels == std::vector<int>{0xFFFB});
    CHECK(a.error == 0);
    CHECK(format_endpoint(a.original_dst) == "10.1.2.3:8443");
    REQUIRE(a.calls.size() == 1);
    CHECK(words(a.calls[0].notes).find("v4-mapped") != std::string::npos);
  }
  SECTION("the IPv4 level refuses: the IPv6 level next, both calls recorded") {
    sockaddr_in6 dst{};
    dst.sin6_family = AF_INET6;
    dst.sin6_port = htons(443);
    dst.sin6_addr.s6_addr[15] = 1;
    fake.answers[0xFFFA] = bytes_of(dst);
    const Attempt a = pair.connection->issue(QueryKind::original_dst, Mode::sync, 1024, kIoTimeout);
    CHECK(fake.levels == std::vector<int>{0xFFFB, 0xFFFA});
    CHECK(a.error == 0);
    CHECK(format_endpoint(a.original_dst) == "[::1]:443");
    REQUIRE(a.calls.size() == 2);
    CHECK(a.calls[0].error == WSAEINVAL);
    CHECK(words(a.calls[0].notes).find("SOL_IP (0xFFFB)") != std::string::npos);
    CHECK(words(a.calls[1].notes).find("SOL_IPV6 (0xFFFA)") != std::string::npos);
  }
}

namespace {

// setsockopt of the WFP control-message options, noting whether the socket
// was bound yet (getsockname fails with WSAEINVAL on an unbound socket).
// With refuse_unbound, it refuses them before bind as a provider may.
class UdpOptionFake final : public InstalledProvider {
 public:
  int set_option(SOCKET s, int level, int name, const char* value, int length) override {
    if (name != 60 && name != 70) return WinsockProvider::set_option(s, level, name, value, length);
    sockaddr_storage a{};
    int len = sizeof a;
    const bool bound = getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0;
    calls.push_back({name, bound});
    if (refuse_unbound && !bound) {
      WSASetLastError(WSAEINVAL);
      return SOCKET_ERROR;
    }
    return 0;
  }
  bool refuse_unbound = false;
  std::vector<std::pair<int, bool>> calls;  // option, bound when set
};

UdpSocketInfo open_udp_on_loopback(Platform& platform) {
  const std::uint16_t port = unused_port();
  auto opened = platform.open_udp(ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, port)});
  REQUIRE(std::holds_alternative<std::unique_ptr<UdpSource>>(opened));
  return std::get<std::unique_ptr<UdpSource>>(opened)->info();
}

}  // namespace

TEST_CASE("finding: UDP redirect options are set before bind, after it only if refused",
          "[win32][udp]") {
  Wsa wsa;
  auto platform = Platform::create();
  UdpOptionFake fake;
  SECTION("accepted before bind") {
    const UdpSocketInfo info = open_udp_on_loopback(*platform);
    CHECK(fake.calls == std::vector<std::pair<int, bool>>{{60, false}, {70, false}});
    REQUIRE(info.options.size() == 2);
    CHECK(info.options[0].ok());
    CHECK(words(info.options[0].call.notes).find("before bind") != std::string::npos);
  }
  SECTION("refused before bind: set again after it, and said so") {
    fake.refuse_unbound = true;
    const UdpSocketInfo info = open_udp_on_loopback(*platform);
    CHECK(fake.calls ==
          std::vector<std::pair<int, bool>>{{60, false}, {70, false}, {60, true}, {70, true}});
    REQUIRE(info.options.size() == 2);
    CHECK(info.options[0].ok());
    CHECK(info.options[1].ok());
    CHECK(words(info.options[0].call.notes).find("after bind") != std::string::npos);
    CHECK(words(info.options[0].call.notes).find("WSAEINVAL") != std::string::npos);
  }
}

TEST_CASE("finding: --buffer probe caps the size a provider returns", "[win32]") {
  SelfPair pair;
  // A provider (or a layered one) free to put any count in lpcbBytesReturned
  // with ERROR_INSUFFICIENT_BUFFER: here a garbage one near 4 GiB.
  const DWORD garbage = GENERATE(DWORD{0xFFFFFFF0}, DWORD{kFixedMaxSize + 1});
  FakeProvider fake([&](DWORD out_size) {
    if (out_size == 0)
      return error_answer(ERROR_INSUFFICIENT_BUFFER, garbage, Answer::When::at_once);
    return blob_answer(pattern(16, 3), Answer::When::at_once);
  });
  const QueryResult r = run_one(*pair.connection, QueryKind::records, Mode::sync,
                                BufferPolicy{BufferPolicyKind::probe, 0}, kIoTimeout);
  CHECK(fake.seen.size() == 1);
  CHECK(r.attempts.size() == 1);
  CHECK(words(r.policy_note).find("cap") != std::string::npos);
  CHECK(words(r.policy_note).find(std::to_string(garbage)) != std::string::npos);
}

TEST_CASE("finding: event-mode hEvent has its low-order bit set, waits use the plain handle",
          "[win32]") {
  SelfPair pair;
  FakeProvider fake(
      [](DWORD) { return blob_answer(pattern(24, 5), Answer::When::later, Millis(30)); });
  const Attempt a = pair.connection->issue(QueryKind::records, Mode::event, 1024, kIoTimeout);
  REQUIRE(fake.seen.size() == 1);
  CHECK(fake.seen[0].event_low_bit);
  CHECK(fake.tagged_waits == 0);
  CHECK(a.error == 0);
  CHECK(a.data == pattern(24, 5));
  CHECK_FALSE(a.abandoned);
}

TEST_CASE("finding: a socket with an abandoned request is never handed to the relay loop",
          "[win32][relay]") {
  Wsa wsa;
  InterruptGuard guard;
  // Pending for ever, and CancelIoEx changes nothing: the request outlives
  // the cancel grace and its OVERLAPPED stays with the socket.
  FakeProvider fake([](DWORD) { return never_ending_uncancellable(); });
  auto platform = Platform::create();
  const std::uint16_t port = unused_port();
  RelayOptions o;
  o.query.target = ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, port)};
  o.query.timeout = Millis(20000);
  o.query.what = {QueryKind::records};
  o.query.modes = std::get<ModeChoice>(choose_modes(*platform, Mode::event, kWords));
  o.query.io_timeout = Millis(50);
  o.to_host = "127.0.0.1";
  o.to_port = unused_port();  // refused at once should it be tried
  std::thread client([port] {
    Sleep(300);
    const SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    const sockaddr_in to = loopback(port);
    connect(c, reinterpret_cast<const sockaddr*>(&to), sizeof to);
    Sleep(500);
    closesocket(c);
  });
  std::vector<RelayReport> reports;
  RelaySummary summary;
  std::FILE* status = std::tmpfile();
  (void)run_relay(
      *platform, o, [&](const RelayReport& r) { reports.push_back(r); }, status, summary);
  std::fclose(status);
  client.join();
  REQUIRE(reports.size() == 1);
  const Attempt* a = reports[0].query.queries.at(0).final_attempt();
  REQUIRE(a != nullptr);
  CHECK(a->abandoned);
  CHECK(reports[0].relay.end == RelayEnd::query_abandoned);
  // Nothing reached the upstream: no connect was made for this client.
  CHECK(reports[0].relay.calls.empty());
}

namespace {

// Answers the WSAID_CONNECTEX lookup with WSAEINVAL, as a provider without
// the extension (a layered one) may; Asio then connects without ConnectEx.
class NoConnectEx final : public InstalledProvider {
 public:
  int ioctl(SOCKET s, DWORD code, void* in, DWORD in_size, void* out, DWORD out_size,
            DWORD* bytes_returned, WSAOVERLAPPED* ov,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) override {
    const GUID connect_ex = WSAID_CONNECTEX;
    if (code == SIO_GET_EXTENSION_FUNCTION_POINTER && in_size == sizeof connect_ex &&
        std::memcmp(in, &connect_ex, sizeof connect_ex) == 0) {
      ++lookups;
      WSASetLastError(WSAEINVAL);
      return SOCKET_ERROR;
    }
    return WinsockProvider::ioctl(s, code, in, in_size, out, out_size, bytes_returned, ov, routine);
  }
  int lookups = 0;
};

}  // namespace

TEST_CASE("finding: the relay labels the upstream connect by what ran", "[win32][relay]") {
  Wsa wsa;
  const SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  REQUIRE(s != INVALID_SOCKET);
  SECTION("ConnectEx found") {
    CHECK(relay_connect_function(static_cast<std::uintptr_t>(s)) == "ConnectEx");
  }
  SECTION("no ConnectEx: Asio's fallback connect") {
    NoConnectEx fake;
    CHECK(relay_connect_function(static_cast<std::uintptr_t>(s)) == "connect");
    CHECK(fake.lookups == 1);
  }
  closesocket(s);
}

TEST_CASE("finding: no connection on the default --bind 127.0.0.1 hints at a wildcard address",
          "[win32]") {
  Wsa wsa;
  auto platform = Platform::create();
  SECTION("loopback") {
    auto next = open_source(*platform, ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, unused_port())})
                    ->next(Millis(100));
    REQUIRE(std::holds_alternative<SetupError>(next));
    const SetupError& e = std::get<SetupError>(next);
    CHECK(e.kind == SetupError::Kind::timed_out);
    CHECK(describe(e).find("--bind 0.0.0.0") != std::string::npos);
  }
  SECTION("a wildcard listener gets no such hint") {
    auto next = open_source(*platform, ListenTarget{IpEndpoint::v4({0, 0, 0, 0}, unused_port())})
                    ->next(Millis(100));
    REQUIRE(std::holds_alternative<SetupError>(next));
    CHECK(describe(std::get<SetupError>(next)).find("--bind") == std::string::npos);
  }
}
