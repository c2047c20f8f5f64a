// wfpredir's entry point: wires CLI11 subcommands to the run_* functions in
// commands.h. The only file that includes CLI11. Parse errors become
// Exit::usage (CLI11's own codes are 100-127; ours stay below 100).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "cli/lang.h"

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#endif

namespace {

using namespace wfpredir;
using namespace wfpredir::cli;

// Windows: blobs read from stdin and hex dumps written to stdout must not go
// through CRLF translation (a dump must match `hexdump -C` byte for byte), and
// French text is UTF-8.
void setup_console() {
#ifdef _WIN32
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
  SetConsoleOutputCP(CP_UTF8);
#endif
}

struct Parsed {
  std::string lang;
  std::string format = "text";
};

void add_common(CLI::App* sub, Parsed& p) {
  sub->add_option("--format", p.format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  sub->add_option("--lang", p.lang, "Language of meanings and hints: en or fr (default: from LC_ALL/LC_MESSAGES/LANG)")
      ->check(CLI::IsMember({"en", "fr"}));
}

Common common_of(const Parsed& p) {
  Common c;
  c.lang = p.lang.empty() ? lang_from_environment() : *parse_lang(p.lang);
  c.format = p.format == "json" ? Format::json : Format::text;
  return c;
}

Exit usage_error(const std::string& message) {
  fmt::print(stderr, "wfpredir: error: {}\nRun with --help for more information.\n", message);
  return Exit::usage;
}

Millis seconds(double s) { return Millis{static_cast<long long>(s * 1000.0 + 0.5)}; }

}  // namespace

int main(int argc, char** argv) {
  setup_console();
  CLI::App app{"wfpredir: see what Windows Filtering Platform (and Linux netfilter) connection redirection hands a proxy"};
  app.set_version_flag("--version", std::string("wfpredir ") + WFPREDIR_VERSION);
  app.require_subcommand(1);
  // CLI11 takes "/x" for an option on Windows by default, which swallows
  // absolute paths such as /tmp/blob.bin given to dump under Wine (or MSYS).
  app.allow_windows_style_options(false);
  app.footer("Exit codes: 0 ok, 1 a verdict is unknown, 2 usage, 3 socket setup failed, 4 no connection in time,\n"
             "5 expectation failed, 6 file error, 7 unsupported, 8 internal error, 9 output failed,\n"
             "130 interrupted, 143 terminated (README.md, \"Exit codes\").");

  // errors
  Parsed errors_p;
  ErrorsOptions errors_o;
  auto* errors = app.add_subcommand("errors", "Explain the errors of SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS");
  errors->add_option("codes", errors_o.codes, "Codes or names: 10045, 0x273D, WSAEOPNOTSUPP, ENOENT (default: the whole table)");
  std::string errors_domain;
  errors->add_option("--domain", errors_domain, "Read codes as Windows codes or Linux errno values only (a number can be both)")
      ->check(CLI::IsMember({"windows", "posix"}));
  add_common(errors, errors_p);
  errors->footer("Example: wfpredir errors 10045 ERROR_INSUFFICIENT_BUFFER --lang fr");

  // dump
  Parsed dump_p;
  DumpOptions dump_o;
  auto* dump = app.add_subcommand("dump", "Hex-dump a saved blob (hexdump -C layout)");
  dump->add_option("file", dump_o.file, "The file, or - for standard input")->required();
  add_common(dump, dump_p);
  dump->footer("Example: wfpredir dump captures/1.records.bin");

  // query
  Parsed query_p;
  QueryCliOptions query_o;
  bool self = false, transparent = false;
  int port = 0;
  std::string bind = "127.0.0.1", connect, what = "both", mode = "all", buffer = "auto", expect;
  double timeout = 0, io_timeout = 5;
  auto* query = app.add_subcommand("query", "Accept or connect a socket and query its redirect records and context");
  auto* o_self = query->add_flag("--self", self, "Listen on an ephemeral loopback port, connect to it, query the accepted socket (the default)");
  auto* o_port = query->add_option("--port", port, "Listen on this port and query each accepted connection")->check(CLI::Range(1, 65535));
  auto* o_bind = query->add_option("--bind", bind, "Address to listen on with --port (IPv4 or IPv6 literal)")->capture_default_str();
  auto* o_connect = query->add_option("--connect", connect, "Connect to HOST:PORT ([v6]:port) and query the connected socket");
  auto* o_transparent = query->add_flag("--transparent", transparent, "Linux: set IP_TRANSPARENT on the listener (TPROXY)");
  o_self->excludes(o_port)->excludes(o_connect);
  o_port->excludes(o_connect);
  o_bind->needs(o_port);
  o_transparent->needs(o_port);
  query->add_option("--count", query_o.query.count, "Connections to handle (0: until Ctrl-C)")->capture_default_str();
  query->add_option("--timeout", timeout, "Seconds to wait for each connection (default: wait)")->check(CLI::PositiveNumber);
  query->add_option("--what", what, "Which queries")->check(CLI::IsMember({"records", "context", "both"}))->capture_default_str();
  query->add_option("--mode", mode, "How to wait")->check(CLI::IsMember({"sync", "event", "apc", "all"}))->capture_default_str();
  query->add_option("--buffer", buffer, "auto, probe, or an exact size N (1..16777216; 0 means probe)")->capture_default_str();
  query->add_option("--io-timeout", io_timeout, "Seconds a pending call may take before it is cancelled")->check(CLI::PositiveNumber)->capture_default_str();
  query->add_option("--save", query_o.query.save_dir, "Write each blob to DIR/<n>.<query>.bin");
  query->add_option("--expect", expect, "redirected, not-redirected or error:NAME; exit 5 when it does not hold");
  query->add_flag("--trace", query_o.trace, "Print every system call with its arguments and results");
  add_common(query, query_p);
  query->footer("Examples:\n  wfpredir query --self --mode all\n  wfpredir query --port 8080 --count 0 --format json\n"
                "  wfpredir query --connect [::1]:443 --what records --buffer probe --trace");

  // doctor
  Parsed doctor_p;
  DoctorOptions doctor_o;
  auto* doctor = app.add_subcommand("doctor", "Check what this machine answers, on a loopback connection, and say what to do next");
  add_common(doctor, doctor_p);
  doctor->footer("Example: wfpredir doctor --format json > wfpredir-doctor.json");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : code(Exit::usage);
  }

