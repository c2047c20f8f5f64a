// Which eBPF programs reach a connection (bpf_reach.h).
#include "analysis/bpf_reach.h"

#include <algorithm>

namespace wfpredir {

bool cgroup_under(const std::string& cgroup, const std::string& at) {
  if (at.empty()) return false;  // not attached
  if (at == "/" || cgroup == at) return true;
  return cgroup.size() > at.size() && cgroup.compare(0, at.size(), at) == 0 &&
         cgroup[at.size()] == '/';
}

std::vector<BpfProgram> bpf_reaching(const BpfReach& reach,
                                     const std::vector<BpfProgram>& programs) {
  // A program on a cgroup applies to every cgroup below it.
  auto under = [&](const std::string& at) {
    if (reach.any_cgroup || at == "/") return true;
    return std::any_of(reach.cgroups.begin(), reach.cgroups.end(),
                       [&](const std::string& c) { return cgroup_under(c, at); });
  };
  const std::string connect = reach.ipv4 ? "connect4" : "connect6";
  const std::string sendmsg = reach.ipv4 ? "sendmsg4" : "sendmsg6";
  std::vector<BpfProgram> out;
  for (const BpfProgram& p : programs) {
    if (!can_redirect(p)) continue;
    const bool hooks = p.attach_type == connect || (!reach.tcp && p.attach_type == sendmsg);
    if (p.attach_type == "sk_lookup" || (hooks && under(p.attach_point))) out.push_back(p);
  }
  return out;
}

}  // namespace wfpredir
