#pragma once
/// \file tc_filters.h
/// Where tc (traffic control) eBPF programs are attached: the `bpf` filters
/// of every interface's clsact (or ingress) qdisc in this network namespace,
/// read with an rtnetlink filter dump per interface and direction
/// (RTM_GETTFILTER, as `tc filter show dev IF ingress` asks). No privilege
/// is needed to read them. tcx links (Linux 6.6) are not read.

#include <cstdint>
#include <map>
#include <string>

namespace wfpredir::linux_backend {

struct TcAttachment {
  std::string interface;  ///< the interface's name
  std::string direction;  ///< "ingress" or "egress"
};

/// Program id -> each interface and direction whose filters run it. Empty
/// when there are none or the dump failed (the inventory then says
/// "interface not determined").
std::multimap<std::uint32_t, TcAttachment> tc_bpf_attachments();

}  // namespace wfpredir::linux_backend
