#pragma once
/// \file build_info.h
/// What this binary is: version, the commit it was built from, the target and
/// the compiler. `--version` prints it; every JSON document carries it, so a
/// report pasted into a ticket says which build wrote it.

#include <string_view>

namespace wfpredir {

struct BuildInfo {
  std::string_view version;   ///< "0.2.0"
  std::string_view commit;    ///< "3f2a1c9", "3f2a1c9-dirty", or "unknown" outside a git checkout
  std::string_view target;    ///< "windows-x64", "linux-x86_64"
  std::string_view compiler;  ///< "GCC 12.2.0 MinGW-w64", "GCC 12.2.0", "MSVC 19.38"
};

BuildInfo build_info();

}  // namespace wfpredir
