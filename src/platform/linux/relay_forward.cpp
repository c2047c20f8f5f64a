// The Linux half of a relayed connection's forwarding (relay_asio.h's
// Session): a readable direction is read into the worker's scratch buffer and
// written at once, or, once a read has filled that buffer, spliced through the
// worker's pipe. The connection's other parts: relay_session.cpp; why, and the
// figures that decided it: docs/relay.md.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "platform/relay_asio.h"

namespace wfpredir::relay_asio {

namespace {

std::error_code last_error() { return {errno, asio::error::get_system_category()}; }

}  // namespace

SplicePipe::SplicePipe() {
  int fds[2];
  if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return;  // the worker copies instead
  read_end = fds[0];
  write_end = fds[1];
  ::fcntl(write_end, F_SETPIPE_SZ, static_cast<int>(kSpliceSize));  // 64 KiB stays if refused
  const int got = ::fcntl(write_end, F_GETPIPE_SZ);
  size = got > 0 ? static_cast<std::size_t>(got) : kBufferSize;
}

SplicePipe::~SplicePipe() {
  if (read_end >= 0) ::close(read_end);
  if (write_end >= 0) ::close(write_end);
}

// Readable: up to kReadsPerTurn reads into the worker's scratch buffer, each
// written on at once; what the other side does not take is copied into a
// buffer of its size, held until its write completes. An idle or flowing
// connection holds no buffer; only a direction whose reader is slower does.
void Session::readable(Who from) {
  const Who to = from == Who::client ? Who::upstream : Who::client;
  RelayFlow& f = flow(from);
  char* buf = worker_.scratch.get();
  for (int turn = 0; turn < kReadsPerTurn; ++turn) {
    if (bulk_[from == Who::client ? 0 : 1]) return spliced(from);
    // The system's calls, each told not to wait: Asio's would ask for the
    // socket's non-blocking mode first (an ioctl per socket and connection).
    const ssize_t got = ::recv(socket(from).native_handle(), buf, kBufferSize, MSG_DONTWAIT);
    if (got == 0) return ended(from);
    if (got < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return pump(from);
      if (errno == EINTR) continue;
      return failed(from, last_error(), "read", f);
    }
    const auto n = static_cast<std::size_t>(got);
    last_sent_ = Clock::now();
    ssize_t put;
    do {
      put = ::send(socket(to).native_handle(), buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (put < 0 && errno == EINTR);
    if (put < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
      return failed(to, last_error(), "write", f);
    const std::size_t sent = put < 0 ? 0 : static_cast<std::size_t>(put);
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
    // A read that filled the buffer: a bulk transfer, which splices from now on.
    if (worker_.pipe) bulk_[from == Who::client ? 0 : 1] = true;
  }
  // A full turn: the others go first, then this direction reads on.
  asio::post(worker_.io, [self = shared_from_this(), from] {
    if (!self->finished_) self->readable(from);
  });
}

namespace {

/// What splice_out did with what a pipe held.
enum class Out { all, would_block, failed };

/// Splices `left` bytes that the pipe `from` holds into the socket `to`,
/// counting each as written to the other side (never as read), until all are
/// out, the socket would block or the write fails (`ec`). A pipe that gives
/// back nothing while it should hold bytes is this code's own fault.
Out splice_out(int from, int to, std::size_t& left, RelayFlow& f, std::error_code& ec) {
  while (left > 0) {
    const ssize_t m = ::splice(from, nullptr, to, nullptr, left, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (m > 0) {
      left -= static_cast<std::size_t>(m);
      f.bytes += static_cast<std::size_t>(m);
    } else if (m == 0) {
      throw std::logic_error("relay: a pipe gave back less than it held");
    } else if (errno == EAGAIN) {
      return Out::would_block;
    } else if (errno != EINTR) {
      ec = last_error();
      return Out::failed;
    }
  }
  return Out::all;
}

/// Empties the worker's pipe after a failed write, so that the next
/// connection does not receive this one's data.
void drain(const SplicePipe& pipe, char* scratch) {
  while (::read(pipe.read_end, scratch, kBufferSize) > 0) {
  }
}

}  // namespace

// A bulk direction: splice(2) moves up to kBufferSize from the socket into the
// worker's pipe and from the pipe into the other socket, with no copy through
// the process. What the other side does not take is read out of the pipe into
// a buffer of its size, held as a copied read's rest is, so the pipe is empty
// again when this returns. Why, and the figures: docs/relay.md.
void Session::spliced(Who from) {
  const Who to = from == Who::client ? Who::upstream : Who::client;
  RelayFlow& f = flow(from);
  const SplicePipe& pipe = worker_.pipe;
  const int in = socket(from).native_handle(), out = socket(to).native_handle();
  constexpr unsigned kFlags = SPLICE_F_MOVE | SPLICE_F_NONBLOCK;
  for (int turn = 0; turn < kReadsPerTurn; ++turn) {
    const ssize_t n = ::splice(in, nullptr, pipe.write_end, nullptr, pipe.size, kFlags);
    if (n == 0) return ended(from);
    if (n < 0) {
      if (errno == EAGAIN) return pump(from);
      if (errno == EINTR) continue;
      return failed(from, last_error(), "read", f);
    }
    last_sent_ = Clock::now();
    auto left = static_cast<std::size_t>(n);
    std::error_code ec;
    switch (splice_out(pipe.read_end, out, left, f, ec)) {
      case Out::all:
        break;
      case Out::would_block:
        return hold(from, left);
      case Out::failed:
        drain(pipe, worker_.scratch.get());
        return failed(to, ec, "write", f);
    }
  }
  asio::post(worker_.io, [self = shared_from_this(), from] {
    if (!self->finished_) self->spliced(from);
  });
}

// What the other side did not take leaves the worker's pipe for a pipe of this
// direction's own, made when first needed, so it waits in the kernel and not
// in the process; it is spliced on once the other side is writable. Without a
// descriptor for that pipe (or when it cannot take all of it), it is read into
// a buffer of its size and written as a copied read's rest is.
void Session::hold(Who from, std::size_t left) {
  const int dir = from == Who::client ? 0 : 1;
  const SplicePipe& pipe = worker_.pipe;
  auto& own = hold_[dir];
  if (!own) own = std::make_unique<SplicePipe>();
  std::size_t moved = 0;
  if (*own && own->size >= left) {
    while (moved < left) {
      const ssize_t m = ::splice(pipe.read_end, nullptr, own->write_end, nullptr, left - moved,
                                 SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
      if (m > 0)
        moved += static_cast<std::size_t>(m);
      else if (m < 0 && errno == EINTR)
        continue;
      else
        break;
    }
  }
  if (moved == left) {
    hold_left_[dir] = left;
    flush_hold(from);
    watch_reset(from);
    return;
  }
  // In order: what reached the own pipe, then what is still in the worker's.
  auto& held = held_[dir];
  held.reset(new char[left]);
  std::size_t got = 0;
  for (const int source : {moved > 0 ? own->read_end : -1, pipe.read_end}) {
    const std::size_t want = source == pipe.read_end ? left : moved;
    while (source >= 0 && got < want) {
      const ssize_t r = ::read(source, held.get() + got, want - got);
      if (r <= 0 && errno != EINTR) break;
      if (r > 0) got += static_cast<std::size_t>(r);
    }
  }
  if (got < left) throw std::logic_error("relay: a pipe gave back less than it held");
  write_rest(from, held.get(), left);  // then pump(from), which lets it go
  watch_reset(from);
}

void Session::flush_hold(Who from) {
  const Who to = from == Who::client ? Who::upstream : Who::client;
  socket(to).async_wait(
      tcp::socket::wait_write, [self = shared_from_this(), from, to](const std::error_code& ec) {
        if (self->finished_) return;
        RelayFlow& f = self->flow(from);
        if (ec) return self->failed(to, ec, "write", f);
        const int dir = from == Who::client ? 0 : 1;
        std::error_code failure;
        switch (splice_out(self->hold_[dir]->read_end, self->socket(to).native_handle(),
                           self->hold_left_[dir], f, failure)) {
          case Out::all:
            return self->pump(from);
          case Out::would_block:
            return self->flush_hold(from);
          case Out::failed:
            return self->failed(to, failure, "write", f);
        }
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
    finish(RelayEnd::closed, 0, reason(ReasonKind::relay_closed), false);
}

}  // namespace wfpredir::relay_asio
