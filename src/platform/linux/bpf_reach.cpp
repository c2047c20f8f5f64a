// Rule E1 for this process's own connections (bpf_reach.h).
#include "platform/linux/bpf_reach.h"

#include <unistd.h>

#include <string>

#include "core/bpf_reach.h"
#include "platform/linux/bpf_inventory.h"
#include "platform/linux/local_addresses.h"
#include "platform/linux/sock_diag.h"

namespace wfpredir::linux_backend {
namespace {

struct Programs {
  Inventory inventory;
  std::string own_cgroup;
};

// Once per process (the relay reports from more than one thread; a static's
// initialisation is thread-safe). Programs attached later are not seen.
const Programs& programs() {
  static const Programs p = [] {
    Programs r;
    take_bpf_inventory(r.inventory);
    r.own_cgroup = process_cgroup(static_cast<std::uint32_t>(::getpid()));
    return r;
  }();
  return p;
}

}  // namespace

std::vector<BpfProgram> bpf_reaching_own(bool tcp, Family family, const IpEndpoint& peer) {
  const Programs& p = programs();
  if (p.inventory.bpf.empty()) return {};
  BpfReach reach;
  reach.tcp = tcp;
  reach.ipv4 = family == Family::ipv4;
  if (!p.own_cgroup.empty()) reach.cgroups.push_back(p.own_cgroup);
  reach.any_cgroup = address_is_local(peer).value_or(false);
  return bpf_reaching(reach, p.inventory.bpf);
}

}  // namespace wfpredir::linux_backend
