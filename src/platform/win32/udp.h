#pragma once
/// \file udp.h
/// `query --udp` on Windows: a UDP socket that asks for the WFP redirect
/// control messages (IP_WFP_REDIRECT_RECORDS / _CONTEXT as BOOL options, per
/// family) and receives each flow's first datagram with WSARecvMsg in sync,
/// event or apc mode (docs/winsock-contract.md#udp). Internal to
/// src/platform/win32; every call goes through the seam (ioctl_seam.h).

#include <memory>
#include <variant>

#include "model/platform.h"

namespace wfpredir::win32 {

/// The control buffer offered to WSARecvMsg: room for real records (which
/// exceed 1 KiB, docs/winsock-contract.md#buffer-sizes) and a context.
inline constexpr unsigned long kUdpControlSize = 16 * 1024;

/// Binds target.bind:target.port (an IPv6 socket dual-stack), sets the four
/// (IPv6: the IPv6 and IPv4) options and fetches WSARecvMsg. \p session keeps
/// Winsock started for as long as the source lives.
std::variant<std::unique_ptr<UdpSource>, SetupError> open_udp(const ListenTarget& target,
                                                              std::shared_ptr<void> session);

}  // namespace wfpredir::win32
