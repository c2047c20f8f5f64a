// `wfpredir query`: runs the engine on the target built at the CLI edge and
// writes each connection's report as it completes.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "core/render.h"
#include "core/system.h"

namespace wfpredir::cli {

bool want_colour() {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0') return false;
  return stdout_is_terminal();
}

Exit run_query_command(const QueryCliOptions& o) {
  auto platform = Platform::create();
  const std::string name = platform->name();
  const Lang lang = o.common.lang;
  const bool json = o.common.format == Format::json;
  // One connection: one JSON document. Several: JSON Lines, flushed as each
  // completes so a script can follow along.
  const bool lines = o.query.count != 1;
  const TextStyle style{want_colour(), o.trace, lang};
  bool first = true;
  const ReportSink sink = [&](const ConnectionReport& report) {
    if (json) {
      write_out(render_json(report, lang, name, !lines) + "\n");
    } else {
      write_out((first ? "" : "\n") + render_text(report, style));
    }
    first = false;
    flush_out();
  };
  return run_query(*platform, o.query, sink, stderr);
}

}  // namespace wfpredir::cli
