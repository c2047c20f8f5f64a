// Unit tests of the Linux backend's original-destination query through its
// seam (platform/linux/sockopt_seam.h): every answer netfilter and TPROXY can
// give, a v4-mapped local address and short optlen answers, without root or
// rules. The sockets are real (so that they can be closed); the calls that
// read the original destination and the local address are the fake's.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "platform/linux/connection.h"
#include "platform/linux/original_dst.h"
#include "platform/linux/sockopt_seam.h"
#include "run/engine.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::linux_backend;
using wfpredir::test::ep;
using wfpredir::test::words;

namespace {

constexpr int kSoOriginalDst = 80;  // SO_ORIGINAL_DST and IP6T_SO_ORIGINAL_DST

/// Answers getsockopt and getsockname as told, and remembers how it was asked.
struct FakeSockopt : SystemSockopt {
  int error = ENOENT;                   ///< 0: success, with `answer`
  std::vector<std::uint8_t> answer;     ///< copied into the buffer (at most optlen bytes)
  std::optional<socklen_t> answer_len;  ///< optlen written back; unset leaves it as passed
  std::optional<SockAddr> local;        ///< getsockname's answer; unset fails with EBADF
  int level = -1, name = -1, calls = 0;
  socklen_t passed = 0;

  int get_option(int, int lvl, int nm, void* value, socklen_t* length) override {
    ++calls;
    level = lvl;
    name = nm;
    passed = *length;
    if (error != 0) {
      errno = error;
      return -1;
    }
    std::memcpy(value, answer.data(), std::min<std::size_t>(answer.size(), *length));
    if (answer_len) *length = *answer_len;
    return 0;
  }
  int local_name(int, sockaddr* address, socklen_t* length) override {
    if (!local) {
      errno = EBADF;
      return -1;
    }
    std::memcpy(address, &local->storage, std::min(*length, local->len));
    *length = local->len;
    return 0;
  }
};

/// Installs a provider for one test case and puts the kernel back after it.
struct UseProvider {
  explicit UseProvider(SockoptProvider& p) : previous(set_sockopt_provider(&p)) {}
  ~UseProvider() { set_sockopt_provider(previous); }
  UseProvider(const UseProvider&) = delete;
  UseProvider& operator=(const UseProvider&) = delete;
  SockoptProvider* previous;
};

std::vector<std::uint8_t> bytes_of(const SockAddr& a) {
  const auto* raw = reinterpret_cast<const std::uint8_t*>(&a.storage);
  return {raw, raw + a.len};
}

/// A real socket to stand for the connection (the fake answers for it).
Fd some_socket(int family = AF_INET) { return Fd(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0)); }

/// What a listener on \p listener that accepted a connection to \p local knows.
ConnectionFacts accepted(const char* local, const char* listener, bool transparent = false) {
  ConnectionFacts f;
  f.side = "accepted";
  f.local = to_sockaddr(ep(local));
  f.peer = ep("127.0.0.1:40000");
  f.listener = ep(listener);
  f.transparent = transparent;
  return f;
}

ConnectionReport report_for(Connection& c) {
  auto p = Platform::create();
  return query_connection(*p, c, QueryOptions{}, 1);
}

}  // namespace

TEST_CASE("seam: ENOENT means conntrack has no entry (unknown), ENOPROTOOPT that it cannot answer",
          "[linux]") {
  FakeSockopt fake;
  UseProvider use(fake);
  for (int error : {ENOENT, ENOPROTOOPT}) {
    fake.error = error;
    auto c = make_connection(some_socket(), accepted("127.0.0.1:8080", "127.0.0.1:8080"));
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(1000));
    CHECK(fake.level == SOL_IP);
    CHECK(fake.name == kSoOriginalDst);
    CHECK(fake.passed == 1024u);
    REQUIRE(a.calls.size() == 1);
    CHECK(a.calls[0].ret == -1);
    CHECK(a.calls[0].error == error);
    CHECK(a.error == error);
    CHECK(a.domain == ErrorDomain::posix);
    CHECK_FALSE(a.original_dst);
    CHECK(a.mechanism.empty());
    CHECK(report_for(*c).verdict == (error == ENOENT ? Verdict::unknown : Verdict::unsupported));
  }
  // Any other error is no evidence either way.
  fake.error = EBADF;
  auto c = make_connection(some_socket(), accepted("127.0.0.1:8080", "127.0.0.1:8080"));
  CHECK(report_for(*c).verdict == Verdict::unknown);
}

