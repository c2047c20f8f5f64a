#pragma once
/// \file relay_plan.h
/// The relay's decisions for each connection's upstream: which records to hand
/// on, the order of the upstream steps (mark, then
/// SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, then connect, behind a seam so that
/// tests see the order) and the choice of upstream.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/relay.h"

namespace wfpredir {

/// What must be set on the upstream socket: the bytes the records query
/// returned (exactly), or why nothing is.
struct RecordsToSet {
  bool issue = false;
  std::vector<std::uint8_t> bytes;
  Reason why_not;  ///< when not issued
  /// The records query failed with an error (the chain cannot be honoured):
  /// --strict refuses such a connection.
  bool records_unavailable = false;
};
RecordsToSet records_to_set(const ConnectionReport& query, SetPolicy policy, bool platform_has_set);

/// The seam through which the upstream socket is prepared and connected.
/// Windows sets the records with WSAIoctl; Linux sets the mark.
class UpstreamSteps {
 public:
  virtual ~UpstreamSteps() = default;
  /// SO_MARK \p mark; nullopt when this platform has none.
  virtual std::optional<CallRecord> set_mark(std::uint32_t mark) = 0;
  /// SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS with exactly \p records as input.
  virtual CallRecord set_records(const std::vector<std::uint8_t>& records) = 0;
  /// Starts connecting (the loop completes it).
  virtual void connect() = 0;
};

/// What prepare_upstream decided.
struct Prepared {
  bool connecting = false;          ///< connect() was called
  std::optional<RelayEnd> refused;  ///< strict refusal, when not connecting (why: set_call or
                                    ///< set_skip_reason, which the renderer words)
};

/// Marks, sets the records (before connecting, never after), then connects;
/// or refuses under --strict when the records could not be handed on.
/// Records every call into \p part (calls, set_call_at).
Prepared prepare_upstream(UpstreamSteps& steps, const ConnectionReport& query,
                          const RelayOptions& options, bool platform_has_set, RelayPart& part);

/// The upstream for a connection: --to, else the original destination the
/// query read; nullopt (with \p why) when there is none, and *\p loops set
/// when that is because it would loop.
std::optional<IpEndpoint> choose_upstream(const ConnectionReport& query,
                                          const std::optional<IpEndpoint>& to,
                                          UpstreamChoice& chosen_by, Reason& why,
                                          bool* loops = nullptr);

}  // namespace wfpredir
