// `query --udp` on the Windows backend: the options that ask for the WFP
// control messages and WSARecvMsg in sync, event and apc mode, through the
// seam (ioctl_seam.h) with a fake that delivers records and context, none,
// a cut control buffer (MSG_CTRUNC), failures, and completions from another
// thread; then against the real Winsock (Wine's, under the mingw preset).
#include <catch2/catch.hpp>

#include "analysis/udp_verdict.h"
#include "cmsg_builder.h"
#include "platform/win32/udp.h"
#include "support.h"
#include "win32_support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

/// What the fake's WSARecvMsg delivers.
struct Delivery {
  Answer::When when = Answer::When::at_once;
  int error = 0;
  std::vector<std::uint8_t> payload{'p', 'i', 'n', 'g'};
  std::vector<std::uint8_t> control;
  DWORD flags = 0;  ///< MSG_CTRUNC is added when the control does not fit
  Millis delay{30};
  bool signal_early = false;  ///< event mode: the event is set before the receive is over
};

// Never called: the fake stands in for the pointer it hands out.
int WSAAPI not_called(SOCKET, LPWSAMSG, LPDWORD, LPWSAOVERLAPPED,
                      LPWSAOVERLAPPED_COMPLETION_ROUTINE) {
  WSASetLastError(WSAEOPNOTSUPP);
  return SOCKET_ERROR;
}

class FakeUdp final : public w32::WinsockProvider {
 public:
  FakeUdp() : previous_(w32::set_ioctl_provider(this)) {}
  FakeUdp(const FakeUdp&) = delete;
  FakeUdp& operator=(const FakeUdp&) = delete;
  ~FakeUdp() override {
    w32::set_ioctl_provider(previous_);
    for (auto& op : ops_) SetEvent(op->cancel);
    for (auto& t : threads_) t.join();
    while (SleepEx(0, TRUE) == WAIT_IO_COMPLETION) {
    }
    for (auto& op : ops_) {
      CloseHandle(op->cancel);
      CloseHandle(op->caller);
    }
  }

  int ioctl(SOCKET s, DWORD code, void* in, DWORD in_size, void* out, DWORD out_size,
            DWORD* bytes_returned, WSAOVERLAPPED* ov,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) override {
    if (code != SIO_GET_EXTENSION_FUNCTION_POINTER)
      return WinsockProvider::ioctl(s, code, in, in_size, out, out_size, bytes_returned, ov,
                                    routine);
    ++lookups;
    const GUID want = WSAID_WSARECVMSG;
    REQUIRE(in_size == sizeof want);
    CHECK(std::memcmp(in, &want, sizeof want) == 0);
    REQUIRE(out_size == sizeof(LPFN_WSARECVMSG));
    const LPFN_WSARECVMSG fn = &not_called;
    std::memcpy(out, &fn, sizeof fn);
    *bytes_returned = sizeof fn;
    return 0;
  }

  int set_option(SOCKET s, int level, int name, const char* value, int length) override {
    if ((level != IPPROTO_IP && level != IPPROTO_IPV6) || (name != 60 && name != 70))
      return WinsockProvider::set_option(s, level, name, value, length);
    options.push_back({level, name});
    CHECK(length == sizeof(BOOL));
    BOOL on = FALSE;
    std::memcpy(&on, value, sizeof on);
    CHECK(on == TRUE);
    if (option_error == 0) return 0;
    WSASetLastError(option_error);
    return SOCKET_ERROR;
  }

  int readable(SOCKET, DWORD ms) override {
    if (++readable_calls <= not_ready_first) {
      Sleep(std::min<DWORD>(ms, 5));
      return 0;
    }
    return 1;
  }

