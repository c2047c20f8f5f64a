// The query command's arguments, checked once here at the CLI edge: numbers,
// ports, addresses and keywords become typed options, so the engine and the
// backends never see a value they would have to reject (or a flag name).
#include <fmt/format.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "render/render_reason.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir::cli {
namespace {

// "--timeout 'nan': not a number of seconds ..."
std::string bad(std::string_view option, std::string_view value, std::string_view why) {
  return trf("{} '{}': {}", option, visible(value), why);
}

// What --udp cannot be combined with, and why; nullopt when nothing.
std::optional<std::string> udp_conflict(const QueryArgs& a) {
  if (a.connect)
    return std::string(
        tr("--udp --connect: a UDP socket that sends is handed no redirect records; --udp listens "
           "with --port"));
  if (a.self) return std::string(tr("--udp --self: --udp needs --port (and --bind) to listen on"));
  if (!a.port) return std::string(tr("--udp needs --port N (and optionally --bind ADDR)"));
  if (a.what)
    return std::string(
        tr("--udp --what: the first datagram carries whatever the socket asked for; both records "
           "and context are always asked"));
  if (a.buffer)
    return std::string(tr("--udp --buffer: there is no query buffer; the control buffer is fixed"));
  if (a.io_timeout)
    return std::string(
        tr("--udp --io-timeout: a receive waits for a datagram; --timeout bounds it"));
  if (a.save) return std::string(tr("--udp --save: blobs are saved for TCP queries only"));
  return std::nullopt;
}

}  // namespace

std::optional<QueryCliOptions> build_query_options(const QueryArgs& a, std::string& why) {
  QueryCliOptions o;
  QueryOptions& q = o.query;
  o.trace = a.trace;
  o.verbose = a.verbose;
  o.quiet = a.quiet;
  std::string reason;
  if (a.udp) {
    if (auto problem = udp_conflict(a)) return why = *problem, std::nullopt;
    o.udp = true;
  }
  if (a.port) {
    const auto port = parse_port(*a.port, reason);
    if (!port) return why = bad("--port", *a.port, reason), std::nullopt;
    const std::string bind = a.bind.value_or("127.0.0.1");
    const auto at = parse_bind(bind, *port, reason);
    if (!at) return why = bad("--bind", bind, reason), std::nullopt;
    q.target = ListenTarget{*at, a.transparent};
  } else if (a.connect) {
    const auto hp = parse_host_port(*a.connect, reason);
    if (!hp) return why = bad("--connect", *a.connect, reason), std::nullopt;
    q.target = ConnectTarget{hp->first, hp->second};
  } else {
    q.target = SelfTarget{};
  }
  if (a.count) {
    const auto n = parse_count(*a.count, reason);
    if (!n) return why = bad("--count", *a.count, reason), std::nullopt;
    q.count = *n;
  }
  if (a.timeout) {
    q.timeout = parse_seconds(*a.timeout, reason);
    if (!q.timeout) return why = bad("--timeout", *a.timeout, reason), std::nullopt;
  }
  if (a.io_timeout) {
    const auto t = parse_seconds(*a.io_timeout, reason);
    if (!t) return why = bad("--io-timeout", *a.io_timeout, reason), std::nullopt;
    q.io_timeout = *t;
  }
  // --what and --mode were checked against their lists by the parser.
  const std::string what = a.what.value_or("both");
  if (what == "records") q.what = {QueryKind::records};
  if (what == "context") q.what = {QueryKind::context};
  const std::string mode = a.mode.value_or("all");
  if (mode == "sync") o.mode = Mode::sync;
  if (mode == "event") o.mode = Mode::event;
  if (mode == "apc") o.mode = Mode::apc;
  if (a.buffer) {
    const auto policy = parse_buffer_policy(*a.buffer);
    if (!policy)
      return why = bad("--buffer", *a.buffer,
                       trf("expected auto, probe, or a size from 0 to {}", kFixedMaxSize)),
             std::nullopt;
    q.buffer = *policy;
  }
  if (a.save) {
    if (a.save->empty())
      return why = std::string(tr("--save: the directory name is empty")), std::nullopt;
    q.save_dir = *a.save;
  }
  if (a.expect) {
    std::string expect_reason;
    const auto e = parse_expectation(*a.expect, &expect_reason);
    if (!e) return why = bad("--expect", *a.expect, expect_reason), std::nullopt;
    q.expect = *e;
  }
  return o;
}

std::optional<QueryOptions> with_modes(const Platform& platform, const QueryOptions& query,
                                       std::optional<Mode> asked, std::string& why) {
  auto chosen =
      choose_modes(platform, asked, [](const Reasons& rs) { return reason_text(rs, language()); });
  if (const auto* problem = std::get_if<std::string>(&chosen))
    return why = "--mode " + *problem, std::nullopt;
  QueryOptions q = query;
  q.modes = std::get<ModeChoice>(chosen);
  return q;
}

}  // namespace wfpredir::cli
