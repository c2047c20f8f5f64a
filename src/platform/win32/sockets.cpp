// The sockets of the Windows backend (sockets.h): addresses, resolution,
// connect and accept with deadlines and Ctrl-C, the listener's options, and
// the wait for a readable socket that accept and `query --udp` share.
#include "platform/win32/sockets.h"

#include <cstring>
#include "text/i18n.h"

namespace wfpredir::win32 {
namespace {

// How long one select() may wait: the longest a Ctrl-C waits to be seen.
constexpr long long kReadableSliceMs = 100;

std::string strip_brackets(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  return std::string(text);
}

std::wstring widen(const std::string& s) {
  if (s.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring w(static_cast<std::size_t>(std::max(n, 0)), L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
  return w;
}

// Waits for \p event, the deadline or Ctrl-C. The event comes first so that a
// completion that races with an interrupt is seen as a completion.
WaitResult wait_event(HANDLE event, const Deadline& deadline) {
  const HANDLE handles[2] = {event, interrupt_event()};
  switch (provider().wait(2, handles, win32_ms(deadline), FALSE)) {
    case WAIT_OBJECT_0:
      return WaitResult::ready;
    case WAIT_OBJECT_0 + 1:
      return WaitResult::interrupted;
    case WAIT_TIMEOUT:
      return WaitResult::timed_out;
    default:
      return WaitResult::failed;
  }
}

SetupError stopped(WaitResult w, const std::string& operation, Clock::time_point start,
                   std::string_view what) {
  if (w == WaitResult::interrupted) return interrupted_while(what);
  if (w == WaitResult::timed_out) return timed_out(operation, start, what);
  return failed(operation + " (waiting)", static_cast<int>(GetLastError()));
}

// connect_to waits with WSAEventSelect, which makes its socket non-blocking:
// undo both so the queried socket is a plain one.
int make_plain(SOCKET s) {
  u_long off = 0;
  if (WSAEventSelect(s, nullptr, 0) != 0 || ioctlsocket(s, FIONBIO, &off) != 0)
    return WSAGetLastError();
  return 0;
}

int set_int_option(SOCKET s, int level, int name, int value) {
  return setsockopt(s, level, name, reinterpret_cast<const char*>(&value), sizeof value) == 0
             ? 0
             : WSAGetLastError();
}

}  // namespace

std::optional<IpEndpoint> to_endpoint(const sockaddr_storage& ss, int len) {
  if (ss.ss_family == AF_INET && len >= static_cast<int>(sizeof(sockaddr_in))) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(ss);
    std::uint8_t b[4];
    std::memcpy(b, &in.sin_addr, 4);
    return IpEndpoint::v4(b, ntohs(in.sin_port));
  }
  if (ss.ss_family == AF_INET6 && len >= static_cast<int>(sizeof(sockaddr_in6))) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(ss);
    std::uint8_t b[16];
    std::memcpy(b, &in6.sin6_addr, 16);
    return IpEndpoint::v6(b, ntohs(in6.sin6_port), in6.sin6_scope_id);
  }
  return std::nullopt;
}

std::string Endpoint::text() const { return format_endpoint(to_endpoint(addr, len)); }
std::optional<IpEndpoint> Endpoint::endpoint() const { return to_endpoint(addr, len); }

Endpoint to_winsock(const IpEndpoint& e) {
  Endpoint w;
  if (e.family == Family::ipv4) {
    auto& in = reinterpret_cast<sockaddr_in&>(w.addr);
    in.sin_family = AF_INET;
    in.sin_port = htons(e.port);
    std::memcpy(&in.sin_addr, e.address.data(), 4);
    w.len = sizeof(sockaddr_in);
  } else {
    auto& in6 = reinterpret_cast<sockaddr_in6&>(w.addr);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(e.port);
    in6.sin6_scope_id = e.scope;
    std::memcpy(&in6.sin6_addr, e.address.data(), 16);
    w.len = sizeof(sockaddr_in6);
  }
  return w;
}

std::variant<std::vector<Endpoint>, SetupError> resolve(const std::string& host,
                                                        std::uint16_t port) {
  ADDRINFOW hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  ADDRINFOW* list = nullptr;
  const std::wstring node = widen(strip_brackets(host));
  const std::wstring service = std::to_wstring(port);
  // GetAddrInfoW returns its WSA code (WSAHOST_NOT_FOUND, ...) directly.
  if (const int rc = GetAddrInfoW(node.c_str(), service.c_str(), &hints, &list); rc != 0)
    return failed(trf("resolve {}", host), rc);
  std::vector<Endpoint> out;
  for (const ADDRINFOW* ai = list; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_addr == nullptr || ai->ai_addrlen > sizeof(sockaddr_storage)) continue;
    Endpoint e;
    std::memcpy(&e.addr, ai->ai_addr, ai->ai_addrlen);
    e.len = static_cast<int>(ai->ai_addrlen);
    out.push_back(e);
  }
  FreeAddrInfoW(list);
  if (out.empty())
    return without_code(SetupError::Kind::failed, trf("resolve {}", host),
                        std::string(tr("no IPv4 or IPv6 address")));
  return out;
}

