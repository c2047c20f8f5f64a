#pragma once
/// \file udp_report.h
/// The data model of `query --udp`: the socket options that ask for the
/// redirect control messages, and the first datagram of each flow with its
/// control buffer exactly as it came back. The engine (udp_engine.h) walks
/// the buffer (cmsg.h) and draws the verdict (udp_verdict.h); the renderers
/// (render_udp.h) turn it into text or JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/conntrack.h"
#include "model/control_message.h"
#include "model/reason.h"
#include "model/report.h"

namespace wfpredir {

/// One setsockopt that asks for a control message, as it returned.
struct UdpOption {
  std::string name;  ///< "IP_WFP_REDIRECT_RECORDS", "IP_RECVORIGDSTADDR", "IP_TRANSPARENT"
  int level = 0;     ///< the level number passed
  int option = 0;    ///< the option number passed
  CallRecord call;   ///< function "setsockopt": ret and error as returned
  bool ok() const { return call.ret == 0; }
};

/// How a redirect shows on the receiving socket: a value the backend sets
/// and only the renderer words (udp_mechanism_text in render_udp.h).
enum class UdpMechanism : std::uint8_t {
  wfp_control_messages,  ///< Windows: the WFP control messages of the first datagram (WSARecvMsg)
  tproxy_origdstaddr,    ///< Linux, IP_TRANSPARENT asked: TPROXY and IP_ORIGDSTADDR
  origdstaddr,           ///< Linux without IP_TRANSPARENT: IP_ORIGDSTADDR only
  count,                 ///< how many there are (not a mechanism)
};

/// The receiving socket.
struct UdpSocketInfo {
  Family family = Family::ipv4;
  std::optional<IpEndpoint> local;  ///< getsockname after bind
  bool transparent = false;         ///< Linux: IP_TRANSPARENT was asked for
  UdpMechanism mechanism = UdpMechanism::wfp_control_messages;
  std::vector<UdpOption> options;
};

/// One datagram received (or the receive that failed), followed to its end.
struct Datagram {
  Mode mode = Mode::sync;
  std::vector<CallRecord> calls;  ///< every call of this receive, in order
  int error = 0;                  ///< 0: received; else the receive's error
  ErrorDomain domain = ErrorDomain::windows;
  bool pending = false;        ///< the receive first answered WSA_IO_PENDING
  std::optional<ApcInfo> apc;  ///< apc mode: what the completion routine received
  std::optional<IpEndpoint> source;
  std::uint32_t size = 0;             ///< bytes of payload received
  std::uint32_t flags = 0;            ///< the message flags as returned (dwFlags / msg_flags)
  bool data_truncated = false;        ///< MSG_TRUNC: the payload did not fit
  bool control_truncated = false;     ///< MSG_CTRUNC: the control messages did not fit
  std::uint32_t control_offered = 0;  ///< the control buffer's size passed in
  std::vector<std::uint8_t> control;  ///< the control bytes returned (Control.len / msg_controllen)
  CmsgLayout layout = kWindowsX64Cmsg;  ///< how the system lays them out
};

/// One flow's first datagram, its control messages and what they show.
struct UdpReport {
  unsigned index = 0;  ///< 1-based, in order of arrival
  UdpSocketInfo socket;
  Datagram datagram;
  std::vector<ControlMessage> messages;    ///< the walk of datagram.control
  std::optional<IpEndpoint> original_dst;  ///< Linux: from IP_ORIGDSTADDR / IPV6_ORIGDSTADDR
  /// Linux: the flow's conntrack entry, asked with (original destination ->
  /// source), or why there is none; absent where not asked.
  std::optional<ConntrackLookup> conntrack;
  /// Linux, transparent socket: whether the original destination's address
  /// is assigned to an interface of the namespace (false: TPROXY evidence).
  std::optional<bool> local_assigned;
  /// Linux: the eBPF programs that can redirect this flow (analysis/bpf_reach.h;
  /// docs/verdicts.md, E1): any of them turns not-redirected into unknown.
  std::vector<BpfProgram> bpf;
  /// Linux, a sender on this host, when eBPF programs that can redirect are
  /// listed: the process holding its socket, or why it is not known.
  std::optional<ClientLookup> client;
  /// Linux: why the eBPF programs could not be listed (no verdict weighs them).
  std::optional<InventoryError> bpf_error;
  Verdict verdict = Verdict::unknown;
  Reasons verdict_reason;                ///< why (model/reason.h: the renderers word it)
  std::optional<bool> expectation_held;  ///< set when --expect was given
  std::string expectation;
};

}  // namespace wfpredir
