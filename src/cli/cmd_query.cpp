// `wfpredir query`: runs the engine on the target built at the CLI edge and
// writes each connection's report as it completes.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "core/i18n.h"
#include "core/inventory.h"
#include "core/next_step.h"
#include "core/port_owner.h"
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
  std::optional<Verdict> last_verdict;
  const ReportSink sink = [&](const ConnectionReport& report) {
    last_verdict = report.verdict;
    if (json) {
      write_out(render_json(report, lang, name, !lines) + "\n");
    } else {
      write_out((first ? "" : "\n") + render_text(report, style));
    }
    first = false;
    flush_out();
  };
  std::optional<SetupError> stopped_by;
  const Exit rc = run_query(*platform, o.query, sink, stderr, &stopped_by);
  if (rc == Exit::usage || rc == Exit::interrupted || rc == Exit::terminated) return rc;

  // The next steps, from the evidence: who holds the port, the machine's
  // redirect rules (read only when they can explain the outcome), the verdict.
  NextStepFacts facts;
  const Target& t = o.query.target;
  if (t.kind == Target::Kind::listen) facts.listener = parse_ip_literal(t.bind, t.port);
  facts.transparent = t.transparent;
  facts.timeout = o.query.timeout;
  facts.verdict = last_verdict;
  if (stopped_by) {
    facts.timed_out = stopped_by->kind == SetupError::Kind::timed_out;
    facts.address_in_use =
        stopped_by->code ==
        (stopped_by->domain == ErrorDomain::posix ? codes::linux_eaddrinuse : codes::wsaeaddrinuse);
  }
  if (facts.address_in_use && facts.listener) facts.owners = find_port_owners(facts.listener->port);
  std::optional<Inventory> inventory;
  if (facts.listener && (facts.timed_out || last_verdict == Verdict::not_redirected)) {
    inventory = take_inventory();
    facts.inventory = &*inventory;
  }
  // Text: after the report, where the eye lands. JSON: on stderr, so the
  // document on stdout stays one document.
  for (const std::string& step : next_steps(facts)) {
    if (json) {
      std::fprintf(stderr, "%s%s\n", std::string(tr("wfpredir: next: ")).c_str(), step.c_str());
    } else {
      write_out(std::string(tr("next:    ")) + step + "\n");
    }
  }
  return rc;
}

}  // namespace wfpredir::cli
