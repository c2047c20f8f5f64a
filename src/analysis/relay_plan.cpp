// The relay's decisions for each upstream (relay_plan.h): which records to
// hand on, the order of the upstream steps (mark, SET, then connect) and the
// choice of upstream.
#include "analysis/relay_plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "text/catalog.h"

namespace wfpredir {

RecordsToSet records_to_set(const ConnectionReport& query, SetPolicy policy,
                            bool platform_has_set) {
  RecordsToSet r;
  if (!platform_has_set) {
    r.why_not = reason(ReasonKind::set_not_on_linux);
    return r;
  }
  if (policy == SetPolicy::never) {
    r.why_not = reason(ReasonKind::set_never);
    return r;
  }
  // The first records query that returned bytes: modes that disagree are in
  // the query report's agreement lines.
  const Attempt* failed = nullptr;
  bool issued = false;
  for (const QueryResult& q : query.queries) {
    if (q.kind != QueryKind::records || q.skipped) continue;
    issued = true;
    const Attempt* a = q.final_attempt();
    if (a == nullptr) continue;
    if (a->error == 0 && !a->data.empty()) {
      r.issue = true;
      r.bytes = a->data;
      return r;
    }
    if (a->error != 0 && failed == nullptr) failed = a;
  }
  // A connection shown not to be redirected has nothing to hand on; any
  // other outcome means the records exist or cannot be known.
  r.records_unavailable = query.verdict != Verdict::not_redirected;
  if (!issued) {
    r.why_not = reason(ReasonKind::set_records_not_issued);
  } else if (failed != nullptr) {
    const std::string_view name = error_name(failed->domain, failed->error);
    r.why_not =
        reason(ReasonKind::set_records_failed, failed->error, name.empty() ? "" : " ", name);
  } else {
    r.why_not = reason(ReasonKind::set_records_none);
  }
  if (policy == SetPolicy::always) {
    r.issue = true;  // with the 0 bytes that came back
    r.why_not = {};
  }
  return r;
}

Prepared prepare_upstream(UpstreamSteps& steps, const ConnectionReport& query,
                          const RelayOptions& options, bool platform_has_set, RelayPart& part) {
  Prepared p;
  if (options.mark != 0) {
    if (auto call = steps.set_mark(options.mark)) part.calls.push_back(std::move(*call));
  }
  const RecordsToSet records = records_to_set(query, options.set, platform_has_set);
  bool handed_on = false;
  if (records.issue) {
    CallRecord call = steps.set_records(records.bytes);
    part.set_input = records.bytes;
    handed_on = call.error == 0 && call.ret == 0;
    part.set_call_at = static_cast<int>(part.calls.size());
    part.calls.push_back(std::move(call));
  } else {
    part.set_skip_reason = records.why_not;
  }
  const bool could_not_hand_on =
      (records.issue && !handed_on) || (!records.issue && records.records_unavailable);
  if (options.strict && platform_has_set && could_not_hand_on) {
    p.refused = RelayEnd::strict_refused;
    return p;
  }
  steps.connect();
  p.connecting = true;
  return p;
}

std::optional<IpEndpoint> choose_upstream(const ConnectionReport& query,
                                          const std::optional<IpEndpoint>& to,
                                          UpstreamChoice& chosen_by, Reason& why, bool* loops) {
  if (to) {
    chosen_by = UpstreamChoice::to_option;
    return to;
  }
  chosen_by = UpstreamChoice::original_dst;
  for (const QueryResult& q : query.queries) {
    if (q.kind != QueryKind::original_dst) continue;
    const Attempt* a = q.final_attempt();
    if (a != nullptr && a->error == 0 && a->original_dst) {
      const IpEndpoint dst = *a->original_dst;
      // The connection's own address (a direct connection, or NAT that
      // answers the socket's address): going there is going back to the relay.
      const auto& local = query.connection.local;
      const auto& listener = query.connection.listener;
      // Under TPROXY the local address is the original destination: only one
      // that the listener itself could have received is a loop.
      if (local && same_endpoint(dst, *local) && (!listener || reaches_listener(dst, *listener))) {
        why = reason(ReasonKind::relay_own_listener, format_endpoint(dst));
        if (loops != nullptr) *loops = true;
        return std::nullopt;
      }
      return dst;
    }
    if (a != nullptr && a->error != 0) {
      const std::string_view name = error_name(a->domain, a->error);
      why = reason(ReasonKind::relay_no_odst_failed, a->error, name.empty() ? "" : " ", name);
      return std::nullopt;
    }
  }
  why = reason(ReasonKind::relay_no_odst);
  return std::nullopt;
}

}  // namespace wfpredir
