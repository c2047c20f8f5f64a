#pragma once
/// \file original_destination.h
/// The one answer a script wants first: where the client meant to go. Read
/// from whichever piece of evidence in a report holds an address, so that the
/// renderers (the JSON `original_destination` member, the text report's one
/// line) need not dig through every query.

#include <optional>
#include <string>
#include <string_view>

#include "model/report.h"
#include "model/udp_report.h"

namespace wfpredir {

/// The original destination of one connection or flow, or why there is none.
struct OriginalDestination {
  std::optional<IpEndpoint> endpoint;  ///< as the evidence gave it (maybe v4-mapped)
  /// Which evidence gave it: "so_original_dst" (getsockopt SO_ORIGINAL_DST or
  /// IP6T_SO_ORIGINAL_DST), "tproxy_local_address" (an IP_TRANSPARENT
  /// listener's local address), "ip_recvorigdstaddr" (a datagram's
  /// IP_ORIGDSTADDR/IPV6_ORIGDSTADDR control message); empty when none.
  std::string evidence;
  std::string reason;  ///< no endpoint: why, one sentence in the run's language
  /// No endpoint because the original-destination query was skipped: why it
  /// was (the renderer words it, and `reason` is empty).
  std::optional<Reason> not_asked;
};

/// The first address the report's evidence holds: a successful original-
/// destination query (the redirect records and context are opaque).
OriginalDestination original_destination_of(const ConnectionReport& r);
/// A datagram's original destination (Linux control message), or why not.
OriginalDestination original_destination_of(const UdpReport& r);

}  // namespace wfpredir
