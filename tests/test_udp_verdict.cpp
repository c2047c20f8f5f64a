// Unit tests for analysis/udp_verdict and render/render_udp: what a UDP flow's
// first datagram proves on Windows (WFP control messages, the options that
// ask for them) and on Linux (the original destination), with fabricated
// control buffers, and how the report is written.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analysis/udp_verdict.h"
#include "cmsg_builder.h"
#include "render/render_udp.h"
#include "support.h"
#include "text/i18n.h"

using namespace wfpredir;
using wfpredir::test::ep;
using wfpredir::test::put_cmsg;

namespace {

UdpOption option(const char* name, int level, int number, int error) {
  UdpOption o;
  o.name = name;
  o.level = level;
  o.option = number;
  o.call.function = "setsockopt";
  o.call.ret = error == 0 ? 0 : -1;
  o.call.error = error;
  return o;
}

UdpReport windows_report(int option_error = 0) {
  UdpReport r;
  r.index = 1;
  r.socket.local = ep("127.0.0.1:5353");
  r.socket.mechanism = "WFP control messages (WSARecvMsg)";
  r.socket.options = {option("IP_WFP_REDIRECT_RECORDS", 0, 60, option_error),
                      option("IP_WFP_REDIRECT_CONTEXT", 0, 70, option_error)};
  r.datagram.layout = kWindowsX64Cmsg;
  r.datagram.domain = ErrorDomain::windows;
  r.datagram.source = ep("127.0.0.1:40000");
  r.datagram.size = 5;
  r.datagram.control_offered = 4096;
  return r;
}

UdpReport linux_report(const char* local, const IpEndpoint& dst) {
  UdpReport r;
  r.index = 1;
  r.socket.local = ep(local);
  r.socket.transparent = true;
  r.socket.options = {option("IP_RECVORIGDSTADDR", 0, 20, 0)};
  r.datagram.layout = kLinux64Cmsg;
  r.datagram.domain = ErrorDomain::posix;
  r.datagram.size = 3;
  std::vector<std::uint8_t> sa(16, 0);
  sa[0] = 2;
  sa[2] = static_cast<std::uint8_t>(dst.port >> 8);
  sa[3] = static_cast<std::uint8_t>(dst.port & 0xff);
  for (int i = 0; i < 4; ++i) sa[4 + i] = dst.address[i];
  put_cmsg(r.datagram.control, kLinux64Cmsg, 0, 20, sa);
  return r;
}

const std::vector<std::uint8_t> kRecords(40, 0xab);

}  // namespace

TEST_CASE("Windows: a records control message means redirected", "[udp]") {
  UdpReport r = windows_report();
  put_cmsg(r.datagram.control, kWindowsX64Cmsg, 0, 60, kRecords);
  put_cmsg(r.datagram.control, kWindowsX64Cmsg, 0, 70, std::vector<std::uint8_t>(16, 1));
  conclude_udp(r, {});
  REQUIRE(r.messages.size() == 2);
  CHECK(r.verdict == Verdict::redirected);
  CHECK_THAT(r.verdict_reason, Catch::Contains("IP_WFP_REDIRECT_RECORDS (40 bytes)"));
  CHECK(!r.expectation_held);
}

TEST_CASE("Windows: options accepted and no message means not redirected", "[udp]") {
  UdpReport r = windows_report();
  conclude_udp(r, *parse_expectation("not-redirected"));
  CHECK(r.messages.empty());
  CHECK(r.verdict == Verdict::not_redirected);
  CHECK(r.expectation_held == true);
}

TEST_CASE("Windows: options refused with WSAENOPROTOOPT mean unsupported", "[udp]") {
  UdpReport r = windows_report(10042);
  conclude_udp(r, *parse_expectation("error:WSAENOPROTOOPT"));
  CHECK(r.verdict == Verdict::unsupported);
  CHECK_THAT(r.verdict_reason, Catch::Contains("WSAENOPROTOOPT"));
  CHECK(r.expectation_held == true);
  UdpReport other = windows_report(10055);  // WSAENOBUFS says nothing about the provider
  conclude_udp(other, {});
  CHECK(other.verdict == Verdict::unknown);
}

