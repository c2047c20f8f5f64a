#pragma once
/// \file exit_codes.h
/// The process exit codes of wfpredir. They are part of the interface that CI
/// scripts depend on: the existing ones never change and are never reused.
/// README.md carries the same table. CLI11 uses 100-127 for its own parse
/// errors; main maps those onto `usage`, so every code we emit but 130 is < 100.

namespace wfpredir {

enum class Exit : int {
  ok = 0,                  ///< everything asked for was done and every query succeeded
  query_failed = 1,        ///< a query returned an error; the report shows it
  usage = 2,               ///< bad command line or bad argument value
  setup_failed = 3,        ///< socket could not be created, bound, connected or accepted
  timed_out = 4,           ///< no connection arrived within --timeout
  expectation_failed = 5,  ///< --expect did not hold
  input_error = 6,         ///< a file named on the command line could not be used
  unsupported = 7,         ///< this platform has no way to do what was asked
  internal = 8,            ///< a bug in wfpredir (an exception escaped)
  interrupted = 130,       ///< Ctrl-C / SIGINT; what was gathered is printed
};

constexpr int code(Exit e) { return static_cast<int>(e); }

}  // namespace wfpredir
