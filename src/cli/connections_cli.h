#pragma once
/// \file connections_cli.h
/// `wfpredir connections`: its arguments as typed, their check, and the command.

#include <optional>
#include <string>

#include "analysis/connections.h"
#include "cli/commands.h"

namespace wfpredir::cli {

struct ConnectionsArgs {
  std::optional<std::string> port, pid;
  bool confirm = false;
};

struct ConnectionsCliOptions {
  Common common;
  ConnectionsFilter filter;
};

/// Checks every value once; nullopt with \p why set when one is not acceptable.
std::optional<ConnectionsCliOptions> build_connections_options(const ConnectionsArgs& a,
                                                               std::string& why);
/// Exit 0 with the table; 3 when the system's socket table cannot be read;
/// 7 for --confirm where it cannot exist (Windows).
Exit run_connections_command(const ConnectionsCliOptions& o);

}  // namespace wfpredir::cli
