// The relay's model (relay.h): the names of its ends, the summary's tally and
// the exit code.
#include "analysis/relay.h"

#include <fmt/format.h>

#include <algorithm>

#include "text/catalog.h"
#include "text/i18n.h"

namespace wfpredir {

std::string_view to_string(UpstreamChoice c) {
  switch (c) {
    case UpstreamChoice::none:
      return "";
    case UpstreamChoice::original_dst:
      return "original-dst";
    case UpstreamChoice::to_option:
      return "--to";
  }
  return "";
}

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

bool out_of_descriptors(ErrorDomain domain, int code) {
  if (domain == ErrorDomain::posix)  // Linux's numbers: EMFILE, ENFILE, ENOBUFS, ENOMEM
    return code == 24 || code == 23 || code == 105 || code == 12;
  return code == 10024 || code == codes::wsaenobufs;  // WSAEMFILE, WSAENOBUFS
}

void RelaySummary::add(const RelayReport& r) {
  ++connections;
  ++ends[r.relay.end];
  if (r.relay.end == RelayEnd::no_descriptors) ++shed;
  bytes_to_upstream += r.relay.to_upstream.bytes;
  bytes_to_client += r.relay.to_client.bytes;
  if (r.relay.set_issued()) {
    ++set_issued;
    if (const CallRecord* c = r.relay.set_call(); c != nullptr && (c->ret != 0 || c->error != 0))
      ++set_failed;
  }
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
