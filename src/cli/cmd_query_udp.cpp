// `wfpredir query --udp`: runs the UDP engine on the socket built at the CLI
// edge and writes each datagram's report as it completes, as `query` does.
#include <cstdio>

#include "cli/commands.h"
#include "render/render_udp.h"
#include "run/udp_engine.h"

namespace wfpredir::cli {

Exit run_udp_query_command(const QueryCliOptions& o) {
  auto platform = Platform::create();
  std::string why;
  const auto query = with_modes(*platform, o.query, o.mode, why);
  if (!query) return usage_error(why);
  const std::string name(os_name(platform->os()));
  const bool json = o.common.format == Format::json;
  // JSON: one document per line (--pretty indents), flushed as each completes.
  const TextStyle style{want_colour(o.common.colour), o.trace, o.common.lang};
  bool first = true;
  const UdpSink sink = [&](const UdpReport& report) {
    if (json) {
      write_out(render_udp_json(report, o.common.lang, name, o.common.pretty) + "\n");
    } else {
      write_out((first ? "" : "\n") + render_udp_text(report, style));
    }
    first = false;
    flush_out();
  };
  warn_about_listener(*platform, query->target, "udp");
  return run_udp_query(*platform, *query, sink, stderr);
}

}  // namespace wfpredir::cli
