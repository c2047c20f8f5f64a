// The eBPF inventory (bpf_inventory.h). Programs are listed by id
// (bpf_prog_get_next_id, bpf_obj_get_info_by_fd); their attach points are
// asked where the kernel can answer cheaply: every cgroup of the cgroup2
// tree for the sock_addr attach types, this network namespace for sk_lookup
// (bpf_prog_query on the object's fd), and each interface's tc bpf filters
// for tc programs (tc_filters.h); a tc program found on none is said to be
// "interface not determined" (a tcx link, or a filter elsewhere).
#include "platform/linux/bpf_inventory.h"

#include <bpf/bpf.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "platform/linux/fd.h"
#include "platform/linux/tc_filters.h"
#include "text/i18n.h"

namespace wfpredir::linux_backend {
namespace {

struct AttachType {
  bpf_attach_type type;
  const char* name;
};
constexpr AttachType kSockAddr[] = {
    {BPF_CGROUP_INET4_CONNECT, "connect4"},         {BPF_CGROUP_INET6_CONNECT, "connect6"},
    {BPF_CGROUP_UDP4_SENDMSG, "sendmsg4"},          {BPF_CGROUP_UDP6_SENDMSG, "sendmsg6"},
    {BPF_CGROUP_INET4_GETPEERNAME, "getpeername4"}, {BPF_CGROUP_INET6_GETPEERNAME, "getpeername6"},
    {BPF_CGROUP_INET4_GETSOCKNAME, "getsockname4"}, {BPF_CGROUP_INET6_GETSOCKNAME, "getsockname6"},
};

const char* type_name(std::uint32_t type) {
  switch (type) {
    case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
      return "cgroup_sock_addr";
    case BPF_PROG_TYPE_SK_LOOKUP:
      return "sk_lookup";
    case BPF_PROG_TYPE_SCHED_CLS:
      return "sched_cls";
    case BPF_PROG_TYPE_SCHED_ACT:
      return "sched_act";
    default:
      return nullptr;  // cannot redirect a connection: not listed
  }
}

InventoryError error_of(const char* operation, int err) {
  const bool denied = err == EPERM || err == EACCES;
  return InventoryError{operation, ErrorDomain::posix, err, std::strerror(err), denied};
}

// The ids of the programs attached at \p type to the object \p fd.
std::vector<std::uint32_t> attached(int fd, bpf_attach_type type) {
  std::vector<std::uint32_t> ids(64);
  for (;;) {
    __u32 count = static_cast<__u32>(ids.size());
    __u32 flags = 0;
    const int rc = bpf_prog_query(fd, type, 0, &flags, ids.data(), &count);
    if (rc == -ENOSPC && count > ids.size()) {
      ids.resize(count);
      continue;
    }
    if (rc != 0) return {};
    ids.resize(count);
    return ids;
  }
}

// Program id -> (attach type, cgroup path) for every cgroup of the tree.
std::multimap<std::uint32_t, std::pair<std::string, std::string>> cgroup_attachments(
    const std::string& root) {
  std::multimap<std::uint32_t, std::pair<std::string, std::string>> out;
  auto visit = [&](const std::filesystem::path& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return;
    std::string rel = "/" + dir.lexically_relative(root).generic_string();
    if (rel == "/.") rel = "/";
    for (const AttachType& t : kSockAddr)
      for (std::uint32_t id : attached(fd.get(), t.type)) out.insert({id, {t.name, rel}});
  };
  visit(root);
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(
           root, std::filesystem::directory_options::skip_permission_denied, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) visit(it->path());
  }
  return out;
}

}  // namespace

std::string cgroup2_mount() {
  std::ifstream mounts("/proc/self/mounts");
  std::string line;
  while (std::getline(mounts, line)) {
    std::istringstream fields(line);
    std::string device, point, type;
    if ((fields >> device >> point >> type) && type == "cgroup2") return point;
  }
  return {};
}

void take_bpf_inventory(Inventory& inv) {
  inv.has_bpf = true;
  struct Found {
    std::uint32_t id;
    std::string name;
    std::uint32_t type;
  };
  std::vector<Found> found;
  std::uint32_t id = 0;
  for (;;) {
    const int rc = bpf_prog_get_next_id(id, &id);
    if (rc == -ENOENT) break;
    if (rc != 0) {
      inv.bpf_error = error_of("bpf_prog_get_next_id", -rc);
      return;
    }
    Fd fd(bpf_prog_get_fd_by_id(id));
    if (!fd) {
      if (errno == ENOENT) continue;  // unloaded meanwhile
      inv.bpf_error = error_of("bpf_prog_get_fd_by_id", errno);
      return;
    }
    bpf_prog_info info{};
    __u32 len = sizeof info;
    if (const int irc = bpf_obj_get_info_by_fd(fd.get(), &info, &len); irc != 0) {
      inv.bpf_error = error_of("bpf_obj_get_info_by_fd", -irc);
      return;
    }
    if (type_name(info.type) != nullptr) found.push_back({id, info.name, info.type});
  }
  if (found.empty()) return;
  const std::string root = cgroup2_mount();
  const auto cgroups =
      root.empty() ? decltype(cgroup_attachments(root)){} : cgroup_attachments(root);
  std::vector<std::uint32_t> lookups;
  if (Fd netns(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)); netns)
    lookups = attached(netns.get(), BPF_SK_LOOKUP);
  const bool any_tc = std::any_of(found.begin(), found.end(), [](const Found& f) {
    return f.type == BPF_PROG_TYPE_SCHED_CLS || f.type == BPF_PROG_TYPE_SCHED_ACT;
  });
  const auto tc = any_tc ? tc_bpf_attachments() : decltype(tc_bpf_attachments()){};
  for (const Found& f : found) {
    BpfProgram p{f.id, f.name, type_name(f.type), "", "", ""};
    if (f.type == BPF_PROG_TYPE_CGROUP_SOCK_ADDR) {
      const auto [first, last] = cgroups.equal_range(f.id);
      if (first == last) {
        p.attach_note = "not-attached";
        inv.bpf.push_back(p);
      }
      for (auto it = first; it != last; ++it) {
        p.attach_type = it->second.first;
        p.attach_point = it->second.second;
        inv.bpf.push_back(p);
      }
    } else if (f.type == BPF_PROG_TYPE_SK_LOOKUP) {
      if (std::find(lookups.begin(), lookups.end(), f.id) != lookups.end()) {
        p.attach_type = "sk_lookup";
        p.attach_point = "netns";
      } else {
        p.attach_note = "not-attached";
      }
      inv.bpf.push_back(p);
    } else {
      // tc: attach_type "tc-ingress"/"tc-egress", attach_point the interface.
      const auto [first, last] = tc.equal_range(f.id);
      if (first == last) {
        p.attach_note = "interface-not-determined";
        inv.bpf.push_back(p);
      }
      for (auto it = first; it != last; ++it) {
        p.attach_type = "tc-" + it->second.direction;
        p.attach_point = it->second.interface;
        inv.bpf.push_back(p);
      }
    }
  }
}

}  // namespace wfpredir::linux_backend
