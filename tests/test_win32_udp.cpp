// `query --udp` on the Windows backend: the options that ask for the WFP
// control messages and WSARecvMsg in sync, event and apc mode, through the
// seam (ioctl_seam.h) with a fake (win32_fake_udp.h) that delivers records and
// context, none, a cut control buffer (MSG_CTRUNC), failures, and completions
// from another thread; then against the real Winsock (Wine's, under the mingw
// preset).
#include <catch2/catch.hpp>

#include "support.h"
#include "win32_fake_udp.h"

using namespace wfpredir;
using namespace wfpredir::test;

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
