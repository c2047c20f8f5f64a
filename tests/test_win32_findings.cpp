// The eight places where real Windows behaves differently from Wine (issue
// 20's findings), each through the seam with a fake that answers as the
// documentation allows (docs/winsock-contract.md names each rule's source).
#include <catch2/catch.hpp>

#include <cstdio>
#include <thread>

#include "analysis/buffer_policy.h"
#include "analysis/query_options.h"
#include "model/system.h"
#include "platform/relay_steps.h"
#include "platform/win32/backend.h"
#include "platform/win32/command_line.h"
#include "platform/win32/console_seam.h"
#include "run/engine.h"
#include "run/relay_run.h"
#include "support.h"
#include "win32_support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

// getsockopt(SO_ORIGINAL_DST) answered per level: a SOCKADDR at one level,
// an error at the other, as a dual-stack socket on Windows may.
class LevelFake final : public w32::WinsockProvider {
 public:
  LevelFake() { previous_ = w32::set_ioctl_provider(this); }
  LevelFake(const LevelFake&) = delete;
  LevelFake& operator=(const LevelFake&) = delete;
  ~LevelFake() override { w32::set_ioctl_provider(previous_); }
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

 private:
  IoctlProvider* previous_ = nullptr;
};

template <class T>
std::vector<std::uint8_t> bytes_of(const T& v) {
  std::vector<std::uint8_t> out(sizeof v);
  std::memcpy(out.data(), &v, sizeof v);
  return out;
}

// An IPv4 client accepted by the backend's dual-stack listener on [::].
struct DualStackPair {
  Wsa wsa;
  std::unique_ptr<Platform> platform = Platform::create();
  std::unique_ptr<Source> source;
  std::unique_ptr<Connection> connection;
  SOCKET client = INVALID_SOCKET;
  DualStackPair() {
    const std::uint16_t port = unused_port();
    auto opened = platform->open(ListenTarget{*parse_ip_literal("::", port)});
    REQUIRE(std::holds_alternative<std::unique_ptr<Source>>(opened));
    source = std::move(std::get<std::unique_ptr<Source>>(opened));
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    const sockaddr_in to = loopback(port);
    REQUIRE(connect(client, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0);
    auto next = source->next(Millis(5000));
    REQUIRE(std::holds_alternative<std::unique_ptr<Connection>>(next));
    connection = std::move(std::get<std::unique_ptr<Connection>>(next));
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
    CHECK(a.calls[0].note.find("v4-mapped") != std::string::npos);
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
    CHECK(a.calls[0].note.find("SOL_IP (0xFFFB)") != std::string::npos);
    CHECK(a.calls[1].note.find("SOL_IPV6 (0xFFFA)") != std::string::npos);
  }
}

namespace {

// setsockopt of the WFP control-message options, noting whether the socket
// was bound yet (getsockname fails with WSAEINVAL on an unbound socket).
// With refuse_unbound, it refuses them before bind as a provider may.
class UdpOptionFake final : public w32::WinsockProvider {
 public:
  UdpOptionFake() { previous_ = w32::set_ioctl_provider(this); }
  UdpOptionFake(const UdpOptionFake&) = delete;
  UdpOptionFake& operator=(const UdpOptionFake&) = delete;
  ~UdpOptionFake() override { w32::set_ioctl_provider(previous_); }
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

