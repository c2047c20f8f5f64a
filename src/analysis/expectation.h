#pragma once
/// \file expectation.h
/// --expect: what the user says a connection will show, parsed once, and
/// whether a connection's report bears it out. Pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/report.h"

namespace wfpredir {

struct Expectation {
  enum class Kind : std::uint8_t { none, redirected, not_redirected, error };
  Kind kind = Kind::none;
  int code = 0;  ///< error: the expected code
  std::optional<ErrorDomain>
      domain;        ///< error: set when a name fixed it (ENOENT is posix); a number matches either
  std::string text;  ///< as given ("error:WSAEOPNOTSUPP")
};

/// Parses "redirected", "not-redirected" or "error:NAME|CODE" (NAME: a
/// Windows or Linux error name, error_names.h). On failure returns nullopt
/// and, when \p why is given, sets it to the reason ("out of range", ...).
std::optional<Expectation> parse_expectation(std::string_view text, std::string* why = nullptr);

/// Whether \p report bears \p expect out; nullopt for Kind::none. For
/// error:X the redirect queries' final errors decide (every one must be X);
/// where none ran (Linux), the original-destination query's do.
std::optional<bool> expectation_held(const ConnectionReport& report, const Expectation& expect);

}  // namespace wfpredir
