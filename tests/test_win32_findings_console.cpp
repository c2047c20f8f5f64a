// The places where real Windows behaves differently from Wine (issue 20's
// findings) in the console and the process: a console close (its cancel
// grace, its handler, its name), the console's output code page, and the
// command line split without shell32; docs/winsock-contract.md names each
// rule's source. Those of the sockets are in test_win32_findings.cpp.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "platform/system.h"
#include "platform/wait.h"
#include "platform/win32/backend.h"
#include "platform/win32/command_line.h"
#include "platform/win32/console_seam.h"
#include "win32_support.h"

using namespace wfpredir;
using namespace wfpredir::test;

TEST_CASE("finding: a console close caps the cancel grace so the report is out in time",
          "[win32]") {
  SelfPair pair;
  InterruptGuard guard;
  FakeProvider fake([](DWORD) { return never_ending_uncancellable(); });
  std::thread close([] {
    Sleep(100);
    w32::raise_termination();
  });
  const auto t0 = Clock::now();
  const Attempt a = pair.connection->issue(QueryKind::records, Mode::event, 1024, Millis(60000));
  const long long ms = ms_since(t0);
  close.join();
  CHECK(a.interrupted);
  CHECK(a.abandoned);
  // The system ends a closing console's process about 5 s after the event;
  // the capped grace leaves most of that to the report.
  CHECK(ms < 2500);
}

TEST_CASE("finding: the console-close handler returns once the report is written", "[win32]") {
  InterruptGuard guard;
  w32::clear_interrupt();  // no report written yet
  long long held = 0;
  std::thread handler([&] {
    const auto t0 = Clock::now();
    CHECK(w32::console_event(CTRL_CLOSE_EVENT) == TRUE);
    held = ms_since(t0);
  });
  Sleep(300);
  CHECK(w32::termination_raised());
  note_report_written();
  handler.join();
  CHECK(held >= 250);
  CHECK(held < 1500);
}

TEST_CASE("finding: a console close is named by its event, not SIGTERM", "[win32]") {
  InterruptGuard guard;
  note_report_written();  // the handler then returns at once
  CHECK(w32::console_event(CTRL_LOGOFF_EVENT) == TRUE);
  CHECK(termination_name() == "CTRL_LOGOFF_EVENT");
  CHECK(w32::console_event(CTRL_CLOSE_EVENT) == TRUE);
  CHECK(termination_name() == "CTRL_CLOSE_EVENT");
}

namespace {

// The console's output code page, as a console keeps it (ctest's Wine has
// no console of its own: GetConsoleOutputCP answers 0 there).
UINT g_fake_cp = 0;
UINT WINAPI fake_get_cp() { return g_fake_cp; }
BOOL WINAPI fake_set_cp(UINT cp) {
  g_fake_cp = cp;
  return TRUE;
}

struct FakeConsole {
  explicit FakeConsole(UINT cp)
      : previous(w32::set_console_code_page_calls({&fake_get_cp, &fake_set_cp})) {
    g_fake_cp = cp;
  }
  FakeConsole(const FakeConsole&) = delete;
  FakeConsole& operator=(const FakeConsole&) = delete;
  ~FakeConsole() { w32::set_console_code_page_calls(previous); }
  w32::ConsoleCodePageCalls previous;
};

}  // namespace

TEST_CASE("finding: the console output code page is given back at exit, Ctrl-C included",
          "[win32]") {
  InterruptGuard guard;
  FakeConsole console(850);
  SECTION("the report written") {
    w32::use_utf8_console();
    CHECK(g_fake_cp == CP_UTF8);
    note_report_written();
    CHECK(g_fake_cp == 850);
  }
  SECTION("a second Ctrl-C, which the default handler turns into ExitProcess") {
    w32::use_utf8_console();
    w32::raise_interrupt();
    CHECK(w32::console_event(CTRL_C_EVENT) == FALSE);
    CHECK(g_fake_cp == 850);
  }
  SECTION("a console close") {
    w32::use_utf8_console();
    std::thread report([] {
      Sleep(100);
      note_report_written();
    });
    CHECK(w32::console_event(CTRL_CLOSE_EVENT) == TRUE);
    report.join();
    CHECK(g_fake_cp == 850);
  }
  SECTION("no console: nothing set, nothing given back") {
    g_fake_cp = 0;
    w32::use_utf8_console();
    note_report_written();
    CHECK(g_fake_cp == 0);
  }
}

TEST_CASE("finding: the command line is split by the documented rules, without shell32",
          "[win32]") {
  using V = std::vector<std::wstring>;
  // The program name: quotes group, backslashes stay.
  CHECK(w32::split_command_line(LR"("C:\Program Files\w\wfpredir.exe" query)") ==
        V{LR"(C:\Program Files\w\wfpredir.exe)", L"query"});
  CHECK(w32::split_command_line(LR"(C:\w\wfpredir.exe)") == V{LR"(C:\w\wfpredir.exe)"});
  // The table of "Parsing C command-line arguments" (as corrected in 2023).
  CHECK(w32::split_command_line(LR"(p "a b c" d e)") == V{L"p", L"a b c", L"d", L"e"});
  CHECK(w32::split_command_line(LR"(p "ab\"c" "\\" d)") == V{L"p", LR"(ab"c)", LR"(\)", L"d"});
  CHECK(w32::split_command_line(LR"(p a\\\b d"e f"g h)") == V{L"p", LR"(a\\\b)", L"de fg", L"h"});
  CHECK(w32::split_command_line(LR"(p a\\\"b c d)") == V{L"p", LR"(a\"b)", L"c", L"d"});
  CHECK(w32::split_command_line(LR"(p a\\\\"b c" d e)") == V{L"p", LR"(a\\b c)", L"d", L"e"});
  CHECK(w32::split_command_line(LR"(p a"b"" c d)") == V{L"p", LR"(ab")", L"c", L"d"});
  // Tabs separate; an empty quoted argument is kept; an open quote runs to the end.
  CHECK(w32::split_command_line(L"p\ta  \"\" \"x y") == V{L"p", L"a", L"", L"x y"});
  // Beyond the ANSI code page, as typed.
  CHECK(w32::split_command_line(L"p --save \u00e9t\u00e9\u4e2d") ==
        V{L"p", L"--save", L"\u00e9t\u00e9\u4e2d"});
}
