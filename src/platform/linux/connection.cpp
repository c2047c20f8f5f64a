// The Linux backend's Connection (connection.h): the facts a source handed
// over, turned into ConnectionInfo, and the original-destination query.
#include "platform/linux/connection.h"

#include <cerrno>
#include <utility>

#include "platform/linux/bpf_reach.h"
#include "platform/linux/conntrack.h"
#include "platform/linux/local_addresses.h"
#include "platform/linux/original_dst.h"
#include "platform/linux/sockopt_seam.h"
#include "platform/wait.h"

namespace wfpredir::linux_backend {
namespace {

class LinuxConnection final : public Connection {
 public:
  LinuxConnection(Fd fd, ConnectionFacts facts, Fd peer_end)
      : fd_(std::move(fd)), peer_end_(std::move(peer_end)), facts_(std::move(facts)) {
    info_.side = facts_.side;
    info_.family = facts_.local.family() == AF_INET6 ? Family::ipv6 : Family::ipv4;
    info_.local = to_endpoint(facts_.local);
    info_.peer = facts_.peer;
    // The engine compares the original destination with it: under TPROXY the
    // local address is the original destination, and only differing from the
    // listener's own address shows the connection was intercepted.
    info_.listener = facts_.listener;
    info_.transparent = facts_.transparent;
    // The kernel's own records, asked once when the connection is handed over
    // (docs/verdicts.md): conntrack's entry, and for a transparent listener
    // whether the local address is one of this namespace's.
    if (info_.local && info_.peer)
      info_.conntrack = lookup_socket_conntrack(kProtoTcp, *info_.local, *info_.peer);
    if (info_.transparent && info_.local) info_.local_assigned = address_is_local(*info_.local);
    // eBPF programs that may have rewritten it unseen (docs/verdicts.md, E1).
    // The family whose connect program ran is the connecting socket's: ours
    // with --connect, else the client's, as its address shows.
    if (info_.peer) {
      std::optional<ClientLookup> client;
      info_.bpf = bpf_reaching_own(
          true, info_.side == "connected" ? info_.family : info_.peer->normalised().family,
          *info_.peer, info_.side == "connected" ? std::nullopt : info_.local, &client);
      info_.client = std::move(client);
      info_.bpf_error = bpf_listing_error();
    }
  }

  ConnectionInfo info() const override { return info_; }

  Attempt issue(QueryKind kind, Mode mode, std::uint32_t out_size, Millis) override {
    if (kind != QueryKind::original_dst || mode != Mode::sync) {
      // kinds()/modes() keep the engine from asking; answer as the system would.
      Attempt a;
      a.out_size = out_size;
      a.domain = ErrorDomain::posix;
      a.error = EOPNOTSUPP;
      return a;
    }
    return query_original_dst(fd_.get(), facts_, out_size);
  }

  std::optional<std::uintptr_t> release_socket() override {
    if (!fd_ || peer_end_) return std::nullopt;
    return static_cast<std::uintptr_t>(fd_.release());
  }

 private:
  Fd fd_;
  Fd peer_end_;
  ConnectionFacts facts_;
  ConnectionInfo info_;
};

}  // namespace

void read_local(int fd, ConnectionFacts& facts) {
  SockAddr here;
  const auto start = Clock::now();
  const int ret = sockopt_provider().local_name(fd, here.get(), &here.len);
  const int error = ret == 0 ? 0 : errno;
  facts.local_call = CallRecord{"getsockname",
                                std::nullopt,
                                static_cast<std::uint32_t>(sizeof(sockaddr_storage)),
                                ret,
                                error,
                                here.len,
                                ms_since(start),
                                note(NoteKind::local_address)};
  if (ret != 0) here.len = 0;
  facts.local = here;
}

std::unique_ptr<Connection> make_connection(Fd fd, ConnectionFacts facts, Fd peer_end) {
  return std::make_unique<LinuxConnection>(std::move(fd), std::move(facts), std::move(peer_end));
}

}  // namespace wfpredir::linux_backend
