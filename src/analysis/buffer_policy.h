#pragma once
/// \file buffer_policy.h
/// The output-buffer policy (--buffer): parsing it, and running one query
/// kind in one mode under it, retrying as README.md's "Buffer sizes" and
/// docs/winsock-contract.md#buffer-sizes describe.

#include <optional>
#include <string_view>

#include "model/platform.h"

namespace wfpredir {

/// Parses "auto", "probe" or a size N (0 = probe, 1..16 MiB).
std::optional<BufferPolicy> parse_buffer_policy(std::string_view text);

/// Whether \p a is a Windows "your buffer was too small" answer: 122 and
/// WSAENOBUFS always; WSAEFAULT and WSAEINVAL only with a returned size larger
/// than the buffer passed (they also mean other things).
bool says_too_small(const Attempt& a);

/// Runs one query kind in one mode under the buffer policy; every attempt is
/// kept, and policy_note says why the policy retried or stopped.
QueryResult run_one(Connection& connection, QueryKind kind, Mode mode, const BufferPolicy& policy,
                    Millis io_timeout);

}  // namespace wfpredir
