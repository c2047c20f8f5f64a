// wfpredir_bench: how fast `wfpredir query --port P --count N --format json`
// handles connections, next to a minimal accept-and-query loop doing the same
// system work (the "floor"), with the child's peak memory and its descriptor
// (handle) count early and late in the run.
//
//   wfpredir_bench --tool PATH [--count N]... [--runs R] [--port P] [--connect-port C] [--
//   TOOL-ARGS...] wfpredir_bench floor PORT COUNT [MODE]  (the floor; the driver starts it)
//
// The client is in this process: N connections one after the other, each
// connect, then wait until the server closes it, so a connection's time
// covers everything the server does for it (accept, queries, report, close).
// The clock starts at the first connection that succeeds, so process start-up
// (a second under Wine) is not counted, and stops when the last one closes.
//
// Portable: POSIX natively; Winsock, CreateProcess, GetProcessMemoryInfo and
// GetProcessHandleCount in the Windows build, run under Wine with wfpredir.exe.
//
// The system calls are in bench_os.cpp, the floor in floor.cpp.
#include "bench_os.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace bench;

namespace {

using Clock = std::chrono::steady_clock;

// --- the client and one measured run ---------------------------------------------------

struct Sample {
  double rate = 0;  ///< connections per second
  Finished finished;
  long handles_early = -1, handles_late = -1;
  bool ok = false;
};

constexpr int kAnswerTimeoutMs = 30000;

// The median ratio the tool must reach: natively 0.90; the Windows build runs
// under Wine here, where every socket call is a round trip to wineserver and
// the target is 0.75.
#ifdef _WIN32
constexpr double kTargetRatio = 0.75;
#else
constexpr double kTargetRatio = 0.90;
#endif

/// One connection: connect, wait for the server to close, close. Returns the
/// error of connect or of the wait (0 when the server closed the connection).
int one_connection(std::uint16_t port) {
  const Sock s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(port);
  if (::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    const int err = last_sock_error();
    close_sock(s);
    return err == 0 ? -1 : err;
  }
  // A server that never answers must not hang the benchmark.
#ifdef _WIN32
  const DWORD limit = kAnswerTimeoutMs;
#else
  const timeval limit{kAnswerTimeoutMs / 1000, 0};
#endif
  ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&limit), sizeof limit);
  char byte;
  int got = 0;
  while ((got = static_cast<int>(::recv(s, &byte, 1, 0))) > 0) {
  }
  const int err = got < 0 ? last_sock_error() : 0;
  close_sock(s);
  return err;
}

