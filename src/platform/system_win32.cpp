// Windows implementation of system.h: system texts, platform facts, the
// user's UI language, and the process setup done before anything else
// (standard handles, binary mode, UTF-8 console, UTF-16 arguments).
#ifndef NOMINMAX
#define NOMINMAX
#endif
// Order matters: winsock2.h before windows.h, shellapi.h after it.
// clang-format off
#include <winsock2.h>
#include <windows.h>
// clang-format on

#include <fcntl.h>
#include <io.h>

#include <fmt/format.h>

#include <atomic>
#include <cstdio>

#include "platform/system.h"
#include "platform/win32/command_line.h"
#include "platform/win32/ioctl_seam.h"
#include "platform/win32/names.h"
#include "text/i18n.h"
#include "text/terminal.h"

namespace wfpredir {
namespace {

// Larger than any one report, so a report is one write.
constexpr std::size_t kStdoutBuffer = 64 * 1024;

std::wstring widen(const std::string& text) {
  const int length = static_cast<int>(text.size());
  const int n = MultiByteToWideChar(CP_UTF8, 0, text.data(), length, nullptr, 0);
  if (n <= 0) return {};
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), length, out.data(), n);
  return out;
}

std::atomic<int> g_stop{0};

// GetProcAddress returns FARPROC; going through void(*)() is the cast GCC's
// -Wcast-function-type accepts for "any function type".
template <class Fn>
Fn ntdll_export(const char* name) {
  const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  if (ntdll == nullptr) return nullptr;
  return reinterpret_cast<Fn>(reinterpret_cast<void (*)()>(GetProcAddress(ntdll, name)));
}

}  // namespace

