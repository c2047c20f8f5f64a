// The seam of the Windows backend: the real provider (forwarding to
// ws2_32/kernel32) and the switch tests use to replace it. Ctrl-C and the
// console's events: console.cpp.
#include <atomic>

#include "platform/win32/backend.h"

namespace wfpredir::win32 {

int WinsockProvider::ioctl(SOCKET s, DWORD code, void* in, DWORD in_size, void* out, DWORD out_size,
                           DWORD* bytes_returned, WSAOVERLAPPED* overlapped,
                           LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
  return ::WSAIoctl(s, code, in, in_size, out, out_size, bytes_returned, overlapped, routine);
}

BOOL WinsockProvider::overlapped_result(SOCKET s, WSAOVERLAPPED* overlapped, DWORD* transferred,
                                        BOOL wait, DWORD* flags) {
  return ::WSAGetOverlappedResult(s, overlapped, transferred, wait, flags);
}

BOOL WinsockProvider::cancel(SOCKET s, WSAOVERLAPPED* overlapped) {
  return ::CancelIoEx(reinterpret_cast<HANDLE>(s), overlapped);
}

int WinsockProvider::get_option(SOCKET s, int level, int name, char* value, int* length) {
  return ::getsockopt(s, level, name, value, length);
}

SOCKET WinsockProvider::accept(SOCKET listener) { return ::accept(listener, nullptr, nullptr); }

DWORD WinsockProvider::wait(DWORD count, const HANDLE* handles, DWORD ms, BOOL alertable) {
  return ::WaitForMultipleObjectsEx(count, handles, FALSE, ms, alertable);
}

int WinsockProvider::set_option(SOCKET s, int level, int name, const char* value, int length) {
  return ::setsockopt(s, level, name, value, length);
}

int WinsockProvider::recv_msg(LPFN_WSARECVMSG fn, SOCKET s, WSAMSG* msg, DWORD* bytes,
                              WSAOVERLAPPED* overlapped,
                              LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
  return fn(s, msg, bytes, overlapped, routine);
}

int WinsockProvider::readable(SOCKET s, DWORD ms) {
  fd_set read{};
  read.fd_count = 1;  // what FD_SET does for the first socket
  read.fd_array[0] = s;
  timeval tv{static_cast<long>(ms / 1000), static_cast<long>((ms % 1000) * 1000)};
  return ::select(0, &read, nullptr, nullptr, &tv);
}

namespace {

WinsockProvider g_winsock;
std::atomic<IoctlProvider*> g_provider{&g_winsock};

}  // namespace

IoctlProvider& provider() { return *g_provider.load(); }

IoctlProvider* set_ioctl_provider(IoctlProvider* p) {
  IoctlProvider* old = g_provider.exchange(p != nullptr ? p : &g_winsock);
  return old == &g_winsock ? nullptr : old;
}

Millis cancel_grace() { return termination_raised() ? kTerminationGrace : kCancelGrace; }

}  // namespace wfpredir::win32
