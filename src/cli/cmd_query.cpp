// `wfpredir query`: runs the engine on the target built at the CLI edge and
// writes each connection's report as it completes.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "analysis/next_step.h"
#include "cli/commands.h"
#include "model/inventory.h"
#include "model/port_owner.h"
#include "platform/inventory.h"
#include "platform/system.h"
#include "render/render.h"
#include "render/render_reason.h"
#include "run/render_run.h"
#include "text/i18n.h"

namespace wfpredir::cli {

Exit run_query_command(const QueryCliOptions& o) {
  auto platform = Platform::create();
  std::string why;
  const auto query = with_modes(*platform, o.query, o.mode, why);
  if (!query) return usage_error(why);
  const std::string name(os_name(platform->os()));
  const Lang lang = o.common.lang;
  const bool json = o.common.format == Format::json;
  // JSON: one document per line whatever the count (--pretty indents),
  // flushed as each completes so a script can follow along. Several
  // connections end with a summary.
  const bool several = o.query.count != 1;
  const bool quiet = o.quiet && !json;
  const TextStyle style{!quiet && want_colour(o.common.colour), o.trace, lang,
                        o.verbose || o.trace};
  bool first = true;
  std::optional<Verdict> last_verdict;
  std::vector<Verdict> verdicts;
  RunSummary summary;
  const ReportSink sink = [&](const ConnectionReport& report) {
    last_verdict = report.verdict;
    verdicts.push_back(report.verdict);
    summary.add(report);
    if (json) {
      write_out(render_json(report, lang, name, o.common.pretty) + "\n");
    } else if (quiet) {
      write_out(render_quiet_line(report));
    } else {
      write_out((first ? "" : "\n") + fit_width(render_text(report, style)));
    }
    first = false;
    flush_out();
  };
  std::optional<SetupError> stopped_by;
  const auto started = std::chrono::steady_clock::now();
  warn_about_listener(*platform, query->target, "tcp");
  const Exit rc = run_query(*platform, *query, sink, stderr, &stopped_by);
  if (rc == Exit::usage) return rc;
  summary.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  summary.exit_code = code(rc);
  summary.ended_by = run_end_of(rc, stopped_by ? &*stopped_by : nullptr);
  // A run that could not get its connections says so on stdout too, in JSON:
  // a script reading the document learns why there is no report.
  if (json && stopped_by && stopped_by->kind != SetupError::Kind::interrupted)
    write_out(render_setup_error_json(*stopped_by, rc, lang, o.common.pretty) + "\n");
  // Several connections end with a summary; so does an interrupted run that
  // gathered none (nothing else would say what happened).
  const auto write_summary = [&] {
    if (!several && summary.connections > 0) return;
    if (!several && rc != Exit::interrupted && rc != Exit::terminated) return;
    if (json) {
      write_out(json_document(render_summary_json(summary), o.common));
    } else {
      write_out((first || quiet ? "" : "\n") + fit_width(render_summary_text(summary, lang)));
    }
  };
  if (rc == Exit::interrupted || rc == Exit::terminated) {
    write_summary();
    return rc;
  }

  // The next steps, from the evidence: who holds the port, the machine's
  // redirect rules (read only when they can explain the outcome), the verdict.
  NextStepFacts facts;
  if (const auto* listen = std::get_if<ListenTarget>(&o.query.target)) {
    facts.listener = listen->at;
    facts.transparent = listen->transparent;
  }
  facts.timeout = o.query.timeout;
  facts.verdict = last_verdict;
  facts.verdicts = verdicts;
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
  for (const Reason& next : next_steps(facts)) {
    const std::string step = reason_text(next, lang);
    if (json || quiet) {
      std::fprintf(stderr, "%s%s\n", std::string(tr("wfpredir: next: ")).c_str(), step.c_str());
    } else {
      write_out(fit_width(std::string(tr("next:    ")) + step + "\n"));
    }
  }
  write_summary();
  return rc;
}

}  // namespace wfpredir::cli
