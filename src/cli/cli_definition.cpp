// The command line's definition (cli_definition.h): the global options,
// each command with its options, help texts and examples, in the run's
// language. With main.cpp and completion.cpp, the only files that use CLI11.
#include "cli/cli_definition.h"

#include <optional>

#include "text/i18n.h"

namespace wfpredir::cli {
namespace {

constexpr const char* kColourHelp =
    "When to colour: auto (stdout is a terminal, NO_COLOR unset or empty, TERM not dumb), always "
    "or never (default auto)";

void add_common(CLI::App* sub, Parsed& p) {
  auto* format =
      sub->add_option("--format", p.format, std::string(tr("Output format: text or json")))
          ->check(CLI::IsMember({"text", "json"}))
          ->default_str("text");
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

// A value given to an option, kept as typed: every check happens in
// build_query_options, with the same messages on every platform.
CLI::Option* add_text(CLI::App* app, const char* name, std::optional<std::string>& into,
                      const std::string& help) {
  return app->add_option_function<std::string>(
      name, [&into](const std::string& v) { into = v; }, help);
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

}  // namespace

// The commands a person is told about, in the order they are defined: every
// subcommand but the hidden ones (completion, in an empty group). Read from
// the CLI definition, so that a new command is listed everywhere at once.
std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({}))
    if (!sub->get_group().empty()) names.push_back(sub->get_name());
  return names;
}

// Any command, the hidden ones included.
bool is_command(const CLI::App& app, const std::string& word) {
  for (const CLI::App* sub : app.get_subcommands({}))
    if (sub->get_name() == word) return true;
  return false;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

void define_cli(Cli& d) {
  CLI::App& app = d.app;
  app.description(std::string(tr(
      "wfpredir: see what Windows Filtering Platform (and Linux netfilter) connection redirection "
      "hands a proxy")));
  localise(app);
  // The global options: the same as every command's, before the command.
  Parsed& global = d.global;
  app.add_flag("-V,--version", global.version,
               std::string(tr(
                   "Show the version, commit, target and compiler (with --format json: as JSON)")));
  add_common(&app, global);
  app.add_flag("-q,--quiet", global.quiet,
               std::string(tr("query and relay: one line per connection (see query --help)")));
  app.require_subcommand(0, 1);
  // CLI11 takes "/x" for an option on Windows by default, which swallows
  // absolute paths such as /tmp/blob.bin given to dump under Wine (or MSYS).
  app.allow_windows_style_options(false);
  app.footer(std::string(tr(
      "wfpredir help COMMAND (or wfpredir COMMAND --help) shows a command's options.\n"
      "Exit codes: 0 ok, 1 a verdict is unknown, 2 usage, 3 socket setup failed, 4 no connection "
      "in time,\n"
      "5 expectation failed, 6 file error, 7 unsupported, 8 internal error, 9 output failed,\n"
      "130 interrupted (Ctrl-C, SIGINT), 141 the reader of the output went away (closed pipe),\n"
      "143 terminated (SIGTERM, console close) (README.md, \"Exit codes\").")));

  // errors
  Parsed& errors_p = d.errors_p;
  ErrorsOptions& errors_o = d.errors_o;
  auto* errors = d.errors = app.add_subcommand(
      "errors", std::string(tr("Explain the errors of SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS")));
  errors->add_option(
      "codes", errors_o.codes,
      std::string(
          tr("Codes or names: 10045, 0x273D, WSAEOPNOTSUPP, ENOENT (default: the whole table)")));
  std::string& errors_domain = d.errors_domain;
  errors
      ->add_option("--domain", errors_domain,
                   std::string(tr(
                       "windows or posix: read codes in that domain only (a number can be both)")))
      ->check(CLI::IsMember({"windows", "posix"}));
  add_common(errors, errors_p);
  errors->footer(trf("Example: {}", "wfpredir errors 10045 ERROR_INSUFFICIENT_BUFFER --lang fr"));

  // dump
  Parsed& dump_p = d.dump_p;
  DumpOptions& dump_o = d.dump_o;
  auto* dump = d.dump =
      app.add_subcommand("dump", std::string(tr("Hex-dump a saved blob (hexdump -C layout)")));
  dump->add_option("file", dump_o.file, std::string(tr("The file, or - for standard input")))
      ->required()
      ->type_name("FILE");
  dump->add_flag(
      "--decode", dump_o.decode,
      std::string(
          tr("Decode the blob after the dump (the --save name says which query it came from; "
             "otherwise every decoder is tried)")));
  add_common(dump, dump_p);
  dump->footer(trf("Example: {}", "wfpredir dump captures/1.records.bin"));

  // query
  Parsed& query_p = d.query_p;
  QueryArgs& qa = d.qa;
  auto* query = d.query = app.add_subcommand(
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
          "probe)")))
      ->type_name("auto|probe|N");
  add_text(
      query, "--io-timeout", qa.io_timeout,
      std::string(tr(
          "Seconds a pending call may take before it is cancelled, 0.001 to 1000000 (default 5)")));
  add_text(query, "--save", qa.save, std::string(tr("Write each blob to DIR/<n>.<query>.bin")))
      ->type_name("DIR");
  add_text(
      query, "--expect", qa.expect,
      std::string(tr(
          "What must hold for every connection: redirected, not-redirected, or error:NAME (a code "
          "name or number: error:WSAEOPNOTSUPP, error:10045); exit 5 when it does not")))
      ->type_name("redirected|not-redirected|error:NAME");
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
  Parsed& doctor_p = d.doctor_p;
  DoctorOptions& doctor_o = d.doctor_o;
  auto* doctor = d.doctor = app.add_subcommand(
      "doctor",
      std::string(tr(
          "Check what this machine answers, on a loopback connection, and say what to do next")));
  doctor->add_flag("-v,--verbose", doctor_o.verbose,
                   std::string(tr("Text: the loopback connection's whole report, before the "
                                  "findings")));
  add_common(doctor, doctor_p);
  doctor->footer(trf("Example: {}", "wfpredir doctor --format json > wfpredir-doctor.json"));