 private:
  IoctlProvider* previous_ = nullptr;
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
    CHECK(info.options[0].call.note.find("before bind") != std::string::npos);
  }
  SECTION("refused before bind: set again after it, and said so") {
    fake.refuse_unbound = true;
    const UdpSocketInfo info = open_udp_on_loopback(*platform);
    CHECK(fake.calls ==
          std::vector<std::pair<int, bool>>{{60, false}, {70, false}, {60, true}, {70, true}});
    REQUIRE(info.options.size() == 2);
    CHECK(info.options[0].ok());
    CHECK(info.options[1].ok());
    CHECK(info.options[0].call.note.find("after bind") != std::string::npos);
    CHECK(info.options[0].call.note.find("WSAEINVAL") != std::string::npos);
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
  FakeProvider fake([](DWORD) {
    Answer a = error_answer(0, 0, Answer::When::never);
    a.honour_cancel = false;
    return a;
  });
  auto platform = Platform::create();
  const std::uint16_t port = unused_port();
  RelayOptions o;
  o.query.target = ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, port)};
  o.query.timeout = Millis(20000);
  o.query.what = {QueryKind::records};
  o.query.modes = std::get<ModeChoice>(choose_modes(*platform, Mode::event));
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

TEST_CASE("finding: a console close caps the cancel grace so the report is out in time",
          "[win32]") {
  SelfPair pair;
  InterruptGuard guard;
  FakeProvider fake([](DWORD) {
    Answer a = error_answer(0, 0, Answer::When::never);
    a.honour_cancel = false;
    return a;
  });
  std::thread close([] {
    Sleep(100);
    w32::raise_termination();
  });
  const auto t0 = Clock::now();
  const Attempt a = pair.connection->issue(QueryKind::records, Mode::event, 1024, Millis(60000));
  const long long ms = ms_since(t0);
  close.join();
  CHECK(a.interrupted);
  CHECK(a.abandoned);
  // The system ends a closing console's process about 5 s after the event;
  // the capped grace leaves most of that to the report.
  CHECK(ms < 2500);
}

TEST_CASE("finding: the console-close handler returns once the report is written", "[win32]") {
  InterruptGuard guard;
  w32::clear_interrupt();  // no report written yet
  long long held = 0;
  std::thread handler([&] {
    const auto t0 = Clock::now();
    CHECK(w32::console_event(CTRL_CLOSE_EVENT) == TRUE);
    held = ms_since(t0);
  });
  Sleep(300);
  CHECK(w32::termination_raised());
  note_report_written();
  handler.join();
  CHECK(held >= 250);
  CHECK(held < 1500);
}

TEST_CASE("finding: a console close is named by its event, not SIGTERM", "[win32]") {
  InterruptGuard guard;
  note_report_written();  // the handler then returns at once
  CHECK(w32::console_event(CTRL_LOGOFF_EVENT) == TRUE);
  CHECK(termination_name() == "CTRL_LOGOFF_EVENT");
  CHECK(w32::console_event(CTRL_CLOSE_EVENT) == TRUE);
  CHECK(termination_name() == "CTRL_CLOSE_EVENT");
}

namespace {

// The console's output code page, as a console keeps it (ctest's Wine has
// no console of its own: GetConsoleOutputCP answers 0 there).
UINT g_fake_cp = 0;
UINT WINAPI fake_get_cp() { return g_fake_cp; }
BOOL WINAPI fake_set_cp(UINT cp) {
  g_fake_cp = cp;
  return TRUE;
}

struct FakeConsole {
  explicit FakeConsole(UINT cp)
      : previous(w32::set_console_code_page_calls({&fake_get_cp, &fake_set_cp})) {
    g_fake_cp = cp;
  }
  FakeConsole(const FakeConsole&) = delete;
  FakeConsole& operator=(const FakeConsole&) = delete;
  ~FakeConsole() { w32::set_console_code_page_calls(previous); }
  w32::ConsoleCodePageCalls previous;
};

}  // namespace

TEST_CASE("finding: the console output code page is given back at exit, Ctrl-C included",
          "[win32]") {
  InterruptGuard guard;
  FakeConsole console(850);
  SECTION("the report written") {
    w32::use_utf8_console();
    CHECK(g_fake_cp == CP_UTF8);
    note_report_written();
    CHECK(g_fake_cp == 850);
  }
  SECTION("a second Ctrl-C, which the default handler turns into ExitProcess") {
    w32::use_utf8_console();
    w32::raise_interrupt();
    CHECK(w32::console_event(CTRL_C_EVENT) == FALSE);
    CHECK(g_fake_cp == 850);
  }
  SECTION("a console close") {
    w32::use_utf8_console();
    std::thread report([] {
      Sleep(100);
      note_report_written();
    });
    CHECK(w32::console_event(CTRL_CLOSE_EVENT) == TRUE);
    report.join();
    CHECK(g_fake_cp == 850);
  }
  SECTION("no console: nothing set, nothing given back") {
    g_fake_cp = 0;
    w32::use_utf8_console();
    note_report_written();
    CHECK(g_fake_cp == 0);
  }
}

namespace {

// Answers the WSAID_CONNECTEX lookup with WSAEINVAL, as a provider without
// the extension (a layered one) may; Asio then connects without ConnectEx.
class NoConnectEx final : public w32::WinsockProvider {
 public:
  NoConnectEx() { previous_ = w32::set_ioctl_provider(this); }
  NoConnectEx(const NoConnectEx&) = delete;
  NoConnectEx& operator=(const NoConnectEx&) = delete;
  ~NoConnectEx() override { w32::set_ioctl_provider(previous_); }
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