TEST_CASE("seam: a NATed answer is one sockaddr though optlen comes back as passed", "[linux]") {
  FakeSockopt fake;
  UseProvider use(fake);
  fake.error = 0;
  fake.answer = bytes_of(to_sockaddr(ep("127.0.0.1:80")));  // 16 bytes; optlen left at 1024
  auto c = make_connection(some_socket(), accepted("127.0.0.1:8080", "127.0.0.1:8080"));
  const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(1000));
  REQUIRE(a.calls.size() == 1);
  CHECK(a.calls[0].bytes == 1024u);  // the raw optlen, as the call returned it
  CHECK_THAT(words(a.calls[0].notes),
             Catch::Contains("optlen came back as passed") && Catch::Contains("16-byte sockaddr"));
  CHECK(a.error == 0);
  CHECK(a.bytes == 16);
  CHECK(a.data == fake.answer);
  CHECK(format_endpoint(a.original_dst) == "127.0.0.1:80");
  CHECK(a.mechanism == "SO_ORIGINAL_DST");
  CHECK(report_for(*c).verdict == Verdict::redirected);

  // IPv6: SOL_IPV6, a 28-byte sockaddr_in6.
  fake.answer = bytes_of(to_sockaddr(ep("[::1]:80")));
  auto c6 = make_connection(some_socket(AF_INET6), accepted("[::1]:8080", "[::1]:8080"));
  const Attempt a6 = c6->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(1000));
  CHECK(fake.level == SOL_IPV6);
  CHECK(fake.name == kSoOriginalDst);
  CHECK(a6.bytes == 28);
  CHECK(format_endpoint(a6.original_dst) == "[::1]:80");
  CHECK(a6.mechanism == "IP6T_SO_ORIGINAL_DST");
}

TEST_CASE("seam: a v4-mapped local address asks SOL_IP and compares as IPv4", "[linux]") {
  FakeSockopt fake;
  UseProvider use(fake);
  fake.error = 0;
  // A dual-stack listener on [::]:8080: an IPv4 client's connection has the
  // local address ::ffff:127.0.0.1, and conntrack files it under IPv4.
  fake.local = to_sockaddr(ep("[::ffff:127.0.0.1]:8080"));
  ConnectionFacts facts;
  facts.side = "accepted";
  facts.listener = ep("[::]:8080");
  read_local(0, facts);  // through the seam, as ListenSource does for a wildcard listener
  REQUIRE(facts.local_call);
  CHECK(facts.local_call->function == "getsockname");
  CHECK(facts.local_call->ret == 0);

  SECTION("straight to 127.0.0.1:8080: not redirected (the text compare called it redirected)") {
    fake.answer = bytes_of(to_sockaddr(ep("127.0.0.1:8080")));
    auto c = make_connection(some_socket(AF_INET6), facts);
    CHECK(c->info().family == Family::ipv6);
    CHECK(format_endpoint(c->info().local) == "[::ffff:127.0.0.1]:8080");
    const ConnectionReport r = report_for(*c);
    CHECK(fake.level == SOL_IP);
    CHECK(fake.name == kSoOriginalDst);
    CHECK(format_endpoint(r.queries.back().final_attempt()->original_dst) == "127.0.0.1:8080");
    CHECK(r.verdict == Verdict::not_redirected);
  }
  SECTION("redirected from 127.0.0.1:80") {
    fake.answer = bytes_of(to_sockaddr(ep("127.0.0.1:80")));
    auto c = make_connection(some_socket(AF_INET6), facts);
    const ConnectionReport r = report_for(*c);
    CHECK(fake.level == SOL_IP);
    CHECK(r.verdict == Verdict::redirected);
    CHECK_THAT(words(r.verdict_reason), Catch::Contains("127.0.0.1:80"));
  }
  SECTION("a plain IPv6 local address on the same listener asks SOL_IPV6") {
    fake.local = to_sockaddr(ep("[::1]:8080"));
    read_local(0, facts);
    fake.answer = bytes_of(to_sockaddr(ep("[::1]:8080")));
    auto c = make_connection(some_socket(AF_INET6), facts);
    const ConnectionReport r = report_for(*c);
    CHECK(fake.level == SOL_IPV6);
    CHECK(r.verdict == Verdict::not_redirected);
  }
}

