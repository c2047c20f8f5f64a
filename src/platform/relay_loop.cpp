// The relay's event loop (relay_run.h's RelayLoop) on standalone Asio: one
// io_context and thread per worker (--threads, default one per core), each
// connection on one worker. Epoll on Linux, where a direction waits for its
// socket to be readable, reads into its worker's scratch buffer and writes at
// once, holding a buffer only for what the other side did not take; I/O
// completion ports on Windows, with two fixed buffers per connection (an
// overlapped read needs its buffer while pending). The platform's part of each
// upstream socket (mark or records) goes through relay_steps.h. Why, and the
// figures that decided it: docs/relay.md.
#include <asio.hpp>
#ifndef _WIN32
#include <pthread.h>
#include <signal.h>
#endif

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/i18n.h"
#include "core/relay_run.h"
#include "platform/relay_steps.h"
#include "platform/wait.h"

namespace wfpredir {
namespace {

using tcp = asio::ip::tcp;

/// One read at most: what socat uses by default is 8 KiB; 64 KiB moves a bulk
/// transfer in fewer system calls (measured in docs/relay.md).
constexpr std::size_t kBufferSize = 64 * 1024;
#ifndef _WIN32
/// Reads in a row on one direction before the worker serves others.
constexpr int kReadsPerTurn = 4;
#endif

tcp::endpoint to_asio(const IpEndpoint& e0) {
  const IpEndpoint e = e0.normalised();
  if (e.family == Family::ipv4) {
    asio::ip::address_v4::bytes_type b{};
    std::copy_n(e.address.begin(), 4, b.begin());
    return {asio::ip::address_v4(b), e.port};
  }
  asio::ip::address_v6::bytes_type b{};
  std::copy_n(e.address.begin(), 16, b.begin());
  return {asio::ip::address_v6(b, e.scope), e.port};
}

IpEndpoint from_asio(const tcp::endpoint& e) {
  if (e.address().is_v4()) {
    const auto b = e.address().to_v4().to_bytes();
    const std::uint8_t a[4] = {b[0], b[1], b[2], b[3]};
    return IpEndpoint::v4(a, e.port());
  }
  const auto v6 = e.address().to_v6();
  const auto b = v6.to_bytes();
  std::uint8_t a[16];
  std::copy(b.begin(), b.end(), a);
  return IpEndpoint::v6(a, e.port(), static_cast<std::uint32_t>(v6.scope_id()));
}

/// The socket's pending error (SO_ERROR), which reading it clears: what a
/// reset left on a socket that nobody was reading.
std::error_code pending_error(tcp::socket& s) {
  asio::detail::socket_option::integer<SOL_SOCKET, SO_ERROR> option;
  std::error_code ec;
  s.get_option(option, ec);
  if (ec) return ec;
  return {option.value(), asio::error::get_system_category()};
}

bool out_of_descriptors(const std::error_code& ec) {
  return out_of_descriptors(relay_error_domain(), ec.value());
}

RelayEnd connect_end(const std::error_code& ec) {
  if (ec == asio::error::connection_refused) return RelayEnd::upstream_refused;
  if (ec == asio::error::network_unreachable || ec == asio::error::host_unreachable ||
      ec == asio::error::timed_out)
    return RelayEnd::upstream_unreachable;
  return RelayEnd::upstream_failed;
}

/// Closes with a reset (SO_LINGER 0): what the peer would have seen from the
/// side that reset, or from a server that refused.
void reset_close(tcp::socket& s) {
  std::error_code ignored;
  if (!s.is_open()) return;
  s.set_option(asio::socket_base::linger(true, 0), ignored);
  s.close(ignored);
}

class AsioLoop;
class Session;

/// One thread and its io_context; its connections live on it only.
struct Worker {
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::set<std::shared_ptr<Session>> live;                 // this worker's thread only
  std::unique_ptr<char[]> scratch{new char[kBufferSize]};  // Linux: every read lands here
  std::thread thread;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(AsioLoop& loop, Worker& worker, RelayJob job);
  void begin();
  /// Ends the connection now (Ctrl-C, SIGTERM): both sockets closed with a
  /// reset, so that neither peer takes a cut stream for a complete one.
  void interrupt(const std::string& detail);

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
  void ended(Who from);
#endif
  void failed(Who side, const std::error_code& ec, const char* op, RelayFlow& f);
  void finish(RelayEnd end, int error, std::string detail, bool reset);
  tcp::socket& socket(Who w) { return w == Who::client ? client_ : upstream_; }
  RelayFlow& flow(Who from) { return from == Who::client ? part().to_upstream : part().to_client; }
  RelayPart& part() { return job_.report.relay; }

