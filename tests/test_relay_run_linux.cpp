// Unit tests for run/relay_run: run_relay's steps through engine.h's
// drive_run, against the scripted platform of support.h. The connections are
// real loopback sockets, so the real loop forwards them to an upstream of the
// test's own that answers each with what it read; the source is the fake's, so
// a pause for want of descriptors and a listener's timeout come when the
// test says. The relay through real redirects: e2e/netns_relay*.sh.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "run/engine.h"
#include "run/relay_run.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

/// A listening socket on 127.0.0.1 and a free port.
int listen_loopback(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(fd, 16) == 0);
  socklen_t len = sizeof a;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  port = ntohs(a.sin_port);
  return fd;
}

int connect_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

/// Everything \p fd gives until its end of stream (or an error).
std::string read_all(int fd) {
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
  return got;
}

/// The upstream: answers each of \p n connections with "echo:" and what it
/// read up to the end of stream, then closes it.
class EchoUpstream {
 public:
  explicit EchoUpstream(int n) : listener_(listen_loopback(port)) {
    thread_ = std::thread([this, n] {
      for (int i = 0; i < n; ++i) {
        const int c = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) return;
        const std::string answer = "echo:" + read_all(c);
        (void)!::write(c, answer.data(), answer.size());
        ::close(c);
        ++served;
      }
    });
  }
  ~EchoUpstream() {
    ::shutdown(listener_, SHUT_RDWR);  // ends an accept still waiting
    thread_.join();
    ::close(listener_);
  }
  std::uint16_t port = 0;
  std::atomic<int> served{0};

 private:
  int listener_;
  std::thread thread_;
};

/// A connection whose socket is real: the accepted end of a loopback pair.
/// Its queries answer as a socket nobody redirected (ENOENT).
class SocketConnection final : public Connection {
 public:
  explicit SocketConnection(int fd) : fd_(fd) {}
  ~SocketConnection() override {
    if (fd_ >= 0) ::close(fd_);
  }
  ConnectionInfo info() const override { return fake_connection_info(); }
  Attempt issue(QueryKind, Mode, std::uint32_t out_size, Millis) override {
    return answer(out_size, 2, 0, {}, ErrorDomain::posix);
  }
  std::optional<std::uintptr_t> release_socket() override {
    return static_cast<std::uintptr_t>(std::exchange(fd_, -1));
  }

 private:
  int fd_;
};

/// A client connected to the test's listener, whose accepted end is queued
/// on \p p's source; \p request is sent and the client's sending side closed.
int queue_client(FakePlatform& p, int listener, std::uint16_t port, const std::string& request) {
  const int client = connect_loopback(port);
  const int accepted = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  REQUIRE(accepted >= 0);
  REQUIRE(::write(client, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
  ::shutdown(client, SHUT_WR);
  p.source->queue.emplace_back(std::make_unique<SocketConnection>(accepted));
  return client;
}

SetupError no_descriptors() {
  SetupError e;
  e.kind = SetupError::Kind::failed;
  e.operation = "accept 127.0.0.1:8080";
  e.domain = ErrorDomain::posix;
  e.code = 24;  // EMFILE
  return e;
}

struct RelayRun {
  Exit rc = Exit::ok;
  RelaySummary summary;
  std::vector<RelayReport> reports;
  std::string status;
};

RelayRun relay(FakePlatform& p, std::uint16_t upstream, unsigned count) {
  RelayOptions o;
  o.query.target = ListenTarget{ep("127.0.0.1:8080")};
  o.query.count = count;
  o.to_host = "127.0.0.1";
  o.to_port = upstream;
  o.threads = 1;
  RelayRun out;
  std::FILE* status = std::tmpfile();
  out.rc = run_relay(
      p, o, [&](const RelayReport& r) { out.reports.push_back(r); }, status, out.summary);
  std::rewind(status);
  char buf[8192] = {};
  out.status = std::string(buf, std::fread(buf, 1, sizeof buf - 1, status));
  std::fclose(status);
  return out;
}

}  // namespace

TEST_CASE("run_relay: each connection forwarded and reported; a pause for descriptors is no step",
          "[linux][relay]") {
  EchoUpstream upstream(2);
  std::uint16_t port = 0;
  const int listener = listen_loopback(port);
  FakePlatform p;
  const int first = queue_client(p, listener, port, "one");
  p.source->queue.emplace_back(no_descriptors());
  const int second = queue_client(p, listener, port, "two");

  const RelayRun r = relay(p, upstream.port, 2);
  CHECK(read_all(first) == "echo:one");
  CHECK(read_all(second) == "echo:two");
  ::close(first);
  ::close(second);
  ::close(listener);

  CHECK(r.rc == Exit::ok);
  // The pause took no index: the second connection is number 2, not 3.
  REQUIRE(r.reports.size() == 2);
  std::vector<unsigned> indexes{r.reports[0].query.index, r.reports[1].query.index};
  std::sort(indexes.begin(), indexes.end());
  CHECK(indexes == std::vector<unsigned>{1, 2});
  for (const RelayReport& report : r.reports) {
    CHECK(report.relay.end == RelayEnd::closed);
    CHECK(report.relay.to_upstream.bytes == 3);
    CHECK(report.relay.to_client.bytes == 8);
  }
  CHECK(r.summary.connections == 2);
  CHECK(r.summary.accept_pauses == 1);
  CHECK(r.summary.bytes_to_upstream == 6);
  CHECK(r.summary.bytes_to_client == 16);
  // The opening line once, though the pause came before the second step.
  CHECK(r.status.find("wfpredir: relaying a fake connection to 127.0.0.1:") == 0);
  CHECK(r.status.find("wfpredir: relaying", 1) == std::string::npos);
  CHECK(r.status.find("accepting pauses until descriptors free up") != std::string::npos);
}

TEST_CASE("run_relay: a listener's timeout ends the run once the connections in flight ended",
          "[linux][relay]") {
  EchoUpstream upstream(1);
  std::uint16_t port = 0;
  const int listener = listen_loopback(port);
  FakePlatform p;
  const int client = queue_client(p, listener, port, "ping");
  // --count 3: the fake source times out after the one connection it has.
  const RelayRun r = relay(p, upstream.port, 3);
  CHECK(read_all(client) == "echo:ping");
  ::close(client);
  ::close(listener);
  CHECK(r.rc == Exit::timed_out);
  REQUIRE(r.reports.size() == 1);
  CHECK(r.reports[0].relay.end == RelayEnd::closed);
  CHECK(r.summary.connections == 1);
  CHECK(r.status.find("wfpredir: error: ") != std::string::npos);
}

TEST_CASE("run_relay: a source that cannot be opened ends the run with its code",
          "[linux][relay]") {
  FakePlatform p;
  SetupError in_use;
  in_use.kind = SetupError::Kind::failed;
  in_use.operation = "bind 127.0.0.1:8080";
  in_use.domain = ErrorDomain::posix;
  in_use.code = 98;  // EADDRINUSE
  p.open_error = in_use;
  const RelayRun r = relay(p, 9, 1);
  CHECK(r.rc == exit_for(in_use, p));
  CHECK(r.reports.empty());
  CHECK(r.status.find("wfpredir: error: bind 127.0.0.1:8080") == 0);
}