  // connections (cmd_connections.cpp)
  Parsed& conn_p = d.conn_p;
  ConnectionsArgs& conn_a = d.conn_a;
  auto* conn = d.conn = app.add_subcommand(
      "connections", std::string(tr("List a running proxy's connections in place, with the "
                                    "witnesses of each redirect (its port is not taken)")));
  add_text(conn, "--port", conn_a.port,
           std::string(tr("Only sockets with this local or remote port")));
  add_text(conn, "--pid", conn_a.pid, std::string(tr("Only sockets this process holds")));
  conn->add_flag(
      "--confirm", conn_a.confirm,
      std::string(tr("Linux: also ask SO_ORIGINAL_DST on a duplicate of each live socket "
                     "(pidfd_getfd; root), read-only, closed at once")));
  add_common(conn, conn_p);
  conn->footer(std::string(tr("Examples:")) +
               "\n  wfpredir connections --port 8080\n  wfpredir connections --pid 1234 "
               "--confirm --format json");

  // relay: the query --port options, and the relay's own.
  Parsed& relay_p = d.relay_p;
  RelayArgs& ra = d.ra;
  auto* relay = d.relay = app.add_subcommand(
      "relay",
      std::string(
          tr("Accept, query, and forward each connection to its original destination (or --to), "
             "handing its redirect records on")));
  add_text(relay, "-p,--port", ra.query.port, std::string(tr("Listen on this port (1-65535)")));
  add_text(relay, "--bind", ra.query.bind,
           std::string(tr("Address to listen on (IPv4 or IPv6 literal; default 127.0.0.1)")));
  relay->add_flag("--transparent", ra.query.transparent,
                  std::string(tr("Linux: set IP_TRANSPARENT on the listener (TPROXY)")));
  add_text(
      relay, "--to", ra.to,
      std::string(tr("Connect every upstream to HOST:PORT instead of the original destination")));
  add_text(relay, "-c,--count", ra.query.count,
           std::string(tr("Connections to relay, 0 to 1000000 (0: until Ctrl-C; default 1)")));
  add_text(
      relay, "-t,--timeout", ra.query.timeout,
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
  add_text(relay, "--threads", ra.threads,
           std::string(tr("Forwarding threads, 1 to 256 (default: one per core)")));
  add_text(relay, "--connect-timeout", ra.connect_timeout,
           std::string(tr("Seconds an upstream connect may take, then upstream-timeout (default "
                          "5; 0: the system's own)")));
  add_text(relay, "--idle-timeout", ra.idle_timeout,
           std::string(tr("End a connection where neither side sent for this many seconds "
                          "(default 0: never)")));
  add_text(relay, "--drain", ra.drain,
           std::string(tr("On Ctrl-C or SIGTERM, let connections finish for up to this many "
                          "seconds before they are reset (default 0)")));
  add_text(relay, "--what", ra.query.what, std::string(tr("Which queries (default both)")))
      ->check(CLI::IsMember({"records", "context", "both"}));
  add_text(relay, "--mode", ra.query.mode, std::string(tr("How to wait (default all)")))
      ->check(CLI::IsMember({"sync", "event", "apc", "all"}));
  add_text(relay, "--buffer", ra.query.buffer,
           std::string(tr("auto (default), probe, or an exact size N")))
      ->type_name("auto|probe|N");
  add_text(relay, "--io-timeout", ra.query.io_timeout,
           std::string(tr("Seconds a pending query may take before it is cancelled (default 5)")));
  add_text(relay, "--save", ra.query.save,
           std::string(tr("Write each blob to DIR/<n>.<query>.bin")))
      ->type_name("DIR");
  add_text(
      relay, "--expect", ra.query.expect,
      std::string(tr("redirected, not-redirected or error:NAME; exit 5 when it does not hold")))
      ->type_name("redirected|not-redirected|error:NAME");
  relay->add_flag("--trace", ra.query.trace, std::string(tr("Print every system call")));
  relay->add_flag("-q,--quiet", ra.query.quiet,
                  std::string(tr("Text: one line per connection (peer, verdict, original "
                                 "destination or -, end), and the summary line when there are "
                                 "several")));
  add_common(relay, relay_p);
  relay->footer(std::string(tr("Examples:")) +
                "\n  wfpredir relay --port 8080 --count 0\n"
                "  wfpredir relay --port 8080 --to 127.0.0.1:9000 --format json --trace");

  // help [COMMAND]: the global options fall through to the top level.
  std::string& help_topic = d.help_topic;
  std::vector<std::string>& help_topics = d.help_topics;  // filled once every command is defined
  auto* help = d.help = app.add_subcommand(
      "help", std::string(tr("Show the help of wfpredir, or of a command (the same as COMMAND "
                             "--help)")));
  help->add_option("command", help_topic, std::string(tr("The command")))
      ->check(CLI::IsMember(&help_topics));
  help->fallthrough();
  help->footer(trf("Example: {}", "wfpredir help query"));

  // completion SHELL: hidden (an empty group); the packages ship its output.
  std::string& completion_shell = d.completion_shell;
  auto* completion = d.completion = app.add_subcommand(
      "completion", std::string(tr("Print the completion script for bash, zsh or powershell")));
  completion->add_option("shell", completion_shell, std::string(tr("bash, zsh or powershell")))
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "powershell"}));
  completion->group("");

  if (language() != Lang::en)
    for (CLI::App* sub : app.get_subcommands({}))
      if (!sub->get_group().empty()) sub->group(std::string(tr("Subcommands")));
}

}  // namespace wfpredir::cli