  int recv_msg(LPFN_WSARECVMSG fn, SOCKET, WSAMSG* msg, DWORD* bytes, WSAOVERLAPPED* ov,
               LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) override {
    CHECK(fn == &not_called);
    ++receives;
    offered = msg->Control.len;
    const Delivery d = delivery;
    if (ov == nullptr) {
      if (d.error != 0) {
        WSASetLastError(d.error);
        return SOCKET_ERROR;
      }
      msg->dwFlags = write(msg, d);
      *bytes = static_cast<DWORD>(d.payload.size());
      return 0;
    }
    auto op = std::make_shared<Op>();
    op->ov = ov;
    op->event = routine == nullptr ? ov->hEvent : nullptr;
    op->routine = routine;
    DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &op->caller, 0,
                    FALSE, DUPLICATE_SAME_ACCESS);
    op->cancel = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    ops_.push_back(op);
    if (d.when == Answer::When::at_once) {
      *bytes = static_cast<DWORD>(d.payload.size());
      msg->dwFlags = write(msg, d);
      complete(op, 0, *bytes, msg->dwFlags);
      return 0;
    }
    *bytes = 0;
    ov->Internal = 0x103;
    threads_.emplace_back([op, msg, d] {
      if (d.signal_early && op->event != nullptr) SetEvent(op->event);
      const DWORD wait =
          d.when == Answer::When::never ? INFINITE : static_cast<DWORD>(d.delay.count());
      if (WaitForSingleObject(op->cancel, wait) == WAIT_OBJECT_0) {
        complete(op, WSA_OPERATION_ABORTED, 0, 0);
        return;
      }
      if (d.error != 0) {
        complete(op, d.error, 0, 0);
        return;
      }
      // The overlapped form reports its flags through the completion only.
      complete(op, 0, static_cast<DWORD>(d.payload.size()), write(msg, d));
    });
    WSASetLastError(WSA_IO_PENDING);
    return SOCKET_ERROR;
  }

  BOOL overlapped_result(SOCKET, WSAOVERLAPPED* ov, DWORD* transferred, BOOL,
                         DWORD* flags) override {
    for (auto& op : ops_) {
      if (op->ov != ov) continue;
      if (!op->done.load()) {
        WSASetLastError(WSA_IO_INCOMPLETE);
        return FALSE;
      }
      *transferred = op->bytes;
      *flags = op->flags;
      if (op->error == 0) return TRUE;
      WSASetLastError(op->error);
      return FALSE;
    }
    WSASetLastError(WSA_INVALID_PARAMETER);
    return FALSE;
  }

  BOOL cancel(SOCKET, WSAOVERLAPPED* ov) override {
    ++cancels;
    for (auto& op : ops_)
      if (op->ov == ov) SetEvent(op->cancel);
    return TRUE;
  }

  Delivery delivery;
  int option_error = 0;
  int not_ready_first = 0;
  int readable_calls = 0;
  int lookups = 0;
  int receives = 0;
  int cancels = 0;
  ULONG offered = 0;
  std::vector<std::pair<int, int>> options;

 private:
  struct Op {
    WSAOVERLAPPED* ov = nullptr;
    HANDLE event = nullptr;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine = nullptr;
    HANDLE caller = nullptr;
    HANDLE cancel = nullptr;
    std::atomic<bool> done{false};
    int error = 0;
    DWORD bytes = 0;
    DWORD flags = 0;
  };

  // Writes the datagram into the caller's WSAMSG; returns its flags.
  static DWORD write(WSAMSG* msg, const Delivery& d) {
    std::memcpy(msg->lpBuffers[0].buf, d.payload.data(),
                std::min<std::size_t>(d.payload.size(), msg->lpBuffers[0].len));
    DWORD flags = d.flags;
    const std::size_t fits = std::min<std::size_t>(d.control.size(), msg->Control.len);
    if (fits < d.control.size()) flags |= MSG_CTRUNC;
    if (fits > 0) std::memcpy(msg->Control.buf, d.control.data(), fits);
    msg->Control.len = static_cast<ULONG>(fits);
    const sockaddr_in from = loopback(40000);
    std::memcpy(msg->name, &from, sizeof from);
    msg->namelen = sizeof from;
    return flags;
  }

  struct ApcCall {
    std::shared_ptr<Op> op;
  };
  static void CALLBACK run_routine(ULONG_PTR p) {
    std::unique_ptr<ApcCall> c(reinterpret_cast<ApcCall*>(p));
    c->op->routine(static_cast<DWORD>(c->op->error), c->op->bytes, c->op->ov, c->op->flags);
  }

  // Status first, then the signal: the caller may free its block at once.
  static void complete(const std::shared_ptr<Op>& op, int error, DWORD bytes, DWORD flags) {
    op->error = error;
    op->bytes = bytes;
    op->flags = flags;
    op->done.store(true);
    InterlockedExchange64(reinterpret_cast<volatile LONG64*>(&op->ov->Internal),
                          error == 0 ? 0 : 0xC0000001);
    if (op->routine != nullptr)
      QueueUserAPC(&run_routine, op->caller, reinterpret_cast<ULONG_PTR>(new ApcCall{op}));
    else
      SetEvent(op->event);
  }

  IoctlProvider* previous_;
  std::vector<std::shared_ptr<Op>> ops_;
  std::vector<std::thread> threads_;
};