std::variant<Socket, SetupError> connect_to(const Endpoint& to, const Deadline& deadline) {
  const auto start = Clock::now();
  const std::string op = "connect " + to.text();
  Socket s(
      WSASocketW(to.addr.ss_family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED));
  if (!s) return failed("socket for " + op, WSAGetLastError());
  Handle event(WSACreateEvent());
  if (!event) return failed("WSACreateEvent for " + op, WSAGetLastError());
  if (WSAEventSelect(s.get(), event.get(), FD_CONNECT) != 0)
    return failed("WSAEventSelect for " + op, WSAGetLastError());
  if (connect(s.get(), to.sa(), to.len) != 0) {
    if (const int err = WSAGetLastError(); err != WSAEWOULDBLOCK) return failed(op, err);
    for (;;) {
      if (const WaitResult w = wait_event(event.get(), deadline); w != WaitResult::ready)
        return stopped(w, op, start, tr("the peer to answer"));
      WSANETWORKEVENTS ne{};
      if (WSAEnumNetworkEvents(s.get(), event.get(), &ne) != 0)
        return failed(op, WSAGetLastError());
      if ((ne.lNetworkEvents & FD_CONNECT) == 0) continue;
      if (const int err = ne.iErrorCode[FD_CONNECT_BIT]; err != 0) return failed(op, err);
      break;
    }
  }
  if (const int err = make_plain(s.get()); err != 0)
    return failed("blocking mode after " + op, err);
  return s;
}

std::variant<Listener, SetupError> Listener::open(const Endpoint& at) {
  const std::string op = "bind " + at.text();
  Listener l;
  l.sock_ = Socket(
      WSASocketW(at.addr.ss_family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED));
  if (!l.sock_) return failed("socket for " + op, WSAGetLastError());
  // Windows turns IPV6_V6ONLY on by default, Linux off: "::" means IPv4 and
  // IPv6 on both (docs/winsock-contract.md#original-destination).
  if (at.addr.ss_family == AF_INET6)
    if (const int err = set_int_option(l.sock_.get(), IPPROTO_IPV6, IPV6_V6ONLY, 0); err != 0)
      return failed("setsockopt IPV6_V6ONLY 0 for " + op, err);
  // No other socket can bind this port while we hold it, not even with
  // SO_REUSEADDR: a fixed-port listener cannot be hijacked.
  if (const int err = set_int_option(l.sock_.get(), SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1); err != 0)
    return failed("setsockopt SO_EXCLUSIVEADDRUSE for " + op, err);
  if (bind(l.sock_.get(), at.sa(), at.len) != 0) {
    const int err = WSAGetLastError();
    if (err == WSAEADDRINUSE || err == WSAEACCES)
      return failed(
          op, err,
          std::string(
              tr("the port is in use, or still has connections in TIME_WAIT: wfpredir sets "
                 "SO_EXCLUSIVEADDRUSE, which refuses the port until they expire (up to 4 minutes); "
                 "choose another port or wait")));
    return failed(op, err);
  }
  if (listen(l.sock_.get(), SOMAXCONN) != 0)
    return failed(trf("listen on {}", at.text()), WSAGetLastError());
  sockaddr_storage bound{};
  int len = sizeof bound;
  if (getsockname(l.sock_.get(), reinterpret_cast<sockaddr*>(&bound), &len) != 0)
    return failed("getsockname after " + op, WSAGetLastError());
  l.local_.addr = bound;
  l.local_.len = len;
  return l;
}

std::variant<unsigned, SetupError> wait_readable(SOCKET s, const Deadline& deadline,
                                                 const std::string& operation,
                                                 std::string_view what) {
  const auto start = Clock::now();
  for (unsigned slices = 0;; ++slices) {
    if (interrupt_raised()) return interrupted_while(what);
    const long long left = millis_left(deadline, kReadableSliceMs);
    if (deadline && left == 0) return timed_out(operation, start, what);
    const int r = provider().readable(s, static_cast<DWORD>(left));
    if (r == SOCKET_ERROR) return failed("select before " + operation, WSAGetLastError());
    if (r > 0) return slices;
  }
}

std::variant<Socket, SetupError> Listener::accept_one(const Deadline& deadline) {
  const std::string op = trf("accept on {}", local_.text());
  const std::string what = trf("a connection on {}", local_.text());
  for (;;) {
    // The listener stays a plain blocking socket, so what accept returns is
    // one too, with nothing to undo (docs/winsock-contract.md#issuing-the-query). accept
    // runs only once select() has seen a connection queued, and a client that
    // resets in between makes it fail with WSAECONNRESET rather than block.
    if (auto w = wait_readable(sock_.get(), deadline, op, what);
        auto* e = std::get_if<SetupError>(&w))
      return std::move(*e);
    Socket s(provider().accept(sock_.get()));
    if (s) return s;
    const int err = WSAGetLastError();
    // That client's problem, not the listener's (as ECONNABORTED on Linux).
    if (err == WSAECONNRESET) {
      ++resets_;
      continue;
    }
    return failed(op, err);
  }
}

}  // namespace wfpredir::win32