TEST_CASE("seam: short and overlong optlen answers are read no further than they go", "[linux]") {
  FakeSockopt fake;
  UseProvider use(fake);
  fake.error = 0;
  const auto full = bytes_of(to_sockaddr(ep("127.0.0.1:80")));

  SECTION("optlen 8: shorter than a sockaddr_in, no address is read") {
    fake.answer = full;
    fake.answer_len = 8;
    auto c = make_connection(some_socket(), accepted("127.0.0.1:8080", "127.0.0.1:8080"));
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(1000));
    CHECK(a.error == 0);
    CHECK(a.calls[0].bytes == 8u);
    CHECK(a.bytes == 8);
    CHECK(a.data == std::vector<std::uint8_t>(full.begin(), full.begin() + 8));
    CHECK_FALSE(a.original_dst);
    CHECK_THAT(words(a.calls[0].notes), Catch::Contains("shorter than a socket address"));
  }
  SECTION("optlen 0 on success: nothing to read") {
    fake.answer = full;
    fake.answer_len = 0;
    auto c = make_connection(some_socket(), accepted("127.0.0.1:8080", "127.0.0.1:8080"));
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(1000));
    CHECK(a.bytes == 0);
    CHECK(a.data.empty());
    CHECK_FALSE(a.original_dst);
  }
  SECTION("optlen larger than the buffer: only the buffer is read") {
    fake.answer = full;
    fake.answer_len = 4096;
    auto c = make_connection(some_socket(), accepted("127.0.0.1:8080", "127.0.0.1:8080"));
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 16, Millis(1000));
    CHECK(fake.passed == 16u);
    CHECK(a.calls[0].bytes == 4096u);
    CHECK_THAT(words(a.calls[0].notes), Catch::Contains("larger than the buffer"));
    CHECK(a.bytes == 16);
    CHECK(format_endpoint(a.original_dst) == "127.0.0.1:80");
  }
  SECTION("a buffer smaller than a sockaddr_in: EINVAL, as conntrack answers") {
    fake.error = EINVAL;
    auto c = make_connection(some_socket(), accepted("127.0.0.1:8080", "127.0.0.1:8080"));
    for (std::uint32_t size : {0u, 2u}) {
      const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, size, Millis(1000));
      CHECK(fake.passed == size);
      CHECK(a.calls[0].out_size == size);
      CHECK(a.calls[0].bytes == size);
      CHECK(a.error == EINVAL);
    }
  }
  SECTION("an answer of another family is kept as bytes, without an address") {
    std::vector<std::uint8_t> other(16, 0);
    other[0] = AF_UNIX;
    fake.answer = other;
    auto c = make_connection(some_socket(), accepted("127.0.0.1:8080", "127.0.0.1:8080"));
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 16, Millis(1000));
    CHECK(a.bytes == 16);
    CHECK_FALSE(a.original_dst);
    CHECK_THAT(words(a.calls[0].notes), Catch::Contains("not an IPv4 or IPv6 socket address"));
  }
}

