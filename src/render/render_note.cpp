// Notes in words (render_note.h). The switch has no default, so a new kind
// without its phrase fails to build (-Wswitch, -Werror).
#include "render/render_note.h"

#include <fmt/format.h>

#include "model/endpoint.h"
#include "model/report.h"
#include "text/error_names.h"
#include "text/i18n.h"

namespace wfpredir {

std::string note_text(const Note& n, Lang lang) {
  switch (n.kind) {
    case NoteKind::none:
    case NoteKind::count:
      return {};
    case NoteKind::odst_level_ip:
      return std::string(tr(lang, "level SOL_IP, optname SO_ORIGINAL_DST (80)"));
    case NoteKind::odst_level_ipv6:
      return std::string(tr(lang, "level SOL_IPV6, optname IP6T_SO_ORIGINAL_DST (80)"));
    case NoteKind::optlen_larger:
      return trf(lang, "optlen came back larger than the buffer passed, only {} bytes are read",
                 n.a);
    case NoteKind::optlen_as_passed:
      return trf(lang, "optlen came back as passed, the kernel wrote a {}-byte sockaddr", n.a);
    case NoteKind::answer_not_sockaddr:
      return std::string(tr(lang, "the answer is not an IPv4 or IPv6 socket address"));
    case NoteKind::answer_short:
      return std::string(tr(lang, "the answer is shorter than a socket address of its family"));
    case NoteKind::tproxy_local_address:
      return std::string(
          tr(lang,
             "IP_TRANSPARENT listener: TPROXY leaves the original destination as the local "
             "address (read once, when the connection was accepted)"));
    case NoteKind::local_address:
      return std::string(tr(lang, "the connection's local address"));
    case NoteKind::msg_flags:
      return fmt::format("msg_flags 0x{:X}", n.a);  // the field's own name: no words
    case NoteKind::upstream_socket:
      return std::string(tr(lang, "the upstream socket (overlapped on Windows)"));
    case NoteKind::upstream_mark:
      return std::string(tr(lang, "level SOL_SOCKET, optname SO_MARK (36), the relay's mark"));
    case NoteKind::not_a_linux_call:
      return std::string(tr(lang, "not a Linux call"));
    case NoteKind::upstream_set_records:
      return trf(lang,
                 "SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, input {} bytes (the records as "
                 "queried), no output buffer, synchronous",
                 n.a);
    case NoteKind::upstream_bind:
      return trf(lang, "any address, port 0: got port {}", n.a);
    case NoteKind::upstream_connect:
      return trf(lang, "to {}", format_endpoint(n.endpoint));
    case NoteKind::upstream_connect_timeout:
      return trf(lang, "to {}: no answer within --connect-timeout", format_endpoint(n.endpoint));
    case NoteKind::completed_immediately:
      return std::string(tr(lang, "completed immediately"));
    case NoteKind::failed_routine_ran:
      return std::string(tr(lang,
                            "failed at once, and the completion routine ran all the same (an "
                            "alertable zero wait drained it)"));
    case NoteKind::failed_no_routine:
      return std::string(tr(lang,
                            "failed at once; no completion routine was queued (an alertable zero "
                            "wait found none)"));
    case NoteKind::completed_routine_queued:
      return std::string(tr(lang, "completed immediately; the completion routine is still queued"));
    case NoteKind::routine_wait_interrupted:
      return std::string(tr(lang, "interrupted (Ctrl-C) while waiting for the completion routine"));
    case NoteKind::routine_wait_timed_out:
      return trf(lang, "waited the io-timeout of {} ms for the completion routine", n.a);
    case NoteKind::routine_wait_failed:
      return std::string(tr(lang, "the wait for the completion routine failed"));
    case NoteKind::it_did_not_run:
      return std::string(tr(lang, "it did not run"));
    case NoteKind::routine_did_not_run:
      return std::string(tr(lang, "the completion routine did not run"));
    case NoteKind::wait_alertable_failed:
      return std::string(tr(lang, "alertable wait for the completion routine"));
    case NoteKind::wait_event_failed:
      return std::string(tr(lang, "wait for the event of the pending call"));
    case NoteKind::cancel_interrupted:
      return std::string(tr(lang, "interrupted (Ctrl-C) while pending"));
    case NoteKind::cancel_timed_out:
      return trf(lang, "still pending after the io-timeout of {} ms", n.a);
    case NoteKind::cancel_wait_failed:
      return std::string(tr(lang, "the wait for completion failed while pending"));
    case NoteKind::cancel_no_datagram:
      return std::string(tr(lang, "no datagram before --timeout"));
    case NoteKind::cancel_wait_failed_short:
      return std::string(tr(lang, "the wait failed while pending"));
    case NoteKind::event_not_signalled:
      return std::string(
          tr(lang,
             "the call completed (lpOverlapped->Internal is no longer STATUS_PENDING) and its "
             "event was not signalled when that was seen"));
    case NoteKind::not_complete_waiting:
      return std::string(tr(lang, "not complete yet: waiting on"));
    case NoteKind::after_incomplete:
      return trf(lang, "after {} WSA_IO_INCOMPLETE answers", n.a);
    case NoteKind::left_allocated:
      return trf(lang,
                 "the operation was still in flight; its OVERLAPPED and {}-byte buffer were "
                 "left allocated",
                 n.a);
    case NoteKind::overlapped_result_flags:
      return trf(lang, "fWait FALSE, flags 0x{:X}", n.a);
    case NoteKind::select_readable:
      return trf(lang, "after select() found the socket readable ({} slice(s) of waiting before)",
                 n.a);
    case NoteKind::wsamsg_fields:  // the structure's own field names: no words
      return fmt::format("WSAMSG dwFlags 0x{:X}, Control.len {}, namelen {}", n.a, n.b, n.c);
    case NoteKind::set_before_bind:
      return std::string(tr(lang, "set before bind"));
    case NoteKind::set_after_bind: {
      const std::string_view name = error_name(ErrorDomain::windows, static_cast<int>(n.a));
      return trf(lang,
                 "refused before bind ({}), so set after bind: a datagram that arrived in "
                 "between may have come without its records",
                 name.empty() ? std::to_string(n.a) : std::string(name));
    }
    case NoteKind::odst_level_windows:
      return trf(lang, "level {} (0x{:X}), optname SO_ORIGINAL_DST (0x{:X})",
                 n.c != 0 ? "SOL_IPV6" : "SOL_IP", n.a, n.b);
    case NoteKind::v4_mapped_ipv4_first:
      return std::string(
          tr(lang, "an IPv4 connection (v4-mapped) on an IPv6 socket: the IPv4 level first"));
    case NoteKind::other_level:
      return std::string(tr(lang, "the other level, after the first failed"));
    case NoteKind::optlen_storage:
      return trf(lang,
                 "optlen {} (sizeof(SOCKADDR_STORAGE)) rather than the {} asked: a smaller one "
                 "is refused with WSAEFAULT",
                 n.a, n.b);
    case NoteKind::synchronous_although:
      return trf(lang, "issued synchronously although {} mode was asked",
                 to_string(static_cast<Mode>(n.a)));
    case NoteKind::optlen_left:
      return trf(lang, "optlen left at {}", n.a);
    case NoteKind::answer_not_sockaddr_windows:
      return std::string(tr(lang, "the answer is not an IPv4 or IPv6 SOCKADDR"));
  }
  return {};
}

std::string note_text(const Notes& ns, Lang lang) {
  std::string out;
  for (std::size_t i = 0; i < ns.size(); ++i) {
    if (!out.empty()) out += tr(lang, "; ");
    out += note_text(ns[i], lang);
  }
  return out;
}

}  // namespace wfpredir
