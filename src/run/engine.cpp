// The run loop of `query` and the per-connection work (see engine.h). The
// rules live in their own files: buffer_policy.cpp, verdict.cpp,
// expectation.cpp, blob_save.cpp; this file only sequences them.
#include "run/engine.h"

#include "text/visible.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "analysis/conntrack_verdict.h"
#include "platform/system.h"
#include "run/blob_save.h"
#include "text/catalog.h"
#include "text/i18n.h"

namespace wfpredir {
namespace {

bool contains(const auto& range, const auto& value) {
  return std::find(range.begin(), range.end(), value) != range.end();
}

}  // namespace

Exit exit_for(const SetupError& e, const Platform& platform) {
  switch (e.kind) {
    case SetupError::Kind::timed_out:
      return Exit::timed_out;
    case SetupError::Kind::interrupted:
      return platform.terminated() ? Exit::terminated : Exit::interrupted;
    case SetupError::Kind::usage:
      return Exit::usage;
    case SetupError::Kind::unsupported:
      return Exit::unsupported;
    case SetupError::Kind::failed:
      break;
  }
  return Exit::setup_failed;
}

void conclude(ConnectionReport& report, const Expectation& expect) {
  report.agreement = agreement_of(report.queries);
  VerdictResult v = decide_verdict(report.queries, report.connection);
  weigh_bpf(v, report.connection.bpf, report.connection.client.get(),
            report.connection.bpf_error.get());
  report.verdict = v.verdict;
  report.verdict_reason = std::move(v.reasons);
  report.witnesses_disagree = witnesses_disagree(report.queries, report.connection);
  report.expectation = expect.text;
  report.expectation_held = expectation_held(report, expect);
}

ConnectionReport query_connection(const Platform& platform, Connection& connection,
                                  const QueryOptions& options, unsigned index) {
  ConnectionReport report;
  report.index = index;
  report.connection = connection.info();
  const auto kinds = platform.kinds();
  const auto have_modes = platform.modes();
  const std::vector<Mode> modes = options.modes.modes();

  auto skipped = [&](QueryKind kind, Mode mode, Reason why) {
    QueryResult q;
    q.kind = kind;
    q.mode = mode;
    q.skipped = true;
    q.skip_reason = std::move(why);
    report.queries.push_back(std::move(q));
  };

  std::size_t missing = 0;
  for (Mode mode : modes) missing += contains(have_modes, mode) ? 0 : 1;
  report.skipped_modes.reserve(missing);  // one block, not two: see `count` below
  for (Mode mode : modes)
    if (!contains(have_modes, mode)) report.skipped_modes.push_back({mode, platform.why_not(mode)});

  std::vector<QueryKind> wanted = options.what;
  wanted.push_back(QueryKind::original_dst);
  // Exactly as many as there will be: the relay keeps each report while its
  // connection lasts (docs/relay.md, "Memory per idle connection").
  std::size_t count = 0;
  for (QueryKind kind : wanted)
    count += kind == QueryKind::original_dst || !contains(kinds, kind) ? 1 : modes.size();
  report.queries.reserve(count);
  for (QueryKind kind : wanted) {
    if (!contains(kinds, kind)) {
      skipped(kind, Mode::sync, platform.why_not(kind));
      continue;
    }
    // getsockopt has no overlapped form: the original destination is read once.
    const std::vector<Mode> kind_modes =
        kind == QueryKind::original_dst ? std::vector<Mode>{Mode::sync} : modes;
    for (Mode mode : kind_modes) {
      if (!contains(have_modes, mode)) {
        skipped(kind, mode, platform.why_not(mode));
      } else if (platform.interrupted()) {
        skipped(kind, mode, reason(ReasonKind::interrupted_before));
      } else {
        report.queries.push_back(
            run_one(connection, kind, mode, options.buffer, options.io_timeout));
      }
    }
  }
  conclude(report, options.expect);
  return report;
}

std::string describe(const SetupError& e) {
  if (e.code == 0)
    return e.operation.empty() ? visible(e.message)
                               : trf("{}: {}", e.operation, visible(e.message));
  const std::string_view name = error_name(e.domain, e.code);
  const std::string system_text = system_error_text(e.domain, e.code);
  std::string text = trf("{}: error {}", e.operation, e.code);
  if (!name.empty()) text += fmt::format(" ({})", name);
  // The system's text and the message may carry what came from outside.
  if (!system_text.empty()) text += std::string(tr(": ")) + visible(system_text);
  if (!e.message.empty()) text += fmt::format(" ({})", visible(e.message));
  return text;
}

Exit run_query(Platform& platform, const QueryOptions& options, const ReportSink& sink,
               std::FILE* status, std::optional<SetupError>* stopped_by) {
  if (!options.save_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.save_dir, ec);
    if (ec || !std::filesystem::is_directory(options.save_dir)) {
      fmt::print(status, "{}{}\n", tr("wfpredir: error: "),
                 trf("--save {}: {}", options.save_dir,
                     ec ? ec.message() : std::string(tr("not a directory"))));
      return Exit::input_error;
    }
  }
  platform.install_interrupt_handler();
  auto opened = platform.open(options.target);
  if (auto* err = std::get_if<SetupError>(&opened)) {
    fmt::print(status, "{}{}\n", tr("wfpredir: error: "), describe(*err));
    if (stopped_by != nullptr) *stopped_by = *err;
    return exit_for(*err, platform);
  }
  auto& source = *std::get<std::unique_ptr<Source>>(opened);
  // Said once, before the first wait (--self connects to itself at once):
  // a line per connection would cost more than the query at high rates.
  std::function<void()> waiting;
  if (!std::holds_alternative<SelfTarget>(options.target))
    waiting = [&] {
      say_waiting(status, source.waiting_for(), options, tr(", one after another until Ctrl-C"));
    };
  const RunStep step = [&](unsigned n) -> std::variant<RunOutcome, RunRetry, SetupError, Exit> {
    auto next = source.next(options.timeout);
    // A listener that times out gives timed_out, with or without --expect.
    if (auto* err = std::get_if<SetupError>(&next)) return std::move(*err);
    auto& connection = std::get<std::unique_ptr<Connection>>(next);
    ConnectionReport report = query_connection(platform, *connection, options, n);
    // The evidence is in the report: the connection is closed before the
    // report is saved and written, so the client waits for the queries only,
    // not for our output (and a listener's next client is accepted sooner).
    connection.reset();
    std::optional<SaveFailure> save_failed;
    if (!options.save_dir.empty()) save_failed = save_blobs(report, options.save_dir);
    sink(report);  // what was gathered is shown even when a blob could not be saved
    if (save_failed) {
      fmt::print(status, "{}{}\n", tr("wfpredir: error: "),
                 trf("--save: cannot write {}: {}", save_failed->path, save_failed->reason));
      return Exit::input_error;
    }
    return RunOutcome{report.verdict, report.expectation_held};
  };
  return drive_run(platform, options, status, stopped_by, waiting, step);
}

