// tc bpf filters per interface (tc_filters.h). The layout: an RTM_NEWTFILTER
// message is a struct tcmsg and attributes; TCA_KIND is "bpf" for cls_bpf, and
// its TCA_OPTIONS nest holds TCA_BPF_ID, the program's id (linux/pkt_cls.h,
// linux/rtnetlink.h; the kernel's cls_bpf_dump in its cls_bpf source).
#include "platform/linux/tc_filters.h"

#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "platform/linux/fd.h"
#include "platform/linux/netlink_dump.h"

namespace wfpredir::linux_backend {
namespace {

// The attributes of [p, p + len): type -> payload, in order.
template <class F>
void each_attr(const char* p, std::size_t len, F&& f) {
  std::size_t at = 0;
  while (at + sizeof(nlattr) <= len) {
    nlattr a;
    std::memcpy(&a, p + at, sizeof a);
    if (a.nla_len < sizeof(nlattr) || at + a.nla_len > len) return;
    f(static_cast<std::uint16_t>(a.nla_type & NLA_TYPE_MASK), p + at + NLA_HDRLEN,
      a.nla_len - NLA_HDRLEN);
    at += NLA_ALIGN(a.nla_len);
  }
}

// The bpf programs of one interface's filters under \p parent; false when the dump failed.
bool dump_filters(int fd, unsigned ifindex, std::uint32_t parent, std::uint32_t seq,
                  std::vector<std::uint32_t>& ids) {
  tcmsg tc{};
  tc.tcm_family = AF_UNSPEC;
  tc.tcm_ifindex = static_cast<int>(ifindex);
  tc.tcm_parent = parent;
  if (!send_dump(fd, RTM_GETTFILTER, seq, tc)) return false;
  const DumpStep end =
      walk_dump(fd, true, [&](const nlmsghdr& h, const char* body, std::size_t body_len) {
        if (h.nlmsg_seq != seq) return DumpStep::next;
        if (h.nlmsg_type == NLMSG_DONE) return DumpStep::done;
        if (h.nlmsg_type == NLMSG_ERROR) {
          int code = 0;
          if (body_len >= sizeof code) std::memcpy(&code, body, sizeof code);
          return code == 0 ? DumpStep::done : DumpStep::failed;
        }
        if (h.nlmsg_type != RTM_NEWTFILTER || body_len < NLMSG_ALIGN(sizeof(tcmsg)))
          return DumpStep::next;
        const char* attrs = body + NLMSG_ALIGN(sizeof(tcmsg));
        const std::size_t attrs_len = body_len - NLMSG_ALIGN(sizeof(tcmsg));
        bool is_bpf = false;
        each_attr(attrs, attrs_len, [&](std::uint16_t type, const char* p, std::size_t l) {
          if (type == TCA_KIND) is_bpf = std::string_view(p, strnlen(p, l)) == "bpf";
        });
        if (!is_bpf) return DumpStep::next;
        each_attr(attrs, attrs_len, [&](std::uint16_t type, const char* p, std::size_t l) {
          if (type != TCA_OPTIONS) return;
          each_attr(p, l, [&](std::uint16_t t, const char* q, std::size_t ql) {
            if (t != TCA_BPF_ID || ql < 4) return;
            std::uint32_t id;
            std::memcpy(&id, q, 4);
            ids.push_back(id);
          });
        });
        return DumpStep::next;
      });
  return end == DumpStep::done;
}

}  // namespace

std::multimap<std::uint32_t, TcAttachment> tc_bpf_attachments() {
  std::multimap<std::uint32_t, TcAttachment> out;
  Fd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
  if (!fd) return out;
  const timeval limit{2, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  struct if_nameindex* names = ::if_nameindex();
  if (names == nullptr) return out;
  std::uint32_t seq = 1;
  for (const struct if_nameindex* i = names; i->if_index != 0; ++i) {
    // clsact's two hooks (an ingress qdisc answers the first).
    for (const auto& [minor, direction] :
         {std::pair{TC_H_MIN_INGRESS, "ingress"}, std::pair{TC_H_MIN_EGRESS, "egress"}}) {
      std::vector<std::uint32_t> ids;
      if (!dump_filters(fd.get(), i->if_index, TC_H_MAKE(TC_H_CLSACT, minor), ++seq, ids)) continue;
      for (const std::uint32_t id : ids) out.emplace(id, TcAttachment{i->if_name, direction});
    }
  }
  ::if_freenameindex(names);
  return out;
}

}  // namespace wfpredir::linux_backend
