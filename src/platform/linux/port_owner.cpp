// Linux: who listens on a TCP port. /proc/net/tcp{,6} gives the socket's
// inode; the process is the one with a /proc/PID/fd link to socket:[inode]
// (all of them are readable as root; otherwise only our own user's).
#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "model/port_owner.h"
#include "platform/inventory.h"
#include "text/i18n.h"

namespace wfpredir {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The pid whose descriptor table holds socket:[inode], or 0.
std::uint32_t pid_of_inode(std::uint64_t inode, bool& denied) {
  const std::string want = "socket:[" + std::to_string(inode) + "]";
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return 0;
  std::uint32_t found = 0;
  while (dirent* d = ::readdir(proc)) {
    const std::string name = d->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string fd_dir = "/proc/" + name + "/fd";
    DIR* fds = ::opendir(fd_dir.c_str());
    if (fds == nullptr) {
      denied = true;
      continue;
    }
    while (dirent* f = ::readdir(fds)) {
      char target[64] = {};
      const std::string link = fd_dir + "/" + f->d_name;
      const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
      if (n > 0 && want == std::string(target, static_cast<std::size_t>(n))) {
        found = static_cast<std::uint32_t>(std::stoul(name));
        break;
      }
    }
    ::closedir(fds);
    if (found != 0) break;
  }
  ::closedir(proc);
  return found;
}

}  // namespace

std::vector<PortOwner> find_port_owners(std::uint16_t port) {
  std::vector<PortOwner> out;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    for (const ProcTcpListener& l : parse_proc_net_tcp(slurp(table), port)) {
      PortOwner o;
      o.listening_on = l.local;
      bool denied = false;
      o.pid = l.inode != 0 ? pid_of_inode(l.inode, denied) : 0;
      if (o.pid != 0) {
        o.process = slurp("/proc/" + std::to_string(o.pid) + "/comm");
        while (!o.process.empty() && o.process.back() == '\n') o.process.pop_back();
      } else {
        o.why_unknown = denied
                            ? tr("its process is not visible to this user (run as root to see it)")
                            : tr("no process holds it (it may be closing)");
      }
      out.push_back(std::move(o));
    }
  }
  return out;
}

}  // namespace wfpredir
