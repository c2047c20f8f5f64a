#pragma once
/// \file system.h
/// The types of what only the operating system knows: the running system,
/// what the process found at its start, and why a run was asked to stop. The
/// functions that find them are the platform layer's (platform/system.h,
/// defined once per platform in system_win32.cpp and system_posix.cpp).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wfpredir {

/// The one name of a platform: what Platform::os() and PlatformInfo say, and
/// what doctor's rules and the reports' "platform" field are chosen by.
enum class Os : std::uint8_t { windows, linux };

/// "windows", "linux": the reports' spelling.
constexpr std::string_view os_name(Os os) { return os == Os::windows ? "windows" : "linux"; }

/// Human description of the running system: Windows build via RtlGetVersion
/// and the Winsock version; Linux kernel release from uname.
struct PlatformInfo {
  Os os = Os::linux;
  std::string version;       ///< "10.0.19045" / "6.1.0-18-amd64"
  std::string detail;        ///< Winsock "2.2 (WinSock 2.0)" / uname machine
  bool under_wine = false;   ///< wine_get_version is exported by ntdll
  std::string wine_version;  ///< when under_wine
};

/// What prepare_process() found and did.
struct ProcessStart {
  std::vector<std::string> args;  ///< the arguments in UTF-8, program name first
  bool stdout_was_closed =
      false;  ///< descriptor 1 (the standard output handle) was closed at start
};

/// Why the run was asked to stop, for the exit code (interrupt: Ctrl-C,
/// Ctrl-Break, SIGINT; terminate: SIGTERM).
enum class StopCause : std::uint8_t { none, interrupt, terminate };

}  // namespace wfpredir