std::uint16_t unused_udp_port() {
  const SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  REQUIRE(s != INVALID_SOCKET);
  const sockaddr_in a = loopback(0);
  REQUIRE(bind(s, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0);
  const std::uint16_t port = local_port(s);
  closesocket(s);
  return port;
}

struct UdpOpen {
  std::unique_ptr<Platform> platform = Platform::create();
  std::unique_ptr<UdpSource> source;
  std::uint16_t port = 0;
  explicit UdpOpen(const char* bind = "127.0.0.1") {
    port = unused_udp_port();
    auto opened = platform->open_udp(ListenTarget{*parse_ip_literal(bind, port)});
    REQUIRE(std::holds_alternative<std::unique_ptr<UdpSource>>(opened));
    source = std::move(std::get<std::unique_ptr<UdpSource>>(opened));
  }
  UdpReport receive(Mode mode, Millis timeout = Millis(5000)) {
    auto got = source->receive(mode, timeout);
    REQUIRE(std::holds_alternative<Datagram>(got));
    UdpReport r;
    r.index = 1;
    r.socket = source->info();
    r.datagram = std::get<Datagram>(std::move(got));
    conclude_udp(r, {});
    return r;
  }
};

std::vector<std::uint8_t> records_and_context() {
  std::vector<std::uint8_t> c;
  put_cmsg(c, kWindowsX64Cmsg, IPPROTO_IP, 60, pattern(40, 1));
  put_cmsg(c, kWindowsX64Cmsg, IPPROTO_IP, 70, pattern(16, 9));
  return c;
}

}  // namespace

TEST_CASE("UDP: records and context arrive with the first datagram in every mode", "[win32][udp]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  const bool late = GENERATE(false, true);
  INFO("mode " << name_of(mode) << (late ? ", completed later" : ", at once"));
  if (mode == Mode::sync && late) return;  // a sync call has no later
  Wsa wsa;
  FakeUdp fake;
  fake.delivery.control = records_and_context();
  fake.delivery.when = late ? Answer::When::later : Answer::When::at_once;
  UdpOpen open;
  const UdpReport r = open.receive(mode);

  CHECK(fake.lookups == 1);
  CHECK(fake.options == std::vector<std::pair<int, int>>{{IPPROTO_IP, 60}, {IPPROTO_IP, 70}});
  REQUIRE(r.socket.options.size() == 2);
  CHECK(r.socket.options[0].name == "IP_WFP_REDIRECT_RECORDS");
  CHECK(r.socket.options[0].ok());
  CHECK(fake.offered == w32::kUdpControlSize);
  const Datagram& d = r.datagram;
  CHECK(d.error == 0);
  CHECK(d.size == 4);
  CHECK(format_endpoint(d.source) == "127.0.0.1:40000");
  CHECK(d.control == records_and_context());
  CHECK(d.pending == late);
  CHECK(d.mode == mode);
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[0].type == 60);
  CHECK(r.messages[0].data == pattern(40, 1));
  CHECK(r.messages[1].type == 70);
  CHECK(r.verdict == Verdict::redirected);
  if (mode == Mode::apc) {
    REQUIRE(d.apc);
    CHECK(d.apc->ran);
    CHECK(d.apc->on_calling_thread);
    CHECK(d.apc->bytes == 4);
  }
  if (mode == Mode::event && late) {
    REQUIRE(d.calls.size() >= 2);
    CHECK(d.calls[0].error == WSA_IO_PENDING);
    CHECK(d.calls.back().function == "WSAGetOverlappedResult");
  }
}

