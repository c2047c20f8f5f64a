// The relay's decisions (relay.h): which records to hand on, the order of the
// upstream steps (mark, SET, then connect), the choice of upstream, the loop
// guard, the summary and the exit code.
#include "analysis/relay.h"

#include <fmt/format.h>

#include <algorithm>

#include "text/catalog.h"
#include "text/i18n.h"

namespace wfpredir {

std::string_view to_string(RelayEnd e) {
  switch (e) {
    case RelayEnd::closed:
      return "closed";
    case RelayEnd::client_reset:
      return "client-reset";
    case RelayEnd::upstream_reset:
      return "upstream-reset";
    case RelayEnd::upstream_refused:
      return "upstream-refused";
    case RelayEnd::upstream_unreachable:
      return "upstream-unreachable";
    case RelayEnd::upstream_failed:
      return "upstream-failed";
    case RelayEnd::strict_refused:
      return "strict-refused";
    case RelayEnd::loop_refused:
      return "loop-refused";
    case RelayEnd::no_destination:
      return "no-destination";
    case RelayEnd::query_abandoned:
      return "query-abandoned";
    case RelayEnd::interrupted:
      return "interrupted";
    case RelayEnd::upstream_timeout:
      return "upstream-timeout";
    case RelayEnd::idle_timeout:
      return "idle-timeout";
    case RelayEnd::client_left:
      return "client-left";
    case RelayEnd::no_descriptors:
      return "no-descriptors";
  }
  return "closed";
}

bool is_setup_failure(RelayEnd e) {
  switch (e) {
    case RelayEnd::upstream_refused:
    case RelayEnd::upstream_unreachable:
    case RelayEnd::upstream_failed:
    case RelayEnd::upstream_timeout:
    case RelayEnd::no_descriptors:
    case RelayEnd::strict_refused:
    case RelayEnd::loop_refused:
    case RelayEnd::no_destination:
    case RelayEnd::query_abandoned:
      return true;
    default:
      return false;
  }
}

RecordsToSet records_to_set(const ConnectionReport& query, SetPolicy policy,
                            bool platform_has_set) {
  RecordsToSet r;
  if (!platform_has_set) {
    r.why_not =
        tr("SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS is a Windows control code; on Linux the "
           "relay's upstream connections carry a mark instead");
    return r;
  }
  if (policy == SetPolicy::never) {
    r.why_not = "--set never";
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
    r.why_not = tr("the records query was not issued (--what context)");
  } else if (failed != nullptr) {
    const std::string_view name = error_name(failed->domain, failed->error);
    r.why_not = trf("the records query failed with error {}{}{}", failed->error,
                    name.empty() ? "" : " ", name);
  } else {
    r.why_not = tr("the records query returned no records");
  }
  if (policy == SetPolicy::always) {
    r.issue = true;  // with the 0 bytes that came back
    r.why_not.clear();
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
    part.set_issued = true;
    part.set_input = records.bytes;
    handed_on = call.error == 0 && call.ret == 0;
    part.set_call = call;
    part.calls.push_back(std::move(call));
  } else {
    part.set_skip_reason = records.why_not;
  }
  const bool could_not_hand_on =
      (records.issue && !handed_on) || (!records.issue && records.records_unavailable);
  if (options.strict && platform_has_set && could_not_hand_on) {
    p.refused = RelayEnd::strict_refused;
    p.reason = records.issue ? trf("--strict: SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS failed "
                                   "with error {}",
                                   part.set_call->error)
                             : trf("--strict: no records to hand on ({})", records.why_not);
    return p;
  }
  steps.connect();
  p.connecting = true;
  return p;
}

std::optional<IpEndpoint> choose_upstream(const ConnectionReport& query,
                                          const std::optional<IpEndpoint>& to,
                                          std::string& chosen_by, std::string& why, bool* loops) {
  if (to) {
    chosen_by = "--to";
    return to;
  }
  chosen_by = "original-dst";
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
        why =
            trf("the original destination {} is the relay's own listener: connecting would loop "
                "(a direct connection, or no redirect rule in front of the relay)",
                format_endpoint(dst));
        if (loops != nullptr) *loops = true;
        return std::nullopt;
      }
      return dst;
    }
    if (a != nullptr && a->error != 0) {
      const std::string_view name = error_name(a->domain, a->error);
      why = trf("no original destination (the query failed with error {}{}{}) and no --to",
                a->error, name.empty() ? "" : " ", name);
      return std::nullopt;
    }
  }
  why = tr("no original destination was read and no --to was given");
  return std::nullopt;
}

void LoopGuard::add(std::uint16_t local_port, unsigned index) {
  std::lock_guard lock(m_);
  ports_[local_port] = Own{index, std::nullopt};
}

void LoopGuard::set_address(std::uint16_t local_port, const IpEndpoint& local) {
  std::lock_guard lock(m_);
  const auto it = ports_.find(local_port);
  if (it != ports_.end()) it->second.address = local.normalised();
}

