// The Windows implementation of platform.h: the Platform, its three sources
// (--port, --connect, --self) and the Connection they hand out, which routes
// each query to overlapped.cpp or original_dst.cpp.
#include <memory>

#include "platform/win32/query.h"
#include "platform/win32/sockets.h"
#include "platform/win32/udp.h"
#include "text/i18n.h"

namespace wfpredir {
namespace {

using namespace win32;

// One WSAStartup/WSACleanup pair, shared by the platform, its sources and
// their connections, so sockets are closed before Winsock is let go.
class WsaSession {
 public:
  WsaSession() {
    WSADATA data{};
    error_ = WSAStartup(MAKEWORD(2, 2), &data);
  }
  WsaSession(const WsaSession&) = delete;
  WsaSession& operator=(const WsaSession&) = delete;
  ~WsaSession() {
    if (error_ == 0) WSACleanup();
  }
  int error() const { return error_; }

 private:
  int error_ = 0;
};
using Session = std::shared_ptr<WsaSession>;

class WinConnection final : public Connection {
 public:
  WinConnection(Session session, Socket sock, Socket partner, std::string side,
                std::optional<IpEndpoint> listener = std::nullopt, unsigned resets = 0)
      : session_(std::move(session)),
        sock_(std::move(sock)),
        partner_(std::move(partner)),
        side_(std::move(side)),
        listener_(std::move(listener)),
        resets_(resets) {}

  ConnectionInfo info() const override {
    ConnectionInfo i;
    i.protocol = "tcp";
    i.side = side_;
    sockaddr_storage local{}, peer{};
    int local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(sock_.get(), reinterpret_cast<sockaddr*>(&local), &local_len) == 0)
      i.local = to_endpoint(local, local_len);
    if (getpeername(sock_.get(), reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0)
      i.peer = to_endpoint(peer, peer_len);
    i.family = local.ss_family == AF_INET6 ? Family::ipv6 : Family::ipv4;
    if (local.ss_family != 0) remember(local);
    i.listener = listener_;
    i.resets_before_accept = resets_;
    return i;
  }

  Attempt issue(QueryKind kind, Mode mode, std::uint32_t out_size, Millis io_timeout) override {
    if (kind == QueryKind::original_dst)
      return query_original_dst(sock_.get(), family(), v4_mapped_, out_size, mode);
    return issue_control(
        sock_.get(),
        kind == QueryKind::records ? kSioQueryRedirectRecords : kSioQueryRedirectContext, mode,
        out_size, io_timeout);
  }

  // The WsaSession stays with this object; the relay's loop holds its own.
  std::optional<std::uintptr_t> release_socket() override {
    if (!sock_ || partner_) return std::nullopt;
    return static_cast<std::uintptr_t>(sock_.release());
  }

 private:
  // The socket's family, asked once: info() already did for the report.
  int family() const {
    if (family_ == 0) {
      sockaddr_storage local{};
      int len = sizeof local;
      if (getsockname(sock_.get(), reinterpret_cast<sockaddr*>(&local), &len) == 0) remember(local);
    }
    return family_;
  }
  void remember(const sockaddr_storage& local) const {
    family_ = local.ss_family;
    v4_mapped_ = local.ss_family == AF_INET6 &&
                 IN6_IS_ADDR_V4MAPPED(&reinterpret_cast<const sockaddr_in6*>(&local)->sin6_addr);
  }

  Session session_;  // first: destroyed last, after the sockets
  Socket sock_;      // the socket queried
  Socket partner_;   // --self: our own client end, kept open as long as the connection
  std::string side_;
  std::optional<IpEndpoint> listener_;  // accepted: the listener's address
  unsigned resets_;                     // accepted: clients skipped before this one
  mutable int family_ = 0;              // AF_INET / AF_INET6 once known
  mutable bool v4_mapped_ = false;      // AF_INET6 with a v4-mapped local address
};

class ListenSource final : public Source {
 public:
  ListenSource(Session session, Listener listener)
      : session_(std::move(session)), listener_(std::move(listener)) {}
  std::string waiting_for() const override {
    return trf("a connection on {}", listener_.local().text());
  }
  std::variant<std::unique_ptr<Connection>, SetupError> next(
      std::optional<Millis> timeout) override {
    auto accepted = listener_.accept_one(deadline_after(timeout));
    if (auto* e = std::get_if<SetupError>(&accepted)) {
      // Microsoft's connect-redirect sample sends a connection to its own
      // local address unless the proxy listens on a wildcard one, so a
      // listener on one address (127.0.0.1 by default) may never see it
      // (docs/winsock-contract.md#listening-address).
      const std::optional<IpEndpoint> at = listener_.local().endpoint();
      if (e->kind == SetupError::Kind::timed_out && !accepted_any_ && at && !at->is_wildcard())
        e->message +=
            trf(" (nothing reached {}: Microsoft's connect-redirect sample redirects a connection "
                "to its own local address unless that is a wildcard, so a listener on one address "
                "may never see it; try --bind 0.0.0.0 or --bind ::)",
                listener_.local().text());
      return std::move(*e);
    }
    accepted_any_ = true;
    return std::make_unique<WinConnection>(session_, std::move(std::get<Socket>(accepted)),
                                           Socket(), "accepted", listener_.local().endpoint(),
                                           listener_.take_resets());
  }

