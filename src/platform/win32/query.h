#pragma once
/// \file query.h
/// The two ways the Windows backend asks a socket: a redirect control code
/// through WSAIoctl in sync, event or apc mode (overlapped.cpp), and the
/// original destination through getsockopt (original_dst.cpp). Both record
/// every call exactly as it returned. Internal to src/platform/win32.

#include <cstdint>

#include "platform/win32/backend.h"

namespace wfpredir::win32 {

/// Issues \p code on \p s once in \p mode with exactly \p out_size bytes of
/// output buffer and follows it to its final status, within \p io_timeout
/// plus the cancel grace; Ctrl-C cancels it
/// (docs/winsock-contract.md#overlapped-semantics). Memory the system may
/// still write is never freed: an operation whose end was not seen leaves its
/// block allocated, and the attempt says so.
Attempt issue_control(SOCKET s, DWORD code, Mode mode, std::uint32_t out_size, Millis io_timeout);

/// getsockopt(SO_ORIGINAL_DST) at the level of the connection's IP version:
/// SOL_IP for an AF_INET socket or an IPv6 socket whose local address is
/// v4-mapped (\p v4_mapped: a dual-stack listener's IPv4 client), SOL_IPV6
/// otherwise; on an IPv6 socket a failure is followed by the other level and
/// both calls are recorded. At
/// least sizeof(SOCKADDR_STORAGE) bytes whatever \p out_size says (Windows
/// answers a smaller optlen with WSAEFAULT). Always synchronous: a \p mode
/// other than sync is noted.
Attempt query_original_dst(SOCKET s, int family, bool v4_mapped, std::uint32_t out_size, Mode mode);

}  // namespace wfpredir::win32
