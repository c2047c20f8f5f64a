#pragma once
// The UDP side of the Windows backend's tests (test_win32_udp.cpp): a fake
// WinsockProvider whose WSARecvMsg delivers a datagram with the control
// messages a test chooses (records and context, none, a cut control buffer,
// failures), at once or later from another thread, in sync, event and apc
// mode; and `query --udp`'s socket opened through the real backend.
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "analysis/udp_verdict.h"
#include "cmsg_builder.h"
#include "platform/win32/udp.h"
#include "win32_support.h"

namespace wfpredir::test {

/// What the fake's WSARecvMsg delivers.
struct Delivery {
  Answer::When when = Answer::When::at_once;
  int error = 0;
  std::vector<std::uint8_t> payload{'p', 'i', 'n', 'g'};
  std::vector<std::uint8_t> control;
  DWORD flags = 0;  ///< MSG_CTRUNC is added when the control does not fit
  Millis delay{30};
  bool signal_early = false;  ///< event mode: the event is set before the receive is over
};

// Never called: the fake stands in for the pointer it hands out.
inline int WSAAPI not_called(SOCKET, LPWSAMSG, LPDWORD, LPWSAOVERLAPPED,
                             LPWSAOVERLAPPED_COMPLETION_ROUTINE) {
  WSASetLastError(WSAEOPNOTSUPP);
  return SOCKET_ERROR;
}

class FakeUdp final : public w32::WinsockProvider {
 public:
  FakeUdp() : previous_(w32::set_ioctl_provider(this)) {}
  FakeUdp(const FakeUdp&) = delete;
  FakeUdp& operator=(const FakeUdp&) = delete;
  ~FakeUdp() override {
    w32::set_ioctl_provider(previous_);
    for (auto& op : ops_) SetEvent(op->cancel);
    for (auto& t : threads_) t.join();
    while (SleepEx(0, TRUE) == WAIT_IO_COMPLETION) {
    }
    for (auto& op : ops_) {
      CloseHandle(op->cancel);
      CloseHandle(op->caller);
    }
  }

  int ioctl(SOCKET s, DWORD code, void* in, DWORD in_size, void* out, DWORD out_size,
            DWORD* bytes_returned, WSAOVERLAPPED* ov,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) override {
    if (code != SIO_GET_EXTENSION_FUNCTION_POINTER)
      return WinsockProvider::ioctl(s, code, in, in_size, out, out_size, bytes_returned, ov,
                                    routine);
    ++lookups;
    const GUID want = WSAID_WSARECVMSG;
    REQUIRE(in_size == sizeof want);
    CHECK(std::memcmp(in, &want, sizeof want) == 0);
    REQUIRE(out_size == sizeof(LPFN_WSARECVMSG));
    const LPFN_WSARECVMSG fn = &not_called;
    std::memcpy(out, &fn, sizeof fn);
    *bytes_returned = sizeof fn;
    return 0;
  }

  int set_option(SOCKET s, int level, int name, const char* value, int length) override {
    if ((level != IPPROTO_IP && level != IPPROTO_IPV6) || (name != 60 && name != 70))
      return WinsockProvider::set_option(s, level, name, value, length);
    options.push_back({level, name});
    CHECK(length == sizeof(BOOL));
    BOOL on = FALSE;
    std::memcpy(&on, value, sizeof on);
    CHECK(on == TRUE);
    if (option_error == 0) return 0;
    WSASetLastError(option_error);
    return SOCKET_ERROR;
  }

  int readable(SOCKET, DWORD ms) override {
    if (++readable_calls <= not_ready_first) {
      Sleep(std::min<DWORD>(ms, 5));
      return 0;
    }
    return 1;
  }

  int recv_msg(LPFN_WSARECVMSG fn, SOCKET, WSAMSG* msg, DWORD* bytes, WSAOVERLAPPED* ov,
               LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) override {
    CHECK(fn == &not_called);
    ++receives;
    offered = msg->Control.len;
    const Delivery d = delivery;
    if (ov == nullptr) {
      if (d.error != 0) {
        WSASetLastError(d.error);
        return SOCKET_ERROR;
      }
      msg->dwFlags = write(msg, d);
      *bytes = static_cast<DWORD>(d.payload.size());
      return 0;
    }
    auto op = std::make_shared<Op>();
    op->ov = ov;
    op->event = routine == nullptr ? ov->hEvent : nullptr;
    op->routine = routine;
    DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &op->caller, 0,
                    FALSE, DUPLICATE_SAME_ACCESS);
    op->cancel = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    ops_.push_back(op);
    if (d.when == Answer::When::at_once) {
      *bytes = static_cast<DWORD>(d.payload.size());
      msg->dwFlags = write(msg, d);
      complete(op, 0, *bytes, msg->dwFlags);
      return 0;
    }
    *bytes = 0;
    ov->Internal = 0x103;
    threads_.emplace_back([op, msg, d] {
      if (d.signal_early && op->event != nullptr) SetEvent(op->event);
      const DWORD wait =
          d.when == Answer::When::never ? INFINITE : static_cast<DWORD>(d.delay.count());
      if (WaitForSingleObject(op->cancel, wait) == WAIT_OBJECT_0) {
        complete(op, WSA_OPERATION_ABORTED, 0, 0);
        return;
      }
      if (d.error != 0) {
        complete(op, d.error, 0, 0);
        return;
      }
      // The overlapped form reports its flags through the completion only.
      complete(op, 0, static_cast<DWORD>(d.payload.size()), write(msg, d));
    });
    WSASetLastError(WSA_IO_PENDING);
    return SOCKET_ERROR;
  }

