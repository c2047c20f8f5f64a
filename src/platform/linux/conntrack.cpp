// ctnetlink over a raw NETLINK_NETFILTER socket (conntrack.h).
#include "platform/linux/conntrack.h"

#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

#include "platform/linux/fd.h"

namespace wfpredir::linux_backend {
namespace {

// model/conntrack.cpp writes these numbers without Linux headers; they are the kernel's.
static_assert(NFNL_SUBSYS_CTNETLINK == 1 && IPCTNL_MSG_CT_NEW == 0 && IPCTNL_MSG_CT_GET == 1);
static_assert(CTA_TUPLE_ORIG == 1 && CTA_TUPLE_REPLY == 2 && CTA_STATUS == 3 && CTA_MARK == 8 &&
              CTA_ID == 12 && CTA_ZONE == 18);
static_assert(CTA_TUPLE_IP == 1 && CTA_TUPLE_PROTO == 2);
static_assert(CTA_IP_V4_SRC == 1 && CTA_IP_V4_DST == 2 && CTA_IP_V6_SRC == 3 && CTA_IP_V6_DST == 4);
static_assert(CTA_PROTO_NUM == 1 && CTA_PROTO_SRC_PORT == 2 && CTA_PROTO_DST_PORT == 3);
static_assert(NLMSG_ERROR == 2 && NLM_F_REQUEST == 1 && NLA_F_NESTED == (1 << 15));
static_assert(AF_INET == 2 && AF_INET6 == 10 && ENOENT == 2 && EPROTO == 71);

ConntrackLookup cannot(const char* operation, int error) {
  ConntrackLookup r;
  r.outcome = ConntrackOutcome::cannot_ask;
  r.error = error;
  r.operation = operation;
  return r;
}

// Whether \p datagram answers request \p seq: a message without its sequence
// number is not ours (a late answer to an earlier request on the same socket).
bool answers(std::span<const std::uint8_t> datagram, std::uint32_t seq) {
  if (datagram.size() < sizeof(nlmsghdr)) return true;
  nlmsghdr h;
  std::memcpy(&h, datagram.data(), sizeof h);
  return h.nlmsg_seq == seq;
}

}  // namespace

ConntrackLookup lookup_conntrack(const ConntrackTuple& tuple, std::uint16_t zone) {
  // One socket per thread, opened at its first lookup and kept: the relay asks
  // once per connection, and a lookup then needs no free descriptor of its
  // own. (Not measurably faster: docs/relay.md, "Against haproxy".) A failed
  // send or receive drops it, so the next lookup starts on a new one. The
  // namespace is the one the thread was in at its first lookup; wfpredir
  // never changes namespace.
  thread_local Fd fd;
  if (!fd) {
    fd = Fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER));
    if (!fd) return cannot("socket(AF_NETLINK, NETLINK_NETFILTER)", errno);
    // The kernel answers a GET at once; a bound on the wait keeps a wedged
    // kernel from holding the report.
    const timeval limit{2, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  }
  // The relay accepts on one thread and reports on another: one counter for both.
  static std::atomic<std::uint32_t> next_seq{1};
  const std::uint32_t seq = next_seq.fetch_add(1, std::memory_order_relaxed);
  const auto request = conntrack_get_request(tuple, zone, seq);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(fd.get(), request.data(), request.size(), 0, reinterpret_cast<sockaddr*>(&kernel),
               sizeof kernel) < 0) {
    const int error = errno;
    fd.reset();
    return cannot("sendto (ctnetlink GET)", error);
  }
  std::array<std::uint8_t, 16384> buffer;  // not zeroed: recv says how much it wrote
  for (;;) {
    const ssize_t got = ::recv(fd.get(), buffer.data(), buffer.size(), 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      fd.reset();
      return cannot("recv (ctnetlink GET)", error);
    }
    const auto datagram =
        std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(got));
    // The socket is kept, so an answer that came after an earlier lookup gave
    // up waiting can still be queued.
    if (!answers(datagram, seq)) continue;
    return parse_conntrack_reply(datagram);
  }
}

ConntrackLookup lookup_socket_conntrack(std::uint8_t protocol, const IpEndpoint& local,
                                        const IpEndpoint& peer, std::uint16_t zone) {
  return lookup_conntrack(ConntrackTuple{protocol, local, peer}, zone);
}

ConntrackTable dump_conntrack() {
  Fd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER));
  if (!fd) return ConntrackTable(cannot("socket(AF_NETLINK, NETLINK_NETFILTER)", errno));
  // The kernel fills each datagram while we read; the bound only guards a wedged kernel.
  const timeval limit{5, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  static std::atomic<std::uint32_t> next_seq{1};
  const std::uint32_t seq = next_seq.fetch_add(1, std::memory_order_relaxed);
  const auto request = conntrack_dump_request(seq);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(fd.get(), request.data(), request.size(), 0, reinterpret_cast<sockaddr*>(&kernel),
               sizeof kernel) < 0)
    return ConntrackTable(cannot("sendto (ctnetlink dump)", errno));
  // A dump datagram holds at most 32 KiB (the kernel's netlink dump buffer);
  // MSG_TRUNC gives the real length, so a longer one is refused, not cut.
  std::vector<std::uint8_t> buffer(64 * 1024);
  std::vector<ConntrackEntry> entries;
  for (;;) {
    const ssize_t got = ::recv(fd.get(), buffer.data(), buffer.size(), MSG_TRUNC);
    if (got < 0) {
      if (errno == EINTR) continue;
      return ConntrackTable(cannot("recv (ctnetlink dump)", errno));
    }
    if (static_cast<std::size_t>(got) > buffer.size())
      return ConntrackTable(cannot("recv (ctnetlink dump): datagram truncated", EMSGSIZE));
    const auto datagram =
        std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(got));
    if (!answers(datagram, seq)) continue;
    const ConntrackDumpStep step = parse_conntrack_dump(datagram, entries);
    if (step.failure) return ConntrackTable(*step.failure);
    if (step.done) return ConntrackTable(std::move(entries));
  }
}

}  // namespace wfpredir::linux_backend
