#pragma once
/// \file engine.h
/// The portable heart of `query` and `doctor`: gets connections from a
/// Platform, runs each query kind in each mode under the buffer policy,
/// derives agreement and verdict, checks --expect, saves blobs, and hands each
/// ConnectionReport to a sink as soon as it is complete.

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/exit_codes.h"
#include "core/platform.h"

namespace wfpredir {

struct Expectation {
  enum class Kind : std::uint8_t { none, redirected, not_redirected, error };
  Kind kind = Kind::none;
  int code = 0;      ///< error: the expected code
  std::string text;  ///< as given ("error:WSAEOPNOTSUPP")
};

/// Parses "redirected", "not-redirected" or "error:NAME|CODE".
std::optional<Expectation> parse_expectation(std::string_view text);

/// Parses "auto", "probe" or a size N (0 = probe, 1..16 MiB).
std::optional<BufferPolicy> parse_buffer_policy(std::string_view text);

struct QueryOptions {
  Target target;
  unsigned count = 1;                  ///< connections to handle; 0 = until interrupted
  std::optional<Millis> timeout;       ///< wait for each connection; nullopt = forever
  std::vector<QueryKind> what = {QueryKind::records, QueryKind::context};
  std::vector<Mode> modes;             ///< empty = every mode ("all")
  BufferPolicy buffer;
  Millis io_timeout{5000};
  std::string save_dir;                ///< empty = do not save
  Expectation expect;
};

/// Receives each finished connection report (text/JSON Lines writers flush).
using ReportSink = std::function<void(const ConnectionReport&)>;

/// Checks the options against what the platform has. Returns the usage error
/// message, or nullopt when they are acceptable (an explicit mode the platform
/// lacks is an error; "all" just skips it).
std::optional<std::string> validate(const Platform& platform, const QueryOptions& options);

/// Runs one query kind in one mode under the buffer policy (the retry rules
/// are documented in README.md, "Buffer sizes").
QueryResult run_one(Connection& connection, QueryKind kind, Mode mode,
                    const BufferPolicy& policy, Millis io_timeout);

/// Queries one connection: every kind in `what` plus the original destination,
/// each in every selected mode; fills agreement, verdict and expectation.
ConnectionReport query_connection(const Platform& platform, Connection& connection,
                                  const QueryOptions& options, unsigned index);

/// Derives verdict and agreement from the queries (exposed for tests).
void conclude(ConnectionReport& report, const Expectation& expect);

/// One line for a setup failure: operation, code, name and system text.
std::string describe(const SetupError& error);

/// The whole `query` command. Status lines ("waiting for ...") and setup
/// errors go to \p status. Returns the exit code (README, "Exit codes").
Exit run_query(Platform& platform, const QueryOptions& options, const ReportSink& sink,
               std::FILE* status);

}  // namespace wfpredir
