// The Windows UDP source (udp.h): the socket and the options that ask for the
// WFP control messages, recorded as they returned, and one WSARecvMsg per
// datagram in sync, event or apc mode, waiting with --timeout and Ctrl-C as
// overlapped.cpp does for the control codes: a pending receive that is given
// up is cancelled, its final status collected, and its memory left to it
// when it never ends (docs/winsock-contract.md#overlapped-semantics).
#include "platform/win32/udp.h"

#include <atomic>
#include <memory>
#include <vector>

#include "platform/udp_option.h"
#include "platform/win32/backend.h"
#include "platform/win32/overlapped_io.h"
#include "platform/win32/sockets.h"

namespace wfpredir::win32 {
namespace {

// How long a sync receive's readiness wait goes without looking at Ctrl-C.
constexpr long long kSliceMs = 100;
constexpr std::size_t kPayloadSize = 64 * 1024;
// ws2ipdef.h: the same numbers at IPPROTO_IP and IPPROTO_IPV6.
constexpr int kWfpRecords = 60;
constexpr int kWfpContext = 70;

// Everything the system may write while a receive is in flight.
struct RecvBlock {
  RecvBlock() : payload(kPayloadSize), control(kUdpControlSize) {
    data.buf = reinterpret_cast<char*>(payload.data());
    data.len = static_cast<ULONG>(payload.size());
    msg.name = reinterpret_cast<sockaddr*>(&from);
    msg.namelen = sizeof from;
    msg.lpBuffers = &data;
    msg.dwBufferCount = 1;
    msg.Control.buf = reinterpret_cast<char*>(control.data());
    msg.Control.len = static_cast<ULONG>(control.size());
  }
  WSAOVERLAPPED ov{};
  WSAMSG msg{};
  WSABUF data{};
  sockaddr_storage from{};
  std::vector<std::uint8_t> payload;
  std::vector<std::uint8_t> control;
  DWORD bytes = 0;
  Completion done;  // apc mode only
  Handle event;     // event mode only
};

// One receive. While in_flight_ is set the system may still write the block,
// and the destructor leaks it instead of freeing it.
class Receive {
 public:
  Receive(LPFN_WSARECVMSG fn, SOCKET s, Mode mode, std::string what)
      : fn_(fn), s_(s), what_(std::move(what)), io_(std::make_unique<RecvBlock>()) {
    d_.mode = mode;
    d_.domain = ErrorDomain::windows;
    d_.layout = sizeof(void*) == 8 ? kWindowsX64Cmsg : kWindowsX86Cmsg;
    d_.control_offered = static_cast<std::uint32_t>(io_->control.size());
  }
  Receive(const Receive&) = delete;
  Receive& operator=(const Receive&) = delete;
  ~Receive() {
    if (in_flight_)
      (void)io_.release();
    else
      give_back(std::move(io_->event));
  }

  std::variant<Datagram, SetupError> sync(const Deadline& deadline) {
    const auto waited = wait_readable(s_, deadline, "WSARecvMsg", what_);
    if (auto* e = std::get_if<SetupError>(&waited)) return std::move(*e);
    const unsigned slices = std::get<unsigned>(waited);
    CallRecord& c = call(nullptr, nullptr);
    c.notes.add(note(NoteKind::select_readable, slices));
    fill(c.ret == 0 ? 0 : c.error, io_->bytes, 0);
    return std::move(d_);
  }

