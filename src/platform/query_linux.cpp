// Linux implementation of platform.h: TCP sockets, the original destination
// from netfilter (SO_ORIGINAL_DST / IP6T_SO_ORIGINAL_DST), and TPROXY
// listeners (IP_TRANSPARENT). getsockopt has no overlapped form, so the only
// mode is sync; the WFP control codes do not exist here.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
// After <netinet/in.h>, whose definitions these kernel headers then reuse.
#include <linux/netfilter_ipv4.h>              // SO_ORIGINAL_DST, at SOL_IP
#include <linux/netfilter_ipv6/ip6_tables.h>   // IP6T_SO_ORIGINAL_DST, at SOL_IPV6

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <utility>

#include "core/platform.h"
#include "core/system.h"

namespace wfpredir {
namespace {

constexpr std::string_view kTproxyMechanism = "IP_TRANSPARENT local address";

// The longest any wait goes without looking at the interrupt flag: a signal
// landing between the check and poll() is then seen within this time.
constexpr Millis kSlice{100};

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_interrupted = 0;
void on_interrupt(int sig) {
  g_interrupted = 1;
  note_stop(sig == SIGTERM ? StopCause::terminate : StopCause::interrupt);
}

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct SockAddr {
  sockaddr_storage storage{};
  socklen_t len = sizeof(sockaddr_storage);
  sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  int family() const { return storage.ss_family; }
  const sockaddr_in& v4() const { return *reinterpret_cast<const sockaddr_in*>(&storage); }
  const sockaddr_in6& v6() const { return *reinterpret_cast<const sockaddr_in6*>(&storage); }
  std::uint16_t port() const {
    if (family() == AF_INET) return ntohs(v4().sin_port);
    if (family() == AF_INET6) return ntohs(v6().sin6_port);
    return 0;
  }
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// The endpoint in \p a; nullopt for a family other than IPv4/IPv6.
std::optional<IpEndpoint> to_endpoint(const SockAddr& a) {
  if (a.family() == AF_INET && a.len >= sizeof(sockaddr_in)) {
    std::uint8_t b[4];
    std::memcpy(b, &a.v4().sin_addr, 4);
    return IpEndpoint::v4(b, ntohs(a.v4().sin_port));
  }
  if (a.family() == AF_INET6 && a.len >= sizeof(sockaddr_in6)) {
    std::uint8_t b[16];
    std::memcpy(b, &a.v6().sin6_addr, 16);
    return IpEndpoint::v6(b, ntohs(a.v6().sin6_port), a.v6().sin6_scope_id);
  }
  return std::nullopt;
}

/// For messages: "127.0.0.1:80", "[::1]:80".
std::string format(const SockAddr& a) { return format_endpoint(to_endpoint(a)); }

/// An IPv4 connection, also one that reached a dual-stack IPv6 socket as a
/// v4-mapped address: conntrack files those under IPv4, so SOL_IP answers.
bool is_ipv4(const SockAddr& local) {
  return local.family() == AF_INET ||
         (local.family() == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&local.v6().sin6_addr));
}

SetupError failed(std::string operation, int error, std::string message = {}) {
  return SetupError{SetupError::Kind::failed, std::move(operation), ErrorDomain::posix, error, std::move(message)};
}

SetupError interrupted_while(std::string_view what) {
  return SetupError{SetupError::Kind::interrupted, "", ErrorDomain::posix, 0,
                    fmt::format("interrupted while waiting for {}", what)};
}

SetupError timed_out(std::string operation, Clock::time_point start, std::string_view what) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return SetupError{SetupError::Kind::timed_out, std::move(operation), ErrorDomain::posix, 0,
                    fmt::format("gave up after {:.1f} s waiting for {}", seconds, what)};
}

enum class WaitResult : std::uint8_t { ready, timed_out, interrupted, failed };

/// Waits for \p events on \p fd until they come, \p deadline passes or an
/// interrupt arrives; on `failed`, errno holds poll's error.
WaitResult wait_for(int fd, short events, std::optional<Clock::time_point> deadline) {
  for (;;) {
    if (g_interrupted) return WaitResult::interrupted;
    Millis slice = kSlice;
    if (deadline) {
      const auto left = std::chrono::ceil<Millis>(*deadline - Clock::now());
      if (left <= Millis::zero()) return WaitResult::timed_out;
      slice = std::min(slice, left);
    }
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(slice.count()));
    if (n > 0) return WaitResult::ready;
    if (n < 0 && errno != EINTR) return WaitResult::failed;
  }
}

