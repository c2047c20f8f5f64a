// `relay` as text (render_relay.h): the query's report, then what the relay
// did with the connection: the upstream and how it was chosen, the records
// handed on (SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS), each direction, the end.
#include <fmt/format.h>

#include "core/catalog.h"
#include "core/hexdump.h"
#include "core/render_relay.h"
#include "core/visible.h"

namespace wfpredir {
namespace {

std::string error_text(ErrorDomain domain, int code) {
  const std::string_view name = error_name(domain, code);
  return name.empty() ? fmt::format("error {}", code) : fmt::format("error {} {}", code, name);
}

std::string call_text(const CallRecord& c) {
  std::string line = fmt::format("{}(", c.function);
  if (c.control_code) line += fmt::format("0x{:08X}", *c.control_code);
  line += fmt::format(") = {}, error {}", c.ret, c.error);
  if (c.bytes) line += fmt::format(", bytes {}", *c.bytes);
  line += fmt::format(", {:.3f} ms", c.ms);
  if (!c.note.empty()) line += fmt::format(" [{}]", visible(c.note));
  return line;
}

std::string flow_text(const RelayFlow& f, ErrorDomain domain) {
  std::string how = f.eof     ? "closed (end of stream passed on)"
                    : f.reset ? "reset, " + error_text(domain, f.error)
                              : "open when the connection ended";
  return fmt::format("{} bytes in {:.3f} s, {}", f.bytes, f.seconds, how);
}

}  // namespace

std::string render_relay_text(const RelayReport& r, const TextStyle& style) {
  std::string out = render_text(r.query, style);
  const RelayPart& p = r.relay;
  out += "\nrelay\n";
  if (p.upstream)
    out += fmt::format(
        "  upstream  {} ({}){}\n", format_endpoint(p.upstream), p.chosen_by,
        p.upstream_local ? "  from " + format_endpoint(p.upstream_local) : std::string());
  if (p.set_issued && p.set_call) {
    const CallRecord& c = *p.set_call;
    out += fmt::format(
        "  records   SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS (0x{:08X}), {} bytes "
        "in, before connect: {}\n",
        kSioSetRedirectRecords, p.set_input.size(),
        c.ret == 0 && c.error == 0 ? std::string("ok") : error_text(ErrorDomain::windows, c.error));
    if (style.trace && !p.set_input.empty()) {
      const std::string dump = hexdump_canonical(p.set_input);
      for (std::size_t at = 0; at < dump.size();) {
        const std::size_t end = dump.find('\n', at);
        const std::size_t stop = end == std::string::npos ? dump.size() : end;
        out += "            " + dump.substr(at, stop - at) + "\n";
        at = stop + 1;
      }
    }
  } else if (!p.set_skip_reason.empty()) {
    out += fmt::format("  records   not set: {}\n", visible(p.set_skip_reason));
  }
  if (style.trace)
    for (const CallRecord& c : p.calls) out += "  call      " + call_text(c) + "\n";
  const bool forwarded = p.to_upstream.bytes + p.to_client.bytes > 0 || p.to_upstream.eof ||
                         p.to_client.eof || p.end == RelayEnd::closed;
  if (forwarded) {
    out += "  client -> upstream  " + flow_text(p.to_upstream, p.domain) + "\n";
    out += "  upstream -> client  " + flow_text(p.to_client, p.domain) + "\n";
  }
  out += fmt::format("  ended     {} after {:.3f} s", to_string(p.end), p.seconds);
  if (!p.end_detail.empty()) out += ": " + visible(p.end_detail);
  if (p.error != 0) out += fmt::format(" ({})", error_text(p.domain, p.error));
  out += "\n";
  return out;
}

std::string render_relay_summary_text(const RelaySummary& s) {
  return fmt::format("summary: {}; at most {} at once\n", summary_line(s), s.peak_concurrent);
}

}  // namespace wfpredir