  std::variant<Datagram, SetupError> event(const Deadline& deadline) {
    const auto start = Clock::now();
    io_->event = take_event();
    if (!io_->event) return failed("CreateEventW", static_cast<int>(GetLastError()));
    io_->ov.hEvent = io_->event.get();
    CallRecord& c = issue(nullptr);
    if (c.ret == 0 || c.error != WSA_IO_PENDING) {
      if (c.ret == 0) c.notes.add(note(NoteKind::completed_immediately));
      in_flight_ = false;
      fill(c.ret == 0 ? 0 : c.error, io_->bytes, 0);
      return std::move(d_);
    }
    d_.pending = true;
    for (;;) {
      if (completed_in_overlapped(io_->ov) && collect()) return std::move(d_);
      if (deadline && Clock::now() >= *deadline) return give_up(WaitResult::timed_out, start);
      const HANDLE handles[2] = {io_->event.get(), interrupt_event()};
      const Deadline until =
          std::min(deadline.value_or(Clock::time_point::max()), Clock::now() + Millis(kSliceMs));
      const DWORD r = provider().wait(2, handles, win32_ms(until), FALSE);
      if (r == WAIT_OBJECT_0) {
        if (collect()) return std::move(d_);
        // Signalled, yet WSA_IO_INCOMPLETE: the event stays set, so ask
        // again after a pause rather than at once.
        const HANDLE h = interrupt_event();
        if (provider().wait(1, &h, static_cast<DWORD>(kSliceMs / 10), FALSE) == WAIT_OBJECT_0)
          return give_up(WaitResult::interrupted, start);
      }
      if (r == WAIT_OBJECT_0 + 1) return give_up(WaitResult::interrupted, start);
      if (r == WAIT_FAILED) return give_up(WaitResult::failed, start);
    }
  }

  std::variant<Datagram, SetupError> apc(const Deadline& deadline) {
    const auto start = Clock::now();
    io_->ov.hEvent = &io_->done;  // with a routine, hEvent is the caller's
    io_->done.caller_thread = GetCurrentThreadId();
    d_.apc = ApcInfo{};
    CallRecord& c = issue(&on_completion);
    const bool immediate = c.ret == 0;
    const int error = c.error;
    if (!immediate && error != WSA_IO_PENDING) {
      // A routine queued all the same must run now, not into freed memory.
      while (!io_->done.ran.load(std::memory_order_acquire) &&
             SleepEx(0, TRUE) == WAIT_IO_COMPLETION) {
      }
      d_.apc = io_->done.apc;
      in_flight_ = false;
      fill(error, 0, 0);
      return std::move(d_);
    }
    if (!immediate) d_.pending = true;
    // Completed at once or pending, the routine is queued: wait for it.
    WaitResult w = wait_for_routine(deadline, true);
    if (w != WaitResult::ready) {
      if (immediate) {
        // Nothing to cancel: only the routine is missing. Its block stays.
        d_.apc = io_->done.apc;
        return w == WaitResult::interrupted ? interrupted_while(what_)
                                            : timed_out("WSARecvMsg", start, what_);
      }
      cancel(w);
      if (wait_for_routine(deadline_after(cancel_grace()), false) == WaitResult::ready)
        in_flight_ = false;
      return stopped(w, start);
    }
    in_flight_ = false;
    d_.apc = io_->done.apc;
    fill(static_cast<int>(io_->done.apc.error), io_->done.apc.bytes, io_->done.apc.flags);
    return std::move(d_);
  }

 private:
  CallRecord& issue(LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
    io_->ov.Internal = kStatusPending;
    in_flight_ = true;
    return call(&io_->ov, routine);
  }

  CallRecord& call(WSAOVERLAPPED* ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
    CallRecord c;
    c.function = "WSARecvMsg";
    c.out_size = static_cast<std::uint32_t>(io_->control.size());
    WSASetLastError(0);
    const auto t0 = Clock::now();
    const int ret = provider().recv_msg(fn_, s_, &io_->msg, &io_->bytes, ov, routine);
    c.error = WSAGetLastError();
    c.ms = ms_since(t0);
    c.ret = ret;
    c.bytes = io_->bytes;
    d_.calls.push_back(std::move(c));
    return d_.calls.back();
  }

  // The final answer from the WSAMSG the system wrote and the status given.
  void fill(int error, DWORD bytes, DWORD flags) {
    d_.error = error;
    d_.flags = flags | io_->msg.dwFlags;
    if (!d_.calls.empty())
      d_.calls.back().notes.add(note(NoteKind::wsamsg_fields, io_->msg.dwFlags,
                                     io_->msg.Control.len,
                                     static_cast<std::uint32_t>(io_->msg.namelen)));
    if (error != 0) return;
    d_.size = bytes;
    d_.source = to_endpoint(io_->from, io_->msg.namelen);
    d_.data_truncated = (d_.flags & MSG_TRUNC) != 0;
    d_.control_truncated = (d_.flags & MSG_CTRUNC) != 0;
    const std::size_t used = std::min<std::size_t>(io_->msg.Control.len, io_->control.size());
    d_.control.assign(io_->control.begin(),
                      io_->control.begin() + static_cast<std::ptrdiff_t>(used));
  }

