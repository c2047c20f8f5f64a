// wfpredir's entry point: prepares the process (standard streams, signals,
// UTF-8 arguments), wires CLI11 subcommands to the run_* functions in
// commands.h, and turns every way a run can end into one exit code and at
// most one line on stderr. The only file that includes CLI11.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <array>
#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/relay_cli.h"
#include "core/build_info.h"
#include "core/i18n.h"
#include "core/render_run.h"
#include "core/system.h"
#include "core/visible.h"

namespace {

// "wfpredir 0.2.0 (3f2a1c9, linux-x86_64, GCC 12.2.0)"
std::string version_text() {
  const wfpredir::BuildInfo b = wfpredir::build_info();
  return fmt::format("wfpredir {} ({}, {}, {})", b.version, b.commit, b.target, b.compiler);
}

// A failed write throws OutputFailed to main, as for every command.
int finish_version(bool json) {
  const wfpredir::BuildInfo b = wfpredir::build_info();
  wfpredir::cli::write_out(json ? wfpredir::render_version_json(b) + "\n" : version_text() + "\n");
  return 0;
}

using namespace wfpredir;
using namespace wfpredir::cli;

constexpr std::array<std::string_view, 6> kCommands = {"errors", "dump",  "query",
                                                       "doctor", "relay", "help"};

constexpr const char* kColourHelp =
    "When to colour: auto (stdout is a terminal, NO_COLOR unset or empty, TERM not dumb), always "
    "or never (default auto)";

struct Parsed {
  std::string lang;
  std::string format = "text";
  bool json = false;    // -j
  bool pretty = false;  // --pretty
  std::string colour;   // --color after the command
};

// --color given before the command (a global option).
std::string g_colour;

void add_common(CLI::App* sub, Parsed& p) {
  auto* format =
      sub->add_option("--format", p.format, std::string(tr("Output format: text or json")))
          ->check(CLI::IsMember({"text", "json"}))
          ->capture_default_str();
  sub->add_flag("-j", p.json, std::string(tr("Short for --format json")))->excludes(format);
  sub->add_flag("--pretty", p.pretty,
                std::string(tr("JSON indented for a person (default: one document per line)")));
  sub->add_option(
         "--lang", p.lang,
         std::string(tr(
             "Output language: en or fr (default: from LC_ALL/LC_MESSAGES/LANG, then the Windows "
             "display language)")))
      ->check(CLI::IsMember({"en", "fr"}));
  sub->add_option("--color", p.colour, std::string(tr(kColourHelp)))
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

Common common_of(const Parsed& p) {
  Common c;
  c.lang = p.lang.empty() ? lang_from_environment() : *parse_lang(p.lang);
  c.format = p.format == "json" || p.json ? Format::json : Format::text;
  c.pretty = p.pretty;
  const std::string& colour = p.colour.empty() ? g_colour : p.colour;
  if (!colour.empty()) c.colour = *parse_colour_choice(colour);
  return c;
}

// Where the command word is: after the global options (--color WHEN).
std::size_t command_at(const std::vector<std::string>& args) {
  std::size_t i = 1;
  while (i < args.size()) {
    if (args[i] == "--color" && i + 1 < args.size()) {
      i += 2;
    } else if (args[i].rfind("--color=", 0) == 0) {
      i += 1;
    } else {
      break;
    }
  }
  return i;
}

// A value given to an option, kept as typed: every check happens in
// build_query_options, with the same messages on every platform.
CLI::Option* add_text(CLI::App* app, const char* name, std::optional<std::string>& into,
                      const std::string& help) {
  return app->add_option_function<std::string>(
      name, [&into](const std::string& v) { into = v; }, help);
}

// An interrupt that was a SIGTERM ends with its own code (and a line, since
// the engine's message speaks only of an interruption).
int finish(Exit e) {
  if (e == Exit::interrupted && stop_cause() == StopCause::terminate) {
    std::fputs(std::string(tr("wfpredir: terminated (SIGTERM)\n")).c_str(), stderr);
    return code(Exit::terminated);
  }
  return code(e);
}

// CLI11's own words in the help text (its labels, the help flag, the option
// group), in the run's language. Called before any option is added: an
// option joins the group current when it is added.
void localise(CLI::App& app) {
  if (language() == Lang::en) return;
  const auto f = app.get_formatter();
  // "OPTIONS" is the same word in French.
  for (const char* label : {"Usage", "SUBCOMMAND", "SUBCOMMANDS", "Positionals", "REQUIRED",
                            "Needs", "Excludes", "TEXT"})
    f->label(label, std::string(tr(label)));
  app.option_defaults()->group(std::string(tr("Options")));
  app.set_help_flag("-h,--help", std::string(tr("Print this help message and exit")));
}

int run(const std::vector<std::string>& args) {
  g_colour.clear();
  // First, so that the help text CLI11 builds below is in that language too.
  set_language(lang_from_args(args).value_or(lang_from_environment()));
  CLI::App app{std::string(tr(
      "wfpredir: see what Windows Filtering Platform (and Linux netfilter) connection redirection "
      "hands a proxy"))};
  localise(app);
  app.set_version_flag(
      "--version", version_text(),
      std::string(
          tr("Show the version, commit, target and compiler (with --format json: as JSON)")));
  app.require_subcommand(1);
  app.add_option("--color", g_colour, std::string(tr(kColourHelp)))
      ->check(CLI::IsMember({"auto", "always", "never"}));
  // CLI11 takes "/x" for an option on Windows by default, which swallows
  // absolute paths such as /tmp/blob.bin given to dump under Wine (or MSYS).
  app.allow_windows_style_options(false);
  app.footer(std::string(tr(
      "wfpredir help COMMAND (or wfpredir COMMAND --help) shows a command's options.\n"
      "Exit codes: 0 ok, 1 a verdict is unknown, 2 usage, 3 socket setup failed, 4 no connection "
      "in time,\n"
      "5 expectation failed, 6 file error, 7 unsupported, 8 internal error, 9 output failed,\n"
      "130 interrupted (Ctrl-C, SIGINT), 143 terminated (SIGTERM, console close) (README.md, "
      "\"Exit codes\").")));

  // errors
  Parsed errors_p;
  ErrorsOptions errors_o;
  auto* errors = app.add_subcommand(
      "errors", std::string(tr("Explain the errors of SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS")));
  errors->add_option(
      "codes", errors_o.codes,
      std::string(
          tr("Codes or names: 10045, 0x273D, WSAEOPNOTSUPP, ENOENT (default: the whole table)")));
  std::string errors_domain;
  errors
      ->add_option("--domain", errors_domain,
                   std::string(tr(
                       "windows or posix: read codes in that domain only (a number can be both)")))
      ->check(CLI::IsMember({"windows", "posix"}));
  add_common(errors, errors_p);
  errors->footer(trf("Example: {}", "wfpredir errors 10045 ERROR_INSUFFICIENT_BUFFER --lang fr"));

  // dump
  Parsed dump_p;
  DumpOptions dump_o;
  auto* dump =
      app.add_subcommand("dump", std::string(tr("Hex-dump a saved blob (hexdump -C layout)")));
  dump->add_option("file", dump_o.file, std::string(tr("The file, or - for standard input")))
      ->required();
  dump->add_flag(
      "--decode", dump_o.decode,
      std::string(
          tr("Decode the blob after the dump (the --save name says which query it came from; "
             "otherwise every decoder is tried)")));
  add_common(dump, dump_p);
  dump->footer(trf("Example: {}", "wfpredir dump captures/1.records.bin"));

  // query
  Parsed query_p;
  QueryArgs qa;
  auto* query = app.add_subcommand(
      "query",
      std::string(tr("Accept or connect a socket and query its redirect records and context")));
  auto* o_self = query->add_flag(
      "--self", qa.self,
      std::string(tr("Listen on an ephemeral loopback port, connect to it, query the "
                     "accepted socket (the default)")));
  auto* o_port =
      add_text(query, "-p,--port", qa.port,
               std::string(tr("Listen on this port (1-65535) and query each accepted connection")));
  auto* o_bind = add_text(
      query, "--bind", qa.bind,
      std::string(
          tr("Address to listen on with --port (IPv4 or IPv6 literal; default 127.0.0.1)")));
  auto* o_connect =
      add_text(query, "--connect", qa.connect,
               std::string(tr("Connect to HOST:PORT ([v6]:port) and query the connected socket")));
  auto* o_transparent =
      query->add_flag("--transparent", qa.transparent,
                      std::string(tr("Linux: set IP_TRANSPARENT on the listener (TPROXY)")));
  query->add_flag("--udp", qa.udp,
                  std::string(tr("Receive the first datagram of each flow on UDP --port and report "
                                 "its redirect control messages")));
  o_self->excludes(o_port)->excludes(o_connect);
  o_port->excludes(o_connect);
  o_bind->needs(o_port);
  o_transparent->needs(o_port);
  add_text(query, "-c,--count", qa.count,
           std::string(tr("Connections to handle, 0 to 1000000 (0: until Ctrl-C; default 1)")));
  add_text(
      query, "-t,--timeout", qa.timeout,
      std::string(tr("Seconds to wait for each connection, 0.001 to 1000000 (default: wait)")));
  add_text(
      query, "--what", qa.what,
      std::string(
          tr("Which queries: records, context or both (default both); the original destination is "
             "always read")))
      ->check(CLI::IsMember({"records", "context", "both"}));
  add_text(
      query, "--mode", qa.mode,
      std::string(
          tr("How to wait: sync, event (Windows only), apc (Windows only) or all (default all; on "
             "Linux all runs sync)")))
      ->check(CLI::IsMember({"sync", "event", "apc", "all"}));
  add_text(
      query, "--buffer", qa.buffer,
      std::string(tr(
          "Output buffer: auto (default: 1024, grown on ERROR_INSUFFICIENT_BUFFER up to 65536), "
          "probe (size 0 first, then the size asked for), or an exact size N (1..16777216; 0 means "
          "probe)")));
  add_text(
      query, "--io-timeout", qa.io_timeout,
      std::string(tr(
          "Seconds a pending call may take before it is cancelled, 0.001 to 1000000 (default 5)")));
  add_text(query, "--save", qa.save, std::string(tr("Write each blob to DIR/<n>.<query>.bin")));
  add_text(
      query, "--expect", qa.expect,
      std::string(tr(
          "What must hold for every connection: redirected, not-redirected, or error:NAME (a code "
          "name or number: error:WSAEOPNOTSUPP, error:10045); exit 5 when it does not")));
  query->add_flag("--trace", qa.trace,
                  std::string(tr("Print every system call with its arguments and results")));
  query->add_flag("-v,--verbose", qa.verbose,
                  std::string(tr("Text: every query as it ran, even those that do not exist on "
                                 "this system, and the original destination's bytes")));
  query->add_flag(
      "-q,--quiet", qa.quiet,
      std::string(
          tr("Text: one line per connection (peer, verdict, original destination or -), and "
             "the summary line when there are several; nothing else on stdout")));
  add_common(query, query_p);
  query->footer(std::string(tr("Examples:")) +
                "\n  wfpredir query --self --mode all\n  wfpredir query -p 8080 -c 0 -j\n"
                "  wfpredir query --connect [::1]:443 --what records --buffer probe --trace\n"
                "  wfpredir query --udp --port 5353 --bind 0.0.0.0 --count 3");

  // doctor
  Parsed doctor_p;
  DoctorOptions doctor_o;
  auto* doctor = app.add_subcommand(
      "doctor",
      std::string(tr(
          "Check what this machine answers, on a loopback connection, and say what to do next")));
  doctor->add_flag("-v,--verbose", doctor_o.verbose,
                   std::string(tr("Text: the loopback connection's whole report, before the "
                                  "findings")));
  add_common(doctor, doctor_p);
  doctor->footer(trf("Example: {}", "wfpredir doctor --format json > wfpredir-doctor.json"));

  // relay: the query --port options, and the relay's own.
  Parsed relay_p;
  RelayArgs ra;
  auto* relay = app.add_subcommand(
      "relay",
      std::string(
          tr("Accept, query, and forward each connection to its original destination (or --to), "
             "handing its redirect records on")));
  add_text(relay, "--port", ra.query.port, std::string(tr("Listen on this port (1-65535)")));
  add_text(relay, "--bind", ra.query.bind,
           std::string(tr("Address to listen on (IPv4 or IPv6 literal; default 127.0.0.1)")));
  relay->add_flag("--transparent", ra.query.transparent,
                  std::string(tr("Linux: set IP_TRANSPARENT on the listener (TPROXY)")));
  add_text(
      relay, "--to", ra.to,
      std::string(tr("Connect every upstream to HOST:PORT instead of the original destination")));
  add_text(relay, "--count", ra.query.count,
           std::string(tr("Connections to relay, 0 to 1000000 (0: until Ctrl-C; default 1)")));
  add_text(
      relay, "--timeout", ra.query.timeout,
      std::string(tr("Seconds to wait for each connection, 0.001 to 1000000 (default: wait)")));
  add_text(relay, "--set", ra.set,
           std::string(
               tr("Windows: set the queried records on the upstream socket: auto (when the query "
                  "returned some; default), always, never")))
      ->check(CLI::IsMember({"auto", "always", "never"}));
  relay->add_flag(
      "--strict", ra.strict,
      std::string(tr("Refuse (close the client) when the records cannot be handed on")));
  add_text(relay, "--mark", ra.mark,
           std::string(tr("Linux: SO_MARK on upstream sockets (default 0x77667072; 0: none)")));
  add_text(relay, "--what", ra.query.what, std::string(tr("Which queries (default both)")))
      ->check(CLI::IsMember({"records", "context", "both"}));
  add_text(relay, "--mode", ra.query.mode, std::string(tr("How to wait (default all)")))
      ->check(CLI::IsMember({"sync", "event", "apc", "all"}));
  add_text(relay, "--buffer", ra.query.buffer,
           std::string(tr("auto (default), probe, or an exact size N")));
  add_text(relay, "--io-timeout", ra.query.io_timeout,
           std::string(tr("Seconds a pending query may take before it is cancelled (default 5)")));
  add_text(relay, "--save", ra.query.save,
           std::string(tr("Write each blob to DIR/<n>.<query>.bin")));
  add_text(
      relay, "--expect", ra.query.expect,
      std::string(tr("redirected, not-redirected or error:NAME; exit 5 when it does not hold")));
  relay->add_flag("--trace", ra.query.trace, std::string(tr("Print every system call")));
  add_common(relay, relay_p);
  relay->footer(std::string(tr("Examples:")) +
                "\n  wfpredir relay --port 8080 --count 0\n"
                "  wfpredir relay --port 8080 --to 127.0.0.1:9000 --format json --trace");

  if (language() != Lang::en)
    for (CLI::App* sub : app.get_subcommands({})) sub->group(std::string(tr("Subcommands")));

  // `--version --format json` (CLI11's version flag takes no options).
  if (args.size() >= 2 && args[1] == "--version") {
    if (args.size() == 2) return finish_version(false);
    if ((args.size() == 4 && args[2] == "--format" && args[3] == "json") ||
        (args.size() == 3 && args[2] == "--format=json"))
      return finish_version(true);
    if ((args.size() == 4 && args[2] == "--format" && args[3] == "text") ||
        (args.size() == 3 && args[2] == "--format=text"))
      return finish_version(false);
    return code(usage_error(std::string(tr("--version takes only --format text|json"))));
  }

  // CLI11 would say "A subcommand is required" for a misspelt command or an
  // option before it; name the word it did not know.
  const std::size_t at = command_at(args);
  if (at >= args.size())
    return code(usage_error(
        std::string(tr("a command is required: errors, dump, query, doctor, relay or help"))));
  const std::string& word = args[at];
  if (word != "--help" && word != "-h" && word != "--version" && !word.empty() && word[0] == '-')
    return code(
        usage_error(trf("unknown option '{}' before the command (commands: errors, dump, query, "
                        "doctor, relay, help)",
                        visible(word))));
  if (!word.empty() && word[0] != '-' &&
      std::find(kCommands.begin(), kCommands.end(), word) == kCommands.end())
    return code(
        usage_error(trf("unknown command '{}' (commands: errors, dump, query, doctor, relay, help)",
                        visible(word))));
  // `help [COMMAND]` is `[COMMAND] --help`: the same text, from the same place.
  if (word == "help") {
    if (args.size() > at + 2)
      return code(
          usage_error(std::string(tr("help takes at most one command: wfpredir help query"))));
    std::vector<std::string> again{args[0]};
    if (args.size() == at + 2) {
      const std::string& what = args[at + 1];
      if (what == "help" || std::find(kCommands.begin(), kCommands.end(), what) == kCommands.end())
        return code(usage_error(
            trf("help: unknown command '{}' (commands: errors, dump, query, doctor, relay)",
                visible(what))));
      again.push_back(what);
    }
    again.emplace_back("--help");
    return run(again);
  }

  // CLI11 reads argv from its end: hand it the UTF-8 arguments as an array.
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return code(usage_error(visible(parse_error_text(language(), e.what()))));
  }

  if (errors->parsed()) {
    errors_o.common = common_of(errors_p);
    if (!errors_domain.empty())
      errors_o.domain = errors_domain == "posix" ? ErrorDomain::posix : ErrorDomain::windows;
    return finish(run_errors(errors_o));
  }
  if (dump->parsed()) {
    dump_o.common = common_of(dump_p);
    return finish(run_dump(dump_o));
  }
  if (doctor->parsed()) {
    doctor_o.common = common_of(doctor_p);
    return finish(run_doctor_command(doctor_o));
  }
  std::string why;
  if (relay->parsed()) {
    auto relay_o = build_relay_options(ra, why);
    if (!relay_o) return code(usage_error(why));
    relay_o->common = common_of(relay_p);
    return finish(run_relay_command(*relay_o));
  }
  auto query_o = build_query_options(qa, why);
  if (!query_o) return code(usage_error(why));
  query_o->common = common_of(query_p);
  if (query_o->udp) return finish(run_udp_query_command(*query_o));
  return finish(run_query_command(*query_o));
}

}  // namespace

int main(int argc, char** argv) {
  const ProcessStart start = prepare_process(argc, argv);
  if (start.stdout_was_closed) set_stdout_closed();
  try {
    const int rc = run(start.args);
    flush_out();
    return rc;
  } catch (const OutputFailed& e) {
    say_error(trf("cannot write the output: {}", visible(e.why)));
    return code(Exit::output_failed);
  } catch (const std::exception& e) {
    say_error(trf("internal error: {}", visible(e.what())));
    return code(Exit::internal);
  }
}
