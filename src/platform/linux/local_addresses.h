#pragma once
/// \file local_addresses.h
/// Whether an address is one of this network namespace's own: assigned to an
/// interface (getifaddrs), or inside a loopback interface's prefix (the
/// kernel answers all of 127.0.0.0/8 on lo). A transparent (TPROXY) socket's
/// local address that is neither is the destination a client asked for and
/// TPROXY diverted, whatever the port (docs/verdicts.md).

#include <optional>

#include "model/endpoint.h"

namespace wfpredir::linux_backend {

/// true: assigned here; false: not; nullopt: getifaddrs failed (errno kept in \p error).
std::optional<bool> address_is_local(const IpEndpoint& address, int* error = nullptr);

}  // namespace wfpredir::linux_backend
