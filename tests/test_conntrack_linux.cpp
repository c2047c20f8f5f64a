// The ctnetlink lookup (platform/linux/conntrack.h) against the real kernel:
// a redirected and a direct connection in a private namespace with a nat
// rule, and a tuple nobody uses (root and nft needed, see in_netns()).
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include "model/conntrack.h"
#include "platform/linux/conntrack.h"
#include "platform/linux/sockaddr.h"
#include "support.h"
#include "support_linux.h"

using namespace wfpredir;
using namespace wfpredir::test;
using wfpredir::linux_backend::lookup_conntrack;
using wfpredir::linux_backend::lookup_socket_conntrack;

namespace {

// The accepted socket's two ends, as getsockname/getpeername give them.
std::pair<IpEndpoint, IpEndpoint> ends_of(int fd) {
  linux_backend::SockAddr l{{}, sizeof(sockaddr_storage)}, p{{}, sizeof(sockaddr_storage)};
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&l.storage), &l.len);
  ::getpeername(fd, reinterpret_cast<sockaddr*>(&p.storage), &p.len);
  return {*linux_backend::to_endpoint(l), *linux_backend::to_endpoint(p)};
}

}  // namespace

TEST_CASE("ctnetlink lookup: a REDIRECTed connection, a direct one, and no entry",
          "[linux][netns]") {
  ConntrackLookup redirected, direct, none, connecting;
  std::string error;
  const bool ran = in_netns(kRedirectRules, [&] {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(8080);
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0 ||
        ::listen(listener, 4) != 0)
      return void(error = "listen 127.0.0.1:8080");
    for (const std::uint16_t port : {std::uint16_t{80}, std::uint16_t{8080}}) {
      const int client = dial("127.0.0.1", port);
      const int accepted = ::accept(listener, nullptr, nullptr);
      if (client < 0 || accepted < 0) return void(error = "dial/accept");
      const auto [local, peer] = ends_of(accepted);
      (port == 80 ? redirected : direct) = lookup_socket_conntrack(kProtoTcp, local, peer);
      if (port == 80) {
        const auto [clocal, cpeer] = ends_of(client);
        connecting = lookup_socket_conntrack(kProtoTcp, clocal, cpeer);
      }
      ::close(accepted);
      ::close(client);
    }
    none = lookup_conntrack({kProtoTcp, ep("127.0.0.1:1"), ep("127.0.0.1:2")});
    ::close(listener);
  });
  if (!ran) return;
  INFO(error);
  REQUIRE(error.empty());

  INFO("errno " << redirected.error << " in " << redirected.operation << " " << redirected.detail);
  REQUIRE(redirected.outcome == ConntrackOutcome::found);
  CHECK(redirected.entry->original.dst == ep("127.0.0.1:80"));
  CHECK(redirected.entry->reply.src == ep("127.0.0.1:8080"));
  CHECK(redirected.entry->dst_nat_bit());
  CHECK(redirected.entry->seen_reply());
  CHECK(redirected.entry->destination_rewritten());
  CHECK_FALSE(redirected.entry->source_rewritten());
  // The connecting side finds the same entry, by its original direction.
  REQUIRE(connecting.outcome == ConntrackOutcome::found);
  CHECK(connecting.entry->original == redirected.entry->original);
  CHECK(connecting.entry->id == redirected.entry->id);

  REQUIRE(direct.outcome == ConntrackOutcome::found);
  CHECK_FALSE(direct.entry->destination_rewritten());
  CHECK_FALSE(direct.entry->dst_nat_bit());

  CHECK(none.outcome == ConntrackOutcome::no_entry);
  CHECK(none.error == ENOENT);
}
