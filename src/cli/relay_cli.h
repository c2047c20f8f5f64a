#pragma once
/// \file relay_cli.h
/// `wfpredir relay`: its arguments as typed, their check, and the command.

#include <optional>
#include <string>

#include "analysis/relay.h"
#include "cli/commands.h"

namespace wfpredir::cli {

struct RelayArgs {
  QueryArgs query;  ///< the options relay shares with `query --port`
  std::optional<std::string> to, set, mark, connect_timeout, idle_timeout, drain, threads;
  bool strict = false;
};

struct RelayCliOptions {
  Common common;
  RelayOptions relay;        ///< its modes are "all" until with_modes() applies `mode`
  std::optional<Mode> mode;  ///< --mode as typed; nullopt = all
  bool trace = false;
  bool quiet = false;  ///< -q: one line per connection (text only)
};

/// Checks every value once; nullopt with \p why set when one is not acceptable.
std::optional<RelayCliOptions> build_relay_options(const RelayArgs& a, std::string& why);
Exit run_relay_command(const RelayCliOptions& o);

}  // namespace wfpredir::cli