TEST_CASE("seam: TPROXY answers with the local address read once at accept", "[linux]") {
  FakeSockopt fake;
  UseProvider use(fake);
  for (int error : {ENOENT, ENOPROTOOPT}) {
    INFO(error);
    fake.error = error;
    // The transparent listener on 127.0.0.1:8081 got a connection for 127.0.0.1:80.
    fake.local = to_sockaddr(ep("127.0.0.1:80"));
    ConnectionFacts facts = accepted("0.0.0.0:1", "127.0.0.1:8081", true);
    read_local(0, facts);
    auto c = make_connection(some_socket(), facts);
    CHECK(format_endpoint(c->info().local) == "127.0.0.1:80");
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(1000));
    REQUIRE(a.calls.size() == 2);
    CHECK(a.calls[0].function == "getsockopt");
    CHECK(a.calls[0].error == error);
    CHECK(a.calls[1].function == "getsockname");
    CHECK(a.calls[1].ret == 0);
    CHECK(a.calls[1].bytes == 16u);
    CHECK_THAT(words(a.calls[1].notes), Catch::Contains("TPROXY") && Catch::Contains("read once"));
    CHECK(a.error == 0);
    CHECK(a.bytes == 16);
    CHECK(format_endpoint(a.original_dst) == "127.0.0.1:80");
    CHECK(a.mechanism == kTproxyMechanism);
    CHECK(report_for(*c).verdict == Verdict::redirected);

    // Straight to the transparent listener: its own address, not redirected.
    fake.local = to_sockaddr(ep("127.0.0.1:8081"));
    read_local(0, facts);
    auto direct = make_connection(some_socket(), facts);
    CHECK(report_for(*direct).verdict == Verdict::not_redirected);
  }
  SECTION("another getsockopt error is not a TPROXY answer") {
    fake.error = EINVAL;
    fake.local = to_sockaddr(ep("127.0.0.1:80"));
    ConnectionFacts facts = accepted("0.0.0.0:1", "127.0.0.1:8081", true);
    read_local(0, facts);
    auto c = make_connection(some_socket(), facts);
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(1000));
    CHECK(a.calls.size() == 1);
    CHECK(a.error == EINVAL);
    CHECK_FALSE(a.original_dst);
  }
  SECTION("a local address that could not be read leaves the getsockopt error") {
    fake.error = ENOENT;
    fake.local.reset();  // getsockname fails with EBADF
    ConnectionFacts facts = accepted("0.0.0.0:1", "127.0.0.1:8081", true);
    read_local(0, facts);
    CHECK(facts.local.len == 0);
    auto c = make_connection(some_socket(), facts);
    CHECK_FALSE(c->info().local);
    const Attempt a = c->issue(QueryKind::original_dst, Mode::sync, 1024, Millis(1000));
    REQUIRE(a.calls.size() == 2);
    CHECK(a.calls[1].error == EBADF);
    CHECK(a.error == ENOENT);
    CHECK_FALSE(a.original_dst);
  }
}

TEST_CASE("seam: only the original destination in sync mode is issued", "[linux]") {
  FakeSockopt fake;
  UseProvider use(fake);
  auto c = make_connection(some_socket(), accepted("127.0.0.1:8080", "127.0.0.1:8080"));
  for (auto [kind, mode] : {std::pair{QueryKind::records, Mode::sync},
                            std::pair{QueryKind::original_dst, Mode::event}}) {
    const Attempt a = c->issue(kind, mode, 1024, Millis(1000));
    CHECK(a.error == EOPNOTSUPP);
    CHECK(a.calls.empty());
  }
  CHECK(fake.calls == 0);
}

TEST_CASE("seam: set_sockopt_provider hands back the previous provider", "[linux]") {
  FakeSockopt a, b;
  CHECK(set_sockopt_provider(&a) == nullptr);
  CHECK(&sockopt_provider() == &a);
  CHECK(set_sockopt_provider(&b) == &a);
  CHECK(set_sockopt_provider(nullptr) == &b);
  CHECK(dynamic_cast<SystemSockopt*>(&sockopt_provider()) != nullptr);
}
