// Writing to the standard streams: the report to stdout with every failure
// detected (closed pipe, closed stdout, full disk), messages to stderr as
// single lines.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/commands.h"
#include "text/i18n.h"

namespace wfpredir::cli {
namespace {

bool g_stdout_closed = false;

[[noreturn]] void fail_write(int error) {
  // EPIPE from a closed pipe, ENOSPC from a full disk; a Windows CRT may say
  // EINVAL for a closed pipe, so name that case too. EBADF: a standard output
  // that was closed but still had a handle (seen under Wine).
  if (error == EBADF) throw OutputFailed{std::string(tr("standard output is closed"))};
  std::string why = error == 0 ? std::string(tr("write error")) : std::string(std::strerror(error));
  if (error == EPIPE || error == EINVAL) why += tr(" (the reader has gone)");
  throw OutputFailed{why, error == EPIPE || error == EINVAL};
}

}  // namespace

void set_stdout_closed() { g_stdout_closed = true; }

void write_out(std::string_view text) {
  if (g_stdout_closed) throw OutputFailed{std::string(tr("standard output is closed"))};
  if (text.empty()) return;
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::ferror(stdout))
    fail_write(errno);
}

void flush_out() {
  if (g_stdout_closed) return;
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) fail_write(errno);
}

void say_error(std::string_view message) {
  const std::string line = trf("wfpredir: error: {}\n", message);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

Exit usage_error(std::string_view message) {
  say_error(message);
  return Exit::usage;
}

}  // namespace wfpredir::cli
