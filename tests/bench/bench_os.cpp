// Sockets and child processes for wfpredir_bench (see bench_os.h).
#include "bench_os.h"

#ifndef _WIN32
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <filesystem>
extern char** environ;
#endif

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bench {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

std::uint16_t free_port() {
  const Sock s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    std::fprintf(stderr, "wfpredir_bench: cannot find a free port (error %d)\n", last_sock_error());
    std::exit(1);
  }
  close_sock(s);
  return ntohs(a.sin_port);
}

std::string self_path() {
#ifdef _WIN32
  char path[MAX_PATH];
  const DWORD n = GetModuleFileNameA(nullptr, path, sizeof path);
  return std::string(path, n);
#else
  return std::filesystem::read_symlink("/proc/self/exe").string();
#endif
}

std::string shell_words(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& a : argv) {
    if (!line.empty()) line += ' ';
    line += a.find(' ') == std::string::npos ? a : "\"" + a + "\"";
  }
  return line;
}

std::optional<Child> spawn(const std::vector<std::string>& argv) {
  Child c;
#ifdef _WIN32
  SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
  HANDLE nul = CreateFileA("NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                           OPEN_EXISTING, 0, nullptr);
  STARTUPINFOA si{};
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  si.hStdOutput = nul;
  si.hStdError = nul;
  PROCESS_INFORMATION pi{};
  std::string line = shell_words(argv);
  const BOOL ok =
      CreateProcessA(nullptr, line.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &si, &pi);
  CloseHandle(nul);
  if (!ok) {
    std::fprintf(stderr, "wfpredir_bench: CreateProcess %s: error %lu\n", line.c_str(),
                 GetLastError());
    return std::nullopt;
  }
  CloseHandle(pi.hThread);
  c.process = pi.hProcess;
#else
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = posix_spawn(&c.pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::fprintf(stderr, "wfpredir_bench: spawn %s: %s\n", argv[0].c_str(), std::strerror(rc));
    return std::nullopt;
  }
#endif
  return c;
}

long open_handles(const Child& c) {
#ifdef _WIN32
  DWORD n = 0;
  // A live process holds handles, so 0 means "not implemented" (Wine 8).
  return GetProcessHandleCount(c.process, &n) && n > 0 ? static_cast<long>(n) : -1;
#else
  std::error_code ec;
  long n = 0;
  for (std::filesystem::directory_iterator it("/proc/" + std::to_string(c.pid) + "/fd", ec), end;
       !ec && it != end; it.increment(ec))
    ++n;
  return ec ? -1 : n;
#endif
}

long peak_so_far(const Child& c) {
#ifdef _WIN32
  PROCESS_MEMORY_COUNTERS pmc{};
  return GetProcessMemoryInfo(c.process, &pmc, sizeof pmc)
             ? static_cast<long>(pmc.PeakWorkingSetSize / 1024)
             : -1;
#else
  (void)c;
  return -1;
#endif
}

std::optional<Finished> reap(const Child& c, bool block) {
  Finished f;
#ifdef _WIN32
  if (WaitForSingleObject(c.process, block ? INFINITE : 0) != WAIT_OBJECT_0) return std::nullopt;
  DWORD code = 0;
  if (GetExitCodeProcess(c.process, &code)) f.exit_code = static_cast<int>(code);
  PROCESS_MEMORY_COUNTERS pmc{};
  if (GetProcessMemoryInfo(c.process, &pmc, sizeof pmc))
    f.peak_kib = static_cast<long>(pmc.PeakWorkingSetSize / 1024);
  FILETIME created, exited, kernel, user;
  if (GetProcessTimes(c.process, &created, &exited, &kernel, &user)) {
    auto seconds = [](const FILETIME& t) {  // 100 ns units
      return static_cast<double>((static_cast<std::uint64_t>(t.dwHighDateTime) << 32) |
                                 t.dwLowDateTime) /
             1e7;
    };
    f.user_s = seconds(user);
    f.system_s = seconds(kernel);
  }
  CloseHandle(c.process);
#else
  int status = 0;
  rusage usage{};
  if (wait4(c.pid, &status, block ? 0 : WNOHANG, &usage) != c.pid) return std::nullopt;
  f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  f.peak_kib = usage.ru_maxrss;  // kilobytes on Linux
  f.user_s = static_cast<double>(usage.ru_utime.tv_sec) +
             static_cast<double>(usage.ru_utime.tv_usec) / 1e6;
  f.system_s = static_cast<double>(usage.ru_stime.tv_sec) +
               static_cast<double>(usage.ru_stime.tv_usec) / 1e6;
#endif
  return f;
}

void kill_child(const Child& c) {
#ifdef _WIN32
  TerminateProcess(c.process, 99);
#else
  ::kill(c.pid, SIGKILL);
#endif
}

}  // namespace bench
