// The Linux backend's Sources (sources.h): each turns a Target into
// connections, with what it knows about each one (ConnectionFacts).
#include "platform/linux/sources.h"

#include <netdb.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "platform/linux/connection.h"
#include "platform/linux/failure.h"
#include "platform/linux/sockets.h"
#include "text/i18n.h"

namespace wfpredir::linux_backend {
namespace {

class ListenSource final : public Source {
 public:
  ListenSource(Listener l, bool transparent)
      : listener_(std::move(l)),
        bound_(to_endpoint(listener_.bound)),
        transparent_(transparent),
        // A listener bound to one address gets only connections addressed to
        // it, so that address is their local address
        // (docs/winsock-contract.md#original-destination). A wildcard listener's
        // connections, and a TPROXY listener's (whose local address is the
        // intercepted destination), have their own: read per connection.
        read_local_(transparent || is_wildcard(listener_.bound)),
        waiting_for_(trf("a connection on {}", format(listener_.bound))) {}

  std::string waiting_for() const override { return waiting_for_; }

  std::variant<std::unique_ptr<Connection>, SetupError> next(
      std::optional<Millis> timeout) override {
    auto accepted = accept_one(listener_, deadline_after(timeout), Clock::now(), waiting_for_);
    if (auto* err = std::get_if<SetupError>(&accepted)) return std::move(*err);
    Accepted& a = std::get<Accepted>(accepted);
    ConnectionFacts facts;
    facts.side = "accepted";
    facts.peer = to_endpoint(a.peer);
    facts.listener = bound_;
    facts.transparent = transparent_;
    if (read_local_)
      read_local(a.fd.get(), facts);
    else
      facts.local = listener_.bound;
    return make_connection(std::move(a.fd), std::move(facts));
  }

 private:
  Listener listener_;
  std::optional<IpEndpoint> bound_;
  bool transparent_;
  bool read_local_;
  std::string waiting_for_;
};

class ConnectSource final : public Source {
 public:
  ConnectSource(std::string shown, std::vector<SockAddr> addresses)
      : waiting_for_(trf("the connection to {}", shown)), addresses_(std::move(addresses)) {}

  std::string waiting_for() const override { return waiting_for_; }

  std::variant<std::unique_ptr<Connection>, SetupError> next(
      std::optional<Millis> timeout) override {
    const auto start = Clock::now();
    const Deadline deadline = deadline_after(timeout);
    // Each resolved address in turn, as getaddrinfo ordered them; the last
    // failure is the one reported.
    std::optional<SetupError> last;
    for (const SockAddr& to : addresses_) {
      auto connected = connect_one(to, deadline, start, waiting_for_);
      if (auto* fd = std::get_if<Fd>(&connected)) {
        ConnectionFacts facts;
        facts.side = "connected";
        facts.peer = to_endpoint(to);  // a connected socket's peer is where it connected
        read_local(fd->get(), facts);
        return make_connection(std::move(*fd), std::move(facts));
      }
      last = std::move(std::get<SetupError>(connected));
      // A timeout or an interrupt ends the whole attempt.
      if (last->kind != SetupError::Kind::failed) break;
    }
    return std::move(*last);
  }

 private:
  std::string waiting_for_;
  std::vector<SockAddr> addresses_;
};

class SelfSource final : public Source {
 public:
  explicit SelfSource(Listener l) : listener_(std::move(l)), bound_(to_endpoint(listener_.bound)) {}

  std::string waiting_for() const override {
    return std::string(tr("the loopback connection to itself"));
  }

  std::variant<std::unique_ptr<Connection>, SetupError> next(
      std::optional<Millis> timeout) override {
    const auto start = Clock::now();
    const Deadline deadline = deadline_after(timeout);
    auto client = connect_one(listener_.bound, deadline, start, waiting_for());
    if (auto* err = std::get_if<SetupError>(&client)) return std::move(*err);
    auto accepted = accept_one(listener_, deadline, start, waiting_for());
    if (auto* err = std::get_if<SetupError>(&accepted)) return std::move(*err);
    Accepted& a = std::get<Accepted>(accepted);
    // The accepted socket is the one queried, as a proxy would; the client
    // end stays open with it so the connection is alive while it is queried.
    ConnectionFacts facts;
    facts.side = "accepted";
    facts.local = listener_.bound;  // bound to 127.0.0.1 itself, not a wildcard
    facts.peer = to_endpoint(a.peer);
    facts.listener = bound_;
    return make_connection(std::move(a.fd), std::move(facts), std::move(std::get<Fd>(client)));
  }

 private:
  Listener listener_;
  std::optional<IpEndpoint> bound_;
};

}  // namespace

std::variant<std::unique_ptr<Source>, SetupError> open_listen(const ListenTarget& target) {
  if (target.at.port == 0) return unusable(std::string(tr(kPortZero)));
  auto l = make_listener(to_sockaddr(target.at), target.transparent);
  if (auto* err = std::get_if<SetupError>(&l)) return std::move(*err);
  return std::make_unique<ListenSource>(std::move(std::get<Listener>(l)), target.transparent);
}

std::variant<std::unique_ptr<Source>, SetupError> open_connect(const ConnectTarget& target) {
  const bool v6_literal = target.host.find(':') != std::string::npos;
  const std::string shown = v6_literal ? fmt::format("[{}]:{}", target.host, target.port)
                                       : fmt::format("{}:{}", target.host, target.port);
  const std::string operation = trf("resolve {}", target.host);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const int rc =
      ::getaddrinfo(target.host.c_str(), std::to_string(target.port).c_str(), &hints, &found);
  if (rc != 0) {
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
  if (addresses.empty()) return failed(operation, 0, std::string(tr("no TCP address")));
  return std::make_unique<ConnectSource>(shown, std::move(addresses));
}

std::variant<std::unique_ptr<Source>, SetupError> open_self() {
  auto l = make_listener(to_sockaddr(IpEndpoint::v4({127, 0, 0, 1}, 0)), false);
  if (auto* err = std::get_if<SetupError>(&l)) return std::move(*err);
  return std::make_unique<SelfSource>(std::move(std::get<Listener>(l)));
}

}  // namespace wfpredir::linux_backend
