#pragma once
/// \file error_codes.h
/// The bottom of the header graph: where an error number comes from, which
/// call returned it, and the few codes the engine, the verdict and doctor
/// reason about, named once. No text and no lookups (those are the catalog's,
/// catalog.h); model headers (report.h, system.h) include only this.

#include <cstdint>

namespace wfpredir {

/// Where an error number comes from. Windows codes (Win32 and Winsock share
/// one number space) are the catalog's subject; POSIX errno values are what
/// the Linux backend reports, always with Linux's numbering.
enum class ErrorDomain : std::uint8_t { windows, posix };

/// Which call returned the code: the reference page's table describes the
/// records control code; the context code's page has the same table; the
/// original-destination query is a getsockopt with meanings of its own; any
/// other socket call (`query --udp`'s setsockopt and receive, `relay`'s
/// upstream calls and SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS) has none.
enum class ErrorContext : std::uint8_t { control_code, context_code, original_dst, socket_call };

/// The codes the engine and doctor reason about. The POSIX values are Linux's:
/// only the Linux backend reports that domain.
namespace codes {
inline constexpr int insufficient_buffer = 122;  ///< ERROR_INSUFFICIENT_BUFFER
inline constexpr int not_found = 1168;           ///< ERROR_NOT_FOUND (STATUS_NOT_FOUND translated)
inline constexpr int wsaefault = 10014;
inline constexpr int wsaeinval = 10022;
inline constexpr int wsaenoprotoopt = 10042;
inline constexpr int wsaeopnotsupp = 10045;
inline constexpr int wsaenobufs = 10055;
inline constexpr int wsaeaddrinuse = 10048;   ///< bind: the port is taken
inline constexpr int linux_eaddrinuse = 98;   ///< bind: the port is taken
inline constexpr int linux_enoent = 2;        ///< SO_ORIGINAL_DST: conntrack has no NAT entry
inline constexpr int linux_enoprotoopt = 92;  ///< SO_ORIGINAL_DST: no conntrack for this family
}  // namespace codes

}  // namespace wfpredir