  AsioLoop& loop_;
  Worker& worker_;
  RelayJob job_;
  tcp::socket client_, upstream_;
  asio::steady_timer timer_;  // the connect timeout, then the idle timeout
#ifdef _WIN32
  std::unique_ptr<char[]> buffers_;  // [0, kBufferSize): from the client; then from the upstream
#else
  std::unique_ptr<char[]> held_[2];  // per direction: what the other side has not taken yet
#endif
  Clock::time_point handed_over_ = Clock::now(), forwarding_{}, connect_start_{};
  Clock::time_point last_sent_{};  // the last time either side sent (--idle-timeout)
  std::uint16_t local_port_ = 0;
  bool connected_ = false;
  bool watching_[2] = {false, false};  // a wait_error armed on the client, the upstream
  bool finished_ = false;
};

class AsioLoop final : public RelayLoop {
 public:
  AsioLoop(const RelayOptions& options, RelaySink sink, LoopGuard& guard)
      : options_(options), sink_(std::move(sink)), guard_(guard) {
    unsigned n = options.threads;
    if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < n; ++i) {
      workers_.push_back(std::make_unique<Worker>());
      // Each worker's reactor (epoll's descriptors on Linux) is made with its
      // first socket object. Made now, while descriptors are free: Asio
      // creates it lazily, and if that first happens in a burst that has used
      // every descriptor, its constructor throws and the loop is left with no
      // reactor at all, waiting on a condition variable that nothing signals.
      tcp::socket warm(workers_.back()->io);
    }
#ifndef _WIN32
    // The workers never take SIGINT or SIGTERM: the accepting thread must,
    // so that its blocking accept returns EINTR and the run ends.
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
#endif
    for (auto& w : workers_) {
      w->thread = std::thread([this, io = &w->io] {
        // A handler that throws (the sink, when stdout fails) is kept for the
        // calling thread; the loop goes on so that the others end properly.
        for (;;) {
          try {
            io->run();
            return;
          } catch (...) {
            std::lock_guard lock(error_lock_);
            if (!error_) error_ = std::current_exception();
          }
        }
      });
    }
#ifndef _WIN32
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
#endif
  }
  ~AsioLoop() override {
    for (auto& w : workers_) {
      w->work.reset();
      w->io.stop();
    }
    for (auto& w : workers_)
      if (w->thread.joinable()) w->thread.join();
  }