 private:
  Session session_;
  Listener listener_;
  bool accepted_any_ = false;
};

class SelfSource final : public Source {
 public:
  SelfSource(Session session, Listener listener)
      : session_(std::move(session)), listener_(std::move(listener)) {}
  std::string waiting_for() const override {
    return std::string(tr("the loopback connection to itself"));
  }
  std::variant<std::unique_ptr<Connection>, SetupError> next(
      std::optional<Millis> timeout) override {
    const Deadline deadline = deadline_after(timeout);
    // The handshake completes in the listener's backlog, before accept.
    auto client = connect_to(listener_.local(), deadline);
    if (auto* e = std::get_if<SetupError>(&client)) return std::move(*e);
    auto accepted = listener_.accept_one(deadline);
    if (auto* e = std::get_if<SetupError>(&accepted)) return std::move(*e);
    return std::make_unique<WinConnection>(session_, std::move(std::get<Socket>(accepted)),
                                           std::move(std::get<Socket>(client)), "accepted",
                                           listener_.local().endpoint(), listener_.take_resets());
  }

 private:
  Session session_;
  Listener listener_;
};

class ConnectSource final : public Source {
 public:
  ConnectSource(Session session, std::string host, std::uint16_t port,
                std::vector<Endpoint> endpoints)
      : session_(std::move(session)),
        host_(std::move(host)),
        port_(port),
        endpoints_(std::move(endpoints)) {}
  std::string waiting_for() const override {
    const bool v6 = host_.find(':') != std::string::npos && host_.front() != '[';
    return trf("the connection to {}",
               fmt::format("{}{}{}:{}", v6 ? "[" : "", host_, v6 ? "]" : "", port_));
  }
  // Tries each resolved address in turn; the error reported is the last one's,
  // the others are named in the message.
  std::variant<std::unique_ptr<Connection>, SetupError> next(
      std::optional<Millis> timeout) override {
    const Deadline deadline = deadline_after(timeout);
    std::optional<SetupError> last;
    std::string earlier;
    for (const Endpoint& e : endpoints_) {
      auto connected = connect_to(e, deadline);
      if (auto* s = std::get_if<Socket>(&connected))
        return std::make_unique<WinConnection>(session_, std::move(*s), Socket(), "connected");
      SetupError err = std::get<SetupError>(std::move(connected));
      if (err.kind != SetupError::Kind::failed) return err;
      if (last)
        earlier += fmt::format("{}{}", earlier.empty() ? "" : ", ",
                               trf("{} gave error {}", last->operation, last->code));
      last = std::move(err);
    }
    if (!last)
      return without_code(SetupError::Kind::failed, "connect " + host_,
                          std::string(tr("no address to try")));
    if (!earlier.empty()) last->message = append(last->message, trf("also tried: {}", earlier));
    return std::move(*last);
  }

 private:
  Session session_;
  std::string host_;
  std::uint16_t port_;
  std::vector<Endpoint> endpoints_;
};

class WinPlatform final : public Platform {
 public:
  Os os() const override { return Os::windows; }
  std::vector<Mode> modes() const override { return {Mode::sync, Mode::event, Mode::apc}; }
  std::vector<QueryKind> kinds() const override {
    return {QueryKind::records, QueryKind::context, QueryKind::original_dst};
  }
  Reason why_not(QueryKind) const override { return reason(ReasonKind::every_kind_on_windows); }
  Reason why_not(Mode) const override { return reason(ReasonKind::every_mode_on_windows); }

  std::variant<std::unique_ptr<Source>, SetupError> open(const Target& target) override {
    auto session = std::make_shared<WsaSession>();
    if (session->error() != 0) return failed("WSAStartup 2.2", session->error());
    if (const auto* listen = std::get_if<ListenTarget>(&target)) {
      if (listen->transparent)
        return without_code(SetupError::Kind::unsupported, "listen transparently",
                            "transparent listening (IP_TRANSPARENT, TPROXY) exists on Linux only");
      if (listen->at.port == 0)
        return without_code(SetupError::Kind::usage, "", std::string(tr(kPortZero)));
      auto l = Listener::open(to_winsock(listen->at));
      if (auto* e = std::get_if<SetupError>(&l)) return std::move(*e);
      return std::make_unique<ListenSource>(session, std::get<Listener>(std::move(l)));
    }
    if (const auto* connect = std::get_if<ConnectTarget>(&target)) {
      if (connect->host.empty() || connect->port == 0)
        return without_code(
            SetupError::Kind::usage, "",
            std::string(tr("a connection needs a host and a port from 1 to 65535")));
      auto resolved = resolve(connect->host, connect->port);
      if (auto* e = std::get_if<SetupError>(&resolved)) return std::move(*e);
      return std::make_unique<ConnectSource>(session, connect->host, connect->port,
                                             std::get<std::vector<Endpoint>>(std::move(resolved)));
    }
    auto l = Listener::open(to_winsock(IpEndpoint::v4({127, 0, 0, 1}, 0)));
    if (auto* e = std::get_if<SetupError>(&l)) return std::move(*e);
    return std::make_unique<SelfSource>(session, std::get<Listener>(std::move(l)));
  }

  std::variant<std::unique_ptr<UdpSource>, SetupError> open_udp(
      const ListenTarget& target) override {
    auto session = std::make_shared<WsaSession>();
    if (session->error() != 0) return failed("WSAStartup 2.2", session->error());
    return win32::open_udp(target, session);
  }

  void install_interrupt_handler() override { install_console_handler(); }
  bool interrupted() const override { return interrupt_raised(); }
  bool terminated() const override { return termination_raised(); }
};

}  // namespace

std::unique_ptr<Platform> Platform::create() { return std::make_unique<WinPlatform>(); }

}  // namespace wfpredir
