#pragma once
/// \file commands.h
/// The subcommands, each an options struct and a run function. main.cpp is
/// the only file that includes CLI11 (it is the slowest header to compile,
/// especially for MinGW); these files see only plain structs.

#include <optional>
#include <string>
#include <vector>

#include "core/catalog.h"
#include "core/engine.h"
#include "core/exit_codes.h"

namespace wfpredir::cli {

enum class Format { text, json };

struct Common {
  Lang lang = Lang::en;
  Format format = Format::text;
};

struct ErrorsOptions {
  Common common;
  std::vector<std::string> codes;  ///< empty: the whole table
  std::optional<ErrorDomain> domain;  ///< --domain: read codes in this domain only
};
Exit run_errors(const ErrorsOptions& o);

struct DumpOptions {
  Common common;
  std::string file;  ///< "-" is standard input
};
inline constexpr std::uintmax_t kDumpMaxBytes = 16 * 1024 * 1024;
Exit run_dump(const DumpOptions& o);

struct QueryCliOptions {
  Common common;
  QueryOptions query;
  bool trace = false;
};
Exit run_query_command(const QueryCliOptions& o);

struct DoctorOptions {
  Common common;
};
Exit run_doctor_command(const DoctorOptions& o);

/// "host:port", "[v6]:port"; nullopt with \p why set when malformed.
std::optional<std::pair<std::string, std::uint16_t>> parse_host_port(const std::string& text,
                                                                     std::string& why);

/// Colour on stdout: only on a terminal, never when NO_COLOR is set.
bool want_colour();

}  // namespace wfpredir::cli
