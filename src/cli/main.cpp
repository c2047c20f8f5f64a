// wfpredir's entry point: prepares the process (standard streams, signals,
// UTF-8 arguments), parses the command line that cli_definition.cpp defines,
// dispatches to the run_* functions in commands.h, and turns every way a run
// can end into one exit code and at most one line on stderr.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <array>
#include <cstdio>
#include <exception>

#include "cli/cli_definition.h"
#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/connections_cli.h"
#include "cli/lang.h"
#include "cli/relay_cli.h"
#include "cli/suggest.h"
#include "model/build_info.h"
#include "platform/system.h"
#include "run/render_run.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace {

// "wfpredir 0.2.0 (3f2a1c9, linux-x86_64, GCC 12.2.0)"
std::string version_text() {
  const wfpredir::BuildInfo b = wfpredir::build_info();
  return fmt::format("wfpredir {} ({}, {}, {})", b.version, b.commit, b.target, b.compiler);
}

// A failed write throws OutputFailed to main, as for every command; the JSON
// goes out as every command's does (one line, or indented with --pretty).
int finish_version(const wfpredir::cli::Common& c) {
  const wfpredir::BuildInfo b = wfpredir::build_info();
  wfpredir::cli::write_out(c.format == wfpredir::cli::Format::json
                               ? wfpredir::cli::json_document(wfpredir::render_version_json(b), c)
                               : version_text() + "\n");
  return 0;
}

using namespace wfpredir;
using namespace wfpredir::cli;

Common common_of(const Parsed& p, const Parsed& global) {
  Common c;
  const std::string& lang = p.lang.empty() ? global.lang : p.lang;
  c.lang = lang.empty() ? lang_from_environment() : *parse_lang(lang);
  const bool json = !p.format.empty() || p.json ? p.format == "json" || p.json
                                                : global.format == "json" || global.json;
  c.format = json ? Format::json : Format::text;
  const std::string& colour = p.colour.empty() ? global.colour : p.colour;
  c.pretty = p.pretty || global.pretty;
  if (!colour.empty()) c.colour = *parse_colour_choice(colour);
  return c;
}

// Where the command word is: after the global options and their values.
std::size_t command_at(const std::vector<std::string>& args) {
  std::size_t i = 1;
  while (i < args.size()) {
    const std::string& a = args[i];
    if ((a == "--format" || a == "--lang" || a == "--color") && i + 1 < args.size()) {
      i += 2;
    } else if (a.starts_with("--format=") || a.starts_with("--lang=") ||
               a.starts_with("--color=") || a == "-j" || a == "-q" || a == "--quiet" || a == "-V" ||
               a == "--version" || a == "--pretty") {
      i += 1;
    } else {
      break;
    }
  }
  return i;
}

// Every name an app's options answer to ("--port", "-p").
std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* o : app.get_options()) {
    for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
    for (const std::string& s : o->get_snames()) names.push_back("-" + s);
  }
  return names;
}

// "unknown option '--prot' (did you mean --port?)", for the first option in
// args[from..] that \p app does not know; nullopt when every one is known.
std::optional<std::string> unknown_option(const CLI::App& app, const std::vector<std::string>& args,
                                          std::size_t from) {
  const std::vector<std::string> names = option_names(app);
  for (std::size_t i = from; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-' || (a[1] >= '0' && a[1] <= '9')) continue;
    const std::string name = a.substr(0, a.find('='));
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    if (name.size() > 2 && name[1] != '-') continue;  // -pVALUE, -j -q grouped: CLI11's word
    if (const auto near = nearest(name, names))
      return trf("unknown option '{}' (did you mean {}?)", visible(name), *near);
    return trf("unknown option '{}' ({} --help lists the options)", visible(name),
               app.get_parent() != nullptr ? "wfpredir " + app.get_name() : "wfpredir");
  }
  return std::nullopt;
}

// The help text of \p sub (nullptr: the top level), as --help prints it.
std::string help_of(const CLI::App& app, const CLI::App* sub) {
  if (sub == nullptr)
    return app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
  return sub->get_formatter()->make_help(sub, app.get_name() + " " + sub->get_name(),
                                         CLI::AppFormatMode::Normal);
}

// An interrupt that was a SIGTERM or a console close (Platform::terminated(), which each
// command's run turned into Exit::terminated) ends with a line of its own, since the run's
// message speaks only of an interruption.
int finish(Exit e) {
  if (e == Exit::terminated) {
    std::fputs(trf("wfpredir: terminated ({})\n", termination_name()).c_str(), stderr);
    return code(Exit::terminated);
  }
  return code(e);
}

