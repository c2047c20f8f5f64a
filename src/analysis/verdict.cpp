// The verdict rules (see verdict.h): what each answer proves, and what a
// connection's answers add up to. Every "nothing here" and "cannot answer"
// below cites the fact it rests on in docs/winsock-contract.md.
#include "analysis/verdict.h"

#include <fmt/format.h>

#include <algorithm>

#include "analysis/bpf_reach.h"
#include "analysis/conntrack_verdict.h"
#include "text/error_names.h"
#include "text/i18n.h"

namespace wfpredir {
namespace {

// A ULONG: the page's smallest acceptable output buffer
// (docs/winsock-contract.md#error-table, WSAEINVAL).
constexpr std::uint32_t kUlongSize = 4;

ReasonError error_of(const Attempt& a) { return {a.domain, a.error}; }

ReasonWord what_of(QueryKind kind) {
  return kind == QueryKind::records ? ReasonWord::redirect_records : ReasonWord::redirect_context;
}

Finding classify_redirect_query(const QueryResult& q, const Attempt& a) {
  const std::string_view name = control_name(q.kind);
  if (a.error == 0) {
    if (a.bytes > 0)
      return {Evidence::redirected,
              reason(ReasonKind::query_returned_bytes, name, a.bytes, to_string(q.mode))};
    // The page says a success never carries 0 bytes; public code reads it as
    // "nothing there" (docs/winsock-contract.md#contradictions-in-the-reference-page, item 6).
    return {Evidence::nothing_here, reason(ReasonKind::query_zero_bytes, name, what_of(q.kind))};
  }
  if (a.domain == ErrorDomain::windows) {
    switch (a.error) {
      case codes::wsaeopnotsupp:
        // Documented: the transport provider lacks the query; Wine, Windows
        // before 8, a layered provider (docs/winsock-contract.md#no-records-no-context).
        return {Evidence::unsupported, reason(ReasonKind::query_opnotsupp, name)};
      case codes::wsaeinval:
        // Documented as "the command does not apply to this type of socket",
        // and observed from the context query of a socket that was not
        // redirected (docs/winsock-contract.md#no-records-no-context). The same
        // code also answers a buffer under a ULONG and, with a larger returned
        // size, a too-small buffer
        // (docs/winsock-contract.md#contradictions-in-the-reference-page):
        // those answers say nothing about the socket.
        if (a.out_size >= kUlongSize && a.bytes <= a.out_size)
          return {Evidence::nothing_here, reason(ReasonKind::query_einval, name, what_of(q.kind))};
        break;
      case codes::not_found:
        // STATUS_NOT_FOUND is the kernel's documented answer for a connection
        // without a redirect records handle; ERROR_NOT_FOUND is its Win32 form
        // (docs/winsock-contract.md#no-records-no-context).
        return {Evidence::nothing_here, reason(ReasonKind::query_not_found, name, what_of(q.kind))};
      default:
        break;
    }
  }
  return {Evidence::inconclusive,
          reason(ReasonKind::query_failed, name, to_string(q.mode), error_of(a))};
}

bool is_getsockopt_mechanism(std::string_view mechanism) {
  return mechanism.empty() || mechanism == "SO_ORIGINAL_DST" || mechanism == "IP6T_SO_ORIGINAL_DST";
}

Finding classify_original_dst(const Attempt& a, const ConnectionInfo& c) {
  if (a.error == 0) {
    const std::string mechanism =
        a.mechanism.empty() ? std::string("SO_ORIGINAL_DST") : a.mechanism;
    if (!a.original_dst)
      return {Evidence::inconclusive, reason(ReasonKind::odst_unreadable, mechanism, a.bytes)};
    const IpEndpoint& dst = *a.original_dst;
    // A connecting socket's own packets are the original direction: the
    // answer is the address it connected to, whether a nat output rule sent
    // them elsewhere or not. Only conntrack's reply tuple tells
    // (conntrack_verdict.h, docs/verdicts.md).
    if (c.side == "connected" && is_getsockopt_mechanism(a.mechanism))
      return {Evidence::inconclusive,
              reason(ReasonKind::odst_connecting_side, mechanism, format_endpoint(dst))};
    // Compared as values: a dual-stack socket reports an IPv4 peer as
    // ::ffff:a.b.c.d, which is the same endpoint as a.b.c.d.
    if (!c.local || !same_endpoint(dst, *c.local))
      return {Evidence::redirected, reason(ReasonKind::odst_not_local, format_endpoint(dst),
                                           mechanism, format_endpoint(c.local))};
    // TPROXY keeps the original destination as the local address: the
    // evidence is that it is not the address the listener is bound to
    // (docs/winsock-contract.md#original-destination).
    if (c.listener && !reaches_listener(dst, *c.listener))
      return {Evidence::redirected, reason(ReasonKind::odst_not_listener, format_endpoint(dst),
                                           mechanism, format_endpoint(c.listener))};
    if (is_getsockopt_mechanism(a.mechanism))
      return {Evidence::nothing_here,
              reason(ReasonKind::odst_own_address, mechanism, format_endpoint(dst))};
    return {Evidence::nothing_here,
            reason(ReasonKind::odst_listener_address, format_endpoint(dst), mechanism)};
  }
  if (a.domain == ErrorDomain::posix) {
    // conntrack: ENOENT = no NAT entry for this connection; ENOPROTOOPT = the
    // option is not registered for the family, nf_conntrack is not there
    // (docs/winsock-contract.md#original-destination).
    // No entry is not "no redirect": an untracked connection (no nat rule
    // loaded in this namespace, notrack, NAT done in another namespace) has none.
    if (a.error == codes::linux_enoent)
      return {Evidence::inconclusive, reason(ReasonKind::odst_enoent)};
    if (a.error == codes::linux_enoprotoopt)
      return {Evidence::unsupported, reason(ReasonKind::odst_enoprotoopt)};
  } else if (a.error == codes::wsaenoprotoopt) {
    // Windows before the option existed (docs/winsock-contract.md#original-destination).
    return {Evidence::unsupported, reason(ReasonKind::odst_wsaenoprotoopt)};
  }
  return {Evidence::inconclusive, reason(ReasonKind::odst_failed, error_of(a))};
}

// Distinct reasons of the findings with evidence \p e, in order.
Reasons reasons_of(const std::vector<Finding>& findings, Evidence e) {
  Reasons seen;
  for (const Finding& f : findings)
    if (f.evidence == e && std::find(seen.begin(), seen.end(), f.reason) == seen.end())
      seen.push_back(f.reason);
  return seen;
}

// What one mode's query came to, for Agreement::differences (q has run).
Reason outcome_of(const QueryResult& q) {
  const std::string_view mode = to_string(q.mode);
  const Attempt* a = q.final_attempt();
  switch (status_of(q)) {
    case QueryStatus::ok:
      return reason(ReasonKind::agreement_bytes, mode, a->bytes);
    case QueryStatus::timeout:
      return reason(ReasonKind::agreement_timeout, mode);
    case QueryStatus::interrupted:
      return reason(ReasonKind::agreement_interrupted, mode);
    case QueryStatus::error:
    case QueryStatus::skipped:
      break;
  }
  const std::string_view name = error_name(a->domain, a->error);
  return name.empty() ? reason(ReasonKind::agreement_error, mode, a->error)
                      : reason(ReasonKind::agreement_error_named, mode, a->error, name);
}

bool same_outcome(const Attempt& x, const Attempt& y) {
  return x.error == y.error && x.domain == y.domain && x.timed_out == y.timed_out &&
         x.interrupted == y.interrupted &&
         (x.error != 0 || (x.bytes == y.bytes && x.data == y.data));
}

}  // namespace

Finding classify(const QueryResult& q, const ConnectionInfo& c) {
  const Attempt* a = q.final_attempt();
  if (a == nullptr) return {Evidence::not_issued, q.skip_reason};
  const std::string_view name = control_name(q.kind);
  if (a->timed_out)
    return {Evidence::stopped, reason(ReasonKind::query_timed_out, name, to_string(q.mode))};
  if (a->interrupted)
    return {Evidence::stopped, reason(ReasonKind::query_interrupted, name, to_string(q.mode))};
  if (q.kind == QueryKind::original_dst) return classify_original_dst(*a, c);
  return classify_redirect_query(q, *a);
}

VerdictResult decide_verdict(const std::vector<QueryResult>& queries, const ConnectionInfo& c) {
  std::vector<Finding> deciding;
  bool redirect_queries_ran = false;
  for (const QueryResult& q : queries)
    if (q.kind != QueryKind::original_dst && q.final_attempt() != nullptr)
      redirect_queries_ran = true;
  // The kernel's records (Linux): conntrack's reply tuple, TPROXY's local address.
  const std::vector<Finding> kernel = kernel_findings(c);
  for (const Finding& f : kernel)
    if (f.evidence == Evidence::redirected) return {Verdict::redirected, {f.reason}};
  for (const QueryResult& q : queries) {
    const Finding f = classify(q, c);
    // Positive evidence of a redirect decides, from whichever query.
    if (f.evidence == Evidence::redirected) return {Verdict::redirected, {f.reason}};
    if (f.evidence == Evidence::not_issued) continue;
    // On Windows the redirect queries are the evidence; SO_ORIGINAL_DST is
    // recent there and its errors say little (docs/winsock-contract.md#original-destination).
    // Where they did not run (Linux), the original destination decides.
    if (redirect_queries_ran && q.kind == QueryKind::original_dst) continue;
    deciding.push_back(f);
  }
  // An entry without destination NAT is positive evidence of none; the
  // SO_ORIGINAL_DST answer is then a second witness (witnesses_disagree).
  for (const Finding& f : kernel)
    if (f.evidence == Evidence::nothing_here) return {Verdict::not_redirected, {f.reason}};
  if (deciding.empty()) return {Verdict::unknown, {reason(ReasonKind::no_query)}};
  for (Evidence e : {Evidence::stopped, Evidence::inconclusive})
    for (const Finding& f : deciding)
      if (f.evidence == e) return {Verdict::unknown, {f.reason}};
  if (std::any_of(deciding.begin(), deciding.end(),
                  [](const Finding& f) { return f.evidence == Evidence::unsupported; }))
    return {Verdict::unsupported, reasons_of(deciding, Evidence::unsupported)};
  return {Verdict::not_redirected, reasons_of(deciding, Evidence::nothing_here)};
}

std::vector<Agreement> agreement_of(const std::vector<QueryResult>& queries) {
  std::vector<Agreement> out;
  for (QueryKind kind : {QueryKind::records, QueryKind::context, QueryKind::original_dst}) {
    std::vector<const QueryResult*> ran;
    for (const QueryResult& q : queries)
      if (q.kind == kind && q.final_attempt() != nullptr) ran.push_back(&q);
    if (ran.size() < 2) continue;
    Agreement ag;
    ag.kind = kind;
    for (const QueryResult* q : ran)
      ag.agree = ag.agree && same_outcome(*ran.front()->final_attempt(), *q->final_attempt());
    if (!ag.agree)
      for (const QueryResult* q : ran) ag.differences.push_back(outcome_of(*q));
    out.push_back(std::move(ag));
  }
  return out;
}

void RunTally::add(const ConnectionReport& report) { add(report.verdict, report.expectation_held); }

void RunTally::add(Verdict verdict, std::optional<bool> expectation_held) {
  ++connections;
  if (verdict == Verdict::unknown) ++unknown;
  if (verdict == Verdict::unsupported) ++unsupported;
  if (expectation_held == false) ++expectation_failed;
}

Exit exit_for(const RunTally& tally, bool expecting) {
  if (expecting) return tally.expectation_failed > 0 ? Exit::expectation_failed : Exit::ok;
  if (tally.unknown > 0) return Exit::unknown;
  if (tally.unsupported > 0) return Exit::unsupported;
  return Exit::ok;
}

void weigh_bpf(VerdictResult& v, const std::vector<BpfProgram>& bpf, const ClientLookup* client,
               const InventoryError* unlisted) {
  if (v.verdict != Verdict::not_redirected) return;
  if (bpf.empty()) {
    if (unlisted)
      v.reasons.push_back(
          reason(ReasonKind::bpf_not_listed, unlisted->operation, unlisted->message));
    return;
  }
  v.verdict = Verdict::unknown;
  v.reasons = {reason(ReasonKind::bpf_can_redirect)};
  if (!client) return;
  const std::optional<ClientProcess>& p = client->process;
  if (p && !p->cgroup.empty())
    v.reasons.push_back(
        reason(client->on_path ? ReasonKind::bpf_client_on_path : ReasonKind::bpf_client_off_path,
               p->pid, p->command, p->cgroup));
  else
    v.reasons.push_back(reason(ReasonKind::bpf_client_unknown, client->reason));
}

}  // namespace wfpredir