  try {
    if (errors->parsed()) {
      errors_o.common = common_of(errors_p);
      if (!errors_domain.empty()) errors_o.domain = errors_domain == "posix" ? ErrorDomain::posix : ErrorDomain::windows;
      return code(run_errors(errors_o));
    }
    if (dump->parsed()) {
      dump_o.common = common_of(dump_p);
      return code(run_dump(dump_o));
    }
    if (doctor->parsed()) {
      doctor_o.common = common_of(doctor_p);
      return code(run_doctor_command(doctor_o));
    }
    // query
    QueryOptions& q = query_o.query;
    query_o.common = common_of(query_p);
    if (o_port->count() > 0) {
      q.target.kind = Target::Kind::listen;
      q.target.port = static_cast<std::uint16_t>(port);
      q.target.bind = bind;
      q.target.transparent = transparent;
    } else if (o_connect->count() > 0) {
      std::string why;
      const auto hp = parse_host_port(connect, why);
      if (!hp) return code(usage_error(fmt::format("--connect {}: {}", connect, why)));
      q.target.kind = Target::Kind::connect;
      q.target.host = hp->first;
      q.target.connect_port = hp->second;
    } else {
      q.target.kind = Target::Kind::self;
    }
    if (timeout > 0) q.timeout = seconds(timeout);
    q.io_timeout = seconds(io_timeout);
    if (what == "records") q.what = {QueryKind::records};
    if (what == "context") q.what = {QueryKind::context};
    if (mode == "sync") q.modes = {Mode::sync};
    if (mode == "event") q.modes = {Mode::event};
    if (mode == "apc") q.modes = {Mode::apc};
    const auto policy = parse_buffer_policy(buffer);
    if (!policy) return code(usage_error(fmt::format("--buffer {}: expected auto, probe, or a size from 0 to {}", buffer, kFixedMaxSize)));
    q.buffer = *policy;
    if (!expect.empty()) {
      std::string why;
      const auto e = parse_expectation(expect, &why);
      if (!e) return code(usage_error(fmt::format("--expect {}: {}", expect, why)));
      q.expect = *e;
    }
    return code(run_query_command(query_o));
  } catch (const std::exception& e) {
    fmt::print(stderr, "wfpredir: internal error: {}\n", e.what());
    return code(Exit::internal);
  }
}
