#pragma once
// Fabricated `query --udp` reports (model/udp_report.h) for the verdict's
// tests (test_udp_verdict.cpp) and the renderer's (test_render_udp.cpp).
#include "cmsg_builder.h"
#include "model/udp_report.h"
#include "support.h"

namespace wfpredir::test {

/// One asking setsockopt as it returned: ok when \p error is 0.
inline UdpOption udp_option(const char* name, int level, int number, int error) {
  UdpOption o;
  o.name = name;
  o.level = level;
  o.option = number;
  o.call.function = "setsockopt";
  o.call.ret = error == 0 ? 0 : -1;
  o.call.error = error;
  return o;
}

/// The records blob of a redirected flow's IP_WFP_REDIRECT_RECORDS message.
inline const std::vector<std::uint8_t> kUdpRecords(40, 0xab);

/// Appends that message (level 0, type 60, kUdpRecords) to \p r's control
/// buffer, in the Windows x64 layout.
inline void put_records(UdpReport& r) {
  put_cmsg(r.datagram.control, kWindowsX64Cmsg, 0, 60, kUdpRecords);
}

/// A Windows socket that asked for both WFP control messages (each refused
/// with \p option_error unless 0) and a 5-byte datagram with no control yet.
inline UdpReport windows_udp_report(int option_error = 0) {
  UdpReport r;
  r.index = 1;
  r.socket.local = ep("127.0.0.1:5353");
  r.socket.mechanism = UdpMechanism::wfp_control_messages;
  r.socket.options = {udp_option("IP_WFP_REDIRECT_RECORDS", 0, 60, option_error),
                      udp_option("IP_WFP_REDIRECT_CONTEXT", 0, 70, option_error)};
  r.datagram.layout = kWindowsX64Cmsg;
  r.datagram.domain = ErrorDomain::windows;
  r.datagram.source = ep("127.0.0.1:40000");
  r.datagram.size = 5;
  r.datagram.control_offered = 4096;
  return r;
}

/// A Linux transparent socket on \p local whose datagram carries
/// IP_ORIGDSTADDR \p dst (IPv4).
inline UdpReport linux_udp_report(const char* local, const IpEndpoint& dst) {
  UdpReport r;
  r.index = 1;
  r.socket.local = ep(local);
  r.socket.transparent = true;
  r.socket.mechanism = UdpMechanism::tproxy_origdstaddr;
  r.socket.options = {udp_option("IP_RECVORIGDSTADDR", 0, 20, 0)};
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

}  // namespace wfpredir::test