std::optional<Clock::time_point> deadline_for(std::optional<Millis> timeout) {
  if (!timeout) return std::nullopt;
  return Clock::now() + *timeout;
}

/// Accepts one connection on the non-blocking \p listener.
std::variant<Fd, SetupError> accept_one(int listener, std::optional<Millis> timeout, std::string_view what) {
  const auto start = Clock::now();
  const auto deadline = deadline_for(timeout);
  for (;;) {
    if (g_interrupted) return interrupted_while(what);
    // Try first: under load a connection is usually queued already, and this
    // saves a poll() per connection. The accepted socket is blocking (accept4
    // does not pass on the listener's O_NONBLOCK), which getsockopt ignores.
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) return Fd(fd);
    const int err = errno;
    // accept(2): a connection that died in the queue, or a pending network
    // error on it, is that connection's problem, not the listener's.
    if (err == EINTR || err == ECONNABORTED || err == EPROTO || err == ENETDOWN || err == ENOPROTOOPT ||
        err == EHOSTDOWN || err == ENONET || err == EHOSTUNREACH || err == ENETUNREACH)
      continue;
    if (err != EAGAIN && err != EWOULDBLOCK) return failed(fmt::format("accept {}", what), err);
    switch (wait_for(listener, POLLIN, deadline)) {
      case WaitResult::ready: break;
      case WaitResult::timed_out: return timed_out("accept", start, what);
      case WaitResult::interrupted: return interrupted_while(what);
      case WaitResult::failed: return failed("poll", errno);
    }
  }
}

/// Connects a non-blocking socket to \p to; the result is the connected fd or the errno.
std::variant<Fd, SetupError> connect_one(const SockAddr& to, std::optional<Clock::time_point> deadline,
                                         Clock::time_point start, std::string_view what) {
  Fd fd(::socket(to.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0) return failed("socket", errno);
  const std::string operation = fmt::format("connect to {}", format(to));
  if (::connect(fd.get(), to.get(), to.len) == 0) return fd;
  if (errno != EINPROGRESS) return failed(operation, errno);
  switch (wait_for(fd.get(), POLLOUT, deadline)) {
    case WaitResult::ready: break;
    case WaitResult::timed_out: return timed_out(operation, start, what);
    case WaitResult::interrupted: return interrupted_while(what);
    case WaitResult::failed: return failed("poll", errno);
  }
  int error = 0;
  socklen_t len = sizeof error;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &len) != 0) return failed("getsockopt SO_ERROR", errno);
  if (error != 0) return failed(operation, error);
  return fd;
}

struct Listener {
  Fd fd;
  SockAddr bound;  ///< the address really bound (the port chosen for port 0)
};

