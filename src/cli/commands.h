#pragma once
/// \file commands.h
/// The subcommands, each an options struct and a run function. main.cpp is
/// the only file that includes CLI11 (it is the slowest header to compile,
/// especially for MinGW); these files see only plain structs.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/exit_codes.h"
#include "run/engine.h"
#include "text/catalog.h"
#include "text/terminal.h"

namespace wfpredir::cli {

enum class Format { text, json };

struct Common {
  Lang lang = Lang::en;
  Format format = Format::text;
  ColourChoice colour = ColourChoice::automatic;  ///< --color
  bool pretty = false;  ///< --pretty: JSON documents indented, not one per line
};

/// A JSON document as the command writes it: on one line, or indented under
/// --pretty; with its newline.
std::string json_document(std::string compact, const Common& c);

struct ErrorsOptions {
  Common common;
  std::vector<std::string> codes;     ///< empty: the whole table
  std::optional<ErrorDomain> domain;  ///< --domain: read codes in this domain only
};
Exit run_errors(const ErrorsOptions& o);

struct DumpOptions {
  Common common;
  std::string file;     ///< "-" is standard input
  bool decode = false;  ///< --decode: the decoders after the dump (decode.h)
};
inline constexpr std::uintmax_t kDumpMaxBytes = 16 * 1024 * 1024;
Exit run_dump(const DumpOptions& o);

struct QueryCliOptions {
  Common common;
  QueryOptions query;        ///< its modes are "all" until with_modes() applies `mode`
  std::optional<Mode> mode;  ///< --mode as typed; nullopt = all
  bool trace = false;
  bool verbose = false;  ///< --verbose: every query in the text report
  bool quiet = false;    ///< --quiet: one line per connection (text only)
  bool udp = false;      ///< --udp: the first datagram of each flow (run_udp_query_command)
};
Exit run_query_command(const QueryCliOptions& o);
/// `query --udp` (cmd_query_udp.cpp).
Exit run_udp_query_command(const QueryCliOptions& o);

struct DoctorOptions {
  Common common;
  bool verbose = false;  ///< --verbose: the loopback connection's report in the text
};
Exit run_doctor_command(const DoctorOptions& o);

/// The query options as typed, before any check (absent: not given).
struct QueryArgs {
  bool self = false, transparent = false, trace = false, quiet = false, udp = false,
       verbose = false;
  std::optional<std::string> port, bind, connect, count, timeout, io_timeout, what, mode, buffer,
      save, expect;
};
/// Checks every value once and builds the options the engine runs with;
/// nullopt with \p why set to a one-line reason (untrusted parts made
/// visible) when a value is not acceptable.
std::optional<QueryCliOptions> build_query_options(const QueryArgs& a, std::string& why);

/// \p query with the modes --mode asked for (\p asked), checked against
/// \p platform: the one check of the query options that needs the platform.
/// nullopt with \p why set ("--mode event: ...") when the platform lacks it.
std::optional<QueryOptions> with_modes(const Platform& platform, const QueryOptions& query,
                                       std::optional<Mode> asked, std::string& why);

/// Thrown by write_out() when standard output cannot take the report; main
/// turns it into Exit::output_failed with a one-line message, or, when the
/// reader of a pipe went away, into Exit::reader_gone without one.
struct OutputFailed {
  std::string why;
  bool reader_gone = false;
};
/// Remembers that standard output was closed at start (it is now the null
/// device): writing the report then fails instead of vanishing.
void set_stdout_closed();
/// Writes \p text to standard output; throws OutputFailed when it cannot.
void write_out(std::string_view text);
/// Flushes standard output; throws OutputFailed when it cannot.
void flush_out();

/// Writes "wfpredir: error: <message>" as one line on standard error (the
/// caller makes untrusted parts visible). A standard error that cannot be
/// written is ignored: there is nowhere left to say it.
void say_error(std::string_view message);
/// The same for a usage error; returns Exit::usage.
Exit usage_error(std::string_view message);

/// Linux, a listener: one "wfpredir: warning:" line on stderr per redirect
/// rule that cannot deliver to it, or a --transparent without its TPROXY
/// rule or policy route (analysis/listener_warnings.h). Said before the first wait.
void warn_about_listener(const Platform& platform, const Target& target, std::string_view protocol);

/// Colour on stdout, as --color asks (terminal.h, decide_colour): reads
/// NO_COLOR and TERM, and on Windows switches the console's virtual-terminal
/// mode on when colour is to be used.
bool want_colour(ColourChoice choice);

/// The width text is wrapped at (terminal.h, decide_width), none when stdout
/// is neither a terminal nor given COLUMNS.
std::optional<int> output_width();

/// \p text wrapped at output_width() (unchanged when there is none).
std::string fit_width(std::string text);

}  // namespace wfpredir::cli
