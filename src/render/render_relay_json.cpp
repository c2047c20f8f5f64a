// `relay --format json` (render_relay.h): the query's object with a `relay`
// member, one line per connection, and the summary line. README.md, "relay",
// lists the fields.
#include <fmt/format.h>

#include "render/render_json_writer.h"
#include "render/render_reason.h"
#include "render/render_relay.h"
#include "text/catalog.h"
#include "text/hexdump.h"

namespace wfpredir {
namespace {

using json::Compact;
using json::field;
using json::key;

// Every `error` here is the shared error object (common.schema.json), present
// only when there was one, as in `queries[]` and `attempts[]`.
void write_error(Compact& w, ErrorDomain domain, int code, Lang lang) {
  key(w, "error");
  json::write_error(w, domain, code, lang, ErrorContext::socket_call);
}

void write_flow(Compact& w, std::string_view name, const RelayFlow& f, ErrorDomain domain,
                Lang lang) {
  key(w, name);
  w.StartObject();
  key(w, "bytes");
  w.Uint64(f.bytes);
  key(w, "seconds");
  w.Double(f.seconds);
  key(w, "eof");
  w.Bool(f.eof);
  key(w, "reset");
  w.Bool(f.reset);
  if (f.error != 0) write_error(w, domain, f.error, lang);
  w.EndObject();
}

void write_relay(Compact& w, const RelayPart& p, Lang lang) {
  w.StartObject();
  if (p.upstream) field(w, "upstream", format_endpoint(p.upstream));
  field(w, "chosen_by", to_string(p.chosen_by));
  if (p.upstream_local) field(w, "upstream_local", format_endpoint(p.upstream_local));
  key(w, "set_records");
  w.StartObject();
  field(w, "control_name", "SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS");
  json::hex32(w, "control_code", kSioSetRedirectRecords);
  key(w, "issued");
  w.Bool(p.set_issued());
  if (p.set_issued()) {
    key(w, "input_bytes");
    w.Uint(static_cast<unsigned>(p.set_input.size()));
    field(w, "hex", hex_string(p.set_input));
    key(w, "ok");
    w.Bool(p.set_call()->ret == 0 && p.set_call()->error == 0);
    if (p.set_call()->error != 0) write_error(w, ErrorDomain::windows, p.set_call()->error, lang);
    key(w, "before_connect");
    w.Bool(true);
  } else {
    field(w, "skip_reason", p.set_skip_reason ? reason_text(*p.set_skip_reason, lang) : "");
  }
  w.EndObject();
  key(w, "calls");
  json::write_calls(w, p.calls, false, lang);
  write_flow(w, "to_upstream", p.to_upstream, p.domain, lang);
  write_flow(w, "to_client", p.to_client, p.domain, lang);
  field(w, "end", to_string(p.end));
  field(w, "end_detail", end_detail_text(p, lang));
  if (p.error != 0) write_error(w, p.domain, p.error, lang);
  key(w, "seconds");
  w.Double(p.seconds);
  w.EndObject();
}

}  // namespace

std::string render_relay_json(const RelayReport& r, Lang lang, const std::string& platform) {
  // The query's object as `query --format json` writes it, reopened for one
  // more member: the same fields, in the same order, for the same scripts.
  std::string text = render_json(r.query, lang, platform, false);
  if (text.empty() || text.back() != '}') return text;
  text.pop_back();
  json::Buffer buffer(nullptr, 2048);
  Compact w(buffer);
  write_relay(w, r.relay, lang);
  text += ",\"relay\":";
  text += json::text(buffer);
  text += '}';
  return text;
}

std::string render_relay_summary_json(const RelaySummary& s, const std::string& platform) {
  json::Buffer buffer(nullptr, 1024);
  Compact w(buffer);
  w.StartObject();
  json::write_header(w, "relay-summary");
  field(w, "tool", "wfpredir");
  field(w, "platform", platform);
  key(w, "summary");
  w.StartObject();
  key(w, "connections");
  w.Uint(s.connections);
  key(w, "ends");
  w.StartObject();
  for (const auto& [end, n] : s.ends) {
    key(w, to_string(end));
    w.Uint(n);
  }
  w.EndObject();
  key(w, "bytes_to_upstream");
  w.Uint64(s.bytes_to_upstream);
  key(w, "bytes_to_client");
  w.Uint64(s.bytes_to_client);
  key(w, "set_issued");
  w.Uint(s.set_issued);
  key(w, "set_failed");
  w.Uint(s.set_failed);
  key(w, "peak_concurrent");
  w.Uint(s.peak_concurrent);
  key(w, "accept_pauses");
  w.Uint(s.accept_pauses);
  key(w, "paused_seconds");
  w.Double(s.paused_seconds);
  key(w, "shed");
  w.Uint(s.shed);
  key(w, "reports_dropped");
  w.Uint64(s.reports_dropped);
  field(w, "text", summary_line(s));
  w.EndObject();
  w.EndObject();
  return json::text(buffer);
}

}  // namespace wfpredir