int run(const std::vector<std::string>& args) {
  // First, so that the help text CLI11 builds below is in that language too.
  set_language(lang_from_args(args).value_or(lang_from_environment()));
  Cli d;
  define_cli(d);
  CLI::App& app = d.app;
  const Parsed& global = d.global;
  CLI::App *errors = d.errors, *dump = d.dump, *query = d.query, *doctor = d.doctor, *conn = d.conn,
           *relay = d.relay, *help = d.help, *completion = d.completion;
  ErrorsOptions& errors_o = d.errors_o;
  DumpOptions& dump_o = d.dump_o;
  QueryArgs& qa = d.qa;
  DoctorOptions& doctor_o = d.doctor_o;
  ConnectionsArgs& conn_a = d.conn_a;
  RelayArgs& ra = d.ra;
  const std::string &errors_domain = d.errors_domain, &help_topic = d.help_topic;

  // CLI11 would say "arguments were not expected" for a misspelt command or
  // option before it; name the word it did not know, and the nearest one.
  const std::size_t at = command_at(args);
  const std::string word = at < args.size() ? args[at] : std::string();
  const std::vector<std::string> commands = command_names(app);
  d.help_topics = commands;
  if (word.size() > 1 && word[0] == '-' && word != "--help" && word != "-h") {
    if (auto why = unknown_option(app, args, at)) return code(usage_error(*why));
  } else if (!word.empty() && word[0] != '-' && !is_command(app, word)) {
    const auto near = nearest(word, commands);
    return code(usage_error(
        near ? trf("unknown command '{}' (did you mean {}?)", visible(word), *near)
             : trf("unknown command '{}' (commands: {})", visible(word), join(commands))));
  }
  if (word == "help" && args.size() > at + 1 && args[at + 1][0] != '-' &&
      std::find(commands.begin(), commands.end(), args[at + 1]) == commands.end())
    return code(usage_error(
        trf("help: unknown command '{}' (commands: {})", visible(args[at + 1]), join(commands))));

  // CLI11 reads argv from its end: hand it the UTF-8 arguments as an array.
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    const auto chosen = app.get_subcommands();
    write_out(help_of(app, chosen.empty() ? nullptr : chosen.back()));
    return 0;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
      const auto chosen = app.get_subcommands();
      const CLI::App& where = chosen.empty() ? app : *chosen.back();
      const std::size_t from = chosen.empty() ? 1 : at + 1;
      if (auto why = unknown_option(where, args, from)) return code(usage_error(*why));
    }
    return code(usage_error(visible(parse_error_text(language(), e.what()))));
  }

  const bool quiet_cmd = query->parsed() || relay->parsed();
  if (global.version) {
    if (!app.get_subcommands().empty() && !help->parsed())
      return code(usage_error(std::string(tr("--version takes no command"))));
    return finish_version(common_of(Parsed{}, global));
  }
  if (help->parsed())
    return write_out(help_of(app, help_topic.empty() ? nullptr : app.get_subcommand(help_topic))),
           0;
  if (completion->parsed()) return write_out(completion_script(app, d.completion_shell)), 0;
  if (app.get_subcommands().empty())
    return code(usage_error(trf("a command is required: {}", join(command_names(app)))));
  if (global.quiet && !quiet_cmd)
    return code(usage_error(std::string(tr("--quiet: only query and relay have a one-line form"))));
  qa.quiet = qa.quiet || global.quiet;
  ra.query.quiet = ra.query.quiet || global.quiet;

  if (errors->parsed()) {
    errors_o.common = common_of(d.errors_p, global);
    if (!errors_domain.empty())
      errors_o.domain = errors_domain == "posix" ? ErrorDomain::posix : ErrorDomain::windows;
    return finish(run_errors(errors_o));
  }
  if (dump->parsed()) {
    dump_o.common = common_of(d.dump_p, global);
    return finish(run_dump(dump_o));
  }
  if (doctor->parsed()) {
    doctor_o.common = common_of(d.doctor_p, global);
    return finish(run_doctor_command(doctor_o));
  }
  std::string why;
  if (conn->parsed()) {
    auto conn_o = build_connections_options(conn_a, why);
    if (!conn_o) return code(usage_error(why));
    conn_o->common = common_of(d.conn_p, global);
    return finish(run_connections_command(*conn_o));
  }
  if (relay->parsed()) {
    auto relay_o = build_relay_options(ra, why);
    if (!relay_o) return code(usage_error(why));
    relay_o->common = common_of(d.relay_p, global);
    return finish(run_relay_command(*relay_o));
  }
  auto query_o = build_query_options(qa, why);
  if (!query_o) return code(usage_error(why));
  query_o->common = common_of(d.query_p, global);
  if (query_o->udp) return finish(run_udp_query_command(*query_o));
  return finish(run_query_command(*query_o));
}

}  // namespace

namespace {

int guarded_main(int argc, char** argv) {
  const ProcessStart start = prepare_process(argc, argv);
  if (start.stdout_was_closed) set_stdout_closed();
  try {
    const int rc = run(start.args);
    flush_out();
    return rc;
  } catch (const OutputFailed& e) {
    // A reader that went away (wfpredir errors | head) is not an error to
    // report: the end is quiet, with its own code, as coreutils end.
    if (e.reader_gone) return code(Exit::reader_gone);
    say_error(trf("cannot write the output: {}", visible(e.why)));
    return code(Exit::output_failed);
  } catch (const std::exception& e) {
    say_error(trf("internal error: {}", visible(e.what())));
    return code(Exit::internal);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int rc = guarded_main(argc, argv);
  // Every path out: the console's code page given back, and a console-close
  // handler holding the process (Windows) let go.
  note_report_written();
  return rc;
}