TEST_CASE("UDP: an event set before the receive is over is not taken for its end", "[win32][udp]") {
  Wsa wsa;
  FakeUdp fake;
  fake.delivery.control = records_and_context();
  fake.delivery.when = Answer::When::later;
  fake.delivery.delay = Millis(150);
  fake.delivery.signal_early = true;
  UdpOpen open;
  const UdpReport r = open.receive(Mode::event);
  CHECK(r.datagram.error == 0);
  CHECK(r.datagram.control == records_and_context());
  CHECK(r.verdict == Verdict::redirected);
  const auto incomplete =
      std::count_if(r.datagram.calls.begin(), r.datagram.calls.end(), [](const CallRecord& c) {
        return c.function == "WSAGetOverlappedResult" && c.error == WSA_IO_INCOMPLETE;
      });
  CHECK(incomplete == 1);  // recorded once, however often it was asked
  CHECK(r.datagram.calls.back().ret == TRUE);
}

TEST_CASE("UDP: an IPv6 socket asks at both levels, its own first", "[win32][udp]") {
  Wsa wsa;
  FakeUdp fake;
  UdpOpen open("::1");
  CHECK(fake.options ==
        std::vector<std::pair<int, int>>{
            {IPPROTO_IPV6, 60}, {IPPROTO_IPV6, 70}, {IPPROTO_IP, 60}, {IPPROTO_IP, 70}});
  const UdpReport r = open.receive(Mode::sync);
  CHECK(r.socket.family == Family::ipv6);
  CHECK(r.socket.options[0].name == "IPV6_WFP_REDIRECT_RECORDS");
  CHECK(r.verdict == Verdict::not_redirected);
}

TEST_CASE("UDP: no control message on a socket that asked is not redirected", "[win32][udp]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  Wsa wsa;
  FakeUdp fake;
  fake.delivery.when = mode == Mode::sync ? Answer::When::at_once : Answer::When::later;
  fake.not_ready_first = 3;  // the sync wait goes round a few times first
  UdpOpen open;
  const UdpReport r = open.receive(mode);
  CHECK(r.datagram.control.empty());
  CHECK(r.messages.empty());
  CHECK(r.verdict == Verdict::not_redirected);
}

TEST_CASE("UDP: a control buffer cut short (MSG_CTRUNC) is unknown, and its pieces shown",
          "[win32][udp]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event);
  Wsa wsa;
  FakeUdp fake;
  // The system says the messages did not fit; what it wrote ends in a cut header.
  std::vector<std::uint8_t> c;
  put_cmsg(c, kWindowsX64Cmsg, IPPROTO_IP, 19, pattern(12, 3));
  c.insert(c.end(), {0x40, 0, 0, 0, 0});
  fake.delivery.control = c;
  fake.delivery.flags = MSG_CTRUNC;
  fake.delivery.when = mode == Mode::sync ? Answer::When::at_once : Answer::When::later;
  UdpOpen open;
  const UdpReport r = open.receive(mode);
  CHECK(r.datagram.control_truncated);
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[1].problem == CmsgProblem::truncated_header);
  CHECK(r.verdict == Verdict::unknown);
  CHECK_THAT(words(r.verdict_reason), Catch::Contains("MSG_CTRUNC"));
}

