// POSIX implementation of system.h.
#include <sys/utsname.h>
#include <unistd.h>

#include <cstring>

#include "core/system.h"

namespace wfpredir {

std::string system_error_text(ErrorDomain domain, int code) {
  // A Linux host has no text for Windows codes; strerror would only say
  // "Unknown error 10045", which is noise next to the catalog's own line.
  if (domain != ErrorDomain::posix) return {};
  char buf[256] = {};
  // GNU strerror_r returns the message pointer (possibly static), not an int.
  const char* text = strerror_r(code, buf, sizeof buf);
  return text != nullptr ? std::string(text) : std::string();
}

std::string platform_name() { return "linux"; }

PlatformInfo platform_info() {
  PlatformInfo info;
  info.os = "linux";
  struct utsname u {};
  if (uname(&u) == 0) {
    info.version = u.release;
    info.detail = std::string(u.sysname) + " " + u.version + " " + u.machine;
  }
  return info;
}

bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }

}  // namespace wfpredir
