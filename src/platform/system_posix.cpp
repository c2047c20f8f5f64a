// POSIX implementation of system.h: system texts, platform facts, and the
// process setup done before anything else (standard descriptors, SIGPIPE).
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "platform/system.h"

namespace wfpredir {
namespace {

volatile std::sig_atomic_t g_stop = 0;

}  // namespace

std::string system_error_text(ErrorDomain domain, int code) {
  // A Linux host has no text for Windows codes; strerror would only say
  // "Unknown error 10045", which is noise next to the catalog's own line.
  if (domain != ErrorDomain::posix) return {};
  char buf[256] = {};
  // GNU strerror_r returns the message pointer (possibly static), not an int.
  const char* text = strerror_r(code, buf, sizeof buf);
  return text != nullptr ? std::string(text) : std::string();
}

PlatformInfo platform_info() {
  PlatformInfo info;
  info.os = Os::linux;
  struct utsname u {};
  if (uname(&u) == 0) {
    info.version = u.release;
    info.detail = std::string(u.sysname) + " " + u.version + " " + u.machine;
  }
  return info;
}

// POSIX has no UI language apart from the locale variables lang.h reads.
std::optional<std::uint16_t> user_ui_language() { return std::nullopt; }

bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }

bool console_accepts_escapes() { return true; }

std::optional<int> terminal_columns() {
  struct winsize ws {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0) return std::nullopt;
  return static_cast<int>(ws.ws_col);
}

ProcessStart prepare_process(int argc, char** argv) {
  ProcessStart start;
  // In order 0, 1, 2: open() returns the lowest free descriptor, which is the
  // closed one once those below it are open.
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    if (fd == STDOUT_FILENO) start.stdout_was_closed = true;
    const int null = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (null >= 0 && null != fd) {
      ::dup2(null, fd);
      ::close(null);
    }
  }
  std::signal(SIGPIPE, SIG_IGN);
  start.args.assign(argv, argv + argc);
  return start;
}

std::FILE* open_for_reading(const std::string& utf8_path) {
  return std::fopen(utf8_path.c_str(), "rb");
}

void note_stop(StopCause cause) noexcept {
  // Handlers for SIGINT and SIGTERM run with each other unblocked, so the
  // check and the store may race; either cause is then a true answer.
  if (g_stop == 0) g_stop = static_cast<std::sig_atomic_t>(cause);
}

StopCause stop_cause() noexcept { return static_cast<StopCause>(g_stop); }

std::string_view termination_name() noexcept { return "SIGTERM"; }

void note_report_written() noexcept {}

}  // namespace wfpredir
