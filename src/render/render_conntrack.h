#pragma once
/// \file render_conntrack.h
/// The conntrack evidence of a Linux connection (model/conntrack.h) in text
/// and JSON, shared by the TCP report, `query --udp` and `relay` (not a
/// public header: only render_*.cpp include it).

#include <string>

#include "model/report.h"
#include "text/i18n.h"

namespace wfpredir {

/// The "conntrack" block of a text report: the entry's tuples, status, mark,
/// zone and which NAT it proves, or why there is none; the TPROXY
/// local-address fact; the witnesses' disagreement. "" where nothing was asked.
std::string render_conntrack_text(const ConnectionInfo& c, const std::string& disagree, Lang lang);

namespace json {
/// The `conntrack` object (docs/schema/common.schema.json#/$defs/conntrack)
/// and `local_assigned`, as members of the object being written; nothing
/// where nothing was asked.
template <class W>
void write_conntrack(W& w, const ConnectionInfo& c, Lang lang);
}  // namespace json

}  // namespace wfpredir
