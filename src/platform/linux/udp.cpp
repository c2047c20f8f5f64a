// The Linux UDP source (udp.h): the socket, its options recorded as they
// returned, and one recvmsg per datagram after a sliced wait (sockets.h) so
// that --timeout and SIGINT end it.
#include "platform/linux/udp.h"

#include "platform/linux/bpf_reach.h"
#include "platform/linux/conntrack.h"
#include "platform/linux/local_addresses.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include <cerrno>
#include <vector>

#include "platform/linux/failure.h"
#include "platform/linux/fd.h"
#include "platform/linux/sockaddr.h"
#include "platform/linux/sockets.h"
#include "platform/udp_option.h"
#include "text/i18n.h"

namespace wfpredir::linux_backend {
namespace {

// Room for every control message wfpredir asks for, and more: the original
// destination takes CMSG_SPACE(sizeof(sockaddr_in6)) = 48 bytes.
constexpr std::size_t kControlSize = 1024;
// The largest UDP payload (over IPv4); a bigger IPv6 jumbogram is MSG_TRUNC.
constexpr std::size_t kPayloadSize = 65535;

constexpr CmsgLayout kNativeLayout = sizeof(std::size_t) == 8 ? kLinux64Cmsg : kLinux32Cmsg;

UdpOption set_bool(int fd, int level, int option, const char* name) {
  const int on = 1;
  errno = 0;
  return timed_setsockopt(
      name, level, option, sizeof on,
      [&] { return ::setsockopt(fd, level, option, &on, sizeof on); }, [] { return errno; });
}

class LinuxUdpSource final : public UdpSource {
 public:
  LinuxUdpSource(Fd fd, UdpSocketInfo info)
      : fd_(std::move(fd)),
        info_(std::move(info)),
        waiting_for_(trf("a datagram on {}", format_endpoint(info_.local))),
        payload_(kPayloadSize),
        control_(kControlSize) {}

  std::string waiting_for() const override { return waiting_for_; }
  UdpSocketInfo info() const override { return info_; }

  std::variant<Datagram, SetupError> receive(Mode mode, std::optional<Millis> timeout) override {
    const auto start = Clock::now();
    switch (wait_for(fd_.get(), POLLIN, deadline_after(timeout))) {
      case WaitResult::ready:
        break;
      case WaitResult::timed_out:
        return timed_out("recvmsg", start, waiting_for_);
      case WaitResult::interrupted:
        return interrupted_while(waiting_for_);
      case WaitResult::failed:
        return failed("poll", errno);
    }
    Datagram d;
    d.mode = mode;
    d.domain = ErrorDomain::posix;
    d.layout = kNativeLayout;
    d.control_offered = static_cast<std::uint32_t>(control_.size());
    SockAddr from;
    iovec iov{payload_.data(), payload_.size()};
    msghdr msg{};
    msg.msg_name = from.get();
    msg.msg_namelen = sizeof from.storage;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control_.data();
    msg.msg_controllen = control_.size();
    CallRecord c;
    c.function = "recvmsg";
    c.out_size = static_cast<std::uint32_t>(control_.size());
    errno = 0;
    const auto t0 = Clock::now();
    // MSG_DONTWAIT: poll said readable; a datagram dropped since (a bad
    // checksum) must not block the call past --timeout.
    const ssize_t n = ::recvmsg(fd_.get(), &msg, MSG_DONTWAIT);
    c.error = n < 0 ? errno : 0;
    c.ms = ms_since(t0);
    c.ret = n;
    if (n >= 0) c.bytes = static_cast<std::uint32_t>(msg.msg_controllen);
    c.notes = note(NoteKind::msg_flags, static_cast<std::uint32_t>(msg.msg_flags));
    d.calls.push_back(c);
    if (n < 0) {
      d.error = c.error;
      return d;
    }
    from.len = msg.msg_namelen;
    d.source = to_endpoint(from);
    d.size = static_cast<std::uint32_t>(n);
    d.flags = static_cast<std::uint32_t>(msg.msg_flags);
    d.data_truncated = (msg.msg_flags & MSG_TRUNC) != 0;
    d.control_truncated = (msg.msg_flags & MSG_CTRUNC) != 0;
    const std::size_t used = std::min<std::size_t>(msg.msg_controllen, control_.size());
    d.control.assign(control_.begin(), control_.begin() + static_cast<std::ptrdiff_t>(used));
    return d;
  }

