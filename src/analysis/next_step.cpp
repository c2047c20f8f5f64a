// next_step.h: from the facts of a run to what the engineer does next. Each
// rule names the evidence it rests on (the process holding the port, the
// rule whose target port differs, the listener's address).
#include "analysis/next_step.h"

#include <fmt/format.h>

#include <algorithm>

namespace wfpredir {
namespace {

bool is_loopback(const IpEndpoint& e) {
  const IpEndpoint n = e.normalised();
  if (n.family == Family::ipv4) return n.address[0] == 127;
  return std::all_of(n.address.begin(), n.address.begin() + 15,
                     [](std::uint8_t b) { return b == 0; }) &&
         n.address[15] == 1;
}

std::string where(const NetfilterRule& r) {
  return fmt::format("{} {} {}{}", r.family, r.table, r.chain,
                     r.match.empty() ? "" : " (" + r.match + ")");
}

// Traffic that arrives from another host enters at prerouting; REDIRECT and
// DNAT to the primary address send it to the interface's address, which a
// listener on 127.0.0.1 never sees.
bool reaches_only_wildcard(const NetfilterRule& r) {
  if (r.hook != "prerouting") return false;
  if (r.action == "redirect") return true;
  if (r.action == "dnat" || r.action == "tproxy") {
    const auto to = parse_ip_literal(r.to_address, 0);
    return !to || !is_loopback(*to);
  }
  return false;
}

void rule_steps(const NextStepFacts& f, Reasons& out) {
  if (f.inventory == nullptr || !f.listener) return;
  const IpEndpoint& l = *f.listener;
  bool any_here = false;
  for (const NetfilterRule& r : f.inventory->netfilter) {
    const bool tproxy = r.action == "tproxy" || r.action == "xt:TPROXY";
    if (r.to_port != 0 && r.to_port != l.port) {
      out.push_back(
          reason(ReasonKind::next_rule_other_port, r.action, where(r), r.to_port, l.port));
      continue;
    }
    if (r.to_port == 0 && !matches_dport(r, l.port)) continue;
    any_here = true;
    if (tproxy && !f.transparent) out.push_back(reason(ReasonKind::next_rule_tproxy, where(r)));
    if (!l.is_wildcard() && is_loopback(l) && reaches_only_wildcard(r))
      out.push_back(reason(ReasonKind::next_rule_loopback, r.action, where(r), format_endpoint(l)));
  }
  if (f.timed_out && !any_here && f.inventory->has_netfilter && !f.inventory->netfilter_error)
    out.push_back(reason(ReasonKind::next_no_rule, l.port, l.port));
  if (f.timed_out && f.inventory->has_wfp && !f.inventory->wfp_error && f.inventory->wfp.empty())
    out.push_back(reason(ReasonKind::next_no_wfp_filter));
}

// "1, 4, 5": the connections (numbered from 1) whose verdict is \p v.
std::string connections_with(const std::vector<Verdict>& verdicts, Verdict v, unsigned& n) {
  std::string list;
  n = 0;
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    if (verdicts[i] != v) continue;
    list += fmt::format("{}{}", n++ == 0 ? "" : ", ", i + 1);
  }
  return list;
}

// Several connections: one step per verdict that calls for one, naming them.
void verdict_steps(const NextStepFacts& f, Reasons& out) {
  // A rule that explains the outcome says more than "not redirected".
  const bool rules_said = !out.empty();
  unsigned n = 0;
  const std::string unknown = connections_with(f.verdicts, Verdict::unknown, n);
  if (n > 0)
    out.push_back(
        reason(n == 1 ? ReasonKind::next_connection_unknown : ReasonKind::next_connections_unknown,
               unknown));
  const std::string not_redirected = connections_with(f.verdicts, Verdict::not_redirected, n);
  if (rules_said) return;
  if (n > 0)
    out.push_back(reason(n == 1 ? ReasonKind::next_connection_not_redirected
                                : ReasonKind::next_connections_not_redirected,
                         not_redirected));
}

}  // namespace

Reasons next_steps(const NextStepFacts& f) {
  Reasons out;
  if (f.address_in_use && f.listener) {
    const std::uint16_t port = f.listener->port;
    bool named = false;
    // One line per process: a proxy listening on 0.0.0.0 and [::] is one owner.
    for (std::size_t i = 0; i < f.owners.size(); ++i) {
      const PortOwner& o = f.owners[i];
      if (o.pid == 0) continue;
      bool seen = false;
      for (std::size_t j = 0; j < i; ++j) seen = seen || f.owners[j].pid == o.pid;
      if (seen) continue;
      std::string addresses = o.listening_on;
      for (std::size_t j = i + 1; j < f.owners.size(); ++j)
        if (f.owners[j].pid == o.pid && f.owners[j].listening_on != o.listening_on)
          addresses += ", " + f.owners[j].listening_on;
      named = true;
      Reason held = reason(ReasonKind::next_port_held, port, o.pid);
      held.args.push_back(o.process.empty() ? ReasonArg(ReasonWord::name_unknown)
                                            : ReasonArg(o.process));
      held.args.push_back(addresses);
      out.push_back(std::move(held));
    }
    if (!named)
      out.push_back(f.owners.empty()
                        ? reason(ReasonKind::next_port_in_use, port)
                        : reason(ReasonKind::next_port_in_use_by, port,
                                 f.owners.front().listening_on, f.owners.front().why_unknown));
    return out;
  }
  if (f.timed_out && f.listener)
    out.push_back(f.timeout
                      ? reason(ReasonKind::next_no_connection_within, format_endpoint(*f.listener),
                               fmt::format("{:g}", f.timeout->count() / 1000.0))
                      : reason(ReasonKind::next_no_connection, format_endpoint(*f.listener)));
  rule_steps(f, out);
  if (f.verdicts.size() > 1) {
    verdict_steps(f, out);
  } else if (f.verdict) {
    switch (*f.verdict) {
      case Verdict::unknown:
        out.push_back(reason(ReasonKind::next_unknown));
        break;
      case Verdict::not_redirected:
        if (out.empty()) out.push_back(reason(ReasonKind::next_not_redirected));
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace wfpredir
