#pragma once
/// \file engine.h
/// The run loop of `query` and the per-connection work `doctor` shares: gets
/// connections from a Platform, runs each query kind in each mode under the
/// buffer policy (buffer_policy.h), concludes agreement, verdict
/// (verdict.h) and expectation (expectation.h), saves blobs (blob_save.h), and
/// hands each ConnectionReport to a sink as soon as it is complete.

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "analysis/buffer_policy.h"
#include "analysis/expectation.h"
#include "analysis/query_options.h"
#include "analysis/verdict.h"
#include "model/exit_codes.h"
#include "model/platform.h"

namespace wfpredir {

/// Receives each finished connection report (text/JSON Lines writers flush).
using ReportSink = std::function<void(const ConnectionReport&)>;

/// Queries one connection: every kind in `what` plus the original destination,
/// each in every selected mode; fills agreement, verdict and expectation.
ConnectionReport query_connection(const Platform& platform, Connection& connection,
                                  const QueryOptions& options, unsigned index);

/// Fills agreement, verdict and expectation from the queries.
void conclude(ConnectionReport& report, const Expectation& expect);

/// One line for a setup failure: operation, code, name and system text.
std::string describe(const SetupError& error);
/// The exit code of a run that could not get (or wait for) its next
/// connection: one table for query, query --udp and relay. An interrupt that
/// asked the process to end (Platform::terminated) is `terminated`.
Exit exit_for(const SetupError& e, const Platform& platform);

/// The whole `query` command. Status lines ("waiting for ...") and errors go
/// to \p status. Returns the exit code (exit_codes.h; README, "Exit codes"):
/// usage, input_error (--save), setup_failed, timed_out, interrupted as they
/// happen; otherwise the verdicts' code (exit_for in verdict.h).
/// When \p stopped_by is given, it receives the setup failure that ended the
/// run (a port in use, a listener's timeout), for the next steps (next_step.h).
Exit run_query(Platform& platform, const QueryOptions& options, const ReportSink& sink,
               std::FILE* status, std::optional<SetupError>* stopped_by = nullptr);

/// The status line said once, before a run's first wait: "wfpredir: waiting
/// for WHAT, N in all (timeout T s each) ...". \p forever (already in the
/// run's language) says how a run without --count goes on.
void say_waiting(std::FILE* status, std::string_view what, const QueryOptions& options,
                 std::string_view forever);

/// A setup failure that ends a run: said on \p status, kept in \p stopped_by
/// (when given), and its exit code (exit_for).
Exit stop_run(const SetupError& e, const Platform& platform, std::FILE* status,
              std::optional<SetupError>* stopped_by);

/// What one connection (or flow) of a run came to, for the tally.
struct RunOutcome {
  Verdict verdict = Verdict::unknown;
  std::optional<bool> expectation_held;
};
/// A step that did not count: the run goes on with the same n (`relay`,
/// while accepting pauses for want of descriptors).
struct RunRetry {};
/// The n-th step of a run: its outcome, a retry, the setup failure that ends
/// the run, or an exit code that ends it at once (the step said why).
using RunStep = std::function<std::variant<RunOutcome, RunRetry, SetupError, Exit>(unsigned n)>;
/// How a run ends, whichever way: \p forced is the exit code when it was
/// interrupted or a setup failure stopped it, nullopt when its steps are all
/// done. The default (nullptr) returns \p forced, or else the verdicts' code
/// (verdict.h's exit_for); `relay` waits for its connections first.
using RunFinish = std::function<Exit(std::optional<Exit> forced, const RunTally& tally)>;

/// The loop `query`, `query --udp` and `relay` share: up to --count steps
/// (forever with 0), \p opening said once before the first, Ctrl-C and
/// SIGTERM between steps, a setup failure said and kept in \p stopped_by,
/// and \p end on every way out.
Exit drive_run(Platform& platform, const QueryOptions& options, std::FILE* status,
               std::optional<SetupError>* stopped_by, const std::function<void()>& opening,
               const RunStep& step, const RunFinish& end = nullptr);

}  // namespace wfpredir
