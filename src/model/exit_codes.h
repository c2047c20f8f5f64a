#pragma once
/// \file exit_codes.h
/// The process exit codes of wfpredir: part of the interface CI scripts depend
/// on. They were redefined once, in 0.2.0 (CHANGELOG.md), so that the same
/// answer gives the same code on every machine: without --expect the code
/// follows the verdicts, not the raw errors. From 0.2.0 on the table is frozen:
/// codes never change meaning and are never reused. README.md carries the same
/// table. CLI11 uses 100-127 for its own parse errors; main maps those onto
/// `usage`, so every code we emit but 130, 141 and 143 is < 100.

namespace wfpredir {

enum class Exit : int {
  /// Without --expect: every connection's verdict is `redirected` or
  /// `not-redirected`. With --expect: it held for every connection.
  ok = 0,
  /// Some connection's verdict is `unknown`: a query failed with an error that
  /// does not tell, timed out (--io-timeout) or was cancelled.
  unknown = 1,
  usage = 2,               ///< bad command line or bad argument value
  setup_failed = 3,        ///< socket could not be created, bound, connected or accepted
  timed_out = 4,           ///< no connection arrived within --timeout
  expectation_failed = 5,  ///< --expect did not hold for some connection
  input_error =
      6,  ///< a file named on the command line could not be read or written (dump, --save)
  /// This system cannot answer what was asked: an option that does not exist
  /// here (--transparent on Windows), or, without --expect, some connection's
  /// verdict is `unsupported` (the socket's provider lacks the query) and none
  /// is `unknown`.
  unsupported = 7,
  internal = 8,       ///< a bug in wfpredir (an exception escaped)
  output_failed = 9,  ///< the report could not be written (closed pipe or stdout, full disk)
  /// doctor only: its verdict_code is `misconfigured` or `possible-loop`.
  misconfigured = 10,
  interrupted = 130,  ///< Ctrl-C, Ctrl-Break, SIGINT; what was gathered is printed
  /// The reader of standard output went away (a closed pipe: `wfpredir errors
  /// | head`): the run ends at once without a message, with the code a shell
  /// reports for a coreutils program that SIGPIPE ended (128 + 13).
  reader_gone = 141,
  terminated = 143,  ///< SIGTERM, console close, logoff, shutdown; what was gathered is printed
};

constexpr int code(Exit e) { return static_cast<int>(e); }

}  // namespace wfpredir