TEST_CASE("Windows: MSG_CTRUNC or a malformed buffer without records is unknown", "[udp]") {
  UdpReport r = windows_report();
  r.datagram.control_truncated = true;
  conclude_udp(r, {});
  CHECK(r.verdict == Verdict::unknown);
  CHECK_THAT(r.verdict_reason, Catch::Contains("MSG_CTRUNC"));

  UdpReport bad = windows_report();
  put_cmsg(bad.datagram.control, kWindowsX64Cmsg, 0, 19, {1, 2, 3}, 3);
  conclude_udp(bad, {});
  CHECK(bad.verdict == Verdict::unknown);
  CHECK_THAT(bad.verdict_reason, Catch::Contains("length-below-header"));

  // Records that arrived whole decide, even with the flag set.
  UdpReport cut = windows_report();
  cut.datagram.control_truncated = true;
  put_cmsg(cut.datagram.control, kWindowsX64Cmsg, 0, 60, kRecords);
  conclude_udp(cut, {});
  CHECK(cut.verdict == Verdict::redirected);
}

TEST_CASE("Windows: a failed receive is unknown and matches error:X", "[udp]") {
  UdpReport r = windows_report();
  r.datagram.error = 10054;
  conclude_udp(r, *parse_expectation("error:WSAECONNRESET"));
  CHECK(r.verdict == Verdict::unknown);
  CHECK(r.expectation_held == true);
}

TEST_CASE("Windows: an empty records message is read as none", "[udp]") {
  UdpReport r = windows_report();
  put_cmsg(r.datagram.control, kWindowsX64Cmsg, 41, 60, {});
  conclude_udp(r, {});
  CHECK(r.verdict == Verdict::not_redirected);
  CHECK_THAT(r.verdict_reason, Catch::Contains("IPV6_WFP_REDIRECT_RECORDS with no data"));
}

TEST_CASE("Linux: the original destination decides as for a TPROXY listener", "[udp]") {
  UdpReport r = linux_report("127.0.0.1:5353", ep("10.0.0.9:53"));
  conclude_udp(r, *parse_expectation("redirected"));
  REQUIRE(r.original_dst);
  CHECK(format_endpoint(*r.original_dst) == "10.0.0.9:53");
  CHECK(r.verdict == Verdict::redirected);
  CHECK(r.expectation_held == true);

  UdpReport own = linux_report("127.0.0.1:5353", ep("127.0.0.1:5353"));
  conclude_udp(own, {});
  CHECK(own.verdict == Verdict::not_redirected);

  // A wildcard socket: the port tells.
  UdpReport any = linux_report("0.0.0.0:5353", ep("192.0.2.1:5353"));
  conclude_udp(any, {});
  CHECK(any.verdict == Verdict::not_redirected);
  UdpReport any_other = linux_report("0.0.0.0:5353", ep("192.0.2.1:53"));
  conclude_udp(any_other, {});
  CHECK(any_other.verdict == Verdict::redirected);
}

TEST_CASE("Linux: no original destination message is unknown", "[udp]") {
  UdpReport r = linux_report("127.0.0.1:5353", ep("127.0.0.1:5353"));
  r.datagram.control.clear();
  conclude_udp(r, {});
  CHECK(r.verdict == Verdict::unknown);
  r.socket.options[0].call.ret = -1;
  r.socket.options[0].call.error = 92;
  conclude_udp(r, {});
  CHECK(r.verdict == Verdict::unsupported);
}

