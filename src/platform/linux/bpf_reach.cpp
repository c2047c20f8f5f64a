// Rule E1 for this process's own connections (bpf_reach.h).
#include "platform/linux/bpf_reach.h"

#include <unistd.h>

#include <string>
#include <string_view>

#include "analysis/bpf_reach.h"
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

// The process holding the client's end of an accepted TCP connection, or the
// socket a UDP datagram came from: the socket of \p protocol whose local end
// is \p peer and whose remote end is \p local (for UDP, also an unconnected
// one) (connections' sock_diag dump and /proc/PID/fd table, sock_diag.h).
ClientLookup find_client(std::string_view protocol, const IpEndpoint& peer,
                         const IpEndpoint& local) {
  ClientLookup out;
  InventoryError error;
  const auto rows = dump_inet_sockets(error);
  if (!rows) {
    out.reason = "the socket dump failed: " + error.message;
    return out;
  }
  const SocketRow* client = nullptr;
  for (const SocketRow& r : *rows)
    if (r.protocol == protocol && same_endpoint(r.local, peer) &&
        (r.remote ? same_endpoint(*r.remote, local) : protocol == "udp"))
      client = &r;
  if (!client) {
    out.reason = protocol == "udp"
                     ? "no UDP socket here is bound to the sender's address (closed, or another "
                       "namespace)"
                     : "no socket here has the reversed 4-tuple (closed, or another namespace)";
    return out;
  }
  bool partial = false;
  const auto inodes = socket_inodes(partial);
  const auto it = inodes.find(client->inode);
  if (client->inode == 0 || it == inodes.end() || it->second.empty()) {
    out.reason = partial ? "its owner's /proc/PID/fd is not readable (not permitted)"
                         : "no process holds its socket (the process is gone)";
    return out;
  }
  const std::uint32_t pid = it->second.front().pid;
  out.process = ClientProcess{pid, process_command(pid), process_cgroup(pid)};
  if (out.process->cgroup.empty()) out.reason = "its /proc/PID/cgroup has no cgroup v2 line";
  return out;
}

}  // namespace

const std::optional<InventoryError>& bpf_listing_error() { return programs().inventory.bpf_error; }

std::vector<BpfProgram> bpf_reaching_own(bool tcp, Family family, const IpEndpoint& peer,
                                         const std::optional<IpEndpoint>& accepted_on,
                                         std::optional<ClientLookup>* client) {
  const Programs& p = programs();
  if (p.inventory.bpf.empty()) return {};
  BpfReach reach;
  reach.tcp = tcp;
  reach.ipv4 = family == Family::ipv4;
  if (!p.own_cgroup.empty()) reach.cgroups.push_back(p.own_cgroup);
  reach.any_cgroup = address_is_local(peer).value_or(false);
  if (reach.any_cgroup && accepted_on && client) {
    ClientLookup found = find_client(tcp ? "tcp" : "udp", peer, *accepted_on);
    if (found.process && !found.process->cgroup.empty()) {
      // Its cgroup is known: only programs on its path (or ours) count.
      reach.any_cgroup = false;
      reach.cgroups.push_back(found.process->cgroup);
      for (const BpfProgram& b : p.inventory.bpf)
        if (can_redirect(b) &&
            (b.attach_type == (reach.ipv4 ? "connect4" : "connect6") ||
             (!tcp && b.attach_type == (reach.ipv4 ? "sendmsg4" : "sendmsg6"))) &&
            cgroup_under(found.process->cgroup, b.attach_point))
          found.on_path = true;
    }
    *client = std::move(found);
  }
  return bpf_reaching(reach, p.inventory.bpf);
}

}  // namespace wfpredir::linux_backend
