// Ctrl-C and the console's events for the Windows backend: the console
// handler, the interrupt event every wait of the backend includes, and the
// console's output code page, given back when the report is written.
#include <atomic>
#include <mutex>

#include "platform/system.h"
#include "platform/win32/backend.h"
#include "platform/win32/console_seam.h"

namespace wfpredir::win32 {

namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<bool> g_terminated{false};

std::atomic<DWORD> g_console_event{0};
ConsoleCodePageCalls g_cp{&GetConsoleOutputCP, &SetConsoleOutputCP};
// The console's output code page before use_utf8_console, 0 when unchanged.
std::atomic<UINT> g_saved_output_cp{0};

// How long the handler of a console close, logoff or shutdown holds the
// process at most: returning lets the system end it at once, before the main
// thread has printed what was gathered and exited 143 itself. The system
// allows about 5 s for a close (docs/winsock-contract.md#console-events);
// the handler returns as soon as the report is written.
constexpr DWORD kTerminationHoldMs = 4500;

// Signalled by note_report_written. Created once and never closed.
HANDLE report_written_event() {
  static const HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  return event;
}

BOOL WINAPI on_console_ctrl(DWORD type) { return console_event(type); }

}  // namespace

ConsoleCodePageCalls set_console_code_page_calls(ConsoleCodePageCalls calls) {
  const ConsoleCodePageCalls old = g_cp;
  g_cp =
      calls.get != nullptr ? calls : ConsoleCodePageCalls{&GetConsoleOutputCP, &SetConsoleOutputCP};
  return old;
}

void restore_console() {
  if (const UINT cp = g_saved_output_cp.exchange(0); cp != 0) g_cp.set(cp);
}

void report_written() {
  restore_console();
  SetEvent(report_written_event());
}

const char* console_event_name() {
  switch (g_console_event.load()) {
    case CTRL_CLOSE_EVENT:
      return "CTRL_CLOSE_EVENT";
    case CTRL_LOGOFF_EVENT:
      return "CTRL_LOGOFF_EVENT";
    case CTRL_SHUTDOWN_EVENT:
      return "CTRL_SHUTDOWN_EVENT";
    default:
      return "";
  }
}

BOOL console_event(DWORD type) {
  switch (type) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
      // A second Ctrl-C falls through to the default handler, which ends the
      // process: the way out of a synchronous call that never returns.
      if (g_interrupted.load()) {
        // The default handler calls ExitProcess: no exit path of ours runs.
        restore_console();
        return FALSE;
      }
      note_stop(StopCause::interrupt);
      raise_interrupt();
      return TRUE;
    case CTRL_CLOSE_EVENT:
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
      g_console_event.store(type);
      note_stop(StopCause::terminate);
      raise_termination();
      // The main thread caps its cancel grace (termination_grace), writes
      // the report and signals; its exit ends this thread too.
      WaitForSingleObject(report_written_event(), kTerminationHoldMs);
      restore_console();
      return TRUE;
    default:
      return FALSE;
  }
}

void use_utf8_console() {
  const UINT before = g_cp.get();
  // No console (0), or already UTF-8: nothing to change, nothing to give back.
  if (before == 0 || before == CP_UTF8) return;
  if (g_cp.set(CP_UTF8)) g_saved_output_cp.store(before);
}

// Created once and never closed: the console handler may signal it from its
// own thread at any moment, up to process exit.
HANDLE interrupt_event() {
  static const HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  return event;
}

HANDLE quiet_event() {
  static const HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  return event;
}

bool interrupt_raised() { return g_interrupted.load(); }
bool termination_raised() { return g_terminated.load(); }

void install_console_handler() {
  static std::once_flag once;
  std::call_once(once, [] { SetConsoleCtrlHandler(on_console_ctrl, TRUE); });
}

void raise_interrupt() {
  g_interrupted.store(true);
  SetEvent(interrupt_event());
}

void raise_termination() {
  g_terminated.store(true);
  raise_interrupt();
}

void clear_interrupt() {
  g_terminated.store(false);
  g_interrupted.store(false);
  g_console_event.store(0);
  ResetEvent(interrupt_event());
  ResetEvent(report_written_event());
}

}  // namespace wfpredir::win32
