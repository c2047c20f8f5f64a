#pragma once
/// \file render_run.h
/// The documents about a whole run rather than one connection: the summary a
/// run of several connections ends with, the error document of a run that
/// could not get its connections (setup failures), and `--version`. Text
/// and JSON; the JSON shapes are in docs/schema/ (summary, error, version).

#include <array>
#include <string>
#include <string_view>

#include "model/build_info.h"
#include "model/exit_codes.h"
#include "model/platform.h"
#include "model/report.h"
#include "text/catalog.h"

namespace wfpredir {

/// Why a run stopped taking connections.
enum class RunEnd : std::uint8_t {
  count,        ///< --count connections were handled
  timeout,      ///< none arrived within --timeout
  interrupted,  ///< Ctrl-C, Ctrl-Break, SIGINT
  terminated,   ///< SIGTERM, console close
  error,        ///< a setup failure, or --save could not write
};
std::string_view to_string(RunEnd e);  ///< "count", "timeout", "interrupted", ...

/// What a run gathered, counted as the reports arrive.
struct RunSummary {
  unsigned connections = 0;
  std::array<unsigned, 4> verdicts{};  ///< indexed by Verdict
  int exit_code = 0;
  double elapsed_ms = 0;
  RunEnd ended_by = RunEnd::count;
  void add(const ConnectionReport& r);
};

/// How the run ended, from its exit code and the setup failure that stopped
/// it (if any).
RunEnd run_end_of(Exit rc, const SetupError* stopped_by);

/// "10 connections: 7 redirected, 2 not-redirected, 1 unsupported" (verdicts
/// with no connection left out), then why the run stopped when it was not
/// the count; one line.
std::string render_summary_text(const RunSummary& s, Lang lang);
/// The `"type": "summary"` object, on one line (it ends JSON Lines).
std::string render_summary_json(const RunSummary& s);

/// The `"type": "error"` document of a run that ended on \p e with \p rc:
/// the operation, the error object (as in queries[].error) when the system
/// gave a code, and the one-line message. Indented when \p pretty.
std::string render_setup_error_json(const SetupError& e, Exit rc, Lang lang, bool pretty);

/// `--version --format json`.
std::string render_version_json(const BuildInfo& b);

/// `query --quiet`: "PEER VERDICT ORIGINAL-DESTINATION" ("-" when there is
/// none), one line.
std::string render_quiet_line(const ConnectionReport& r);

}  // namespace wfpredir
