// Where the client meant to go, from the evidence that holds an address
// (original_destination.h).
#include "analysis/original_destination.h"

#include "text/error_names.h"
#include "text/i18n.h"

namespace wfpredir {

OriginalDestination original_destination_of(const ConnectionReport& r) {
  OriginalDestination out;
  const QueryResult* asked = nullptr;
  for (const QueryResult& q : r.queries) {
    if (q.kind != QueryKind::original_dst) continue;
    if (asked == nullptr || (!asked->succeeded() && q.succeeded())) asked = &q;
    const Attempt* a = q.final_attempt();
    if (a == nullptr || a->error != 0 || !a->original_dst) continue;
    out.endpoint = a->original_dst;
    // A TPROXY listener's answer is its own local address (see
    // docs/winsock-contract.md#original-destination), not a getsockopt's.
    out.evidence =
        a->mechanism == "IP_TRANSPARENT local address" ? "tproxy_local_address" : "so_original_dst";
    return out;
  }
  if (asked == nullptr) {
    out.reason = std::string(
        tr("no query that reads an address ran (the redirect records and context are opaque)"));
  } else if (asked->skipped) {
    out.not_asked = asked->skip_reason;
  } else if (const Attempt* a = asked->final_attempt(); a->error != 0) {
    out.reason = trf("SO_ORIGINAL_DST failed with {}", error_name(a->domain, a->error));
  } else {
    out.reason = trf("SO_ORIGINAL_DST succeeded, but its {} bytes hold no address", a->bytes);
  }
  return out;
}

OriginalDestination original_destination_of(const UdpReport& r) {
  OriginalDestination out;
  if (r.original_dst) {
    out.endpoint = r.original_dst;
    out.evidence = "ip_recvorigdstaddr";
  } else {
    out.reason =
        std::string(tr("the datagram carried no control message with an original destination"));
  }
  return out;
}

}  // namespace wfpredir
