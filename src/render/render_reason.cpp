// Reasons in words (render_reason.h). phrase_of() holds each kind's English
// template, the catalog's key; the switch has no default, so a new kind
// without its phrase fails to build (-Wswitch, -Werror).
#include "render/render_reason.h"

#include <fmt/args.h>
#include <fmt/format.h>

#include "analysis/bpf_reach.h"
#include "text/error_names.h"
#include "text/i18n.h"

namespace wfpredir {
namespace {

std::string_view phrase_of(ReasonKind kind, Lang lang) {
  switch (kind) {
    case ReasonKind::query_returned_bytes:
      return tr(lang, "{} returned {} bytes in {} mode");
    case ReasonKind::query_zero_bytes:
      return tr(lang, "{} succeeded with 0 bytes (no {})");
    case ReasonKind::query_opnotsupp:
      return tr(lang, "{} failed with WSAEOPNOTSUPP: the socket's provider does not implement it");
    case ReasonKind::query_einval:
      return tr(lang, "{} answered WSAEINVAL: the query does not apply to this socket (no {})");
    case ReasonKind::query_not_found:
      return tr(lang, "{} answered ERROR_NOT_FOUND (no {})");
    case ReasonKind::query_failed:
      return tr(lang,
                "{} in {} mode failed with {}, which does not tell whether the connection was "
                "redirected");
    case ReasonKind::query_timed_out:
      return tr(lang, "{} in {} mode was still pending after --io-timeout and was cancelled");
    case ReasonKind::query_interrupted:
      return tr(lang, "{} in {} mode was interrupted and cancelled");
    case ReasonKind::no_query:
      return tr(lang, "no query was issued");
    case ReasonKind::verbatim:
      return "{}";  // words from elsewhere, as they were given
    case ReasonKind::odst_unreadable:
      return tr(lang, "{} succeeded, but its {} bytes hold no address wfpredir could read");
    case ReasonKind::odst_connecting_side:
      return tr(lang,
                "on the connecting side {} answers the address connected to ({}), redirected "
                "or not: only conntrack's reply tuple shows a NAT");
    case ReasonKind::odst_not_local:
      return tr(lang, "the original destination {} ({}) differs from the local address {}");
    case ReasonKind::odst_not_listener:
      return tr(lang, "the original destination {} ({}) is not the listener's address {}");
    case ReasonKind::odst_own_address:
      return tr(lang, "{} answered the socket's own address {}");
    case ReasonKind::odst_listener_address:
      return tr(lang, "the original destination {} ({}) is the listener's own address");
    case ReasonKind::odst_enoent:
      return tr(lang,
                "conntrack has no entry for this connection (ENOENT: not tracked in this network "
                "namespace), so nothing here shows whether it was redirected");
    case ReasonKind::odst_enoprotoopt:
      return tr(lang,
                "SO_ORIGINAL_DST failed with ENOPROTOOPT: no NAT tracking (nf_conntrack) for "
                "this address family");
    case ReasonKind::odst_wsaenoprotoopt:
      return tr(lang,
                "SO_ORIGINAL_DST failed with WSAENOPROTOOPT: this Windows does not offer the "
                "option");
    case ReasonKind::odst_failed:
      return tr(lang,
                "SO_ORIGINAL_DST failed with {}, which does not tell whether the connection was "
                "redirected");
    case ReasonKind::tproxy_unassigned:
      return tr(lang,
                "TPROXY: the local address {} is not assigned to any interface of this network "
                "namespace, so the transparent socket took a connection addressed elsewhere");
    case ReasonKind::conntrack_dnat:
      return tr(lang,
                "conntrack: the reply comes from {}, not from the original destination {} "
                "(destination NAT)");
    case ReasonKind::conntrack_no_dnat:
      return tr(lang,
                "conntrack tracks the connection and its reply comes from the original "
                "destination {} (no destination NAT)");
    case ReasonKind::witness_no_entry:
      return tr(lang, "SO_ORIGINAL_DST answered {}, but conntrack has no entry for the connection");
    case ReasonKind::witness_other_destination:
      return tr(lang, "SO_ORIGINAL_DST answered {}, conntrack's original destination is {}");
    case ReasonKind::witness_enoent_but_entry:
      return tr(lang,
                "SO_ORIGINAL_DST found no entry (ENOENT), but conntrack has one for the "
                "connection");
    case ReasonKind::bpf_not_listed:
      return tr(lang,
                "eBPF programs could not be listed ({}: {}), so a redirect by one, which leaves "
                "no conntrack trace, is not ruled out");
    case ReasonKind::bpf_can_redirect:
      return tr(lang, kBpfUnknownReason);
    case ReasonKind::bpf_client_on_path:
      return tr(lang,
                "its client, pid {} ({}), is in cgroup {}: a program that can redirect it sits "
                "on its cgroup path");
    case ReasonKind::bpf_client_off_path:
      return tr(lang,
                "its client, pid {} ({}), is in cgroup {}: no program that can redirect it sits "
                "on its cgroup path");
    case ReasonKind::bpf_client_unknown:
      return tr(lang, "its client's cgroup is not known ({}): a program on any cgroup counts");
    case ReasonKind::conn_reply_elsewhere:
      return tr(lang,
                "conntrack: the reply comes from another address than the original destination");
    case ReasonKind::conn_own_sent_elsewhere:
      return tr(lang, "conntrack: this host's own connection was sent to another destination");
    case ReasonKind::conn_tproxy_local:
      return tr(lang, "local address not assigned to any interface: TPROXY delivered it");
    case ReasonKind::conn_reply_from_original:
      return tr(lang, "conntrack: the reply comes from the original destination");
    case ReasonKind::conn_entry_mismatch:
      return tr(lang, "conntrack's entry does not match the socket's addresses");
    case ReasonKind::conn_odst_elsewhere:
      return tr(lang, "SO_ORIGINAL_DST names another destination than the socket's ends");
    case ReasonKind::conn_odst_local:
      return tr(lang, "SO_ORIGINAL_DST is the socket's own local address");
    case ReasonKind::conn_odst_peer:
      return tr(lang, "SO_ORIGINAL_DST is the peer's address: this socket made the connection");
    case ReasonKind::conn_no_entry:
      return tr(lang, "conntrack has no entry for this connection");
    case ReasonKind::conn_conntrack_not_asked:
      return tr(lang, "conntrack could not be asked");
    case ReasonKind::conn_records_owner_only:
      return tr(lang, "redirect records are readable only by the connection's owner");
    case ReasonKind::udp_control_truncated:
      return tr(lang,
                "the control messages did not fit in the {}-byte control buffer (MSG_CTRUNC): "
                "what was cut cannot be read");
    case ReasonKind::udp_control_malformed:
      return tr(lang, "the control buffer is malformed at offset {} ({})");
    case ReasonKind::udp_recvmsg_failed:
      return tr(lang, "recvmsg failed with {}");
    case ReasonKind::udp_option_enoprotoopt:
      return tr(lang, "setsockopt {} failed with ENOPROTOOPT: this kernel does not offer it");
    case ReasonKind::udp_no_origdstaddr:
      return tr(lang,
                "the datagram carried no IP_ORIGDSTADDR or IPV6_ORIGDSTADDR control message, so "
                "its original destination is not known");
    case ReasonKind::udp_wfp_carried:
      return tr(lang, "the first datagram carried {} ({} bytes{})");
    case ReasonKind::udp_wfp_empty:
      return tr(lang, "the first datagram carried {} with no data (no {})");
    case ReasonKind::udp_wsarecvmsg_failed:
      return tr(lang,
                "WSARecvMsg failed with {}, which does not tell whether the flow was redirected");
    case ReasonKind::udp_not_asked:
      return tr(lang, "no setsockopt asked for the control messages");
    case ReasonKind::udp_option_unsupported:
      return tr(lang,
                "setsockopt {} failed with {}: the socket's provider does not offer the redirect "
                "control messages");
    case ReasonKind::udp_option_failed:
      return tr(lang,
                "setsockopt {} failed with {}, which does not tell whether the flow was "
                "redirected");
    case ReasonKind::udp_no_wfp_message:
      return tr(lang,
                "the first datagram carried no IP_WFP_REDIRECT_RECORDS or IP_WFP_REDIRECT_CONTEXT "
                "control message, though the socket asked for them");
    case ReasonKind::probe_over_cap:
      return tr(lang,
                "the 0-byte probe answered that {} bytes are needed, more than the cap of {} that "
                "--buffer N also has; not asked again");
    case ReasonKind::probe_asked_again:
      return tr(lang,
                "the 0-byte probe answered that {} bytes are needed; asked again with exactly {}");
    case ReasonKind::probe_no_size:
      return tr(lang,
                "the 0-byte probe returned no required size, so there was nothing more to ask");
    case ReasonKind::auto_over_cap:
      return tr(lang,
                "the buffer of {} bytes was too small and {} bytes exceed the automatic cap of "
                "{}; use --buffer N to go further");
    case ReasonKind::auto_retried_returned:
      return tr(lang,
                "{} bytes were too small (the answer gave the size); retried with {} as returned");
    case ReasonKind::auto_retried_doubled:
      return tr(lang, "{} bytes were too small (no size given, doubled); retried with {}");
    case ReasonKind::wfp_code_not_on_linux:
      return tr(lang,
                "SIO_QUERY_WFP_* is a Windows control code; on Linux the original destination "
                "(SO_ORIGINAL_DST) is the redirect evidence");
    case ReasonKind::event_not_on_linux:
      return tr(lang,
                "event is a Windows overlapped-I/O mechanism (WSAOVERLAPPED with an event); Linux "
                "getsockopt is synchronous only");
    case ReasonKind::apc_not_on_linux:
      return tr(lang,
                "apc is a Windows overlapped-I/O mechanism (a completion routine run as an APC); "
                "Linux getsockopt is synchronous only");
    case ReasonKind::every_kind_on_windows:
      return tr(lang, "every query kind is available on Windows");
    case ReasonKind::every_mode_on_windows:
      return tr(lang, "every mode is available on Windows");
    case ReasonKind::interrupted_before:
      return tr(lang, "interrupted before this query was issued");
    case ReasonKind::set_not_on_linux:
      return tr(lang,
                "SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS is a Windows control code; on Linux the "
                "relay's upstream connections carry a mark instead");
    case ReasonKind::set_never:
      return "--set never";  // the option as it is typed, in every language
    case ReasonKind::set_records_not_issued:
      return tr(lang, "the records query was not issued (--what context)");
    case ReasonKind::set_records_failed:
      return tr(lang, "the records query failed with error {}{}{}");
    case ReasonKind::set_records_none:
      return tr(lang, "the records query returned no records");
    case ReasonKind::relay_closed:
      return tr(lang, "both sides closed");
    case ReasonKind::relay_accepted_socket:
      return tr(lang, "the accepted socket: {}");
    case ReasonKind::relay_call_failed:
      return tr(lang, "{}: {}");
    case ReasonKind::relay_no_descriptor:
      return tr(lang, "socket: {}: no descriptor for the upstream connection; the client is reset");
    case ReasonKind::relay_connect_timeout:
      return tr(lang, "connect: no answer from {} within {} ms (--connect-timeout)");
    case ReasonKind::relay_idle_timeout:
      return tr(lang, "neither side sent for {} ms (--idle-timeout)");
    case ReasonKind::relay_client_reset_connecting:
      return tr(lang, "the client reset while the upstream connect was pending: {}");
    case ReasonKind::relay_client_closed_connecting:
      return tr(lang, "the client closed while the upstream connect was pending");
    case ReasonKind::relay_client_read:
      return tr(lang, "client read: {}");
    case ReasonKind::relay_client_write:
      return tr(lang, "client write: {}");
    case ReasonKind::relay_upstream_read:
      return tr(lang, "upstream read: {}");
    case ReasonKind::relay_upstream_write:
      return tr(lang, "upstream write: {}");
    case ReasonKind::relay_terminated:
      return tr(lang,
                "the run was ended by SIGTERM (or the console closing) while it relayed: reset");
    case ReasonKind::relay_interrupted:
      return tr(lang, "the run was interrupted (Ctrl-C) while it relayed: reset");
    case ReasonKind::relay_query_abandoned:
      return tr(lang,
                "a query on this socket was still pending after its cancel grace, so the socket "
                "was closed rather than handed to the relay");
    case ReasonKind::relay_came_back:
      return tr(lang,
                "this connection comes from the relay's own upstream socket of connection {}: the "
                "redirect rule caught the relay's own traffic (a loop)");
    case ReasonKind::relay_own_listener:
      return tr(lang,
                "the original destination {} is the relay's own listener: connecting would loop "
                "(a direct connection, or no redirect rule in front of the relay)");
    case ReasonKind::relay_no_odst_failed:
      return tr(lang, "no original destination (the query failed with error {}{}{}) and no --to");
    case ReasonKind::relay_no_odst:
      return tr(lang, "no original destination was read and no --to was given");

    case ReasonKind::agreement_bytes:
      return tr(lang, "{}: {} bytes");
    case ReasonKind::agreement_timeout:
      return tr(lang, "{}: timeout");
    case ReasonKind::agreement_interrupted:
      return tr(lang, "{}: interrupted");
    case ReasonKind::agreement_error:
      return tr(lang, "{}: error {}");
    case ReasonKind::agreement_error_named:
      return tr(lang, "{}: error {} ({})");
    case ReasonKind::next_port_held:
      return tr(lang,
                "Port {} is held by process {} ({}), listening on {}: it is probably the product's "
                "proxy. Stop it while you query, or query another port.");
    case ReasonKind::next_port_in_use:
      return tr(
          lang,
          "Port {} is in use; run as root (Linux) or from an elevated prompt (Windows) to see "
          "which process holds it.");
    case ReasonKind::next_port_in_use_by:
      return tr(lang,
                "Port {} is in use by {}, {}; run as root (Linux) or from an elevated prompt "
                "(Windows) to see which process holds it.");
    case ReasonKind::next_no_connection:
      return tr(lang,
                "No connection arrived on {}: open one through the product now, or check the "
                "rules below.");
    case ReasonKind::next_no_connection_within:
      return tr(lang,
                "No connection arrived on {} within {} s: open one through the product now, or "
                "check the rules below.");
    case ReasonKind::next_rule_other_port:
      return tr(lang,
                "The {} rule in {} sends traffic to port {}, not {}: listen there, or change the "
                "rule.");
    case ReasonKind::next_rule_tproxy:
      return tr(lang,
                "The rule in {} is TPROXY: listen with --transparent, or the kernel does not "
                "deliver the connections to this socket.");
    case ReasonKind::next_rule_loopback:
      return tr(lang,
                "The {} rule in {} redirects traffic arriving on other interfaces, which does not "
                "reach {}: listen on 0.0.0.0 (--bind 0.0.0.0) or the interface's address.");
    case ReasonKind::next_no_rule:
      return tr(lang,
                "No netfilter rule redirects to port {}: add one, for example `nft add rule ip nat "
                "output tcp dport 80 redirect to :{}` (with a nat table and output chain).");
    case ReasonKind::next_no_wfp_filter:
      return tr(lang,
                "No WFP filter redirects connections on this machine: is the product's redirect "
                "enabled?");
    case ReasonKind::next_connection_unknown:
      return tr(lang,
                "connection {}: the answers do not settle it; attach the output of --format json "
                "to the ticket.");
    case ReasonKind::next_connections_unknown:
      return tr(lang,
                "connections {}: the answers do not settle it; attach the output of --format json "
                "to the ticket.");
    case ReasonKind::next_connection_not_redirected:
      return tr(lang,
                "connection {}: not redirected; check that the product's rule matches this traffic "
                "(wfpredir doctor lists the redirect rules).");
    case ReasonKind::next_connections_not_redirected:
      return tr(lang,
                "connections {}: not redirected; check that the product's rule matches this "
                "traffic (wfpredir doctor lists the redirect rules).");
    case ReasonKind::next_unknown:
      return tr(lang,
                "The answers do not settle it: attach the output of --format json to the ticket.");
    case ReasonKind::next_not_redirected:
      return tr(lang,
                "This connection was not redirected: check that the product's rule matches this "
                "traffic (wfpredir doctor lists the redirect rules).");
    case ReasonKind::count:
      break;
  }
  return {};
}

std::string_view word_of(ReasonWord w, Lang lang) {
  switch (w) {
    case ReasonWord::none:
      return {};
    case ReasonWord::redirect_records:
      return tr(lang, "redirect records");
    case ReasonWord::redirect_context:
      return tr(lang, "redirect context");
    case ReasonWord::cut_at_buffer_end:
      return tr(lang, ", cut at the buffer's end");
    case ReasonWord::name_unknown:
      return tr(lang, "name unknown");
  }
  return {};
}

// "WSAENOPROTOOPT (10042)", or "error 10042" when the code has no name.
std::string error_words(const ReasonError& e, Lang lang) {
  const std::string_view name = error_name(e.domain, e.code);
  return name.empty() ? trf(lang, "error {}", e.code) : fmt::format("{} ({})", name, e.code);
}

std::string arg_words(const ReasonArg& a, Lang lang) {
  if (const auto* text = std::get_if<std::string>(&a)) return *text;
  if (const auto* error = std::get_if<ReasonError>(&a)) return error_words(*error, lang);
  return std::string(word_of(std::get<ReasonWord>(a), lang));
}

}  // namespace

std::string reason_text(const Reason& r, Lang lang) {
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (const ReasonArg& a : r.args) args.push_back(arg_words(a, lang));
  return fmt::vformat(phrase_of(r.kind, lang), args);
}

std::string reason_text(const Reasons& rs, Lang lang) {
  std::string out;
  for (const Reason& r : rs) {
    if (!out.empty()) out += tr(lang, "; ");
    out += reason_text(r, lang);
  }
  return out;
}

}  // namespace wfpredir