  bool kernel_records(UdpReport& r) const override {
    if (!r.datagram.source || (!r.original_dst && !info_.local)) return false;
    // The flow's reply direction as this socket would send it: from the
    // address the datagram was delivered to (after any NAT) to its source.
    const IpEndpoint here = r.original_dst ? *r.original_dst : *info_.local;
    r.conntrack = lookup_socket_conntrack(kProtoUdp, here, *r.datagram.source);
    if (info_.transparent && r.original_dst) r.local_assigned = address_is_local(*r.original_dst);
    // The client's sendmsg/connect program, of its family (its address shows
    // it); a sender on this host is looked up by the address it sent from.
    r.bpf = bpf_reaching_own(false, r.datagram.source->normalised().family, *r.datagram.source,
                             here, &r.client);
    r.bpf_error = bpf_listing_error();
    return true;
  }

 private:
  Fd fd_;
  UdpSocketInfo info_;
  std::string waiting_for_;
  std::vector<std::uint8_t> payload_;
  std::vector<std::uint8_t> control_;
};

}  // namespace

std::variant<std::unique_ptr<UdpSource>, SetupError> open_udp(const ListenTarget& target) {
  if (target.at.port == 0)
    return unusable(std::string(tr("a UDP socket needs a port from 1 to 65535")));
  const SockAddr address = to_sockaddr(target.at);
  const std::string shown = format(address);
  Fd fd(::socket(address.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd) return failed(trf("socket for UDP {}", shown), errno);
  const bool v6 = address.family() == AF_INET6;
  UdpSocketInfo info;
  info.family = v6 ? Family::ipv6 : Family::ipv4;
  info.transparent = target.transparent;
  info.mechanism =
      target.transparent ? UdpMechanism::tproxy_origdstaddr : UdpMechanism::origdstaddr;
  if (target.transparent) {
    UdpOption t = v6 ? set_bool(fd.get(), SOL_IPV6, IPV6_TRANSPARENT, "IPV6_TRANSPARENT")
                     : set_bool(fd.get(), SOL_IP, IP_TRANSPARENT, "IP_TRANSPARENT");
    if (!t.ok())
      return failed(
          fmt::format("setsockopt {}", t.name), t.call.error,
          t.call.error == EPERM ? std::string(tr("a TPROXY socket needs CAP_NET_ADMIN")) : "");
    info.options.push_back(std::move(t));
  }
  // An IPv6 socket is dual-stack (net.ipv6.bindv6only 0): its IPv4
  // datagrams carry IP_ORIGDSTADDR, so both are asked for.
  info.options.push_back(set_bool(fd.get(), SOL_IP, IP_RECVORIGDSTADDR, "IP_RECVORIGDSTADDR"));
  if (v6)
    info.options.push_back(
        set_bool(fd.get(), SOL_IPV6, IPV6_RECVORIGDSTADDR, "IPV6_RECVORIGDSTADDR"));
  if (::bind(fd.get(), address.get(), address.len) != 0)
    return failed(fmt::format("bind UDP {}", shown), errno);
  SockAddr bound;
  if (::getsockname(fd.get(), bound.get(), &bound.len) != 0) return failed("getsockname", errno);
  info.local = to_endpoint(bound);
  return std::make_unique<LinuxUdpSource>(std::move(fd), std::move(info));
}

}  // namespace wfpredir::linux_backend
