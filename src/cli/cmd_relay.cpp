// `wfpredir relay`: its arguments checked at the CLI edge (the query ones by
// build_query_options), then the run (relay_run.h); each connection's report
// is written when it ends, and the summary at the end, on Ctrl-C too.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "cli/args.h"
#include "cli/relay_cli.h"
#include "cli/report_queue.h"
#include "render/render_relay.h"
#include "run/relay_run.h"
#include "run/render_run.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir::cli {
namespace {

/// Reports that may wait for standard output; then they are dropped (counted).
constexpr std::size_t kReportQueue = 256;
/// How long the end of the run waits for standard output to take the rest
/// (10 s: under Wine on a loaded machine 2 s was seen to cut a 1-connection
/// run's JSON short; a reader that never reads still ends the run).
constexpr long long kStdoutGrace = 10000;

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

// --connect-timeout, --idle-timeout, --drain: seconds as --timeout takes
// them, or 0 (none); in milliseconds.
std::optional<std::uint32_t> parse_limit(std::string_view option, const std::string& text,
                                         std::string& why) {
  if (text == "0") return 0u;
  std::string reason;
  const auto ms = parse_seconds(text, reason);
  if (!ms || ms->count() > 0xFFFFFFFFll) {
    why = trf("{} '{}': {}", option, visible(text),
              reason.empty() ? std::string(tr("too long")) : reason);
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(ms->count());
}

}  // namespace

std::optional<RelayCliOptions> build_relay_options(const RelayArgs& a, std::string& why) {
  if (!a.query.port) return why = tr("relay needs --port N (the port it listens on)"), std::nullopt;
  auto q = build_query_options(a.query, why);
  if (!q) return std::nullopt;
  RelayCliOptions o;
  o.trace = q->trace;
  o.quiet = q->quiet;
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
  if (a.threads) {
    const auto n = parse_count(*a.threads, reason);
    if (!n || *n < 1 || *n > 256)
      return why = trf("{} '{}': {}", "--threads", visible(*a.threads), tr("expected 1 to 256")),
             std::nullopt;
    o.relay.threads = *n;
  }
  const std::pair<const std::optional<std::string>*, std::pair<const char*, std::uint32_t*>>
      limits[] = {{&a.connect_timeout, {"--connect-timeout", &o.relay.connect_timeout_ms}},
                  {&a.idle_timeout, {"--idle-timeout", &o.relay.idle_timeout_ms}},
                  {&a.drain, {"--drain", &o.relay.drain_ms}}};
  for (const auto& [text, target] : limits) {
    if (!*text) continue;
    const auto ms = parse_limit(target.first, **text, why);
    if (!ms) return std::nullopt;
    *target.second = *ms;
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
  const std::string name(os_name(platform->os()));
  const bool json = o.common.format == Format::json;
  const bool quiet = o.quiet && !json;
  const TextStyle style{!quiet && want_colour(o.common.colour), o.trace, o.common.lang};
  // Reports come from the loop's thread; they queue for a writer of their
  // own, so that a stdout nobody reads never holds up the relay.
  ReportQueue out(kReportQueue);
  bool first = true;  // the loop's thread only
  const RelaySink sink = [&](const RelayReport& r) {
    if (json) {
      out.push(json_document(render_relay_json(r, o.common.lang, name), o.common));
    } else if (quiet) {
      // "PEER VERDICT ORIGINAL-DESTINATION END"
      std::string line = render_quiet_line(r.query);
      line.pop_back();
      out.push(fmt::format("{} {}\n", line, to_string(r.relay.end)));
    } else {
      out.push((first ? "" : "\n") + render_relay_text(r, style));
    }
    first = false;
  };
  RelaySummary summary;
  warn_about_listener(*platform, relay.query.target, "tcp");
  const Exit rc = run_relay(*platform, relay, sink, stderr, summary);
  if (rc == Exit::usage) return rc;
  summary.reports_dropped = out.dropped();
  std::string last;
  if (json)
    last = json_document(render_relay_summary_json(summary, name), o.common);
  else if (!quiet)
    last = (first ? "" : "\n") + render_relay_summary_text(summary, o.common.lang);
  else if (summary.connections > 1)
    last = render_relay_summary_text(summary, o.common.lang);
  if (!out.finish(last, kStdoutGrace)) {
    // Standard output is still blocked: the summary goes to stderr, and the
    // process ends without waiting on the writer stuck in its write (a
    // normal exit would flush stdout, and block there too).
    fmt::print(stderr, "{}{}",
               tr("wfpredir: standard output is blocked (not read); the summary:\n"),
               render_relay_summary_text(summary, o.common.lang));
    std::fflush(stderr);
    std::_Exit(static_cast<int>(rc));
  }
  return rc;
}

}  // namespace wfpredir::cli
