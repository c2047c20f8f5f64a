// The kernel's records as findings (conntrack_verdict.h; rules in docs/verdicts.md).
#include "analysis/conntrack_verdict.h"

namespace wfpredir {
namespace {

const Attempt* original_dst_answer(const std::vector<QueryResult>& queries) {
  for (const QueryResult& q : queries)
    if (q.kind == QueryKind::original_dst && q.final_attempt() != nullptr) return q.final_attempt();
  return nullptr;
}

bool by_getsockopt(const Attempt& a) {
  return a.mechanism == "SO_ORIGINAL_DST" || a.mechanism == "IP6T_SO_ORIGINAL_DST";
}

}  // namespace

std::vector<Finding> kernel_findings(const ConnectionInfo& c) {
  std::vector<Finding> out;
  if (c.transparent && c.local && c.local_assigned == false)
    out.push_back(
        {Evidence::redirected, reason(ReasonKind::tproxy_unassigned, format_address(*c.local))});
  if (c.conntrack && c.conntrack->outcome == ConntrackOutcome::found) {
    const ConntrackEntry& e = *c.conntrack->entry;
    if (e.destination_rewritten())
      out.push_back(
          {Evidence::redirected, reason(ReasonKind::conntrack_dnat, format_endpoint(e.reply.src),
                                        format_endpoint(e.original.dst))});
    else
      out.push_back({Evidence::nothing_here,
                     reason(ReasonKind::conntrack_no_dnat, format_endpoint(e.original.dst))});
  }
  return out;
}

Reasons witnesses_disagree(const std::vector<QueryResult>& queries, const ConnectionInfo& c) {
  const Attempt* a = original_dst_answer(queries);
  if (a == nullptr || !c.conntrack || c.conntrack->outcome == ConntrackOutcome::cannot_ask)
    return {};
  const bool entry = c.conntrack->outcome == ConntrackOutcome::found;
  if (a->error == 0 && by_getsockopt(*a) && a->original_dst) {
    if (!entry) return {reason(ReasonKind::witness_no_entry, format_endpoint(a->original_dst))};
    const IpEndpoint& ct = c.conntrack->entry->original.dst;
    if (!same_endpoint(*a->original_dst, ct))
      return {reason(ReasonKind::witness_other_destination, format_endpoint(a->original_dst),
                     format_endpoint(ct))};
    return {};
  }
  if (entry && a->calls.size() > 0 && a->calls.front().function == "getsockopt" &&
      a->calls.front().error == 2 /* ENOENT */)
    return {reason(ReasonKind::witness_enoent_but_entry)};
  return {};
}

}  // namespace wfpredir
