// `wfpredir relay`: its arguments checked at the CLI edge (the query ones by
// build_query_options), then the run (relay_run.h); each connection's report
// is written when it ends, and the summary at the end, on Ctrl-C too.
#include <fmt/format.h>

#include <cstdio>
#include <mutex>

#include "cli/args.h"
#include "cli/relay_cli.h"
#include "core/i18n.h"
#include "core/relay_run.h"
#include "core/render_relay.h"
#include "core/visible.h"

namespace wfpredir::cli {
namespace {

std::optional<std::uint32_t> parse_mark(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  for (char ch : text.substr(hex ? 2 : 0)) {
    int d = -1;
    if (ch >= '0' && ch <= '9') d = ch - '0';
    if (hex && ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
    if (hex && ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
    if (d < 0) return std::nullopt;
    v = v * (hex ? 16 : 10) + static_cast<unsigned>(d);
    if (v > 0xFFFFFFFFull) return std::nullopt;
  }
  return static_cast<std::uint32_t>(v);
}

}  // namespace

std::optional<RelayCliOptions> build_relay_options(const RelayArgs& a, std::string& why) {
  if (!a.query.port) return why = tr("relay needs --port N (the port it listens on)"), std::nullopt;
  auto q = build_query_options(a.query, why);
  if (!q) return std::nullopt;
  RelayCliOptions o;
  o.trace = q->trace;
  o.relay.query = std::move(q->query);
  o.mode = q->mode;
  o.relay.strict = a.strict;
  std::string reason;
  if (a.to) {
    const auto hp = parse_host_port(*a.to, reason);
    if (!hp) return why = trf("{} '{}': {}", "--to", visible(*a.to), reason), std::nullopt;
    o.relay.to_host = hp->first;
    o.relay.to_port = hp->second;
  }
  // --set was checked against its list by the parser.
  const std::string set = a.set.value_or("auto");
  if (set == "always") o.relay.set = SetPolicy::always;
  if (set == "never") o.relay.set = SetPolicy::never;
  if (a.mark) {
    const auto m = parse_mark(*a.mark);
    if (!m)
      return why = trf("{} '{}': {}", "--mark", visible(*a.mark),
                       tr("expected 0 to 4294967295, decimal or 0x hex")),
             std::nullopt;
    o.relay.mark = *m;
  }
  return o;
}

Exit run_relay_command(const RelayCliOptions& o) {
  auto platform = Platform::create();
  std::string why;
  const auto query = with_modes(*platform, o.relay.query, o.mode, why);
  if (!query) return usage_error(why);
  RelayOptions relay = o.relay;
  relay.query = *query;
  const std::string name = platform->name();
  const bool json = o.common.format == Format::json;
  const TextStyle style{want_colour(o.common.colour), o.trace, o.common.lang};
  std::mutex out_lock;  // reports come from the loop's thread
  bool first = true;
  const RelaySink sink = [&](const RelayReport& r) {
    std::lock_guard lock(out_lock);
    if (json) {
      write_out(json_document(render_relay_json(r, o.common.lang, name), o.common));
    } else {
      write_out((first ? "" : "\n") + render_relay_text(r, style));
    }
    first = false;
    flush_out();
  };
  RelaySummary summary;
  const Exit rc = run_relay(*platform, relay, sink, stderr, summary);
  if (rc == Exit::usage) return rc;
  std::lock_guard lock(out_lock);
  if (json)
    write_out(json_document(render_relay_summary_json(summary, name), o.common));
  else
    write_out((first ? "" : "\n") + render_relay_summary_text(summary, o.common.lang));
  flush_out();
  return rc;
}

}  // namespace wfpredir::cli
