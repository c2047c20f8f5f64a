#pragma once
// What wfpredir_bench (bench.cpp, floor.cpp) needs from the system, the same
// calls on both: loopback TCP sockets, and a child process with its exit code,
// peak memory, descriptor (handle) count and CPU time. POSIX natively;
// Winsock, CreateProcess, GetProcessMemoryInfo and GetProcessHandleCount in
// the Windows build (bench_os.cpp).
#ifdef _WIN32
// Order matters: winsock2.h before windows.h, psapi.h after it.
// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <psapi.h>
// clang-format on
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#endif

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bench {

#ifdef _WIN32
using Sock = SOCKET;
inline const Sock kBadSock = INVALID_SOCKET;
inline void close_sock(Sock s) { closesocket(s); }
inline int last_sock_error() { return WSAGetLastError(); }
constexpr int kRefused = WSAECONNREFUSED;
#else
using Sock = int;
constexpr Sock kBadSock = -1;
inline void close_sock(Sock s) { ::close(s); }
inline int last_sock_error() { return errno; }
constexpr int kRefused = ECONNREFUSED;
#endif

sockaddr_in loopback(std::uint16_t port);

/// A loopback port free right now (the OS picks it; the socket is closed).
std::uint16_t free_port();

struct Child {
#ifdef _WIN32
  HANDLE process = nullptr;
#else
  pid_t pid = -1;
#endif
};

struct Finished {
  int exit_code = -1;
  long peak_kib = -1;   ///< ru_maxrss, or PeakWorkingSetSize / 1024
  double user_s = 0;    ///< CPU time in user mode: unlike the rate, barely
  double system_s = 0;  ///< moved by other load on the machine
};

/// This program's own path, to start it again as the floor.
std::string self_path();

/// \p argv as one command line (words with a space quoted).
std::string shell_words(const std::vector<std::string>& argv);

/// Starts \p argv with stdout and stderr sent to the null device.
std::optional<Child> spawn(const std::vector<std::string>& argv);

/// Open descriptors (handles on Windows) of the child right now; -1 if unknown.
long open_handles(const Child& c);

/// The child's peak memory so far, in KiB; -1 if unknown. Only needed on
/// Windows: Wine answers GetProcessMemoryInfo for a live process only.
long peak_so_far(const Child& c);

/// The child's end, waiting for it unless \p block is false (then nullopt
/// while it still runs).
std::optional<Finished> reap(const Child& c, bool block = true);

void kill_child(const Child& c);

/// The floor (floor.cpp): accepts \p count connections on 127.0.0.1:\p port,
/// makes on each the queries the tool makes in \p mode, and closes it.
int run_floor(std::uint16_t port, unsigned count, const std::string& mode);

}  // namespace bench