std::variant<Listener, SetupError> make_listener(const SockAddr& addr, bool transparent) {
  Listener l;
  const std::string shown = format(addr);
  // Non-blocking so that waiting happens in poll(), in slices (see kSlice).
  l.fd = Fd(::socket(addr.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (l.fd.get() < 0) return failed(fmt::format("socket for {}", shown), errno);
  const int on = 1;
  // A proxy restarted while its old connections sit in TIME_WAIT must bind again.
  if (::setsockopt(l.fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0)
    return failed("setsockopt SO_REUSEADDR", errno);
  if (transparent) {
    const bool v4 = addr.family() == AF_INET;
    if (::setsockopt(l.fd.get(), v4 ? SOL_IP : SOL_IPV6, v4 ? IP_TRANSPARENT : IPV6_TRANSPARENT, &on, sizeof on) != 0) {
      const int err = errno;
      return failed(fmt::format("setsockopt {}", v4 ? "IP_TRANSPARENT" : "IPV6_TRANSPARENT"), err,
                    err == EPERM ? "a TPROXY listener needs CAP_NET_ADMIN" : "");
    }
  }
  if (::bind(l.fd.get(), addr.get(), addr.len) != 0) return failed(fmt::format("bind {}", shown), errno);
  if (::listen(l.fd.get(), SOMAXCONN) != 0) return failed(fmt::format("listen on {}", shown), errno);
  if (::getsockname(l.fd.get(), l.bound.get(), &l.bound.len) != 0) return failed("getsockname", errno);
  return l;
}

class LinuxConnection final : public Connection {
 public:
  /// \p listener: the listening socket's address, for an accepted socket.
  /// \p transparent: that listener has IP_TRANSPARENT (TPROXY).
  /// \p peer_end: the other end when it is ours (--self), kept open with us.
  LinuxConnection(Fd fd, std::string side, const SockAddr* listener, bool transparent, Fd peer_end = Fd())
      : fd_(std::move(fd)), peer_end_(std::move(peer_end)), transparent_(transparent) {
    info_.side = std::move(side);
    if (::getsockname(fd_.get(), local_.get(), &local_.len) != 0) local_.len = 0;
    SockAddr peer;
    if (::getpeername(fd_.get(), peer.get(), &peer.len) == 0) info_.peer = to_endpoint(peer);
    info_.family = local_.family() == AF_INET6 ? Family::ipv6 : Family::ipv4;
    info_.local = to_endpoint(local_);
    // The engine compares the original destination with it: under TPROXY the
    // local address is the original destination, and only differing from the
    // listener's own address shows the connection was intercepted.
    if (listener != nullptr) info_.listener = to_endpoint(*listener);
  }

  ConnectionInfo info() const override { return info_; }

  Attempt issue(QueryKind kind, Mode mode, std::uint32_t out_size, Millis) override {
    Attempt a;
    a.out_size = out_size;
    a.domain = ErrorDomain::posix;
    if (kind != QueryKind::original_dst || mode != Mode::sync) {
      // kinds()/modes() keep the engine from asking; answer as the system would.
      a.error = EOPNOTSUPP;
      return a;
    }
    const bool v4 = is_ipv4(local_);
    const std::string_view optname = v4 ? "SO_ORIGINAL_DST" : "IP6T_SO_ORIGINAL_DST";
    // Sized exactly as asked: out_size 0 really passes optlen 0.
    std::vector<std::uint8_t> buffer(out_size);
    socklen_t len = out_size;
    const auto start = Clock::now();
    const int ret = ::getsockopt(fd_.get(), v4 ? SOL_IP : SOL_IPV6, v4 ? SO_ORIGINAL_DST : IP6T_SO_ORIGINAL_DST,
                                 buffer.data(), &len);
    const int error = ret == 0 ? 0 : errno;
    CallRecord call{"getsockopt", std::nullopt, out_size, ret, error, len, ms_since(start),
                    v4 ? "level SOL_IP, optname SO_ORIGINAL_DST (80)" : "level SOL_IPV6, optname IP6T_SO_ORIGINAL_DST (80)"};
    a.error = error;
    if (ret == 0) {
      // netfilter copies one sockaddr and leaves optlen as it was passed, so
      // the blob is that sockaddr, not the whole buffer; the call keeps the raw optlen.
      SockAddr dst;
      std::memcpy(&dst.storage, buffer.data(), std::min<std::size_t>(len, sizeof dst.storage));
      const std::size_t written = dst.family() == AF_INET    ? sizeof(sockaddr_in)
                                  : dst.family() == AF_INET6 ? sizeof(sockaddr_in6)
                                                             : len;
      a.bytes = static_cast<std::uint32_t>(std::min<std::size_t>(len, written));
      if (a.bytes != len)
        call.note += "; optlen came back as passed, the kernel wrote a " + std::to_string(a.bytes) + "-byte sockaddr";
      a.data.assign(buffer.begin(), buffer.begin() + a.bytes);
      a.original_dst = to_endpoint(dst);
      a.mechanism = std::string(optname);
    }
    a.calls.push_back(std::move(call));
    // TPROXY does not NAT, so conntrack has no original destination to give
    // (ENOENT, or ENOPROTOOPT when conntrack is not even loaded): the socket's
    // own local address is the destination the client asked for.
    if (transparent_ && (error == ENOENT || error == ENOPROTOOPT)) tproxy_answer(a);
    return a;
  }

 private:
  // Reads the local address as TPROXY's original destination, recording the
  // call; whether it differs from the listener's address is the engine's call.
  void tproxy_answer(Attempt& a) const {
    SockAddr here;
    const auto start = Clock::now();
    const int ret = ::getsockname(fd_.get(), here.get(), &here.len);
    const int error = ret == 0 ? 0 : errno;
    a.calls.push_back(CallRecord{"getsockname", std::nullopt, static_cast<std::uint32_t>(sizeof(sockaddr_storage)),
                                 ret, error, here.len, ms_since(start),
                                 "IP_TRANSPARENT listener: TPROXY leaves the original destination as the local address"});
    if (ret != 0) return;  // the getsockopt error stays the attempt's status
    a.error = 0;
    a.bytes = here.len;
    const auto* raw = reinterpret_cast<const std::uint8_t*>(&here.storage);
    a.data.assign(raw, raw + here.len);
    a.original_dst = to_endpoint(here);
    a.mechanism = std::string(kTproxyMechanism);
  }

  Fd fd_;
  Fd peer_end_;
  bool transparent_;
  SockAddr local_;
  ConnectionInfo info_;
};

class ListenSource final : public Source {
 public:
  ListenSource(Listener l, bool transparent)
      : listener_(std::move(l)), transparent_(transparent),
        waiting_for_(fmt::format("a connection on {}", format(listener_.bound))) {}
  std::string waiting_for() const override { return waiting_for_; }
  std::variant<std::unique_ptr<Connection>, SetupError> next(std::optional<Millis> timeout) override {
    auto accepted = accept_one(listener_.fd.get(), timeout, waiting_for_);
    if (auto* err = std::get_if<SetupError>(&accepted)) return std::move(*err);
    return std::make_unique<LinuxConnection>(std::move(std::get<Fd>(accepted)), "accepted", &listener_.bound,
                                             transparent_);
  }

 private:
  Listener listener_;
  bool transparent_;
  std::string waiting_for_;
};

class ConnectSource final : public Source {
 public:
  ConnectSource(std::string shown, std::vector<SockAddr> addresses)
      : waiting_for_(fmt::format("the connection to {}", shown)), addresses_(std::move(addresses)) {}
  std::string waiting_for() const override { return waiting_for_; }
  std::variant<std::unique_ptr<Connection>, SetupError> next(std::optional<Millis> timeout) override {
    const auto start = Clock::now();
    const auto deadline = deadline_for(timeout);
    // Each resolved address in turn, as getaddrinfo ordered them; the last
    // failure is the one reported.
    std::optional<SetupError> last;
    for (const SockAddr& to : addresses_) {
      auto connected = connect_one(to, deadline, start, waiting_for_);
      if (auto* fd = std::get_if<Fd>(&connected)) return std::make_unique<LinuxConnection>(std::move(*fd), "connected", nullptr, false);
      last = std::move(std::get<SetupError>(connected));
      if (last->kind != SetupError::Kind::failed) break;  // timeout and Ctrl-C end the whole attempt
    }
    return std::move(*last);
  }

 private:
  std::string waiting_for_;
  std::vector<SockAddr> addresses_;
};

class SelfSource final : public Source {
 public:
  explicit SelfSource(Listener l) : listener_(std::move(l)) {}
  std::string waiting_for() const override { return "the loopback connection to itself"; }
  std::variant<std::unique_ptr<Connection>, SetupError> next(std::optional<Millis> timeout) override {
    const auto start = Clock::now();
    auto client = connect_one(listener_.bound, deadline_for(timeout), start, waiting_for());
    if (auto* err = std::get_if<SetupError>(&client)) return std::move(*err);
    auto accepted = accept_one(listener_.fd.get(), timeout, waiting_for());
    if (auto* err = std::get_if<SetupError>(&accepted)) return std::move(*err);
    // The accepted socket is the one queried, as a proxy would; the client
    // end stays open with it so the connection is alive while it is queried.
    return std::make_unique<LinuxConnection>(std::move(std::get<Fd>(accepted)), "accepted", &listener_.bound, false,
                                             std::move(std::get<Fd>(client)));
  }

 private:
  Listener listener_;
};

/// Parses an IPv4 or IPv6 literal (no names, no brackets) with \p port.
std::optional<SockAddr> parse_literal(const std::string& text, std::uint16_t port) {
  SockAddr a;
  auto& v4 = *reinterpret_cast<sockaddr_in*>(&a.storage);
  auto& v6 = *reinterpret_cast<sockaddr_in6*>(&a.storage);
  if (inet_pton(AF_INET, text.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(port);
    a.len = sizeof v4;
    return a;
  }
  if (inet_pton(AF_INET6, text.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(port);
    a.len = sizeof v6;
    return a;
  }
  return std::nullopt;
}

std::variant<std::unique_ptr<Source>, SetupError> open_connect(const Target& target) {
  const bool v6_literal = target.host.find(':') != std::string::npos;
  const std::string shown = v6_literal ? fmt::format("[{}]:{}", target.host, target.connect_port)
                                       : fmt::format("{}:{}", target.host, target.connect_port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(target.host.c_str(), std::to_string(target.connect_port).c_str(), &hints, &found);
  if (rc != 0) {
    const std::string operation = fmt::format("resolve {}", target.host);
    // EAI_SYSTEM means errno holds the real cause; other EAI_* codes are
    // their own number space, so they travel as text.
    if (rc == EAI_SYSTEM) return failed(operation, errno);
    return failed(operation, 0, gai_strerror(rc));
  }
  std::vector<SockAddr> addresses;
  for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_addrlen > sizeof(sockaddr_storage)) continue;
    SockAddr a;
    std::memcpy(&a.storage, ai->ai_addr, ai->ai_addrlen);
    a.len = ai->ai_addrlen;
    addresses.push_back(a);
  }
  ::freeaddrinfo(found);
  if (addresses.empty()) return failed(fmt::format("resolve {}", target.host), 0, "no TCP address");
  return std::make_unique<ConnectSource>(shown, std::move(addresses));
}

class LinuxPlatform final : public Platform {
 public:
  std::string name() const override { return "linux"; }
  std::vector<Mode> modes() const override { return {Mode::sync}; }
  std::vector<QueryKind> kinds() const override { return {QueryKind::original_dst}; }
  std::string why_not(QueryKind kind) const override {
    if (kind == QueryKind::original_dst) return {};
    return "SIO_QUERY_WFP_* is a Windows control code; on Linux the original destination (SO_ORIGINAL_DST) is the redirect evidence";
  }
  std::string why_not(Mode mode) const override {
    if (mode == Mode::sync) return {};
    return fmt::format("{} is a Windows overlapped-I/O mechanism ({}); Linux getsockopt is synchronous only",
                       to_string(mode), mode == Mode::event ? "WSAOVERLAPPED with an event" : "a completion routine run as an APC");
  }

  std::variant<std::unique_ptr<Source>, SetupError> open(const Target& target) override {
    switch (target.kind) {
      case Target::Kind::connect:
        return open_connect(target);
      case Target::Kind::self: {
        auto l = make_listener(*parse_literal("127.0.0.1", 0), false);
        if (auto* err = std::get_if<SetupError>(&l)) return std::move(*err);
        return std::make_unique<SelfSource>(std::move(std::get<Listener>(l)));
      }
      case Target::Kind::listen:
        break;
    }
    const auto addr = parse_literal(target.bind, target.port);
    if (!addr)
      return SetupError{SetupError::Kind::usage, "", ErrorDomain::posix, 0,
                        fmt::format("--bind {}: not an IPv4 or IPv6 address literal", target.bind)};
    auto l = make_listener(*addr, target.transparent);
    if (auto* err = std::get_if<SetupError>(&l)) return std::move(*err);
    return std::make_unique<ListenSource>(std::move(std::get<Listener>(l)), target.transparent);
  }

  void install_interrupt_handler() override {
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocking call returns EINTR and the flag is seen at once
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
  }
  bool interrupted() const override { return g_interrupted != 0; }
};

}  // namespace

std::unique_ptr<Platform> Platform::create() { return std::make_unique<LinuxPlatform>(); }

}  // namespace wfpredir
