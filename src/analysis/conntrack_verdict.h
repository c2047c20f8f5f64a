#pragma once
/// \file conntrack_verdict.h
/// The Linux kernel's own records as verdict evidence (docs/verdicts.md):
/// conntrack's entry (reply source != original destination proves a
/// destination NAT, on either side of the connection) and, for a transparent
/// listener, a local address that no interface of the namespace holds (TPROXY,
/// whatever the port). SO_ORIGINAL_DST stays a second witness; where the two
/// disagree the report says so.

#include <string>
#include <vector>

#include "analysis/verdict.h"
#include "model/report.h"

namespace wfpredir {

/// The findings \p c carries by itself: conntrack's entry when one was found
/// (redirected or nothing_here) and the TPROXY local-address rule (redirected).
/// Empty where neither was asked (Windows). A missing entry is no finding:
/// SO_ORIGINAL_DST's ENOENT says the same and is classified as inconclusive.
std::vector<Finding> kernel_findings(const ConnectionInfo& c);

/// None when conntrack's entry and the SO_ORIGINAL_DST answer in \p queries
/// tell the same story (or one was not asked); else what differs.
Reasons witnesses_disagree(const std::vector<QueryResult>& queries, const ConnectionInfo& c);

}  // namespace wfpredir