  // WSAGetOverlappedResult without waiting; true once the receive is over.
  bool collect() {
    DWORD transferred = 0, flags = 0;
    CallRecord c = overlapped_result(s_, &io_->ov, transferred, flags);
    const bool ok = c.ret != 0;
    if (!ok && c.error == WSA_IO_INCOMPLETE) {
      if (incomplete_++ == 0) d_.calls.push_back(std::move(c));
      return false;
    }
    d_.calls.push_back(std::move(c));
    in_flight_ = false;
    fill(ok ? 0 : d_.calls.back().error, transferred, flags);
    return true;
  }

  void cancel(WaitResult why) {
    d_.calls.push_back(
        cancel_call(s_, &io_->ov,
                    note(why == WaitResult::interrupted ? NoteKind::cancel_interrupted
                         : why == WaitResult::timed_out ? NoteKind::cancel_no_datagram
                                                        : NoteKind::cancel_wait_failed_short)));
  }

  // Cancels an event-mode receive, collects its final status within the
  // grace (a datagram that raced the cancel is dropped with it: the report
  // says the wait ended) and says why the wait ended.
  SetupError give_up(WaitResult why, Clock::time_point start) {
    const DWORD wait_error = why == WaitResult::failed ? GetLastError() : 0;
    cancel(why);
    const Deadline grace = deadline_after(cancel_grace());
    while (in_flight_ && Clock::now() < *grace) {
      if (completed_in_overlapped(io_->ov) && collect()) break;
      const HANDLE h = io_->event.get();
      if (provider().wait(1, &h, win32_ms(grace), FALSE) == WAIT_OBJECT_0 && collect()) break;
    }
    if (why == WaitResult::failed)
      return failed("WaitForMultipleObjectsEx", static_cast<int>(wait_error));
    return stopped(why, start);
  }

  SetupError stopped(WaitResult why, Clock::time_point start) {
    std::string how(tr(in_flight_ ? "the receive was still in flight after CancelIoEx; its "
                                    "buffers were left allocated"
                                  : "the receive was cancelled"));
    if (why == WaitResult::interrupted) {
      SetupError e = interrupted_while(what_);
      e.message = append(e.message, how);
      return e;
    }
    SetupError e = timed_out("WSARecvMsg", start, what_);
    e.message = append(e.message, how);
    return e;
  }

  WaitResult wait_for_routine(const Deadline& deadline, bool watch) {
    return win32::wait_for_routine(io_->done, deadline, watch);
  }

  LPFN_WSARECVMSG fn_;
  SOCKET s_;
  std::string what_;
  std::unique_ptr<RecvBlock> io_;
  Datagram d_;
  bool in_flight_ = false;
  int incomplete_ = 0;
};

UdpOption set_bool(SOCKET s, int level, int option, const char* name) {
  const BOOL on = TRUE;
  WSASetLastError(0);
  return timed_setsockopt(
      name, level, option, sizeof on,
      [&] {
        return provider().set_option(s, level, option, reinterpret_cast<const char*>(&on),
                                     sizeof on);
      },
      [] { return WSAGetLastError(); });
}

class WinUdpSource final : public UdpSource {
 public:
  WinUdpSource(std::shared_ptr<void> session, Socket s, LPFN_WSARECVMSG fn, UdpSocketInfo info)
      : session_(std::move(session)),
        sock_(std::move(s)),
        fn_(fn),
        info_(std::move(info)),
        waiting_for_(trf("a datagram on {}", format_endpoint(info_.local))) {}

  std::string waiting_for() const override { return waiting_for_; }
  UdpSocketInfo info() const override { return info_; }

  std::variant<Datagram, SetupError> receive(Mode mode, std::optional<Millis> timeout) override {
    Receive r(fn_, sock_.get(), mode, waiting_for_);
    const Deadline deadline = deadline_after(timeout);
    switch (mode) {
      case Mode::event:
        return r.event(deadline);
      case Mode::apc:
        return r.apc(deadline);
      case Mode::sync:
        break;
    }
    return r.sync(deadline);
  }

