#pragma once
/// \file system.h
/// The few facts only the operating system knows, one implementation per
/// platform (system_win32.cpp, system_posix.cpp), chosen by CMake.

#include <string>

#include "core/error_codes.h"

namespace wfpredir {

/// The system's own text for \p code (FormatMessageW on Windows, strerror on
/// POSIX), trimmed of trailing line breaks and converted to UTF-8. Empty when
/// the system has no text for it (FormatMessage does not know 10045 under
/// Wine; a Linux host has no text for Windows codes).
std::string system_error_text(ErrorDomain domain, int code);

/// "windows" or "linux" (or the POSIX system's name).
std::string platform_name();

/// Human description of the running system: Windows build via RtlGetVersion
/// and the Winsock version; Linux kernel release from uname.
struct PlatformInfo {
  std::string os;            ///< "windows" / "linux"
  std::string version;       ///< "10.0.19045" / "6.1.0-18-amd64"
  std::string detail;        ///< Winsock "2.2 (WinSock 2.0)" / uname machine
  bool under_wine = false;   ///< wine_get_version is exported by ntdll
  std::string wine_version;  ///< when under_wine
};
PlatformInfo platform_info();

/// Whether stdout is a terminal (colour decisions are made at the edge).
bool stdout_is_terminal();

}  // namespace wfpredir
