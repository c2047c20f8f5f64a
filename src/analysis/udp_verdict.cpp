// The verdict of a UDP flow (udp_verdict.h). The Linux rule is the TCP
// original-destination rule itself (classify in verdict.cpp), fed with the
// address the control message carries; the Windows rule reads the WFP
// control messages as the TCP rule reads the control codes' answers
// (docs/winsock-contract.md#udp).
#include "analysis/udp_verdict.h"
#include "parse/cmsg.h"

#include "analysis/conntrack_verdict.h"

#include <algorithm>

namespace wfpredir {
namespace {

bool is_asking(const UdpOption& o, FamilyNumbers numbers) {
  // The options that ask for a control message (IP_TRANSPARENT does not).
  return numbers == FamilyNumbers::windows ? o.name.find("WFP_REDIRECT") != std::string::npos
                                           : o.name.find("ORIGDSTADDR") != std::string::npos;
}

// An answer that means "this socket's provider does not have the option".
bool means_unsupported(const CallRecord& c, FamilyNumbers numbers) {
  if (numbers == FamilyNumbers::linux) return c.error == codes::linux_enoprotoopt;
  return c.error == codes::wsaenoprotoopt || c.error == codes::wsaeinval ||
         c.error == codes::wsaeopnotsupp;
}

std::optional<Reason> truncation_reason(const UdpReport& r) {
  if (r.datagram.control_truncated)
    return reason(ReasonKind::udp_control_truncated, r.datagram.control_offered);
  for (const ControlMessage& m : r.messages)
    if (m.problem != CmsgProblem::none)
      return reason(ReasonKind::udp_control_malformed, m.offset, to_string(m.problem));
  return std::nullopt;
}

VerdictResult decide_linux(const UdpReport& r) {
  const FamilyNumbers numbers = FamilyNumbers::linux;
  // The kernel's records first (R1, R2 of docs/verdicts.md): a destination
  // NAT in conntrack's entry, or a transparent socket's datagram addressed to
  // an address no interface here holds.
  {
    ConnectionInfo k;
    k.protocol = "udp";
    k.transparent = r.socket.transparent;
    k.local = r.original_dst;
    k.conntrack = r.conntrack;
    k.local_assigned = r.local_assigned;
    for (const Finding& f : kernel_findings(k))
      if (f.evidence == Evidence::redirected) return {Verdict::redirected, {f.reason}};
  }
  if (r.original_dst) {
    // The same question as a TPROXY listener's: is the destination the
    // socket's own address? A wildcard socket's own address is whichever of
    // the host's addresses the datagram was sent to, so only the port tells.
    QueryResult q;
    q.kind = QueryKind::original_dst;
    Attempt a;
    a.domain = ErrorDomain::posix;
    a.original_dst = r.original_dst;
    for (const ControlMessage& m : r.messages)
      if (meaning_of(numbers, m.level, m.type) == CmsgMeaning::original_dst) {
        a.mechanism = std::string(cmsg_type_name(numbers, m.level, m.type));
        a.bytes = static_cast<std::uint32_t>(m.data.size());
        break;
      }
    q.attempts.push_back(std::move(a));
    ConnectionInfo c;
    c.protocol = "udp";
    c.listener = r.socket.local;
    c.local = r.socket.local;
    if (c.local && c.local->is_wildcard() && reaches_listener(*r.original_dst, *c.local))
      c.local = r.original_dst;
    const Finding f = classify(q, c);
    if (f.evidence == Evidence::redirected) return {Verdict::redirected, {f.reason}};
    if (f.evidence == Evidence::nothing_here) return {Verdict::not_redirected, {f.reason}};
    return {Verdict::unknown, {f.reason}};
  }
  if (r.datagram.error != 0)
    return {
        Verdict::unknown,
        {reason(ReasonKind::udp_recvmsg_failed, ReasonError{r.datagram.domain, r.datagram.error})}};
  for (const UdpOption& o : r.socket.options)
    if (is_asking(o, numbers) && !o.ok() && o.call.error == codes::linux_enoprotoopt)
      return {Verdict::unsupported, {reason(ReasonKind::udp_option_enoprotoopt, o.name)}};
  if (auto why = truncation_reason(r)) return {Verdict::unknown, {*why}};
  return {Verdict::unknown, {reason(ReasonKind::udp_no_origdstaddr)}};
}

VerdictResult decide_windows(const UdpReport& r) {
  const FamilyNumbers numbers = FamilyNumbers::windows;
  std::optional<Reason> empty_message;
  for (const ControlMessage& m : r.messages) {
    const CmsgMeaning meaning = meaning_of(numbers, m.level, m.type);
    if (m.problem == CmsgProblem::truncated_header ||
        (meaning != CmsgMeaning::wfp_records && meaning != CmsgMeaning::wfp_context))
      continue;
    const std::string_view name = cmsg_type_name(numbers, m.level, m.type);
    if (!m.data.empty())
      return {Verdict::redirected,
              {reason(ReasonKind::udp_wfp_carried, name, m.data.size(),
                      m.problem == CmsgProblem::none ? ReasonWord::none
                                                     : ReasonWord::cut_at_buffer_end)}};
    // As a control code answering 0 bytes: public code reads it as "none"
    // (docs/winsock-contract.md#contradictions-in-the-reference-page, item 6).
    empty_message = reason(ReasonKind::udp_wfp_empty, name,
                           meaning == CmsgMeaning::wfp_records ? ReasonWord::redirect_records
                                                               : ReasonWord::redirect_context);
  }
  if (r.datagram.error != 0)
    return {Verdict::unknown,
            {reason(ReasonKind::udp_wsarecvmsg_failed,
                    ReasonError{r.datagram.domain, r.datagram.error})}};
  if (auto why = truncation_reason(r)) return {Verdict::unknown, {*why}};
  if (empty_message) return {Verdict::not_redirected, {*empty_message}};
  const UdpOption* refused = nullptr;
  bool any_asked = false;
  for (const UdpOption& o : r.socket.options) {
    if (!is_asking(o, numbers)) continue;
    if (o.ok()) any_asked = true;
    if (!o.ok() && refused == nullptr) refused = &o;
  }
  if (!any_asked) {
    if (refused == nullptr) return {Verdict::unknown, {reason(ReasonKind::udp_not_asked)}};
    const ReasonError error{ErrorDomain::windows, refused->call.error};
    if (means_unsupported(refused->call, numbers))
      return {Verdict::unsupported,
              {reason(ReasonKind::udp_option_unsupported, refused->name, error)}};
    return {Verdict::unknown, {reason(ReasonKind::udp_option_failed, refused->name, error)}};
  }
  // The socket asked, and the first datagram of a redirected flow carries
  // the records (docs/winsock-contract.md#udp).
  return {Verdict::not_redirected, {reason(ReasonKind::udp_no_wfp_message)}};
}

}  // namespace

std::optional<IpEndpoint> udp_original_dst(const UdpReport& r) {
  if (r.datagram.layout.numbers != FamilyNumbers::linux) return std::nullopt;
  for (const ControlMessage& m : r.messages) {
    if (m.problem != CmsgProblem::none ||
        meaning_of(FamilyNumbers::linux, m.level, m.type) != CmsgMeaning::original_dst)
      continue;
    if (auto e = read_sockaddr(m.data, 0, FamilyNumbers::linux)) return e;
  }
  return std::nullopt;
}

VerdictResult decide_udp_verdict(const UdpReport& r) {
  return r.datagram.layout.numbers == FamilyNumbers::linux ? decide_linux(r) : decide_windows(r);
}

std::optional<bool> udp_expectation_held(const UdpReport& r, const Expectation& expect) {
  switch (expect.kind) {
    case Expectation::Kind::none:
      return std::nullopt;
    case Expectation::Kind::redirected:
      return r.verdict == Verdict::redirected;
    case Expectation::Kind::not_redirected:
      return r.verdict == Verdict::not_redirected;
    case Expectation::Kind::error:
      break;
  }
  const auto matches = [&](ErrorDomain domain, int code) {
    return code == expect.code && (!expect.domain || *expect.domain == domain);
  };
  if (r.datagram.error != 0) return matches(r.datagram.domain, r.datagram.error);
  bool any = false;
  const ErrorDomain domain =
      r.datagram.layout.numbers == FamilyNumbers::linux ? ErrorDomain::posix : ErrorDomain::windows;
  for (const UdpOption& o : r.socket.options) {
    if (!is_asking(o, r.datagram.layout.numbers)) continue;
    if (o.ok() || !matches(domain, o.call.error)) return false;
    any = true;
  }
  return any;
}

void conclude_udp(UdpReport& r, const Expectation& expect) {
  r.messages = walk_control(r.datagram.control, r.datagram.layout);
  r.original_dst = udp_original_dst(r);
  VerdictResult v = decide_udp_verdict(r);
  weigh_bpf(v, r.bpf, r.client ? &*r.client : nullptr, r.bpf_error ? &*r.bpf_error : nullptr);
  r.verdict = v.verdict;
  r.verdict_reason = std::move(v.reasons);
  r.expectation = expect.text;
  r.expectation_held = udp_expectation_held(r, expect);
}

}  // namespace wfpredir
