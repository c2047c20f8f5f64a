#pragma once
/// \file reason.h
/// Evidence without sentences: why a verdict was drawn, what the buffer
/// policy did, where two witnesses disagree, kept as values. The analysis
/// names a ReasonKind and the facts it cites (names, numbers, endpoints,
/// an error, a word from a closed list), none of them in any language; only
/// render/render_reason.h words a Reason, in the run's language, with one
/// phrase per kind written once there (README.md, "Design").

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "text/error_codes.h"

namespace wfpredir {

/// What a reason says; its English phrase is in render_reason.cpp.
enum class ReasonKind : std::uint8_t {
  // One redirect query's answer (analysis/verdict.cpp): name, ...
  query_returned_bytes,  ///< name, bytes, mode
  query_zero_bytes,      ///< name, what (ReasonWord)
  query_opnotsupp,       ///< name
  query_einval,          ///< name, what
  query_not_found,       ///< name, what
  query_failed,          ///< name, mode, error
  query_timed_out,       ///< name, mode
  query_interrupted,     ///< name, mode
  no_query,              ///< -
  verbatim,              ///< words from elsewhere, shown as given (a query's skip reason)
  // The original destination's answer (analysis/verdict.cpp).
  odst_unreadable,        ///< mechanism, bytes
  odst_connecting_side,   ///< mechanism, destination
  odst_not_local,         ///< destination, mechanism, local address
  odst_not_listener,      ///< destination, mechanism, listener
  odst_own_address,       ///< mechanism, destination
  odst_listener_address,  ///< destination, mechanism
  odst_enoent,            ///< -
  odst_enoprotoopt,       ///< -
  odst_wsaenoprotoopt,    ///< -
  odst_failed,            ///< error
  // The kernel's records (analysis/conntrack_verdict.cpp).
  tproxy_unassigned,          ///< address
  conntrack_dnat,             ///< reply source, original destination
  conntrack_no_dnat,          ///< original destination
  witness_no_entry,           ///< SO_ORIGINAL_DST's answer
  witness_other_destination,  ///< SO_ORIGINAL_DST's answer, conntrack's original destination
  witness_enoent_but_entry,   ///< -
  // eBPF (weigh_bpf in analysis/verdict.cpp).
  bpf_not_listed,       ///< operation, message
  bpf_can_redirect,     ///< -
  bpf_client_on_path,   ///< pid, command, cgroup
  bpf_client_off_path,  ///< pid, command, cgroup
  bpf_client_unknown,   ///< why (English, from the platform)
  // A socket of `connections` (analysis/connections.cpp; docs/connections.md).
  conn_reply_elsewhere,      ///< -
  conn_own_sent_elsewhere,   ///< -
  conn_tproxy_local,         ///< -
  conn_reply_from_original,  ///< -
  conn_entry_mismatch,       ///< -
  conn_odst_elsewhere,       ///< -
  conn_odst_local,           ///< -
  conn_odst_peer,            ///< -
  conn_no_entry,             ///< -
  conn_conntrack_not_asked,  ///< -
  conn_records_owner_only,   ///< - (Windows: no witness is readable from outside the owner)
  // A UDP flow's first datagram (analysis/udp_verdict.cpp).
  udp_control_truncated,   ///< control buffer size
  udp_control_malformed,   ///< offset, problem (a token)
  udp_recvmsg_failed,      ///< error
  udp_option_enoprotoopt,  ///< option
  udp_no_origdstaddr,      ///< -
  udp_wfp_carried,         ///< message name, bytes, cut (ReasonWord)
  udp_wfp_empty,           ///< message name, what
  udp_wsarecvmsg_failed,   ///< error
  udp_not_asked,           ///< -
  udp_option_unsupported,  ///< option, error
  udp_option_failed,       ///< option, error
  udp_no_wfp_message,      ///< -
  // The buffer policy (analysis/buffer_policy.cpp).
  probe_over_cap,         ///< bytes needed, cap
  probe_asked_again,      ///< bytes needed, bytes needed
  probe_no_size,          ///< -
  auto_over_cap,          ///< size, next size, cap
  auto_retried_returned,  ///< size, next size
  auto_retried_doubled,   ///< size, next size
  // Why a query, a mode or the records' hand-over was not done (Platform::why_not,
  // run/engine.cpp, analysis/relay_plan.cpp).
  wfp_code_not_on_linux,   ///< - (SIO_QUERY_WFP_* on Linux)
  event_not_on_linux,      ///< -
  apc_not_on_linux,        ///< -
  every_kind_on_windows,   ///< -
  every_mode_on_windows,   ///< -
  interrupted_before,      ///< - (Ctrl-C before the query was issued)
  set_not_on_linux,        ///< - (SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS on Linux)
  set_never,               ///< - ("--set never", worded as the option)
  set_records_not_issued,  ///< -
  set_records_failed,      ///< code, separator, name (the name may be "")
  set_records_none,        ///< -
  // How a relayed connection ended (RelayPart::end_reason: platform/relay_session.cpp,
  // run/relay_run.cpp, analysis/relay_plan.cpp). A system message is the
  // system's own text, kept as it came.
  relay_closed,                    ///< -
  relay_accepted_socket,           ///< system message
  relay_call_failed,               ///< call ("socket", "bind", "connect"), system message
  relay_no_descriptor,             ///< system message
  relay_connect_timeout,           ///< upstream, milliseconds
  relay_idle_timeout,              ///< milliseconds
  relay_client_reset_connecting,   ///< system message
  relay_client_closed_connecting,  ///< -
  relay_client_read,               ///< system message
  relay_client_write,              ///< system message
  relay_upstream_read,             ///< system message
  relay_upstream_write,            ///< system message
  relay_terminated,                ///< - (SIGTERM, or the console closing)
  relay_interrupted,               ///< - (Ctrl-C)
  relay_query_abandoned,           ///< -
  relay_came_back,                 ///< the connection whose upstream socket it came from
  relay_own_listener,              ///< the original destination
  relay_no_odst_failed,            ///< code, separator, name (the name may be "")
  relay_no_odst,                   ///< -
  // Where the modes of one query kind answered differently (Agreement::differences,
  // analysis/verdict.cpp): one per mode.
  agreement_bytes,        ///< mode, bytes
  agreement_timeout,      ///< mode
  agreement_interrupted,  ///< mode
  agreement_error,        ///< mode, code (an error without a name)
  agreement_error_named,  ///< mode, code, name
  // What to do next, after `query` (analysis/next_step.cpp).
  next_port_held,                   ///< port, pid, process (or ReasonWord::name_unknown), addresses
  next_port_in_use,                 ///< port
  next_port_in_use_by,              ///< port, listening on, why the process is unknown
  next_no_connection,               ///< listener
  next_no_connection_within,        ///< listener, seconds
  next_rule_other_port,             ///< action, where, rule's port, listener's port
  next_rule_tproxy,                 ///< where
  next_rule_loopback,               ///< action, where, listener
  next_no_rule,                     ///< port, port
  next_no_wfp_filter,               ///< -
  next_connection_unknown,          ///< connection number
  next_connections_unknown,         ///< connection numbers ("2, 5")
  next_connection_not_redirected,   ///< connection number
  next_connections_not_redirected,  ///< connection numbers
  next_unknown,                     ///< -
  next_not_redirected,              ///< -
  count,                            ///< how many kinds there are (no reason)
};

/// A word from a closed list that a phrase takes, worded with it.
enum class ReasonWord : std::uint8_t {
  none,               ///< nothing
  redirect_records,   ///< "redirect records"
  redirect_context,   ///< "redirect context"
  cut_at_buffer_end,  ///< ", cut at the buffer's end"
  name_unknown,       ///< "name unknown" (a process's)
};

/// An error a phrase cites: worded "NAME (code)", or "error code" when the
/// code has no name.
struct ReasonError {
  ErrorDomain domain = ErrorDomain::windows;
  int code = 0;
  bool operator==(const ReasonError&) const = default;
};

/// One fact a phrase cites: text in no language (a name, a number, an
/// endpoint, a token), an error, or a word of the closed list.
using ReasonArg = std::variant<std::string, ReasonError, ReasonWord>;

/// One reason: its kind and its facts, in the English phrase's order.
struct Reason {
  ReasonKind kind = ReasonKind::no_query;
  std::vector<ReasonArg> args;
  bool operator==(const Reason&) const = default;
};

namespace detail {
inline ReasonArg reason_arg(std::string_view text) { return std::string(text); }
inline ReasonArg reason_arg(ReasonError error) { return error; }
inline ReasonArg reason_arg(ReasonWord word) { return word; }
template <class N>
requires std::is_integral_v<N> ReasonArg reason_arg(N n) { return std::to_string(n); }
}  // namespace detail

/// reason(ReasonKind::query_returned_bytes, name, 24, "sync"): numbers
/// become their decimal digits, text is copied.
template <class... A>
Reason reason(ReasonKind kind, const A&... args) {
  return Reason{kind, {detail::reason_arg(args)...}};
}

/// Several reasons, worded one after the other with "; " between them;
/// empty when there is none.
using Reasons = std::vector<Reason>;

/// Reasons in words, in the run's language: what a rule below the renderers
/// is handed when it must build a sentence around one (render_reason.h's
/// reason_text, bound to the run's Lang).
using ReasonWords = std::function<std::string(const Reasons&)>;

}  // namespace wfpredir