  void start(RelayJob job) override {
    const unsigned now = ++active_;
    for (unsigned p = peak_; now > p && !peak_.compare_exchange_weak(p, now);) {
    }
    Worker& w = *workers_[next_++ % workers_.size()];
    asio::post(w.io, [this, &w, job = std::move(job)]() mutable {
      const std::uintptr_t client = job.client;
      RelayReport report = job.report;
      try {
        auto s = std::make_shared<Session>(*this, w, std::move(job));
        w.live.insert(s);
        s->begin();
      } catch (const std::exception& e) {
        // Out of memory or descriptors before the session existed: the
        // client is reset and the connection reported, never lost from the
        // count that the run waits on.
        std::error_code ignored;
        tcp::socket c(w.io);
        c.assign(report.query.connection.family == Family::ipv6 ? tcp::v6() : tcp::v4(),
                 static_cast<tcp::socket::native_handle_type>(client), ignored);
        reset_close(c);
        report.relay.end = RelayEnd::upstream_failed;
        report.relay.end_detail = e.what();
        report.relay.domain = relay_error_domain();
        report_ended(report);
      }
    });
  }
  unsigned active() const override { return active_; }
  unsigned peak() const override { return peak_; }
  void stop_all(const std::string& detail) override {
    for (auto& w : workers_)
      asio::post(w->io, [w = w.get(), detail] {
        const auto sessions = w->live;
        for (const auto& s : sessions) s->interrupt(detail);
      });
  }
  void wait_idle() override {
    for (auto& w : workers_) w->work.reset();
    for (auto& w : workers_)
      if (w->thread.joinable()) w->thread.join();
    std::lock_guard lock(error_lock_);
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

  const RelayOptions& options() const { return options_; }
  LoopGuard& guard() { return guard_; }
  void report(Worker& w, const std::shared_ptr<Session>& s, const RelayReport& r) {
    w.live.erase(s);
    report_ended(r);
  }
  void report_ended(const RelayReport& r) {
    try {
      sink_(r);
    } catch (...) {
      --active_;
      throw;
    }
    --active_;
  }

 private:
  const RelayOptions options_;
  RelaySink sink_;
  LoopGuard& guard_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<unsigned> active_{0}, peak_{0}, next_{0};
  std::mutex error_lock_;
  std::exception_ptr error_;
};

Session::Session(AsioLoop& loop, Worker& worker, RelayJob job)
    : loop_(loop),
      worker_(worker),
      job_(std::move(job)),
      client_(worker.io),
      upstream_(worker.io),
      timer_(worker.io)
#ifdef _WIN32
      ,
      buffers_(new char[2 * kBufferSize])
#endif
{
}

void Session::begin() {
  const auto family = job_.report.query.connection.family == Family::ipv6 ? tcp::v6() : tcp::v4();
  if (job_.refuse == RelayEnd::query_abandoned) {
    // relay_run kept the socket: it was never the loop's to assign.
    finish(*job_.refuse, 0, part().end_detail, false);
    return;
  }
  std::error_code ec;
  client_.assign(family, static_cast<tcp::socket::native_handle_type>(job_.client), ec);
  if (ec) {
    // Not ours to close through Asio: the loop could not take it.
    finish(RelayEnd::upstream_failed, ec.value(), trf("the accepted socket: {}", ec.message()),
           false);
    return;
  }
  if (job_.refuse) {
    finish(*job_.refuse, 0, part().end_detail, true);
    return;
  }
  const tcp::endpoint to = to_asio(*part().upstream);
  const auto start = Clock::now();
  upstream_.open(to.protocol(), ec);
  part().calls.push_back(
      CallRecord{"socket", std::nullopt, std::nullopt, ec ? -1 : 0, ec.value(), std::nullopt,
                 ms_since(start), std::string(tr("the upstream socket (overlapped on Windows)"))});
  if (ec) {
    // The relay's own limit: this connection is shed, the others go on.
    if (out_of_descriptors(ec))
      finish(RelayEnd::no_descriptors, ec.value(),
             trf("socket: {}: no descriptor for the upstream connection; the client is reset",
                 ec.message()),
             true);
    else
      finish(RelayEnd::upstream_failed, ec.value(), trf("{}: {}", "socket", ec.message()), true);
    return;
  }
  auto steps = make_upstream_steps(static_cast<std::uintptr_t>(upstream_.native_handle()),
                                   [this] { start_connect(); });
  const Prepared p =
      prepare_upstream(*steps, job_.report.query, loop_.options(), relay_has_set_records(), part());
  if (p.refused) finish(*p.refused, 0, p.reason, true);
}

void Session::start_connect() {
  const tcp::endpoint to = to_asio(*part().upstream);
  std::error_code ec;
  auto start = Clock::now();
  // Bound first, so that its port is known before the connection can come
  // back to the relay's own listener (the loop guard compares it).
  upstream_.bind(tcp::endpoint(to.protocol(), 0), ec);
  if (!ec) {
    const auto local = upstream_.local_endpoint(ec);
    if (!ec) {
      local_port_ = local.port();
      loop_.guard().add(local_port_, job_.report.query.index);
    }
  }
  part().calls.push_back(CallRecord{"bind", std::nullopt, std::nullopt, ec ? -1 : 0, ec.value(),
                                    std::nullopt, ms_since(start),
                                    trf("any address, port 0: got port {}", local_port_)});
  if (ec) {
    finish(RelayEnd::upstream_failed, ec.value(), trf("{}: {}", "bind", ec.message()), true);
    return;
  }
  connect_start_ = Clock::now();
  upstream_.async_connect(
      to, [self = shared_from_this()](const std::error_code& e) { self->connected(e); });
  // connect() has chosen the source address by now: the guard knows the
  // whole endpoint, so a peer with the same port elsewhere is not a loop.
  std::error_code lec;
  const auto chosen = upstream_.local_endpoint(lec);
  // (Windows may still say the wildcard it was bound to: then the port alone decides.)
  if (!lec && local_port_ != 0 && !chosen.address().is_unspecified())
    loop_.guard().set_address(local_port_, from_asio(chosen));
  if (finished_) return;
  const auto limit = std::chrono::milliseconds(loop_.options().connect_timeout_ms);
  if (limit.count() != 0) {
    timer_.expires_after(limit);
    timer_.async_wait([self = shared_from_this(), limit](const std::error_code& e) {
      if (e || self->finished_ || self->connected_) return;
      self->part().calls.push_back(CallRecord{relay_has_set_records() ? "ConnectEx" : "connect",
                                              std::nullopt, std::nullopt, -1, 0, std::nullopt,
                                              ms_since(self->connect_start_),
                                              trf("to {}: no answer within --connect-timeout",
                                                  format_endpoint(self->part().upstream))});
      self->finish(RelayEnd::upstream_timeout, 0,
                   trf("connect: no answer from {} within {} ms (--connect-timeout)",
                       format_endpoint(self->part().upstream), limit.count()),
                   true);
    });
  }
  watch_client_while_connecting();
}

void Session::watch_client_while_connecting() {
  // A client that leaves (end of stream or reset) while the connect is
  // pending ends it: the half-open upstream socket is closed, not left in
  // SYN-SENT. Data it sends meanwhile waits in its socket until connected.
  client_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](const std::error_code& e) {
    if (e || self->finished_ || self->connected_) return;
    char byte = 0;
    std::error_code pec;
    const std::size_t n =
        self->client_.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, pec);
    if (n > 0 && !pec) return;
    self->finish(
        RelayEnd::client_left, pec && pec != asio::error::eof ? pec.value() : 0,
        pec && pec != asio::error::eof
            ? trf("the client reset while the upstream connect was pending: {}", pec.message())
            : std::string(tr("the client closed while the upstream connect was pending")),
        true);
  });
}

