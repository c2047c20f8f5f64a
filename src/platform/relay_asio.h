#pragma once
/// \file relay_asio.h
/// The relay loop's parts on standalone Asio, shared by relay_loop.cpp (the
/// loop: workers, accept hand-over, stop), relay_session.cpp (one relayed
/// connection) and, on Linux, linux/relay_forward.cpp (its forwarding: copy or
/// splice). Private to those files; relay_loop.h is the interface.
#include <asio.hpp>
// Without threads Asio's Windows timers cannot start their thread: the first
// timer of a worker threw "thread: operation not supported" and every
// connection ended as upstream-failed. CMakeLists.txt defines it.
#ifndef ASIO_HAS_THREADS
#error "Asio without thread support: define ASIO_HAS_THREADS (CMakeLists.txt)"
#endif

#include <memory>
#include <set>
#include <string>
#include <system_error>
#include <thread>

#include "platform/relay_loop.h"
#include "platform/wait.h"

namespace wfpredir::relay_asio {

using tcp = asio::ip::tcp;
/// A worker's sockets and timer name its io_context's own executor rather
/// than Asio's default type-erased one: 48 bytes less per socket and per
/// timer, and as much per pending wait, for every open connection
/// (docs/relay.md, "Memory per idle connection").
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Timer = asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>, Executor>;

/// One read at most: what socat uses by default is 8 KiB; 64 KiB moves a bulk
/// transfer in fewer system calls (measured in docs/relay.md).
inline constexpr std::size_t kBufferSize = 64 * 1024;
#ifndef _WIN32
/// Reads in a row on one direction before the worker serves others.
inline constexpr int kReadsPerTurn = 4;

/// A pipe per worker, through which splice(2) moves a bulk direction from one
/// socket to the other without copying it through the process. It is empty
/// whenever a handler returns, so every connection of the worker shares it.
/// Both ends -1 when it could not be made: the worker copies instead. Its
/// capacity is asked to be kSpliceSize (the system may give less).
inline constexpr std::size_t kSpliceSize = 1024 * 1024;
struct SplicePipe {
  SplicePipe();
  ~SplicePipe();
  SplicePipe(const SplicePipe&) = delete;
  SplicePipe& operator=(const SplicePipe&) = delete;
  explicit operator bool() const { return read_end >= 0; }
  int read_end = -1, write_end = -1;
  std::size_t size = 0;  // what one splice moves at most: the pipe's capacity
};
#endif

tcp::endpoint to_asio(const IpEndpoint& e);
IpEndpoint from_asio(const tcp::endpoint& e);
/// The socket's pending error (SO_ERROR), which reading it clears: what a
/// reset left on a socket that nobody was reading.
std::error_code pending_error(Socket& s);
bool out_of_descriptors(const std::error_code& ec);
/// The end a failed upstream connect gives.
RelayEnd connect_end(const std::error_code& ec);
/// Closes with a reset (SO_LINGER 0): what the peer would have seen from the
/// side that reset, or from a server that refused.
void reset_close(Socket& s);

class Session;
/// One thread and its io_context; its connections live on it only.
struct Worker {
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::set<std::shared_ptr<Session>> live;                 // this worker's thread only
  std::unique_ptr<char[]> scratch{new char[kBufferSize]};  // Linux: every read lands here
#ifndef _WIN32
  SplicePipe pipe;  // Linux: a bulk direction's data passes here instead
#endif
  std::thread thread;
};

/// What a session asks of its loop.
class SessionHost {
 public:
  virtual const RelayOptions& options() const = 0;
  virtual LoopGuard& guard() = 0;
  /// \p s on \p w has ended with report \p r (called on w's thread).
  virtual void report(Worker& w, const std::shared_ptr<Session>& s, const RelayReport& r) = 0;

 protected:
  ~SessionHost() = default;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  /// Takes \p job only once nothing else in the construction can fail, so
  /// that a session that could not be made leaves the job to be reported.
  Session(SessionHost& loop, Worker& worker, RelayJob&& job);
  void begin();
  bool finished() const { return finished_; }
  /// Ends the connection as upstream-failed with a reset: what could not be
  /// done (out of memory) after the session was made.
  void abort(const char* what);
  /// Ends the connection now (Ctrl-C, SIGTERM): both sockets closed with a
  /// reset, so that neither peer takes a cut stream for a complete one.
  void interrupt(const Reason& why);

 private:
  enum class Who { client, upstream };
  void start_connect();
  void connected(const std::error_code& ec);
  void watch_client_while_connecting();
  void arm_idle(Clock::duration after);
  void watch_reset(Who from);
  void write_rest(Who from, const char* data, std::size_t n);
  void pump(Who from);
#ifndef _WIN32
  void readable(Who from);
  void spliced(Who from);
  void hold(Who from, std::size_t left);
  void flush_hold(Who from);
  void ended(Who from);
#endif
  void failed(Who side, const std::error_code& ec, const char* op, RelayFlow& f);
  void finish(RelayEnd end, int error, std::optional<Reason> why, bool reset);
  Socket& socket(Who w) { return w == Who::client ? client_ : upstream_; }
  RelayFlow& flow(Who from) { return from == Who::client ? part().to_upstream : part().to_client; }
  RelayPart& part() { return job_.report.relay; }

  SessionHost& loop_;
  Worker& worker_;
  Socket client_, upstream_;
  Timer timer_;  // the connect timeout, then the idle timeout
#ifdef _WIN32
  std::unique_ptr<char[]> buffers_;  // [0, kBufferSize): from the client; then from the upstream
#else
  std::unique_ptr<char[]> held_[2];      // per direction: what the other side has not taken yet
  bool bulk_[2] = {false, false};        // per direction: a read filled the buffer, so it splices
  std::unique_ptr<SplicePipe> hold_[2];  // per spliced direction: what waits for the other side
  std::size_t hold_left_[2] = {0, 0};    // how much of it
#endif
  RelayJob job_;  // after every member whose construction can throw
  Clock::time_point handed_over_ = Clock::now(), forwarding_{}, connect_start_{};
  Clock::time_point last_sent_{};  // the last time either side sent (--idle-timeout)
  std::uint16_t local_port_ = 0;
  bool connected_ = false;
  bool watching_[2] = {false, false};  // a wait_error armed on the client, the upstream
  bool finished_ = false;
};

}  // namespace wfpredir::relay_asio
