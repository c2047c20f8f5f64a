// Unit tests for the Linux backend with connections that netfilter really
// redirects: each case builds a private network namespace with REDIRECT or
// TPROXY rules on a thread of its own (root and nft needed, see in_netns()).
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "run/engine.h"
#include "support_linux.h"

using namespace wfpredir;
using namespace wfpredir::test;

TEST_CASE("netfilter REDIRECT: the original destination is read back, IPv4 and IPv6",
          "[linux][netns]") {
  struct Seen {
    std::string error;
    Attempt a4, a6, direct;
    ConnectionReport r4, direct_report;
  } s;
  in_netns(kRedirectRules, [&] {
    auto p = Platform::create();
    auto run = [&](const char* bind, const char* dial_to, std::uint16_t dial_port, Attempt& a,
                   ConnectionReport* r) {
      auto opened = p->open(listen_on(bind, 8080));
      if (!std::holds_alternative<std::unique_ptr<Source>>(opened))
        return void(s.error = std::string("listen ") + bind);
      const int client = dial(dial_to, dial_port);
      if (client < 0) return void(s.error = std::string("dial ") + dial_to);
      auto next = std::get<std::unique_ptr<Source>>(opened)->next(Millis(5000));
      if (!std::holds_alternative<std::unique_ptr<Connection>>(next))
        return void(s.error = "accept");
      auto& c = *std::get<std::unique_ptr<Connection>>(next);
      a = c.issue(QueryKind::original_dst, Mode::sync, 1024, Millis(5000));
      if (r != nullptr) {
        QueryOptions o;
        *r = query_connection(*p, c, o, 1);
      }
      ::close(client);
    };
    run("127.0.0.1", "127.0.0.1", 80, s.a4, &s.r4);
    run("::1", "::1", 80, s.a6, nullptr);
    run("127.0.0.1", "127.0.0.1", 8080, s.direct, &s.direct_report);
  });
  if (s.a4.calls.empty() && s.error.empty()) return;  // skipped
  REQUIRE(s.error.empty());

  CHECK(s.a4.error == 0);
  CHECK(format_endpoint(s.a4.original_dst) == "127.0.0.1:80");
  CHECK(s.a4.mechanism == "SO_ORIGINAL_DST");
  CHECK(s.a4.bytes == sizeof(sockaddr_in));
  REQUIRE(s.a4.data.size() == sizeof(sockaddr_in));
  CHECK(s.a4.data[0] == AF_INET);  // sin_family, little-endian
  CHECK(s.a4.data[2] == 0x00);     // sin_port 80, network order
  CHECK(s.a4.data[3] == 0x50);
  CHECK(s.a4.calls[0].out_size == 1024u);
  CHECK(s.r4.verdict == Verdict::redirected);
  CHECK(format_endpoint(s.r4.connection.local) == "127.0.0.1:8080");
  CHECK(format_endpoint(s.r4.connection.listener) == "127.0.0.1:8080");

  CHECK(s.a6.error == 0);
  CHECK(format_endpoint(s.a6.original_dst) == "[::1]:80");
  CHECK(s.a6.mechanism == "IP6T_SO_ORIGINAL_DST");
  CHECK(s.a6.bytes == sizeof(sockaddr_in6));

  // With NAT active conntrack tracks every connection, so a direct one answers
  // too: its original destination is the socket's own address.
  CHECK(s.direct.error == 0);
  CHECK(format_endpoint(s.direct.original_dst) == "127.0.0.1:8080");
  CHECK(format_endpoint(s.direct_report.connection.local) == "127.0.0.1:8080");
  CHECK(s.direct_report.verdict == Verdict::not_redirected);
}