TEST_CASE("UDP: options refused with WSAENOPROTOOPT are unsupported", "[win32][udp]") {
  Wsa wsa;
  FakeUdp fake;
  fake.option_error = WSAENOPROTOOPT;
  UdpOpen open;
  const UdpReport r = open.receive(Mode::sync);
  REQUIRE(r.socket.options.size() == 2);
  CHECK_FALSE(r.socket.options[0].ok());
  CHECK(r.socket.options[0].call.error == WSAENOPROTOOPT);
  CHECK(r.verdict == Verdict::unsupported);
}

TEST_CASE("UDP: a receive that fails is reported with its error", "[win32][udp]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  Wsa wsa;
  FakeUdp fake;
  fake.delivery.error = WSAECONNRESET;
  fake.delivery.when = mode == Mode::sync ? Answer::When::at_once : Answer::When::later;
  UdpOpen open;
  const UdpReport r = open.receive(mode);
  CHECK(r.datagram.error == WSAECONNRESET);
  CHECK(r.datagram.control.empty());
  CHECK(r.verdict == Verdict::unknown);
}

TEST_CASE("UDP: a receive still pending at --timeout is cancelled and collected", "[win32][udp]") {
  const Mode mode = GENERATE(Mode::event, Mode::apc);
  Wsa wsa;
  FakeUdp fake;
  fake.delivery.when = Answer::When::never;
  UdpOpen open;
  const auto start = Clock::now();
  auto got = open.source->receive(mode, Millis(200));
  REQUIRE(std::holds_alternative<SetupError>(got));
  const SetupError& e = std::get<SetupError>(got);
  CHECK(e.kind == SetupError::Kind::timed_out);
  CHECK_THAT(e.message, Catch::Contains("cancelled"));
  CHECK(fake.cancels == 1);
  CHECK(Clock::now() - start < Millis(3000));
}

TEST_CASE("UDP: Ctrl-C ends the wait for a datagram in every mode", "[win32][udp]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  Wsa wsa;
  InterruptGuard guard;
  FakeUdp fake;
  fake.delivery.when = Answer::When::never;
  fake.not_ready_first = 1000000;
  UdpOpen open;
  CtrlCLater ctrl_c(Millis(100));
  auto got = open.source->receive(mode, std::nullopt);
  REQUIRE(std::holds_alternative<SetupError>(got));
  CHECK(std::get<SetupError>(got).kind == SetupError::Kind::interrupted);
}

TEST_CASE("UDP: the real Winsock receives a real datagram in every mode", "[win32][udp]") {
  const Mode mode = GENERATE(Mode::sync, Mode::event, Mode::apc);
  INFO("mode " << name_of(mode));
  Wsa wsa;
  UdpOpen open;
  const UdpSocketInfo info = open.source->info();
  REQUIRE(info.options.size() == 2);
  for (const UdpOption& o : info.options) {
    // Whatever this Winsock answers is recorded as it came back.
    CHECK(o.call.function == "setsockopt");
    CHECK((o.ok() ? o.call.error == 0 : o.call.error != 0));
  }
  const SOCKET sender = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  REQUIRE(sender != INVALID_SOCKET);
  const sockaddr_in to = loopback(open.port);
  // Sent while the receive waits (after 100 ms), so the overlapped forms pend.
  std::thread later([&] {
    Sleep(100);
    sendto(sender, "hello", 5, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
  });
  auto got = open.source->receive(mode, Millis(10000));
  later.join();
  const std::uint16_t sender_port = local_port(sender);
  closesocket(sender);
  REQUIRE(std::holds_alternative<Datagram>(got));
  const Datagram& d = std::get<Datagram>(got);
  CHECK(d.error == 0);
  CHECK(d.size == 5);
  REQUIRE(d.source);
  CHECK(d.source->port == sender_port);
  CHECK(d.control.size() <= w32::kUdpControlSize);
  UNSCOPED_INFO("options: " << info.options[0].call.ret << "/" << info.options[0].call.error
                            << ", control " << d.control.size() << " bytes, flags " << d.flags);
}
