// The relay's event loop (relay_loop.h's RelayLoop) on standalone Asio: one
// io_context and thread per worker (--threads, default one per core), each
// connection on one worker. Epoll on Linux, where a direction waits for its
// socket to be readable, reads into its worker's scratch buffer and writes at
// once (or splices through the worker's pipe once a direction moves in bulk:
// linux/relay_forward.cpp), holding a buffer only for what the other side did
// not take; I/O
// completion ports on Windows, with two fixed buffers per connection (an
// overlapped read needs its buffer while pending). The platform's part of each
// upstream socket (mark or records) goes through relay_steps.h. Why, and the
// figures that decided it: docs/relay.md.
#include <fmt/format.h>
#ifndef _WIN32
#include <pthread.h>
#include <signal.h>
#endif

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <vector>

#include "platform/relay_asio.h"
#include "platform/relay_steps.h"

namespace wfpredir {
namespace relay_asio {

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

std::error_code pending_error(Socket& s) {
  asio::detail::socket_option::integer<SOL_SOCKET, SO_ERROR> option;
  std::error_code ec;
  s.get_option(option, ec);
  if (ec) return ec;
  return {option.value(), asio::error::get_system_category()};
}

bool out_of_descriptors(const std::error_code& ec) {
  return wfpredir::out_of_descriptors(relay_error_domain(), ec.value());
}

RelayEnd connect_end(const std::error_code& ec) {
  if (ec == asio::error::connection_refused) return RelayEnd::upstream_refused;
  if (ec == asio::error::network_unreachable || ec == asio::error::host_unreachable ||
      ec == asio::error::timed_out)
    return RelayEnd::upstream_unreachable;
  return RelayEnd::upstream_failed;
}

void reset_close(Socket& s) {
  std::error_code ignored;
  if (!s.is_open()) return;
  s.set_option(asio::socket_base::linger(true, 0), ignored);
  s.close(ignored);
}

namespace {

class AsioLoop final : public RelayLoop, public SessionHost {
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
      Socket warm(workers_.back()->io);
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
    // The job travels boxed: the handler Asio allocates for this post stays
    // small. Asio recycles a finished handler's block for the worker's next
    // handlers, such as the wait each idle connection keeps pending; a block
    // sized for the whole job sat under those waits: 0.75 KiB more per idle
    // connection (docs/relay.md, "Memory per idle connection").
    asio::post(w.io, [this, &w, boxed = std::make_unique<RelayJob>(std::move(job))]() {
      RelayJob& taken = *boxed;
      std::shared_ptr<Session> s;
      try {
        s = std::make_shared<Session>(*this, w, std::move(taken));
      } catch (const std::exception& e) {
        // Out of memory or descriptors before the session existed: the job
        // is still whole (Session takes it last). The client is reset and
        // the connection reported, never lost from the count that the run
        // waits on.
        return shed(w, taken, e.what());
      }
      try {
        w.live.insert(s);
        s->begin();
      } catch (const std::exception& e) {
        if (s->finished()) throw;  // the sink's own failure: for the calling thread
        s->abort(e.what());
      }
    });
  }
  void shed(Worker& w, RelayJob& job, const char* what) {
    std::error_code ignored;
    Socket c(w.io);
    c.assign(job.report.query.connection.family == Family::ipv6 ? tcp::v6() : tcp::v4(),
             static_cast<tcp::socket::native_handle_type>(job.client), ignored);
    reset_close(c);
    RelayPart& part = job.report.relay;
    part.end = RelayEnd::upstream_failed;
    part.end_reason = reason(ReasonKind::verbatim, what);
    part.domain = relay_error_domain();
    report_ended(job.report);
  }
  unsigned active() const override { return active_; }
  unsigned peak() const override { return peak_; }
  void stop_all(const Reason& why) override {
    for (auto& w : workers_)
      asio::post(w->io, [w = w.get(), why] {
        const auto sessions = w->live;
        for (const auto& s : sessions) s->interrupt(why);
      });
  }
  void wait_idle() override {
    for (auto& w : workers_) w->work.reset();
    for (auto& w : workers_)
      if (w->thread.joinable()) w->thread.join();
    std::lock_guard lock(error_lock_);
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

  const RelayOptions& options() const override { return options_; }
  LoopGuard& guard() override { return guard_; }
  void report(Worker& w, const std::shared_ptr<Session>& s, const RelayReport& r) override {
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

}  // namespace
}  // namespace relay_asio

std::unique_ptr<RelayLoop> make_relay_loop(const RelayOptions& options, RelaySink sink,
                                           LoopGuard& guard) {
  return std::make_unique<relay_asio::AsioLoop>(options, std::move(sink), guard);
}

}  // namespace wfpredir
