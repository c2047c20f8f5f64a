#pragma once
/// \file command_line.h
/// The UTF-16 command line split into arguments by the documented rules of
/// the Microsoft C startup code, without shell32's CommandLineToArgvW: a
/// console process that loads shell32 stops receiving the logoff and
/// shutdown console events (docs/winsock-contract.md#console-events).

#include <string>
#include <string_view>
#include <vector>

namespace wfpredir::win32 {

/// Splits \p line (what GetCommandLineW returns) as "Parsing C command-line
/// arguments" describes: the program name up to the first space or tab
/// outside quotes, with its quotes removed and no backslash rule; then
/// arguments separated by spaces and tabs, quotes grouping, 2n backslashes
/// before a quote giving n and a delimiter, 2n+1 giving n and a literal quote,
/// other backslashes literal, and "" inside a quoted part a literal quote that
/// ends the quoted part. An unterminated quote runs to the end of the line.
std::vector<std::wstring> split_command_line(std::wstring_view line);

}  // namespace wfpredir::win32
