#pragma once
/// \file console_seam.h
/// The two console calls behind use_utf8_console/restore_console
/// (ioctl_seam.h), replaceable so that a test can watch the code page where
/// there is no console (Wine run from ctest has none: GetConsoleOutputCP
/// answers 0). Windows-only.

#include <windows.h>

namespace wfpredir::win32 {

struct ConsoleCodePageCalls {
  UINT(WINAPI* get)();      ///< GetConsoleOutputCP
  BOOL(WINAPI* set)(UINT);  ///< SetConsoleOutputCP
};

/// Makes use_utf8_console and restore_console use \p calls ({nullptr,
/// nullptr}: kernel32's again) and returns the ones replaced.
ConsoleCodePageCalls set_console_code_page_calls(ConsoleCodePageCalls calls);

}  // namespace wfpredir::win32