Sample measure(const std::vector<std::string>& argv, std::uint16_t connect_port, unsigned count) {
  Sample s;
  const auto child = spawn(argv);
  if (!child) return s;
  // The server may still be starting: retry refused connections for a while
  // (a fresh Wine prefix takes seconds). Timing starts with the first success.
  Clock::time_point start{};
  const auto give_up = Clock::now() + std::chrono::seconds(60);
  for (;;) {
    start = Clock::now();
    const int err = one_connection(connect_port);
    if (err == 0) break;
    if (auto gone = reap(*child, false)) {
      std::fprintf(stderr, "wfpredir_bench: %s exited with %d before accepting a connection\n",
                   argv[0].c_str(), gone->exit_code);
      s.finished = *gone;
      return s;
    }
    if (err != kRefused || Clock::now() > give_up) {
      std::fprintf(stderr, "wfpredir_bench: first connection to port %u failed (error %d)\n",
                   connect_port, err);
      kill_child(*child);
      s.finished = reap(*child).value_or(Finished{});
      return s;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const unsigned early = std::max(1u, count / 10);
  long late_peak = -1;
  for (unsigned i = 1; i < count; ++i) {
    // Sampled between connections, when the server holds only its listener.
    if (i == early) s.handles_early = open_handles(*child);
    if (i == count - 1) {
      s.handles_late = open_handles(*child);
      late_peak = peak_so_far(*child);
    }
    if (const int err = one_connection(connect_port); err != 0) {
      std::fprintf(stderr, "wfpredir_bench: connection %u failed (error %d%s)\n", i + 1, err,
                   err == kRefused ? "" : "; a timeout means the server stopped answering");
      kill_child(*child);
      s.finished = reap(*child).value_or(Finished{});
      return s;
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  s.finished = reap(*child).value_or(Finished{});
  if (s.finished.peak_kib <= 0) s.finished.peak_kib = late_peak;
  s.rate = count / seconds;
  s.ok = true;
  return s;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

std::optional<unsigned> number(const std::string& text) {
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

int usage() {
  std::fprintf(stderr,
               "usage: wfpredir_bench --tool PATH [--count N]... [--runs R] [--port P] "
               "[--connect-port C] [-- TOOL-ARGS...]\n"
               "       wfpredir_bench floor PORT COUNT [sync|event|apc|all]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if ((args.size() == 3 || args.size() == 4) && args[0] == "floor") {
    const auto port = number(args[1]), count = number(args[2]);
    if (!port || *port > 65535 || !count) return usage();
    return run_floor(static_cast<std::uint16_t>(*port), *count, args.size() == 4 ? args[3] : "all");
  }

  std::string tool;
  std::vector<unsigned> counts;
  unsigned runs = 5;
  unsigned fixed_port = 0, connect_port = 0;
  std::vector<std::string> tool_args;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    // A plain value and a flag, not std::optional: GCC 12 warns (falsely)
    // that the optional's value may be used uninitialized.
    const auto parsed = has_value ? number(args[i + 1]) : std::nullopt;
    const bool numeric = parsed.has_value();
    const unsigned value = parsed.value_or(0);
    if (args[i] == "--") {
      tool_args.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    } else if (args[i] == "--tool" && has_value) {
      tool = args[++i];
    } else if (args[i] == "--count" && numeric && value > 0) {
      counts.push_back(value);
      ++i;
    } else if (args[i] == "--runs" && numeric) {
      runs = value;
      ++i;
    } else if (args[i] == "--port" && numeric && value <= 65535) {
      fixed_port = value;
      ++i;
    } else if (args[i] == "--connect-port" && numeric && value <= 65535) {
      connect_port = value;
      ++i;
    } else {
      return usage();
    }
  }
  if (tool.empty() || runs == 0) return usage();
  // The floor does the work of the tool's --mode (Windows; Linux has one mode).
  std::string mode = "all";
  if (const auto m = std::find(tool_args.begin(), tool_args.end(), "--mode");
      m != tool_args.end() && m + 1 != tool_args.end())
    mode = *(m + 1);
  if (counts.empty()) counts = {10000};
#ifdef _WIN32
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
#endif
  const std::string self = self_path();

  std::printf(
      "wfpredir_bench: %u runs per count; a loopback client opens the connections one after the "
      "other\n"
      "(connect, wait for the server to close); the server's stdout and stderr go to the null "
      "device.\n",
      runs);
  std::vector<std::pair<unsigned, double>> tool_peaks;
  bool all_ok = true;
  for (unsigned count : counts) {
    std::vector<double> floor_rates, tool_rates, ratios, floor_peaks, tool_peaks_n;
    std::vector<double> floor_cpu, tool_user, tool_sys;  // microseconds per connection
    long early = -1, late = -1;
    bool grew = false;
    std::string tool_command, floor_command;
    std::printf(
        "\nN = %u\n  run  floor conn/s  tool conn/s  ratio  floor cpu us/conn  tool cpu us/conn "
        "(user+sys)"
        "  floor peak KiB  tool peak KiB  tool fds early/late  tool exit\n",
        count);
    for (unsigned r = 1; r <= runs; ++r) {
      Sample samples[2];
      // Alternate which goes first, so drift in the machine's load hits both.
      for (int k = 0; k < 2; ++k) {
        const bool is_tool = (k == 0) == (r % 2 == 0);
        const auto port = static_cast<std::uint16_t>(fixed_port ? fixed_port : free_port());
        const auto cport = static_cast<std::uint16_t>(connect_port ? connect_port : port);
        std::vector<std::string> cmd;
        if (is_tool) {
          cmd = {tool, "query", "--port", std::to_string(port), "--count", std::to_string(count)};
          // --format json unless the extra arguments choose a format themselves.
          if (std::find(tool_args.begin(), tool_args.end(), "--format") == tool_args.end())
            cmd.insert(cmd.end(), {"--format", "json"});
          cmd.insert(cmd.end(), tool_args.begin(), tool_args.end());
          tool_command = shell_words(cmd);
        } else {
          cmd = {self, "floor", std::to_string(port), std::to_string(count), mode};
          floor_command = shell_words(cmd);
        }
        samples[is_tool ? 1 : 0] = measure(cmd, cport, count);
      }
      const Sample& f = samples[0];
      const Sample& t = samples[1];
      const double ratio = f.rate > 0 ? t.rate / f.rate : 0;
      const double per = 1e6 / count;
      const double fcpu = (f.finished.user_s + f.finished.system_s) * per;
      const double tu = t.finished.user_s * per, ts = t.finished.system_s * per;
      std::printf(
          "  %3u  %11.0f  %11.0f  %5.3f  %17.1f  %8.1f (%5.1f + %5.1f)  %14ld  %13ld  %9ld/%-9ld  "
          "%9d\n",
          r, f.rate, t.rate, ratio, fcpu, tu + ts, tu, ts, f.finished.peak_kib, t.finished.peak_kib,
          t.handles_early, t.handles_late, t.finished.exit_code);
      std::fflush(stdout);
      if (!f.ok || !t.ok || f.finished.exit_code != 0) all_ok = false;
      // A complete run ends with the code of its verdicts: 0, 1 (some unknown)
      // or 7 (unsupported: every query under Wine answers WSAEOPNOTSUPP).
      const int e = t.finished.exit_code;
      if (e != 0 && e != 1 && e != 7) all_ok = false;
      floor_rates.push_back(f.rate);
      tool_rates.push_back(t.rate);
      ratios.push_back(ratio);
      floor_cpu.push_back(fcpu);
      tool_user.push_back(tu);
      tool_sys.push_back(ts);
      floor_peaks.push_back(static_cast<double>(f.finished.peak_kib));
      tool_peaks_n.push_back(static_cast<double>(t.finished.peak_kib));
      if (t.handles_early >= 0 && t.handles_late > t.handles_early) grew = true;
      if (early < 0) early = t.handles_early;
      late = t.handles_late;
    }
    // The headline is the median of each run's ratio: the two halves of a run
    // are seconds apart, so a change in the machine's load affects both.
    const double ratio = median(ratios);
    std::printf("  tool : %s\n  floor: %s\n", tool_command.c_str(), floor_command.c_str());
    std::printf(
        "  median: floor %.0f conn/s, tool %.0f conn/s; median ratio tool/floor %.3f (target >= "
        "%.2f: %s)\n",
        median(floor_rates), median(tool_rates), ratio, kTargetRatio,
        ratio >= kTargetRatio ? "met" : "MISSED");
    std::printf("  best run: floor %.0f conn/s, tool %.0f conn/s, ratio %.3f\n",
                *std::max_element(floor_rates.begin(), floor_rates.end()),
                *std::max_element(tool_rates.begin(), tool_rates.end()),
                *std::max_element(tool_rates.begin(), tool_rates.end()) /
                    std::max(1.0, *std::max_element(floor_rates.begin(), floor_rates.end())));
    std::printf(
        "  median CPU per connection: floor %.1f us, tool %.1f us (user %.1f, system %.1f)\n",
        median(floor_cpu), median(tool_user) + median(tool_sys), median(tool_user),
        median(tool_sys));
    std::printf("  median peak memory: floor %.0f KiB, tool %.0f KiB\n", median(floor_peaks),
                median(tool_peaks_n));
    std::printf("  tool descriptors/handles: %ld early, %ld late: %s\n", early, late,
                early < 0 ? "not measured"
                : grew    ? "GROWTH"
                          : "no growth");
    tool_peaks.emplace_back(count, median(tool_peaks_n));
  }
  if (tool_peaks.size() > 1) {
    std::printf("\npeak memory of the tool by N:");
    for (const auto& [n, kib] : tool_peaks) std::printf("  N=%u: %.0f KiB", n, kib);
    const double growth = tool_peaks.back().second - tool_peaks.front().second;
    std::printf("  (%+.0f KiB from the smallest N to the largest)\n", growth);
  }
  if (!all_ok) {
    std::printf("\nsome runs did not complete (see the errors above)\n");
    return 1;
  }
  return 0;
}
