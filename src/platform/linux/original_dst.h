#pragma once
/// \file original_dst.h
/// The original-destination query of the Linux backend: SO_ORIGINAL_DST at
/// SOL_IP or IP6T_SO_ORIGINAL_DST at SOL_IPV6 (docs/winsock-contract.md#original-destination),
/// and for a TPROXY listener the local address, which TPROXY leaves as the
/// destination the client asked for. Every call goes through the seam.

#include <cstdint>

#include "model/report.h"
#include "platform/linux/connection.h"

namespace wfpredir::linux_backend {

inline constexpr const char* kTproxyMechanism = "IP_TRANSPARENT local address";

/// Issues the query once on \p fd with an optlen of exactly \p out_size (0
/// really passes 0) and records the calls as they returned.
Attempt query_original_dst(int fd, const ConnectionFacts& facts, std::uint32_t out_size);

}  // namespace wfpredir::linux_backend
