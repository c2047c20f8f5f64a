// The floor of wfpredir_bench (`wfpredir_bench floor PORT COUNT [MODE]`): a
// minimal accept-and-query loop doing the system work the tool does for each
// connection, and nothing else. bench.cpp starts it and measures it beside
// the tool.
#include "bench_os.h"

#include <cstdio>
#include <string>

namespace bench {

#ifdef _WIN32
namespace {

constexpr DWORD kQueryCodes[] = {
    0x980000DCu, 0x980000DDu};  // SIO_QUERY_WFP_CONNECTION_REDIRECT_{RECORDS,CONTEXT}
constexpr int kSolIp = 0xFFFB, kSoOriginalDst = 0x300F;

// HasOverlappedIoCompleted without the macro's C cast: Internal leaves STATUS_PENDING.
bool completed(const WSAOVERLAPPED& ov) {
  return *static_cast<const volatile ULONG_PTR*>(&ov.Internal) != 0x103;
}

void CALLBACK routine_ran(DWORD, DWORD, LPWSAOVERLAPPED ov, DWORD) {
  *static_cast<bool*>(ov->hEvent) = true;
}

// What `query --mode MODE` does on Windows (--what both; MODE "all" by
// default): each control code synchronously, with an event, and with a
// completion routine, then SO_ORIGINAL_DST; one reused event, no bookkeeping.
void query_like_the_tool(SOCKET s, HANDLE event, const std::string& mode) {
  const bool all = mode == "all";
  char buffer[1024];
  DWORD bytes = 0, transferred = 0, flags = 0;
  for (DWORD code : kQueryCodes) {
    if (all || mode == "sync")
      WSAIoctl(s, code, nullptr, 0, buffer, sizeof buffer, &bytes, nullptr, nullptr);

    WSAOVERLAPPED ov{};
    ov.hEvent = event;
    ResetEvent(event);
    if ((all || mode == "event") &&
        (WSAIoctl(s, code, nullptr, 0, buffer, sizeof buffer, &bytes, &ov, nullptr) == 0 ||
         WSAGetLastError() == WSA_IO_PENDING)) {
      // Wine completes a failing call at once without setting the event, so
      // look at the OVERLAPPED before (and between) waits on the event.
      for (int i = 0; i < 500 && !completed(ov) && WaitForSingleObject(event, 10) != WAIT_OBJECT_0;
           ++i) {
      }
      WSAGetOverlappedResult(s, &ov, &transferred, FALSE, &flags);
    }

    bool ran = false;
    WSAOVERLAPPED ov2{};
    ov2.hEvent = &ran;  // a completion routine may use hEvent for its own data
    if ((all || mode == "apc") &&
        (WSAIoctl(s, code, nullptr, 0, buffer, sizeof buffer, &bytes, &ov2, routine_ran) == 0 ||
         WSAGetLastError() == WSA_IO_PENDING)) {
      for (int i = 0; i < 50 && !ran; ++i) SleepEx(100, TRUE);
    }
  }
  int len = sizeof buffer;
  getsockopt(s, kSolIp, kSoOriginalDst, buffer, &len);
}

}  // namespace
#endif

int run_floor(std::uint16_t port, unsigned count, const std::string& mode) {
#ifdef _WIN32
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
#endif
  const Sock listener = ::socket(AF_INET, SOCK_STREAM, 0);
  const int on = 1;
#ifndef _WIN32
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
#else
  (void)on;
#endif
  sockaddr_in a = loopback(port);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(listener, SOMAXCONN) != 0) {
    std::fprintf(stderr, "floor: cannot listen on 127.0.0.1:%u (error %d)\n", port,
                 last_sock_error());
    return 3;
  }
  for (unsigned i = 0; i < count; ++i) {
    const Sock s = ::accept(listener, nullptr, nullptr);
    if (s == kBadSock) return 3;
#ifdef _WIN32
    query_like_the_tool(s, event, mode);
#else
    (void)mode;  // getsockopt has no modes on Linux
    unsigned char buffer[1024];
    socklen_t len = sizeof buffer;
    ::getsockopt(s, SOL_IP, 80 /* SO_ORIGINAL_DST */, buffer, &len);
#endif
    close_sock(s);
  }
  close_sock(listener);
  return 0;
}

}  // namespace bench
