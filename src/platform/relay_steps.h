#pragma once
/// \file relay_steps.h
/// What each platform contributes to the relay's loop (relay_loop.cpp): the
/// upstream steps on a native socket (the mark on Linux, the records on
/// Windows; relay.h has the order), and the number space of its errors.
/// Implemented in linux/relay_upstream.cpp and win32/relay_upstream.cpp.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "analysis/relay.h"
#include "analysis/relay_plan.h"

namespace wfpredir {

/// Whether SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS exists here (Windows).
bool relay_has_set_records();
/// Whether the upstream socket takes the relay's mark (SO_MARK, Linux):
/// where it does not, set_mark records no call.
bool relay_has_mark();
/// The domain of the loop's error codes (errno, or Winsock's).
ErrorDomain relay_error_domain();
/// The bytes the peer of \p native has acknowledged, i.e. received (Linux:
/// TCP_INFO's tcpi_bytes_acked); nullopt where the platform cannot tell
/// (Windows). A connection ended with a reset reports this: what was still
/// queued, or written while its completion was not yet seen, never reached
/// the peer or was not counted yet.
std::optional<std::uint64_t> relay_delivered_bytes(std::uintptr_t native);
/// The function that connected the upstream socket \p native, for the trace:
/// "connect" on Linux; on Windows "ConnectEx" where Asio found it.
std::string_view relay_connect_function(std::uintptr_t native);
/// The steps on the unconnected upstream socket \p native; \p connect starts
/// the loop's asynchronous connect.
std::unique_ptr<UpstreamSteps> make_upstream_steps(std::uintptr_t native,
                                                   std::function<void()> connect);

}  // namespace wfpredir
