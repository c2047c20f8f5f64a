// Unit tests for analysis/udp_verdict: what a UDP flow's first datagram
// proves on Windows (WFP control messages, the options that ask for them) and
// on Linux (the original destination), with fabricated control buffers. How
// the report is written: test_render_udp.cpp.
#include <catch2/catch.hpp>

#include "analysis/udp_verdict.h"
#include "udp_report_builder.h"

using namespace wfpredir;
using wfpredir::test::ep;
using wfpredir::test::linux_udp_report;
using wfpredir::test::put_cmsg;
using wfpredir::test::put_records;
using wfpredir::test::windows_udp_report;
using wfpredir::test::words;

TEST_CASE("Windows: a records control message means redirected", "[udp]") {
  UdpReport r = windows_udp_report();
  put_records(r);
  put_cmsg(r.datagram.control, kWindowsX64Cmsg, 0, 70, std::vector<std::uint8_t>(16, 1));
  conclude_udp(r, {});
  REQUIRE(r.messages.size() == 2);
  CHECK(r.verdict == Verdict::redirected);
  CHECK_THAT(words(r.verdict_reason), Catch::Contains("IP_WFP_REDIRECT_RECORDS (40 bytes)"));
  CHECK(!r.expectation_held);
}

TEST_CASE("Windows: options accepted and no message means not redirected", "[udp]") {
  UdpReport r = windows_udp_report();
  conclude_udp(r, *parse_expectation("not-redirected"));
  CHECK(r.messages.empty());
  CHECK(r.verdict == Verdict::not_redirected);
  CHECK(r.expectation_held == true);
}

TEST_CASE("Windows: options refused with WSAENOPROTOOPT mean unsupported", "[udp]") {
  UdpReport r = windows_udp_report(10042);
  conclude_udp(r, *parse_expectation("error:WSAENOPROTOOPT"));
  CHECK(r.verdict == Verdict::unsupported);
  CHECK_THAT(words(r.verdict_reason), Catch::Contains("WSAENOPROTOOPT"));
  CHECK(r.expectation_held == true);
  UdpReport other = windows_udp_report(10055);  // WSAENOBUFS says nothing about the provider
  conclude_udp(other, {});
  CHECK(other.verdict == Verdict::unknown);
}

TEST_CASE("Windows: MSG_CTRUNC or a malformed buffer without records is unknown", "[udp]") {
  UdpReport r = windows_udp_report();
  r.datagram.control_truncated = true;
  conclude_udp(r, {});
  CHECK(r.verdict == Verdict::unknown);
  CHECK_THAT(words(r.verdict_reason), Catch::Contains("MSG_CTRUNC"));

  UdpReport bad = windows_udp_report();
  put_cmsg(bad.datagram.control, kWindowsX64Cmsg, 0, 19, {1, 2, 3}, 3);
  conclude_udp(bad, {});
  CHECK(bad.verdict == Verdict::unknown);
  CHECK_THAT(words(bad.verdict_reason), Catch::Contains("length-below-header"));

  // Records that arrived whole decide, even with the flag set.
  UdpReport cut = windows_udp_report();
  cut.datagram.control_truncated = true;
  put_records(cut);
  conclude_udp(cut, {});
  CHECK(cut.verdict == Verdict::redirected);
}

TEST_CASE("Windows: a failed receive is unknown and matches error:X", "[udp]") {
  UdpReport r = windows_udp_report();
  r.datagram.error = 10054;
  conclude_udp(r, *parse_expectation("error:WSAECONNRESET"));
  CHECK(r.verdict == Verdict::unknown);
  CHECK(r.expectation_held == true);
}

TEST_CASE("Windows: an empty records message is read as none", "[udp]") {
  UdpReport r = windows_udp_report();
  put_cmsg(r.datagram.control, kWindowsX64Cmsg, 41, 60, {});
  conclude_udp(r, {});
  CHECK(r.verdict == Verdict::not_redirected);
  CHECK_THAT(words(r.verdict_reason), Catch::Contains("IPV6_WFP_REDIRECT_RECORDS with no data"));
}

TEST_CASE("Linux: the original destination decides as for a TPROXY listener", "[udp]") {
  UdpReport r = linux_udp_report("127.0.0.1:5353", ep("10.0.0.9:53"));
  conclude_udp(r, *parse_expectation("redirected"));
  REQUIRE(r.original_dst);
  CHECK(format_endpoint(*r.original_dst) == "10.0.0.9:53");
  CHECK(r.verdict == Verdict::redirected);
  CHECK(r.expectation_held == true);

  UdpReport own = linux_udp_report("127.0.0.1:5353", ep("127.0.0.1:5353"));
  conclude_udp(own, {});
  CHECK(own.verdict == Verdict::not_redirected);

  // A wildcard socket: the port tells.
  UdpReport any = linux_udp_report("0.0.0.0:5353", ep("192.0.2.1:5353"));
  conclude_udp(any, {});
  CHECK(any.verdict == Verdict::not_redirected);
  UdpReport any_other = linux_udp_report("0.0.0.0:5353", ep("192.0.2.1:53"));
  conclude_udp(any_other, {});
  CHECK(any_other.verdict == Verdict::redirected);
}

TEST_CASE("Linux: no original destination message is unknown", "[udp]") {
  UdpReport r = linux_udp_report("127.0.0.1:5353", ep("127.0.0.1:5353"));
  r.datagram.control.clear();
  conclude_udp(r, {});
  CHECK(r.verdict == Verdict::unknown);
  r.socket.options[0].call.ret = -1;
  r.socket.options[0].call.error = 92;
  conclude_udp(r, {});
  CHECK(r.verdict == Verdict::unsupported);
}