TEST_CASE("UDP JSON carries the socket, the datagram and each control message", "[udp][render]") {
  UdpReport r = windows_report();
  put_cmsg(r.datagram.control, kWindowsX64Cmsg, 0, 60, kRecords);
  r.datagram.control.insert(r.datagram.control.end(), {1, 2, 3});  // a cut header after it
  conclude_udp(r, {});
  const std::string doc = render_udp_json(r, Lang::en, "windows");
  // The header first (docs/schema/README.md).
  CHECK_THAT(doc, Catch::StartsWith(R"({"schema_version":1,"type":"datagram",)"));
  const auto j = nlohmann::json::parse(doc);
  CHECK(j["protocol"] == "udp");
  CHECK(j["socket"]["options"][0]["name"] == "IP_WFP_REDIRECT_RECORDS");
  CHECK(j["socket"]["options"][0]["level_name"] == "IPPROTO_IP");
  CHECK(j["socket"]["options"][0]["ok"] == true);
  CHECK(j["datagram"]["source"] == "127.0.0.1:40000");
  CHECK(j["datagram"]["size"] == 5);
  CHECK(j["datagram"]["control_length"] == 59);
  const auto& ms = j["control_messages"];
  REQUIRE(ms.size() == 2);
  CHECK(ms[0]["type_name"] == "IP_WFP_REDIRECT_RECORDS");
  CHECK(ms[0]["length"] == 56);
  CHECK(ms[0]["data_length"] == 40);
  CHECK(ms[0]["data_hex"].get<std::string>().substr(0, 4) == "abab");
  CHECK(ms[0]["fingerprint"].get<std::string>().size() == 16);
  CHECK(ms[1]["problem"] == "truncated-header");
  CHECK(ms[1]["bytes_left"] == 3);
  CHECK(j["verdict"] == "redirected");

  const std::string text = render_udp_text(r, TextStyle{});
  CHECK_THAT(text, Catch::Contains("type IP_WFP_REDIRECT_RECORDS (60), length 56, 40 data bytes"));
  CHECK_THAT(text, Catch::Contains("truncated header, 3 bytes left"));
  CHECK_THAT(text, Catch::Contains("fingerprint"));
  CHECK_THAT(text, Catch::Contains("verdict: redirected"));
}

TEST_CASE("UDP JSON errors carry the catalog's meaning, in the run's language", "[udp][render]") {
  UdpReport r = windows_report(10042);
  r.datagram.error = 10045;
  conclude_udp(r, {});
  const auto en = nlohmann::json::parse(render_udp_json(r, Lang::en, "windows"));
  const auto fr = nlohmann::json::parse(render_udp_json(r, Lang::fr, "windows"));
  const auto& option = en["socket"]["options"][0]["error"];
  CHECK(option["name"] == "WSAENOPROTOOPT");
  CHECK(option["documented"] == false);
  CHECK_THAT(option["meaning"].get<std::string>(), Catch::Contains("socket call"));
  const auto& receive = en["datagram"]["error"];
  CHECK(receive["name"] == "WSAEOPNOTSUPP");
  // Not the records control code's table: setsockopt and the receive are not it.
  CHECK_THAT(receive["meaning"].get<std::string>(), !Catch::Contains("SIO_QUERY_WFP"));
  CHECK_FALSE(receive["meaning"].get<std::string>().empty());
  CHECK(fr["datagram"]["error"]["meaning"] != receive["meaning"]);
  CHECK_THAT(fr["datagram"]["error"]["meaning"].get<std::string>(),
             Catch::Contains("appel de socket"));
}

TEST_CASE("UDP text in French: labels, the verdict in words, the reason", "[udp][render][i18n]") {
  UdpReport r = windows_report();
  put_cmsg(r.datagram.control, kWindowsX64Cmsg, 0, 60, kRecords);
  set_language(Lang::fr);  // the verdict reason is written in the run's language
  conclude_udp(r, {});
  set_language(Lang::en);
  r.socket.mechanism =
      "the WFP redirect control messages of the first datagram, read with WSARecvMsg";
  const std::string fr = render_udp_text(r, TextStyle{false, false, Lang::fr});
  CHECK_THAT(fr, Catch::StartsWith("datagramme 1\u00a0: udp ipv4, sync\n"));
  CHECK_THAT(fr, Catch::Contains(": les messages de contrôle de redirection WFP"));
  CHECK_THAT(fr, Catch::Contains("  de 127.0.0.1:40000, 5 octets, indicateurs 0x0\n"));
  CHECK_THAT(fr, Catch::Contains("longueur 56, 40 octets de données"));
  CHECK_THAT(fr, Catch::Contains("verdict\u00a0: redirigée (le premier datagramme portait "
                                 "IP_WFP_REDIRECT_RECORDS (40 octets))"));
}

TEST_CASE("each backend's UDP mechanism has its French", "[udp][i18n]") {
  // The sentences of platform/linux/udp.cpp and platform/win32/udp.cpp, which
  // render_udp_text looks up by their text.
  for (const char* m :
       {"TPROXY (IP_TRANSPARENT) and the IP_ORIGDSTADDR control message",
        "the IP_ORIGDSTADDR control message (no IP_TRANSPARENT: a tproxy rule cannot hand this "
        "socket datagrams)",
        "the WFP redirect control messages of the first datagram, read with WSARecvMsg"})
    CHECK(tr(Lang::fr, m) != m);
}