  BOOL overlapped_result(SOCKET, WSAOVERLAPPED* ov, DWORD* transferred, BOOL,
                         DWORD* flags) override {
    for (auto& op : ops_) {
      if (op->ov != ov) continue;
      if (!op->done.load()) {
        WSASetLastError(WSA_IO_INCOMPLETE);
        return FALSE;
      }
      *transferred = op->bytes;
      *flags = op->flags;
      if (op->error == 0) return TRUE;
      WSASetLastError(op->error);
      return FALSE;
    }
    WSASetLastError(WSA_INVALID_PARAMETER);
    return FALSE;
  }

  BOOL cancel(SOCKET, WSAOVERLAPPED* ov) override {
    ++cancels;
    for (auto& op : ops_)
      if (op->ov == ov) SetEvent(op->cancel);
    return TRUE;
  }

  Delivery delivery;
  int option_error = 0;
  int not_ready_first = 0;
  int readable_calls = 0;
  int lookups = 0;
  int receives = 0;
  int cancels = 0;
  ULONG offered = 0;
  std::vector<std::pair<int, int>> options;

 private:
  struct Op {
    WSAOVERLAPPED* ov = nullptr;
    HANDLE event = nullptr;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine = nullptr;
    HANDLE caller = nullptr;
    HANDLE cancel = nullptr;
    std::atomic<bool> done{false};
    int error = 0;
    DWORD bytes = 0;
    DWORD flags = 0;
  };

  // Writes the datagram into the caller's WSAMSG; returns its flags.
  static DWORD write(WSAMSG* msg, const Delivery& d) {
    std::memcpy(msg->lpBuffers[0].buf, d.payload.data(),
                std::min<std::size_t>(d.payload.size(), msg->lpBuffers[0].len));
    DWORD flags = d.flags;
    const std::size_t fits = std::min<std::size_t>(d.control.size(), msg->Control.len);
    if (fits < d.control.size()) flags |= MSG_CTRUNC;
    if (fits > 0) std::memcpy(msg->Control.buf, d.control.data(), fits);
    msg->Control.len = static_cast<ULONG>(fits);
    const sockaddr_in from = loopback(40000);
    std::memcpy(msg->name, &from, sizeof from);
    msg->namelen = sizeof from;
    return flags;
  }

  struct ApcCall {
    std::shared_ptr<Op> op;
  };
  static void CALLBACK run_routine(ULONG_PTR p) {
    std::unique_ptr<ApcCall> c(reinterpret_cast<ApcCall*>(p));
    c->op->routine(static_cast<DWORD>(c->op->error), c->op->bytes, c->op->ov, c->op->flags);
  }

  // Status first, then the signal: the caller may free its block at once.
  static void complete(const std::shared_ptr<Op>& op, int error, DWORD bytes, DWORD flags) {
    op->error = error;
    op->bytes = bytes;
    op->flags = flags;
    op->done.store(true);
    InterlockedExchange64(reinterpret_cast<volatile LONG64*>(&op->ov->Internal),
                          error == 0 ? 0 : 0xC0000001);
    if (op->routine != nullptr)
      QueueUserAPC(&run_routine, op->caller, reinterpret_cast<ULONG_PTR>(new ApcCall{op}));
    else
      SetEvent(op->event);
  }

  IoctlProvider* previous_;
  std::vector<std::shared_ptr<Op>> ops_;
  std::vector<std::thread> threads_;
};

inline std::uint16_t unused_udp_port() {
  const SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  REQUIRE(s != INVALID_SOCKET);
  const sockaddr_in a = loopback(0);
  REQUIRE(bind(s, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0);
  const std::uint16_t port = local_port(s);
  closesocket(s);
  return port;
}

struct UdpOpen {
  std::unique_ptr<Platform> platform = Platform::create();
  std::unique_ptr<UdpSource> source;
  std::uint16_t port = 0;
  explicit UdpOpen(const char* bind = "127.0.0.1") {
    port = unused_udp_port();
    auto opened = platform->open_udp(ListenTarget{*parse_ip_literal(bind, port)});
    REQUIRE(std::holds_alternative<std::unique_ptr<UdpSource>>(opened));
    source = std::move(std::get<std::unique_ptr<UdpSource>>(opened));
  }
  UdpReport receive(Mode mode, Millis timeout = Millis(5000)) {
    auto got = source->receive(mode, timeout);
    REQUIRE(std::holds_alternative<Datagram>(got));
    UdpReport r;
    r.index = 1;
    r.socket = source->info();
    r.datagram = std::get<Datagram>(std::move(got));
    conclude_udp(r, {});
    return r;
  }
};

inline std::vector<std::uint8_t> records_and_context() {
  std::vector<std::uint8_t> c;
  put_cmsg(c, kWindowsX64Cmsg, IPPROTO_IP, 60, pattern(40, 1));
  put_cmsg(c, kWindowsX64Cmsg, IPPROTO_IP, 70, pattern(16, 9));
  return c;
}

}  // namespace wfpredir::test