void LoopGuard::remove(std::uint16_t local_port) {
  std::lock_guard lock(m_);
  ports_.erase(local_port);
}

std::optional<unsigned> LoopGuard::came_back(const IpEndpoint& peer) {
  std::lock_guard lock(m_);
  const auto it = ports_.find(peer.port);
  if (it == ports_.end()) return std::nullopt;
  if (it->second.address && !same_endpoint(*it->second.address, peer.normalised()))
    return std::nullopt;
  looped_.push_back(it->second.index);
  return it->second.index;
}

bool out_of_descriptors(ErrorDomain domain, int code) {
  if (domain == ErrorDomain::posix)  // Linux's numbers: EMFILE, ENFILE, ENOBUFS, ENOMEM
    return code == 24 || code == 23 || code == 105 || code == 12;
  return code == 10024 || code == codes::wsaenobufs;  // WSAEMFILE, WSAENOBUFS
}

bool LoopGuard::looped(unsigned index) const {
  std::lock_guard lock(m_);
  return std::find(looped_.begin(), looped_.end(), index) != looped_.end();
}

void RelaySummary::add(const RelayReport& r) {
  ++connections;
  ++ends[r.relay.end];
  if (r.relay.end == RelayEnd::no_descriptors) ++shed;
  bytes_to_upstream += r.relay.to_upstream.bytes;
  bytes_to_client += r.relay.to_client.bytes;
  if (r.relay.set_issued) {
    ++set_issued;
    if (r.relay.set_call && (r.relay.set_call->ret != 0 || r.relay.set_call->error != 0))
      ++set_failed;
  }
}

namespace {

// The way a connection ended, in words (the summary line).
std::string_view end_words(RelayEnd e) {
  switch (e) {
    case RelayEnd::closed:
      return tr("closed cleanly");
    case RelayEnd::client_reset:
      return tr("reset by the client");
    case RelayEnd::upstream_reset:
      return tr("reset by the upstream");
    case RelayEnd::upstream_refused:
      return tr("upstream refused");
    case RelayEnd::upstream_unreachable:
      return tr("upstream unreachable");
    case RelayEnd::upstream_failed:
      return tr("upstream failed");
    case RelayEnd::strict_refused:
      return tr("refused (--strict)");
    case RelayEnd::loop_refused:
      return tr("refused (loop)");
    case RelayEnd::no_destination:
      return tr("no destination");
    case RelayEnd::query_abandoned:
      return tr("refused (a query still pending)");
    case RelayEnd::interrupted:
      return tr("interrupted");
    case RelayEnd::upstream_timeout:
      return tr("upstream timed out");
    case RelayEnd::idle_timeout:
      return tr("idle too long");
    case RelayEnd::client_left:
      return tr("client left before the upstream answered");
    case RelayEnd::no_descriptors:
      return tr("shed (out of descriptors)");
  }
  return "";
}

std::string amount(std::uint64_t bytes) {
  if (bytes >= 1024ull * 1024 * 1024)
    return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
  if (bytes >= 1024ull * 1024)
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024));
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
  return trf("{} bytes", bytes);
}

}  // namespace

std::string summary_line(const RelaySummary& s) {
  std::string text = s.connections == 1 ? trf("{} connection relayed", s.connections)
                                        : trf("{} connections relayed", s.connections);
  std::string_view sep = tr(": ");
  for (const auto& [end, n] : s.ends) {
    text += fmt::format("{}{} {}", sep, n, end_words(end));
    sep = ", ";
  }
  if (s.bytes_to_upstream == s.bytes_to_client)
    text += trf("; {} each way", amount(s.bytes_to_upstream));
  else
    text += trf("; {} to the upstream, {} to the clients", amount(s.bytes_to_upstream),
                amount(s.bytes_to_client));
  if (s.set_issued != 0)
    text +=
        s.set_issued == 1
            ? trf("; records set on {} upstream socket ({} failed)", s.set_issued, s.set_failed)
            : trf("; records set on {} upstream sockets ({} failed)", s.set_issued, s.set_failed);
  if (s.accept_pauses != 0)
    text += trf("; accepting paused {} times ({:.1f} s) for lack of descriptors", s.accept_pauses,
                s.paused_seconds);
  if (s.reports_dropped != 0)
    text += trf("; {} reports dropped (standard output did not keep up)", s.reports_dropped);
  return text;
}

Exit relay_exit(const RelaySummary& s, unsigned expectation_failed, bool expecting) {
  bool reset = false;
  for (const auto& [end, n] : s.ends) {
    if (n == 0) continue;
    if (is_setup_failure(end)) return Exit::setup_failed;
    if (end == RelayEnd::client_reset || end == RelayEnd::upstream_reset) reset = true;
  }
  if (reset) return Exit::unknown;
  if (expecting && expectation_failed != 0) return Exit::expectation_failed;
  return Exit::ok;
}

}  // namespace wfpredir