void Session::arm_idle(Clock::duration after) {
  timer_.expires_after(after);
  timer_.async_wait([self = shared_from_this()](const std::error_code& e) {
    if (e || self->finished_) return;
    const auto limit = std::chrono::milliseconds(self->loop_.options().idle_timeout_ms);
    const auto quiet = Clock::now() - self->last_sent_;
    if (quiet < limit) return self->arm_idle(limit - quiet);
    self->finish(RelayEnd::idle_timeout, 0,
                 trf("neither side sent for {} ms (--idle-timeout)", limit.count()), true);
  });
}

void Session::connected(const std::error_code& ec) {
  if (finished_ || ec == asio::error::operation_aborted) return;
  connected_ = true;
  timer_.cancel();
  part().calls.push_back(
      CallRecord{relay_connect_function(static_cast<std::uintptr_t>(upstream_.native_handle())),
                 std::nullopt, std::nullopt, ec ? -1 : 0, ec.value(), std::nullopt,
                 ms_since(connect_start_), trf("to {}", format_endpoint(part().upstream))});
  if (ec) {
    finish(connect_end(ec), ec.value(), trf("{}: {}", "connect", ec.message()), true);
    return;
  }
  std::error_code ignored;
  const auto local = upstream_.local_endpoint(ignored);
  if (!ignored) part().upstream_local = from_asio(local);
  forwarding_ = last_sent_ = Clock::now();
  if (loop_.options().idle_timeout_ms != 0)
    arm_idle(std::chrono::milliseconds(loop_.options().idle_timeout_ms));
#ifndef _WIN32
  // The reads and writes of readable() return would_block instead of waiting.
  client_.non_blocking(true, ignored);
  upstream_.non_blocking(true, ignored);
#endif
  pump(Who::client);
  pump(Who::upstream);
}

