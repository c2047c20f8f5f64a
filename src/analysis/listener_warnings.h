#pragma once
/// \file listener_warnings.h
/// Startup warnings of `query`, `query --udp` and `relay` (Linux): the
/// listener about to wait, compared with the redirect rules doctor sees
/// (inventory.h), so a rule that cannot deliver to it is named before the
/// wait rather than after a silent timeout. Pure.

#include <string>
#include <vector>

#include "model/inventory.h"
#include "model/platform.h"

namespace wfpredir {

/// One sentence per mismatch, in the run's language, without the
/// "wfpredir: warning: " prefix:
///  - a REDIRECT, DNAT or TPROXY (to the incoming address) rule in
///    prerouting for this port, while the listener is bound to a loopback
///    address, which traffic from other hosts never reaches;
///  - a TPROXY rule for this port while the listener is not --transparent;
///  - --transparent without a TPROXY rule for this port, or with one whose
///    mark leads to no policy route (doctor's tproxy-without-route).
/// \p protocol: "tcp" or "udp". Nothing when the inventory has no netfilter view.
std::vector<std::string> listener_warnings(const ListenTarget& listener, std::string_view protocol,
                                           const Inventory& inventory);

}  // namespace wfpredir