std::string system_error_text(ErrorDomain domain, int code) {
  // errno values mean nothing to FormatMessage (and the CRT numbers them
  // differently from Linux): no text rather than a wrong one.
  if (domain != ErrorDomain::windows) return {};
  wchar_t* text = nullptr;
  const DWORD n = FormatMessageW(
      FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_ALLOCATE_BUFFER,
      nullptr, static_cast<DWORD>(code), 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  if (n == 0 || text == nullptr) return {};  // the system has no text (Wine: 10045)
  std::string out = win32::utf8(std::wstring_view(text, n));
  LocalFree(text);
  // System messages end in "\r\n" (some in " \r\n"); the final '.' is theirs.
  while (!out.empty() && (out.back() == '\r' || out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  return out;
}

PlatformInfo platform_info() {
  PlatformInfo info;
  info.os = Os::windows;
  // RtlGetVersion tells the truth where GetVersionEx is shimmed by the manifest.
  using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
  if (auto rtl_get_version = ntdll_export<RtlGetVersionFn>("RtlGetVersion")) {
    OSVERSIONINFOW v{};
    v.dwOSVersionInfoSize = sizeof v;
    if (rtl_get_version(&v) == 0)
      info.version = fmt::format("{}.{}.{}", v.dwMajorVersion, v.dwMinorVersion, v.dwBuildNumber);
  }
  WSADATA wsa{};
  if (const int rc = WSAStartup(MAKEWORD(2, 2), &wsa); rc == 0) {
    const std::string version = fmt::format("{}.{}", LOBYTE(wsa.wVersion), HIBYTE(wsa.wVersion));
    const std::string high =
        fmt::format("{}.{}", LOBYTE(wsa.wHighVersion), HIBYTE(wsa.wHighVersion));
    info.detail =
        fmt::format("Winsock {}{} ({})", version, high != version ? trf(", highest {}", high) : "",
                    static_cast<const char*>(wsa.szDescription));
    WSACleanup();
  } else {
    info.detail = trf("Winsock unavailable (WSAStartup error {})", rc);
  }
  // Wine's ntdll exports wine_get_version; Windows' does not.
  using WineGetVersionFn = const char*(CDECL*)();
  if (auto wine_get_version = ntdll_export<WineGetVersionFn>("wine_get_version")) {
    info.under_wine = true;
    if (const char* v = wine_get_version()) info.wine_version = v;
  }
  return info;
}

// Wine derives this from the Unix locale it was started in (LC_ALL,
// LC_MESSAGES, LANG), Windows from the display language of the user.
std::optional<std::uint16_t> user_ui_language() { return GetUserDefaultUILanguage(); }

bool stdout_is_terminal() {
  // Not _isatty: it is true for any character device, NUL included, so
  // `wfpredir ... > NUL` would count as a terminal.
  DWORD mode = 0;
  return GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) != 0;
}

bool console_accepts_escapes() {
  const HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  return switch_on_virtual_terminal(
      [out](std::uint32_t& mode) {
        DWORD m = 0;
        if (GetConsoleMode(out, &m) == 0) return false;
        mode = m;
        return true;
      },
      [out](std::uint32_t mode) { return SetConsoleMode(out, mode) != 0; });
}

std::optional<int> terminal_columns() {
  CONSOLE_SCREEN_BUFFER_INFO info{};
  if (GetConsoleScreenBufferInfo(GetStdHandle(STD_OUTPUT_HANDLE), &info) == 0) return std::nullopt;
  const int cols = info.srWindow.Right - info.srWindow.Left + 1;
  return cols > 0 ? std::optional<int>(cols) : std::nullopt;
}

ProcessStart prepare_process(int argc, char** argv) {
  ProcessStart start;
  // A CRT descriptor without a valid handle behind it (the parent closed or
  // never gave one) is reopened on NUL: writes then go nowhere instead of
  // failing with an error for every line.
  FILE* const streams[3] = {stdin, stdout, stderr};
  for (int fd = 0; fd <= 2; ++fd) {
    const auto h = _get_osfhandle(fd);
    if (h != -1 && h != -2 && reinterpret_cast<HANDLE>(h) != nullptr) continue;
    if (fd == 1) start.stdout_was_closed = true;
    FILE* reopened = nullptr;
    freopen_s(&reopened, "NUL", fd == 0 ? "rb" : "wb", streams[fd]);
  }
  // Blobs read from stdin and hex dumps written to stdout must not go through
  // CRLF translation, and the French text is UTF-8.
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
  // The CRT leaves stdout unbuffered on a character device (a console, NUL),
  // and Wine's msvcrt then writes a report a byte at a time: one WriteFile per
  // byte, 3 ms of CPU per connection at --format json. A full buffer turns a
  // report into one write; the commands flush it at every report boundary
  // (flush_out), so nothing waits in it while the tool waits for a connection.
  std::setvbuf(stdout, nullptr, _IOFBF, kStdoutBuffer);
  win32::use_utf8_console();

  // The CRT's argv is in the ANSI code page: a name outside it is lost and
  // full-width digits are "best fit" to ASCII ones. The UTF-16 command line
  // is the truth, split here by the C startup code's documented rules: not
  // by shell32's CommandLineToArgvW, whose import would cost the console
  // logoff and shutdown events (docs/winsock-contract.md#console-events).
  // argv stays the fallback when there is no command line.
  const wchar_t* line = GetCommandLineW();
  if (line != nullptr && *line != L'\0') {
    for (const std::wstring& w : win32::split_command_line(line))
      start.args.push_back(win32::utf8(w));
  } else {
    start.args.assign(argv, argv + argc);
  }
  return start;
}

std::FILE* open_for_reading(const std::string& utf8_path) {
  return _wfopen(widen(utf8_path).c_str(), L"rb");
}

void note_stop(StopCause cause) noexcept {
  int none = 0;
  g_stop.compare_exchange_strong(none, static_cast<int>(cause));
}

StopCause stop_cause() noexcept { return static_cast<StopCause>(g_stop.load()); }

std::string_view termination_name() noexcept {
  const char* name = win32::console_event_name();
  return *name != '\0' ? name : "SIGTERM";
}

void note_report_written() noexcept { win32::report_written(); }

}  // namespace wfpredir
