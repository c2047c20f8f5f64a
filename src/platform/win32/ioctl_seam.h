#pragma once
/// \file ioctl_seam.h
/// The seam of the Windows backend (overlapped.cpp, seam.cpp, console.cpp): the calls through which
/// one query travels, replaceable so that tests can produce every documented
/// behaviour of SIO_QUERY_WFP_CONNECTION_REDIRECT_* that no test machine gives
/// (Wine answers WSAEOPNOTSUPP to all of them). Windows-only: included by
/// src/platform and the [win32] tests, never by src/core.

#ifndef NOMINMAX
#define NOMINMAX  // std::min/std::max, not windows.h's macros (MSVC)
#endif
// winsock2.h must come before windows.h.
#include <winsock2.h>
#include <ws2tcpip.h>
// mswsock.h needs winsock2.h first: WSAMSG's receive function (LPFN_WSARECVMSG).
#include <mswsock.h>

#include <windows.h>

namespace wfpredir::win32 {

/// The system calls a query makes. Each follows the Winsock contract of the
/// function it stands for: failures leave their code in the thread's last
/// error (WSASetLastError/SetLastError, one slot on Windows), which the backend
/// reads with WSAGetLastError right after the call. A pending overlapped
/// operation keeps lpOverlapped->Internal at STATUS_PENDING (0x103, what
/// HasOverlappedIoCompleted reads) until it completes, then signals completion
/// by setting lpOverlapped->hEvent (event mode) or by queueing the completion
/// routine to the calling thread as an APC (apc mode).
class IoctlProvider {
 public:
  virtual ~IoctlProvider() = default;
  /// WSAIoctl.
  virtual int ioctl(SOCKET s, DWORD code, void* in, DWORD in_size, void* out, DWORD out_size,
                    DWORD* bytes_returned, WSAOVERLAPPED* overlapped,
                    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) = 0;
  /// WSAGetOverlappedResult.
  virtual BOOL overlapped_result(SOCKET s, WSAOVERLAPPED* overlapped, DWORD* transferred, BOOL wait,
                                 DWORD* flags) = 0;
  /// CancelIoEx on the socket handle.
  virtual BOOL cancel(SOCKET s, WSAOVERLAPPED* overlapped) = 0;
  /// getsockopt (the original-destination query).
  virtual int get_option(SOCKET s, int level, int name, char* value, int* length) = 0;
  /// accept(listener, nullptr, nullptr).
  virtual SOCKET accept(SOCKET listener) = 0;
  /// WaitForMultipleObjectsEx(count, handles, FALSE, ms, alertable): every
  /// wait of the backend goes through here.
  virtual DWORD wait(DWORD count, const HANDLE* handles, DWORD ms, BOOL alertable) = 0;
  /// setsockopt (`query --udp`: the options that ask for control messages).
  virtual int set_option(SOCKET s, int level, int name, const char* value, int length) = 0;
  /// WSARecvMsg through \p fn, the pointer WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER,
  /// WSAID_WSARECVMSG) gave. Overlapped, it completes as WSAIoctl does; the
  /// WSAMSG (its Control.len, dwFlags, namelen) is written by the time it completes.
  virtual int recv_msg(LPFN_WSARECVMSG fn, SOCKET s, WSAMSG* msg, DWORD* bytes,
                       WSAOVERLAPPED* overlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) = 0;
  /// select() for reading on \p s alone, waiting at most \p ms: 1 readable,
  /// 0 not yet, SOCKET_ERROR on failure.
  virtual int readable(SOCKET s, DWORD ms) = 0;
};

/// The real thing: forwards to ws2_32/kernel32. Tests derive from it to replace
/// only some calls.
class WinsockProvider : public IoctlProvider {
 public:
  int ioctl(SOCKET s, DWORD code, void* in, DWORD in_size, void* out, DWORD out_size,
            DWORD* bytes_returned, WSAOVERLAPPED* overlapped,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) override;
  BOOL overlapped_result(SOCKET s, WSAOVERLAPPED* overlapped, DWORD* transferred, BOOL wait,
                         DWORD* flags) override;
  BOOL cancel(SOCKET s, WSAOVERLAPPED* overlapped) override;
  int get_option(SOCKET s, int level, int name, char* value, int* length) override;
  SOCKET accept(SOCKET listener) override;
  DWORD wait(DWORD count, const HANDLE* handles, DWORD ms, BOOL alertable) override;
  int set_option(SOCKET s, int level, int name, const char* value, int length) override;
  int recv_msg(LPFN_WSARECVMSG fn, SOCKET s, WSAMSG* msg, DWORD* bytes, WSAOVERLAPPED* overlapped,
               LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) override;
  int readable(SOCKET s, DWORD ms) override;
};

/// Makes every Connection::issue use \p provider (nullptr: Winsock again) and
/// returns the one it replaces (nullptr when that was Winsock). The provider
/// must outlive its use; swap it only while no query is in flight.
IoctlProvider* set_ioctl_provider(IoctlProvider* provider);

/// What Ctrl-C does: sets the flag Platform::interrupted() reports and signals
/// the event every wait of the backend includes.
void raise_interrupt();
/// What closing the console, logging off or shutting down does: the same as
/// raise_interrupt, and Platform::terminated() reports it.
void raise_termination();
/// The console control handler itself (what SetConsoleCtrlHandler calls),
/// for tests: \p type is CTRL_C_EVENT, CTRL_CLOSE_EVENT, ...
BOOL console_event(DWORD type);
/// Switches the console's output code page to UTF-8 (prepare_process) and
/// keeps the one it replaces for restore_console.
void use_utf8_console();
/// Gives the console its output code page back (once; harmless again).
void restore_console();
/// The report is out: restores the console and lets a console-close handler
/// that holds the process return (note_report_written).
void report_written();
/// The console event that ended the run ("CTRL_CLOSE_EVENT", ...), "" if none.
const char* console_event_name();
/// Clears both flags, the event, the console event seen and the "report
/// written" event. For tests: a real Ctrl-C is never taken back.
void clear_interrupt();

}  // namespace wfpredir::win32