TEST_CASE("TPROXY: a transparent listener reports its local address as the original destination",
          "[linux][netns]") {
  struct Seen {
    std::string error;
    Attempt a4, a6, direct;
    ConnectionReport r4, r6, direct_report;
  } s;
  in_netns(kTproxyRules, [&] {
    auto p = Platform::create();
    auto run = [&](const char* bind, int dial_port, Attempt& a, ConnectionReport& r) {
      auto opened = p->open(listen_on(bind, 8081, true));
      if (!std::holds_alternative<std::unique_ptr<Source>>(opened))
        return void(s.error = std::string("listen ") + bind);
      const int client = dial(bind, dial_port);
      if (client < 0) return void(s.error = std::string("dial ") + bind);
      auto next = std::get<std::unique_ptr<Source>>(opened)->next(Millis(5000));
      if (!std::holds_alternative<std::unique_ptr<Connection>>(next))
        return void(s.error = "accept");
      auto& c = *std::get<std::unique_ptr<Connection>>(next);
      a = c.issue(QueryKind::original_dst, Mode::sync, 1024, Millis(5000));
      r = query_connection(*p, c, QueryOptions{}, 1);
      ::close(client);
    };
    run("127.0.0.1", 80, s.a4, s.r4);
    run("::1", 80, s.a6, s.r6);
    run("127.0.0.1", 8081, s.direct, s.direct_report);
  });
  if (s.a4.calls.empty() && s.error.empty()) return;  // skipped
  INFO(s.error);
  REQUIRE(s.error.empty());

  for (const Attempt* a : {&s.a4, &s.a6, &s.direct}) {
    REQUIRE(a->calls.size() == 2);
    CHECK(a->calls[0].function == "getsockopt");
    CHECK(a->calls[0].error == ENOENT);  // TPROXY does not NAT
    CHECK(a->calls[1].function == "getsockname");
    CHECK(a->error == 0);
    CHECK(a->mechanism == "IP_TRANSPARENT local address");
  }
  CHECK(format_endpoint(s.a4.original_dst) == "127.0.0.1:80");
  CHECK(s.a4.bytes == sizeof(sockaddr_in));
  CHECK(format_endpoint(s.a6.original_dst) == "[::1]:80");
  CHECK(s.a6.bytes == sizeof(sockaddr_in6));
  CHECK(format_endpoint(s.direct.original_dst) == "127.0.0.1:8081");

  // The engine's judgement, from the listener's address the backend reports.
  CHECK(format_endpoint(s.r4.connection.listener) == "127.0.0.1:8081");
  CHECK(format_endpoint(s.r4.connection.local) == "127.0.0.1:80");
  CHECK(s.r4.verdict == Verdict::redirected);
  CHECK(format_endpoint(s.r6.connection.listener) == "[::1]:8081");
  CHECK(s.r6.verdict == Verdict::redirected);
  CHECK(s.direct_report.verdict == Verdict::not_redirected);
}

TEST_CASE("dual-stack listener on [::]: direct and redirected, IPv4 and IPv6", "[linux][netns]") {
  struct Case {
    const char* dial_to;
    std::uint16_t dial_port;
    std::string local, original;  // as format_endpoint shows them
    Verdict verdict;
  };
  const std::vector<Case> cases = {
      {"127.0.0.1", 8080, "[::ffff:127.0.0.1]:8080", "127.0.0.1:8080", Verdict::not_redirected},
      {"127.0.0.1", 80, "[::ffff:127.0.0.1]:8080", "127.0.0.1:80", Verdict::redirected},
      {"::1", 8080, "[::1]:8080", "[::1]:8080", Verdict::not_redirected},
      {"::1", 80, "[::1]:8080", "[::1]:80", Verdict::redirected},
  };
  std::string error;
  std::vector<ConnectionReport> seen;
  const bool ran = in_netns(kRedirectRules, [&] {
    auto p = Platform::create();
    // In the namespace, so the wildcard listener is reachable over its loopback only.
    auto opened = p->open(listen_on("::", 8080));
    if (!std::holds_alternative<std::unique_ptr<Source>>(opened))
      return void(error = "listen [::]:8080");
    auto& source = *std::get<std::unique_ptr<Source>>(opened);
    for (const Case& c : cases) {
      const int client = dial(c.dial_to, c.dial_port);
      if (client < 0) return void(error = std::string("dial ") + c.dial_to);
      auto next = source.next(Millis(5000));
      if (!std::holds_alternative<std::unique_ptr<Connection>>(next)) return void(error = "accept");
      seen.push_back(
          query_connection(*p, *std::get<std::unique_ptr<Connection>>(next), QueryOptions{}, 1));
      ::close(client);
    }
  });
  if (!ran) return;
  INFO(error);
  REQUIRE(error.empty());
  REQUIRE(seen.size() == cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO(cases[i].dial_to << " port " << cases[i].dial_port);
    const ConnectionReport& r = seen[i];
    CHECK(r.connection.family == Family::ipv6);
    CHECK(format_endpoint(r.connection.listener) == "[::]:8080");
    CHECK(format_endpoint(r.connection.local) == cases[i].local);
    const Attempt* a = r.queries.back().final_attempt();
    REQUIRE(a != nullptr);
    CHECK(a->error == 0);
    CHECK(format_endpoint(a->original_dst) == cases[i].original);
    // conntrack files a v4-mapped connection under IPv4.
    CHECK(a->mechanism ==
          (std::string(cases[i].dial_to) == "::1" ? "IP6T_SO_ORIGINAL_DST" : "SO_ORIGINAL_DST"));
    CHECK(r.verdict == cases[i].verdict);
  }
}
