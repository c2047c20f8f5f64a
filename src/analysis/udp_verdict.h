#pragma once
/// \file udp_verdict.h
/// What a UDP flow's first datagram proves (README.md, "query --udp"): the
/// redirect control messages on Windows, the original destination on Linux,
/// judged by the same rules as a TCP connection's (verdict.h) wherever the
/// meaning is the same. Pure functions.

#include "analysis/expectation.h"
#include "analysis/verdict.h"
#include "model/udp_report.h"

namespace wfpredir {

/// The verdict of \p r, from its walked messages, its datagram and its
/// socket options; sets nothing.
VerdictResult decide_udp_verdict(const UdpReport& r);

/// The original destination a Linux datagram carries (IP_ORIGDSTADDR or
/// IPV6_ORIGDSTADDR, the first one that reads), nullopt when none does.
std::optional<IpEndpoint> udp_original_dst(const UdpReport& r);

/// Whether \p r bears \p expect out; nullopt for Kind::none. error:X holds
/// when the receive failed with X, or when every asking setsockopt did.
std::optional<bool> udp_expectation_held(const UdpReport& r, const Expectation& expect);

/// Walks the control buffer, reads the original destination and fills the
/// verdict and the expectation of \p r.
void conclude_udp(UdpReport& r, const Expectation& expect);

}  // namespace wfpredir