void Session::write_rest(Who from, const char* data, std::size_t n) {
  // One write at a time, so that the count is what was written to the other
  // side, never what was read and is still queued here.
  const Who to = from == Who::client ? Who::upstream : Who::client;
  socket(to).async_write_some(
      asio::buffer(data, n),
      [self = shared_from_this(), from, to, data, n](const std::error_code& ec, std::size_t done) {
        self->flow(from).bytes += done;
        if (self->finished_) return;
        if (ec) return self->failed(to, ec, "write", self->flow(from));
        if (done < n) return self->write_rest(from, data + done, n - done);
        self->pump(from);
      });
}

void Session::watch_reset(Who from) {
  // While its data waits for a stalled reader on the other side, nobody
  // reads \p from: a reset it receives is seen only through this wait, and
  // passed on at once (the data still queued is dropped with the reset).
  bool& armed = watching_[from == Who::client ? 0 : 1];
  if (armed) return;
  armed = true;
  socket(from).async_wait(tcp::socket::wait_error,
                          [self = shared_from_this(), from](const std::error_code& e) {
                            self->watching_[from == Who::client ? 0 : 1] = false;
                            if (e || self->finished_) return;
                            const std::error_code pending = pending_error(self->socket(from));
                            if (pending) self->failed(from, pending, "read", self->flow(from));
                          });
}

void Session::pump(Who from) {
#ifndef _WIN32
  held_[from == Who::client ? 0 : 1].reset();  // its write, if any, is complete
  socket(from).async_wait(tcp::socket::wait_read,
                          [self = shared_from_this(), from](const std::error_code& ec) {
                            if (self->finished_) return;
                            if (ec) return self->failed(from, ec, "read", self->flow(from));
                            self->readable(from);
                          });
#else
  char* buf = buffers_.get() + (from == Who::client ? 0 : kBufferSize);
  socket(from).async_read_some(
      asio::buffer(buf, kBufferSize),
      [self = shared_from_this(), from, buf](const std::error_code& ec, std::size_t n) {
        if (self->finished_) return;
        const Who to = from == Who::client ? Who::upstream : Who::client;
        RelayFlow& f = self->flow(from);
        if (n > 0) {
          self->last_sent_ = Clock::now();
          self->write_rest(from, buf, n);
          self->watch_reset(from);
          return;
        }
        if (ec == asio::error::eof) {
          // The half-close passes on: the other side reads its end of stream.
          f.eof = true;
          f.seconds = std::chrono::duration<double>(Clock::now() - self->forwarding_).count();
          std::error_code sec;
          self->socket(to).shutdown(tcp::socket::shutdown_send, sec);
          if (self->part().to_upstream.eof && self->part().to_client.eof)
            self->finish(RelayEnd::closed, 0, std::string(tr("both sides closed")), false);
          return;
        }
        if (ec) self->failed(from, ec, "read", f);
      });
#endif
}

#ifndef _WIN32
// Readable: up to kReadsPerTurn reads into the worker's scratch buffer, each
// written on at once; what the other side does not take is copied into a
// buffer of its size, held until its write completes. An idle or flowing
// connection holds no buffer; only a direction whose reader is slower does.
void Session::readable(Who from) {
  const Who to = from == Who::client ? Who::upstream : Who::client;
  RelayFlow& f = flow(from);
  char* buf = worker_.scratch.get();
  for (int turn = 0; turn < kReadsPerTurn; ++turn) {
    std::error_code ec;
    const std::size_t n = socket(from).read_some(asio::buffer(buf, kBufferSize), ec);
    if (ec == asio::error::would_block) return pump(from);
    if (ec == asio::error::eof) return ended(from);
    if (ec) return failed(from, ec, "read", f);
    last_sent_ = Clock::now();
    std::size_t sent = socket(to).write_some(asio::buffer(buf, n), ec);
    if (ec == asio::error::would_block) sent = 0, ec.clear();
    if (ec) return failed(to, ec, "write", f);
    // Counted as written to the other side, never as read.
    f.bytes += sent;
    if (sent < n) {
      auto& held = held_[from == Who::client ? 0 : 1];
      held.reset(new char[n - sent]);
      std::memcpy(held.get(), buf + sent, n - sent);
      write_rest(from, held.get(), n - sent);  // then pump(from), which lets it go
      watch_reset(from);
      return;
    }
    if (n < kBufferSize) return pump(from);
  }
  // A full turn: the others go first, then this direction reads on.
  asio::post(worker_.io, [self = shared_from_this(), from] {
    if (!self->finished_) self->readable(from);
  });
}