Exit stop_run(const SetupError& e, const Platform& platform, std::FILE* status,
              std::optional<SetupError>* stopped_by) {
  fmt::print(status, "{}{}\n",
             tr(e.kind == SetupError::Kind::interrupted ? "wfpredir: " : "wfpredir: error: "),
             describe(e));
  if (stopped_by != nullptr) *stopped_by = e;
  return exit_for(e, platform);
}

Exit drive_run(Platform& platform, const QueryOptions& options, std::FILE* status,
               std::optional<SetupError>* stopped_by, const std::function<void()>& opening,
               const RunStep& step, const RunFinish& end) {
  RunTally tally;
  const auto finish = [&](std::optional<Exit> forced) {
    if (end) return end(forced, tally);
    return forced ? *forced : exit_for(tally, options.expect.kind != Expectation::Kind::none);
  };
  const auto stopped = [&] {
    return finish(platform.terminated() ? Exit::terminated : Exit::interrupted);
  };
  bool opened = false;
  for (unsigned n = 1; options.count == 0 || n <= options.count;) {
    if (platform.interrupted()) return stopped();
    if (!opened && opening) opening();
    opened = true;
    auto outcome = step(n);
    if (std::holds_alternative<RunRetry>(outcome)) continue;
    if (auto* err = std::get_if<SetupError>(&outcome))
      return finish(stop_run(*err, platform, status, stopped_by));
    if (auto* rc = std::get_if<Exit>(&outcome)) return finish(*rc);
    const RunOutcome& o = std::get<RunOutcome>(outcome);
    tally.add(o.verdict, o.expectation_held);
    ++n;
    if (platform.interrupted()) return stopped();
  }
  return finish(std::nullopt);
}

void say_waiting(std::FILE* status, std::string_view what, const QueryOptions& options,
                 std::string_view forever) {
  const std::string how_many = options.count == 1   ? std::string()
                               : options.count == 0 ? std::string(forever)
                                                    : trf(", {} in all", options.count);
  fmt::print(status, "{}\n",
             trf("wfpredir: waiting for {}{}{} ...", what, how_many,
                 options.timeout ? trf(" (timeout {} s each)", options.timeout->count() / 1000.0)
                                 : std::string(tr(" (Ctrl-C to stop)"))));
  std::fflush(status);
}

}  // namespace wfpredir
