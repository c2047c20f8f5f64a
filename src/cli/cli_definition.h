// The command line's definition: every command, option and value CLI11
// reads, built once per run into a Cli (main.cpp dispatches on it). The list
// of commands in messages, the completion scripts and the help all read it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/connections_cli.h"
#include "cli/relay_cli.h"

namespace wfpredir::cli {

// The options every command takes, given after the command or (as global
// options) before it; the command's own win over the global ones.
struct Parsed {
  std::string lang;
  std::string format;   // empty: not given (text)
  bool json = false;    // -j
  bool pretty = false;  // --pretty
  std::string colour;
  bool quiet = false;  // global -q,--quiet (query and relay have their own)
  bool version = false;
};

/// What define_cli() fills: the app, each command's subcommand and the
/// values its options write into.
struct Cli {
  CLI::App app;
  Parsed global, errors_p, dump_p, query_p, doctor_p, conn_p, relay_p;
  ErrorsOptions errors_o;
  std::string errors_domain;
  DumpOptions dump_o;
  QueryArgs qa;
  DoctorOptions doctor_o;
  ConnectionsArgs conn_a;
  RelayArgs ra;
  std::string help_topic;
  std::vector<std::string> help_topics;  // filled once every command is defined
  std::string completion_shell;
  CLI::App *errors = nullptr, *dump = nullptr, *query = nullptr, *doctor = nullptr, *conn = nullptr,
           *relay = nullptr, *help = nullptr, *completion = nullptr;
};

/// Defines every command and option on \p d.app, in the run's language
/// (set_language first).
void define_cli(Cli& d);

/// The commands a person is told about, in definition order (the hidden
/// ones, completion, left out).
std::vector<std::string> command_names(const CLI::App& app);
/// Whether \p word is a command, the hidden ones included.
bool is_command(const CLI::App& app, const std::string& word);
/// "a, b, c".
std::string join(const std::vector<std::string>& words);

}  // namespace wfpredir::cli
