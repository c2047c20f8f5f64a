#pragma once
/// \file bpf_reach.h
/// Which of the eBPF programs that can redirect reach a given connection
/// (docs/verdicts.md, "eBPF", rule E1). One rule for `connections`, `query`,
/// `query --connect`, `query --udp` and `relay`: a program that may have
/// rewritten the destination leaves no conntrack trace, so a connection it
/// reaches is never called not-redirected.

#include <string>
#include <vector>

#include "model/inventory.h"

namespace wfpredir {

/// What is known of a connection's ends, for bpf_reaching.
struct BpfReach {
  bool tcp = true;   ///< TCP (connect4/6); false: UDP (sendmsg4/6, and connect4/6 when connected)
  bool ipv4 = true;  ///< the socket's own family (a dual-stack IPv6 socket runs connect6)
  /// The cgroup v2 paths of the local processes at either end that are known.
  std::vector<std::string> cgroups;
  /// An end is (or may be) a process on this host whose cgroup is not known
  /// (a local client of `query`): a program on any cgroup may reach it.
  bool any_cgroup = false;
};

/// Whether a program attached to cgroup \p at reaches a process in cgroup
/// \p cgroup: \p at is \p cgroup or one of its ancestors ("/" is everyone's).
bool cgroup_under(const std::string& cgroup, const std::string& at);

/// The \p programs that can reach such a connection: sk_lookup on this
/// namespace; a connect (TCP) or connect/sendmsg (UDP) program of the family
/// on a cgroup at or above one of \p reach's cgroups (a program applies to
/// the cgroup's descendants too), or on any cgroup with any_cgroup.
std::vector<BpfProgram> bpf_reaching(const BpfReach& reach,
                                     const std::vector<BpfProgram>& programs);

/// The reason a verdict that would be not-redirected becomes unknown when
/// bpf_reaching named programs (English; translated where it is shown).
inline constexpr const char* kBpfUnknownReason =
    "eBPF programs that can rewrite the destination are attached where they reach this "
    "connection: conntrack shows no trace of such a redirect";

}  // namespace wfpredir
