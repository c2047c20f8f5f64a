// `relay` as text (render_relay.h): the query's report, then what the relay
// did with the connection: the upstream and how it was chosen, the records
// handed on (SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS), each direction, the end.
#include <fmt/format.h>

#include "render/render_reason.h"
#include "render/render_relay.h"
#include "text/catalog.h"
#include "text/hexdump.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir {
namespace {

std::string flow_text(const RelayFlow& f, ErrorDomain domain, Lang lang) {
  const std::string how = f.eof     ? std::string(tr(lang, "closed (end of stream passed on)"))
                          : f.reset ? trf(lang, "reset, {}", error_label(domain, f.error, lang))
                                    : std::string(tr(lang, "open when the connection ended"));
  return trf(lang, "{} bytes in {:.3f} s, {}", f.bytes, f.seconds, how);
}

}  // namespace

namespace {

// The way a connection ended, in words (the summary line).
std::string_view end_words(RelayEnd e) {
  switch (e) {
    case RelayEnd::closed:
      return tr("closed cleanly");
    case RelayEnd::client_reset:
      return tr("reset by the client");
    case RelayEnd::upstream_reset:
      return tr("reset by the upstream");
    case RelayEnd::upstream_refused:
      return tr("upstream refused");
    case RelayEnd::upstream_unreachable:
      return tr("upstream unreachable");
    case RelayEnd::upstream_failed:
      return tr("upstream failed");
    case RelayEnd::strict_refused:
      return tr("refused (--strict)");
    case RelayEnd::loop_refused:
      return tr("refused (loop)");
    case RelayEnd::no_destination:
      return tr("no destination");
    case RelayEnd::query_abandoned:
      return tr("refused (a query still pending)");
    case RelayEnd::interrupted:
      return tr("interrupted");
    case RelayEnd::upstream_timeout:
      return tr("upstream timed out");
    case RelayEnd::idle_timeout:
      return tr("idle too long");
    case RelayEnd::client_left:
      return tr("client left before the upstream answered");
    case RelayEnd::no_descriptors:
      return tr("shed (out of descriptors)");
  }
  return "";
}

std::string amount(std::uint64_t bytes) {
  if (bytes >= 1024ull * 1024 * 1024)
    return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
  if (bytes >= 1024ull * 1024)
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024));
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
  return trf("{} bytes", bytes);
}

}  // namespace

std::string summary_line(const RelaySummary& s) {
  std::string text = s.connections == 1 ? trf("{} connection relayed", s.connections)
                                        : trf("{} connections relayed", s.connections);
  std::string_view sep = tr(": ");
  for (const auto& [end, n] : s.ends) {
    text += fmt::format("{}{} {}", sep, n, end_words(end));
    sep = ", ";
  }
  if (s.bytes_to_upstream == s.bytes_to_client)
    text += trf("; {} each way", amount(s.bytes_to_upstream));
  else
    text += trf("; {} to the upstream, {} to the clients", amount(s.bytes_to_upstream),
                amount(s.bytes_to_client));
  if (s.set_issued != 0)
    text +=
        s.set_issued == 1
            ? trf("; records set on {} upstream socket ({} failed)", s.set_issued, s.set_failed)
            : trf("; records set on {} upstream sockets ({} failed)", s.set_issued, s.set_failed);
  if (s.accept_pauses != 0)
    text += trf("; accepting paused {} times ({:.1f} s) for lack of descriptors", s.accept_pauses,
                s.paused_seconds);
  if (s.reports_dropped != 0)
    text += trf("; {} reports dropped (standard output did not keep up)", s.reports_dropped);
  return text;
}

std::string render_relay_text(const RelayReport& r, const TextStyle& style) {
  const Lang lang = style.lang;
  std::string out = render_text(r.query, style);
  const RelayPart& p = r.relay;
  out += "\n" + std::string(tr(lang, "relay")) + "\n";
  // chosen_by is a token (original-dst, --to), as in the JSON.
  if (p.upstream)
    out += trf(lang, "  upstream  {} ({}){}\n", format_endpoint(p.upstream), to_string(p.chosen_by),
               p.upstream_local ? trf(lang, "  from {}", format_endpoint(p.upstream_local))
                                : std::string());
  if (p.set_issued()) {
    const CallRecord& c = *p.set_call();
    out += trf(lang,
               "  records   SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS (0x{:08X}), {} bytes "
               "in, before connect: {}\n",
               kSioSetRedirectRecords, p.set_input.size(),
               c.ret == 0 && c.error == 0 ? std::string("ok")
                                          : error_label(ErrorDomain::windows, c.error, lang));
    if (style.trace && !p.set_input.empty()) {
      const std::string dump = hexdump_canonical(p.set_input);
      for (std::size_t at = 0; at < dump.size();) {
        const std::size_t end = dump.find('\n', at);
        const std::size_t stop = end == std::string::npos ? dump.size() : end;
        out += "            " + dump.substr(at, stop - at) + "\n";
        at = stop + 1;
      }
    }
  } else if (p.set_skip_reason) {
    out += trf(lang, "  records   not set: {}\n", visible(reason_text(*p.set_skip_reason, lang)));
  }
  if (style.trace)
    for (const CallRecord& c : p.calls) out += trf(lang, "  call      {}\n", call_line(c, lang));
  const bool forwarded = p.to_upstream.bytes + p.to_client.bytes > 0 || p.to_upstream.eof ||
                         p.to_client.eof || p.end == RelayEnd::closed;
  if (forwarded) {
    out += trf(lang, "  client -> upstream  {}\n", flow_text(p.to_upstream, p.domain, lang));
    out += trf(lang, "  upstream -> client  {}\n", flow_text(p.to_client, p.domain, lang));
  }
  // How it ended, in words, as `query` gives its verdict (render_text.cpp):
  // in English the words are the JSON `end` token itself.
  out += trf(lang, "  ended     {} after {:.3f} s", tr(lang, to_string(p.end)), p.seconds);
  if (const std::string detail = end_detail_text(p, lang); !detail.empty())
    out += std::string(tr(lang, ": ")) + visible(detail);
  if (p.error != 0) out += fmt::format(" ({})", error_label(p.domain, p.error, lang));
  out += "\n";
  return out;
}

std::string render_relay_summary_text(const RelaySummary& s, Lang lang) {
  return trf(lang, "summary: {}; at most {} at once\n", summary_line(s), s.peak_concurrent);
}

std::string end_detail_text(const RelayPart& p, Lang lang) {
  std::string detail = p.end_reason ? reason_text(*p.end_reason, lang) : std::string();
  if (p.looped_back)
    return trf(lang, "its upstream connection came back to the relay's own listener (a loop): {}",
               detail);
  if (p.end != RelayEnd::strict_refused || p.end_reason) return detail;
  if (p.set_call() != nullptr)
    return trf(lang, "--strict: SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS failed with error {}",
               p.set_call()->error);
  return trf(lang, "--strict: no records to hand on ({})",
             p.set_skip_reason ? reason_text(*p.set_skip_reason, lang) : std::string());
}

}  // namespace wfpredir
