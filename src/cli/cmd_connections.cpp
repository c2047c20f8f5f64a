// `wfpredir connections`: the sockets of a running proxy, read in place.
#include <charconv>

#include "cli/args.h"
#include "cli/connections_cli.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir::cli {
namespace {

std::string bad(std::string_view option, std::string_view value, std::string_view why) {
  return trf("{} '{}': {}", option, visible(value), why);
}

}  // namespace

std::optional<ConnectionsCliOptions> build_connections_options(const ConnectionsArgs& a,
                                                               std::string& why) {
  ConnectionsCliOptions o;
  std::string reason;
  if (a.port) {
    const auto port = parse_port(*a.port, reason);
    if (!port) return why = bad("--port", *a.port, reason), std::nullopt;
    o.filter.port = port;
  }
  if (a.pid) {
    std::uint32_t pid = 0;
    const std::string& t = *a.pid;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), pid);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || pid == 0)
      return why = bad("--pid", t, tr("expected a process id, 1 to 4294967295")), std::nullopt;
    o.filter.pid = pid;
  }
  o.filter.confirm = a.confirm;
  return o;
}

Exit run_connections_command(const ConnectionsCliOptions& o) {
  const ConnectionsReport r = take_connections(o.filter);
  if (o.common.format == Format::json) {
    render_connections_json(r, [](std::string_view text) { write_out(text); });
  } else {
    write_out(fit_width(render_connections_text(r, o.common.lang)));
  }
  if (r.sockets_error) return Exit::setup_failed;
  if (o.filter.confirm && r.platform == "windows") return Exit::unsupported;
  return Exit::ok;
}

}  // namespace wfpredir::cli