// The half-close passes on: the other side reads its end of stream.
void Session::ended(Who from) {
  RelayFlow& f = flow(from);
  f.eof = true;
  f.seconds = std::chrono::duration<double>(Clock::now() - forwarding_).count();
  std::error_code ignored;
  socket(from == Who::client ? Who::upstream : Who::client)
      .shutdown(tcp::socket::shutdown_send, ignored);
  if (part().to_upstream.eof && part().to_client.eof)
    finish(RelayEnd::closed, 0, std::string(tr("both sides closed")), false);
}
#endif

void Session::failed(Who side, const std::error_code& ec, const char* op, RelayFlow& f) {
  if (ec == asio::error::operation_aborted) return;
  f.reset = true;
  f.error = ec.value();
  f.seconds = std::chrono::duration<double>(Clock::now() - forwarding_).count();
  const bool client = side == Who::client;
  const bool reading = std::string_view(op) == "read";
  finish(client ? RelayEnd::client_reset : RelayEnd::upstream_reset, ec.value(),
         trf(client && reading ? "client read: {}"
             : client          ? "client write: {}"
             : reading         ? "upstream read: {}"
                               : "upstream write: {}",
             ec.message()),
         true);
}

void Session::interrupt(const std::string& detail) {
  if (!finished_) finish(RelayEnd::interrupted, 0, detail, true);
}

void Session::finish(RelayEnd end, int error, std::string detail, bool reset) {
  if (finished_) return;
  finished_ = true;
  RelayPart& p = part();
  // The connection that came back to the listener named this one: its
  // upstream was the relay itself.
  if (local_port_ != 0) {
    if (loop_.guard().looped(job_.report.query.index) && end != RelayEnd::interrupted) {
      end = RelayEnd::loop_refused;
      detail =
          trf("its upstream connection came back to the relay's own listener (a loop): {}", detail);
    }
    loop_.guard().remove(local_port_);
  }
  // A direction still open ran until now.
  if (forwarding_ != Clock::time_point{}) {
    const double now = std::chrono::duration<double>(Clock::now() - forwarding_).count();
    for (RelayFlow* f : {&p.to_upstream, &p.to_client})
      if (!f->eof && !f->reset) f->seconds = now;
  }
  p.end = end;
  p.error = error;
  p.domain = relay_error_domain();
  p.end_detail = std::move(detail);
  p.seconds = std::chrono::duration<double>(Clock::now() - handed_over_).count();
  std::error_code ignored;
  timer_.cancel();
  if (reset) {
    // What a reset discards from the send queues never reached the peers:
    // where the system says what each peer acknowledged, that is the count.
    if (client_.is_open())
      if (auto d = relay_delivered_bytes(client_.native_handle())) p.to_client.bytes = *d;
    if (upstream_.is_open() && connected_)
      if (auto d = relay_delivered_bytes(upstream_.native_handle())) p.to_upstream.bytes = *d;
    reset_close(client_);
    reset_close(upstream_);
  } else {
    client_.close(ignored);
    upstream_.close(ignored);
  }
  loop_.report(worker_, shared_from_this(), job_.report);
}

}  // namespace

std::unique_ptr<RelayLoop> make_relay_loop(const RelayOptions& options, RelaySink sink,
                                           LoopGuard& guard) {
  return std::make_unique<AsioLoop>(options, std::move(sink), guard);
}

std::variant<IpEndpoint, SetupError> resolve_upstream(const std::string& host, std::uint16_t port) {
  if (auto literal = parse_ip_literal(host, port)) return *literal;
  asio::io_context io;
  tcp::resolver resolver(io);
  std::error_code ec;
  const auto found = resolver.resolve(host, std::to_string(port), ec);
  if (ec || found.empty())
    return SetupError{SetupError::Kind::failed, "resolve " + host, relay_error_domain(), ec.value(),
                      ec ? std::string() : std::string("no address")};
  return from_asio(found.begin()->endpoint());
}

}  // namespace wfpredir