 private:
  std::shared_ptr<void> session_;  // first: Winsock outlives the socket
  Socket sock_;
  LPFN_WSARECVMSG fn_;
  UdpSocketInfo info_;
  std::string waiting_for_;
};

}  // namespace

std::variant<std::unique_ptr<UdpSource>, SetupError> open_udp(const ListenTarget& target,
                                                              std::shared_ptr<void> session) {
  if (target.transparent)
    return without_code(SetupError::Kind::unsupported, std::string(tr("listen transparently")),
                        std::string(tr("transparent listening (IP_TRANSPARENT, TPROXY) exists on "
                                       "Linux only")));
  if (target.at.port == 0)
    return without_code(SetupError::Kind::usage, "",
                        std::string(tr("a UDP socket needs a port from 1 to 65535")));
  const std::optional<Endpoint> at = to_winsock(target.at);
  const std::string op = "bind UDP " + at->text();
  Socket s(
      WSASocketW(at->addr.ss_family, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, WSA_FLAG_OVERLAPPED));
  if (!s) return failed("socket for " + op, WSAGetLastError());
  const bool v6 = at->addr.ss_family == AF_INET6;
  if (v6) {
    // Dual-stack, as the TCP listener (sockets.cpp).
    const DWORD off = 0;
    if (setsockopt(s.get(), IPPROTO_IPV6, IPV6_V6ONLY, reinterpret_cast<const char*>(&off),
                   sizeof off) != 0)
      return failed("setsockopt IPV6_V6ONLY 0 for " + op, WSAGetLastError());
  }
  // Before bind: a flow's first datagram alone carries its records, and one
  // that arrived between bind and setsockopt would come without them. An
  // option refused unbound is set again after bind, and its note says so
  // (docs/winsock-contract.md#udp). The socket's own family first; a
  // dual-stack socket also asks at IPPROTO_IP for its IPv4 flows.
  struct Wanted {
    int level, option;
    const char* name;
  };
  std::vector<Wanted> wanted;
  if (v6) {
    wanted.push_back({IPPROTO_IPV6, kWfpRecords, "IPV6_WFP_REDIRECT_RECORDS"});
    wanted.push_back({IPPROTO_IPV6, kWfpContext, "IPV6_WFP_REDIRECT_CONTEXT"});
  }
  wanted.push_back({IPPROTO_IP, kWfpRecords, "IP_WFP_REDIRECT_RECORDS"});
  wanted.push_back({IPPROTO_IP, kWfpContext, "IP_WFP_REDIRECT_CONTEXT"});
  UdpSocketInfo info;
  for (const Wanted& w : wanted) {
    info.options.push_back(set_bool(s.get(), w.level, w.option, w.name));
    if (info.options.back().ok()) info.options.back().call.notes = note(NoteKind::set_before_bind);
  }
  if (bind(s.get(), at->sa(), at->len) != 0) return failed(op, WSAGetLastError());
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    UdpOption& o = info.options[i];
    if (o.ok()) continue;
    const int before = o.call.error;
    o = set_bool(s.get(), wanted[i].level, wanted[i].option, wanted[i].name);
    o.call.notes = note(NoteKind::set_after_bind, static_cast<std::uint32_t>(before));
  }
  sockaddr_storage bound{};
  int len = sizeof bound;
  if (getsockname(s.get(), reinterpret_cast<sockaddr*>(&bound), &len) != 0)
    return failed("getsockname after " + op, WSAGetLastError());
  info.family = v6 ? Family::ipv6 : Family::ipv4;
  info.local = to_endpoint(bound, len);
  info.mechanism = UdpMechanism::wfp_control_messages;
  GUID guid = WSAID_WSARECVMSG;
  LPFN_WSARECVMSG fn = nullptr;
  DWORD bytes = 0;
  WSASetLastError(0);
  if (provider().ioctl(s.get(), SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof guid, &fn,
                       sizeof fn, &bytes, nullptr, nullptr) != 0 ||
      fn == nullptr)
    return failed("WSAIoctl SIO_GET_EXTENSION_FUNCTION_POINTER (WSAID_WSARECVMSG)",
                  WSAGetLastError());
  return std::make_unique<WinUdpSource>(std::move(session), std::move(s), fn, std::move(info));
}

}  // namespace wfpredir::win32
