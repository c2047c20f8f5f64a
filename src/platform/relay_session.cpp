// One relayed connection on the Asio loop (relay_asio.h): the upstream
// socket, its connect and timeouts, both directions' forwarding, and the end
// with its report. The loop itself: relay_loop.cpp; why: docs/relay.md.

#include <string_view>

#include "platform/relay_asio.h"
#include "platform/relay_steps.h"
#include "platform/wait.h"

namespace wfpredir::relay_asio {

Session::Session(SessionHost& loop, Worker& worker, RelayJob&& job)
    : loop_(loop),
      worker_(worker),
      client_(worker.io),
      upstream_(worker.io),
      timer_(worker.io),
#ifdef _WIN32
      buffers_(new char[2 * kBufferSize]),
#endif
      job_(std::move(job)) {
}

void Session::abort(const char* what) {
  finish(RelayEnd::upstream_failed, 0, reason(ReasonKind::verbatim, what), true);
}

void Session::begin() {
  const auto family = job_.report.query.connection.family == Family::ipv6 ? tcp::v6() : tcp::v4();
  if (job_.refuse == RelayEnd::query_abandoned) {
    // relay_run kept the socket: it was never the loop's to assign.
    finish(*job_.refuse, 0, part().end_reason, false);
    return;
  }
  std::error_code ec;
  client_.assign(family, static_cast<tcp::socket::native_handle_type>(job_.client), ec);
  if (ec) {
    // Not ours to close through Asio: the loop could not take it.
    finish(RelayEnd::upstream_failed, ec.value(),
           reason(ReasonKind::relay_accepted_socket, ec.message()), false);
    return;
  }
  if (job_.refuse) {
    finish(*job_.refuse, 0, part().end_reason, true);
    return;
  }
  const tcp::endpoint to = to_asio(*part().upstream);
  // Room for the upstream's calls at most (socket, mark, SET, bind,
  // connect), taken once: grown by doubling, the vector kept a spare record
  // under each open connection (docs/relay.md, "Memory per idle
  // connection"). One stays spare where the SET is not issued (Windows).
  const bool marks = relay_has_mark() && loop_.options().mark != 0;
  part().calls.reserve(3 + (marks ? 1 : 0) + (relay_has_set_records() ? 1 : 0));
  const auto start = Clock::now();
  upstream_.open(to.protocol(), ec);
  part().calls.push_back(CallRecord{"socket", std::nullopt, std::nullopt, ec ? -1 : 0, ec.value(),
                                    std::nullopt, ms_since(start),
                                    note(NoteKind::upstream_socket)});
  if (ec) {
    // The relay's own limit: this connection is shed, the others go on.
    if (out_of_descriptors(ec))
      finish(RelayEnd::no_descriptors, ec.value(),
             reason(ReasonKind::relay_no_descriptor, ec.message()), true);
    else
      finish(RelayEnd::upstream_failed, ec.value(),
             reason(ReasonKind::relay_call_failed, "socket", ec.message()), true);
    return;
  }
  auto steps = make_upstream_steps(static_cast<std::uintptr_t>(upstream_.native_handle()),
                                   [this] { start_connect(); });
  const Prepared p =
      prepare_upstream(*steps, job_.report.query, loop_.options(), relay_has_set_records(), part());
  if (p.refused)
    finish(*p.refused, 0, std::nullopt, true);  // worded from set_call or set_skip_reason
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
                                    note(NoteKind::upstream_bind, local_port_)});
  if (ec) {
    finish(RelayEnd::upstream_failed, ec.value(),
           reason(ReasonKind::relay_call_failed, "bind", ec.message()), true);
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
      self->part().calls.push_back(CallRecord{
          relay_connect_function(static_cast<std::uintptr_t>(self->upstream_.native_handle())),
          std::nullopt, std::nullopt, -1, 0, std::nullopt, ms_since(self->connect_start_),
          note_at(NoteKind::upstream_connect_timeout, *self->part().upstream)});
      self->finish(RelayEnd::upstream_timeout, 0,
                   reason(ReasonKind::relay_connect_timeout, format_endpoint(self->part().upstream),
                          limit.count()),
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
    const bool reset = pec && pec != asio::error::eof;
    self->finish(RelayEnd::client_left, reset ? pec.value() : 0,
                 reset ? reason(ReasonKind::relay_client_reset_connecting, pec.message())
                       : reason(ReasonKind::relay_client_closed_connecting),
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
    self->finish(RelayEnd::idle_timeout, 0, reason(ReasonKind::relay_idle_timeout, limit.count()),
                 true);
  });
}

void Session::connected(const std::error_code& ec) {
  if (finished_ || ec == asio::error::operation_aborted) return;
  connected_ = true;
  timer_.cancel();
  part().calls.push_back(
      CallRecord{relay_connect_function(static_cast<std::uintptr_t>(upstream_.native_handle())),
                 std::nullopt, std::nullopt, ec ? -1 : 0, ec.value(), std::nullopt,
                 ms_since(connect_start_), note_at(NoteKind::upstream_connect, *part().upstream)});
  if (ec) {
    finish(connect_end(ec), ec.value(),
           reason(ReasonKind::relay_call_failed, "connect", ec.message()), true);
    return;
  }
  std::error_code ignored;
  const auto local = upstream_.local_endpoint(ignored);
  if (!ignored) part().upstream_local = from_asio(local);
  forwarding_ = last_sent_ = Clock::now();
  if (loop_.options().idle_timeout_ms != 0)
    arm_idle(std::chrono::milliseconds(loop_.options().idle_timeout_ms));
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
            self->finish(RelayEnd::closed, 0, reason(ReasonKind::relay_closed), false);
          return;
        }
        if (ec) self->failed(from, ec, "read", f);
      });
#endif
}

void Session::failed(Who side, const std::error_code& ec, const char* op, RelayFlow& f) {
  if (ec == asio::error::operation_aborted) return;
  f.reset = true;
  f.error = ec.value();
  f.seconds = std::chrono::duration<double>(Clock::now() - forwarding_).count();
  const bool client = side == Who::client;
  const bool reading = std::string_view(op) == "read";
  finish(client ? RelayEnd::client_reset : RelayEnd::upstream_reset, ec.value(),
         reason(client && reading ? ReasonKind::relay_client_read
                : client          ? ReasonKind::relay_client_write
                : reading         ? ReasonKind::relay_upstream_read
                                  : ReasonKind::relay_upstream_write,
                ec.message()),
         true);
}

void Session::interrupt(const Reason& why) {
  if (!finished_) finish(RelayEnd::interrupted, 0, why, true);
}

void Session::finish(RelayEnd end, int error, std::optional<Reason> why, bool reset) {
  if (finished_) return;
  finished_ = true;
  RelayPart& p = part();
  // The connection that came back to the listener named this one: its
  // upstream was the relay itself.
  if (local_port_ != 0) {
    if (loop_.guard().looped(job_.report.query.index) && end != RelayEnd::interrupted) {
      end = RelayEnd::loop_refused;
      p.looped_back = true;
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
  p.end_reason = std::move(why);
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

}  // namespace wfpredir::relay_asio