 private:
  IoctlProvider* previous_ = nullptr;
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
    auto opened = platform->open(ListenTarget{IpEndpoint::v4({127, 0, 0, 1}, unused_port())});
    REQUIRE(std::holds_alternative<std::unique_ptr<Source>>(opened));
    auto next = std::get<std::unique_ptr<Source>>(opened)->next(Millis(100));
    REQUIRE(std::holds_alternative<SetupError>(next));
    const SetupError& e = std::get<SetupError>(next);
    CHECK(e.kind == SetupError::Kind::timed_out);
    CHECK(describe(e).find("--bind 0.0.0.0") != std::string::npos);
  }
  SECTION("a wildcard listener gets no such hint") {
    auto opened = platform->open(ListenTarget{IpEndpoint::v4({0, 0, 0, 0}, unused_port())});
    REQUIRE(std::holds_alternative<std::unique_ptr<Source>>(opened));
    auto next = std::get<std::unique_ptr<Source>>(opened)->next(Millis(100));
    REQUIRE(std::holds_alternative<SetupError>(next));
    CHECK(describe(std::get<SetupError>(next)).find("--bind") == std::string::npos);
  }
}

TEST_CASE("finding: the command line is split by the documented rules, without shell32",
          "[win32]") {
  using V = std::vector<std::wstring>;
  // The program name: quotes group, backslashes stay.
  CHECK(w32::split_command_line(LR"("C:\Program Files\w\wfpredir.exe" query)") ==
        V{LR"(C:\Program Files\w\wfpredir.exe)", L"query"});
  CHECK(w32::split_command_line(LR"(C:\w\wfpredir.exe)") == V{LR"(C:\w\wfpredir.exe)"});
  // The table of "Parsing C command-line arguments" (as corrected in 2023).
  CHECK(w32::split_command_line(LR"(p "a b c" d e)") == V{L"p", L"a b c", L"d", L"e"});
  CHECK(w32::split_command_line(LR"(p "ab\"c" "\\" d)") == V{L"p", LR"(ab"c)", LR"(\)", L"d"});
  CHECK(w32::split_command_line(LR"(p a\\\b d"e f"g h)") == V{L"p", LR"(a\\\b)", L"de fg", L"h"});
  CHECK(w32::split_command_line(LR"(p a\\\"b c d)") == V{L"p", LR"(a\"b)", L"c", L"d"});
  CHECK(w32::split_command_line(LR"(p a\\\\"b c" d e)") == V{L"p", LR"(a\\b c)", L"d", L"e"});
  CHECK(w32::split_command_line(LR"(p a"b"" c d)") == V{L"p", LR"(ab")", L"c", L"d"});
  // Tabs separate; an empty quoted argument is kept; an open quote runs to the end.
  CHECK(w32::split_command_line(L"p\ta  \"\" \"x y") == V{L"p", L"a", L"", L"x y"});
  // Beyond the ANSI code page, as typed.
  CHECK(w32::split_command_line(L"p --save \u00e9t\u00e9\u4e2d") ==
        V{L"p", L"--save", L"\u00e9t\u00e9\u4e2d"});
}
