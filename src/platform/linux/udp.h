#pragma once
/// \file udp.h
/// `query --udp` on Linux: a UDP socket bound to the listen target that asks
/// for the original destination of each datagram (IP_RECVORIGDSTADDR, and
/// IPV6_RECVORIGDSTADDR on an IPv6 socket), transparent (IP_TRANSPARENT)
/// when asked, so that an nft `tproxy` rule can hand it datagrams addressed
/// elsewhere (docs/winsock-contract.md#udp).

#include <memory>
#include <variant>

#include "model/platform.h"

namespace wfpredir::linux_backend {

/// Binds target.bind:target.port; IP_TRANSPARENT/IPV6_TRANSPARENT first when
/// target.transparent (its failure is the setup's). Modes other than sync
/// are refused by the engine before this is reached.
std::variant<std::unique_ptr<UdpSource>, SetupError> open_udp(const ListenTarget& target);

}  // namespace wfpredir::linux_backend
