#pragma once
/// \file system.h
/// The few facts only the operating system knows, one implementation per
/// platform (system_win32.cpp, system_posix.cpp), chosen by CMake. Their
/// types are the model's (model/system.h).

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "model/system.h"
#include "text/error_codes.h"

namespace wfpredir {

/// The system's own text for \p code (FormatMessageW on Windows, strerror on
/// POSIX), trimmed of trailing line breaks and converted to UTF-8. Empty when
/// the system has no text for it (FormatMessage does not know 10045 under
/// Wine; a Linux host has no text for Windows codes).
std::string system_error_text(ErrorDomain domain, int code);

/// The running system (model/system.h: PlatformInfo).
PlatformInfo platform_info();

/// The user's UI language as a Windows LANGID (GetUserDefaultUILanguage:
/// 0x040C is French (France), 0x0409 English (United States)); nullopt where
/// the system has no such setting (POSIX: the locale variables are all).
std::optional<std::uint16_t> user_ui_language();

/// Whether stdout is a terminal (colour decisions are made at the edge).
bool stdout_is_terminal();

/// Whether stdout can show ANSI escape sequences. Windows: a console with
/// ENABLE_VIRTUAL_TERMINAL_PROCESSING on, switched on here with SetConsoleMode
/// when it is off (false when stdout is not a console or the console refuses
/// the flag, as consoles before Windows 10 1511 do). POSIX: true. Call it only
/// once colour is wanted: it changes the console's mode.
bool console_accepts_escapes();

/// The terminal's width in columns when stdout is one (TIOCGWINSZ;
/// GetConsoleScreenBufferInfo's window), nullopt otherwise.
std::optional<int> terminal_columns();

/// Called first thing in main, before any socket or file is opened:
/// - standard input, output and error that are closed are reopened on the
///   null device (/dev/null, NUL), so no socket can take their number and
///   receive the report;
/// - a write to a closed pipe becomes a write error (SIGPIPE ignored), not a
///   silent death;
/// - Windows: stdin and stdout in binary mode (a dump matches `hexdump -C`
///   byte for byte), console output in UTF-8, and the arguments read as
///   UTF-16 from the command line and converted to UTF-8 (not through the
///   ANSI code page, which loses file names and turns full-width digits
///   into ASCII ones).
ProcessStart prepare_process(int argc, char** argv);

/// Opens the file named \p utf8_path (UTF-8; wide on Windows) for binary
/// reading. nullptr with errno set when it cannot be opened.
std::FILE* open_for_reading(const std::string& utf8_path);

/// Records \p cause; async-signal-safe (called from signal and console
/// control handlers). The first cause recorded stays.
void note_stop(StopCause cause) noexcept;
StopCause stop_cause() noexcept;
/// What ended the run when stop_cause() is terminate, as the user saw it:
/// "SIGTERM" on Linux, the console event on Windows ("CTRL_CLOSE_EVENT",
/// "CTRL_LOGOFF_EVENT", "CTRL_SHUTDOWN_EVENT").
std::string_view termination_name() noexcept;
/// The report, the summary and the last line are written and flushed: a
/// console-close handler holding the process (Windows) may let it end now,
/// and the console's output code page is given back. Harmless twice.
void note_report_written() noexcept;

}  // namespace wfpredir
