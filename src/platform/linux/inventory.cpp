// Linux inventory: the netfilter rules that redirect (nftables' JSON, which
// also shows iptables-nft rules) and the policy routing TPROXY needs. The
// programs are run directly (posix_spawnp, no shell), their output parsed by
// parse/netfilter_parse.cpp.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "model/inventory.h"
#include "platform/inventory.h"
#include "platform/linux/bpf_inventory.h"
#include "platform/linux/fd.h"
#include "text/i18n.h"

extern char** environ;

namespace wfpredir {
namespace {

struct Run {
  int spawn_error = 0;  ///< errno of posix_spawnp (ENOENT: not installed)
  int status = -1;      ///< exit status, -1 when it did not exit normally
  std::string out;      ///< standard output and error, together
};

Run run(std::vector<std::string> argv) {
  Run r;
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) {
    r.spawn_error = errno;
    return r;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 2);
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  r.spawn_error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipefd[1]);
  if (r.spawn_error == 0) {
    char buf[65536];
    for (;;) {
      const ssize_t n = ::read(pipefd[0], buf, sizeof buf);
      if (n > 0) {
        // A ruleset is small; a runaway program is not read for ever.
        if (r.out.size() < (64u << 20)) r.out.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      break;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  ::close(pipefd[0]);
  return r;
}

std::string first_line(const std::string& s) {
  const auto nl = s.find('\n');
  return s.substr(0, nl);
}

std::optional<InventoryError> failure_of(const std::string& what, const Run& r) {
  if (r.spawn_error != 0)
    return InventoryError{what, ErrorDomain::posix, r.spawn_error,
                          r.spawn_error == ENOENT ? std::string(tr("the program is not installed"))
                                                  : std::string(std::strerror(r.spawn_error)),
                          false};
  if (r.status == 0) return std::nullopt;
  const std::string line = first_line(r.out);
  const bool denied = line.find("Operation not permitted") != std::string::npos ||
                      line.find("Permission denied") != std::string::npos;
  return InventoryError{what, ErrorDomain::posix, denied ? EPERM : 0,
                        line.empty() ? trf("exit status {}", r.status) : line, denied};
}

// SO_ORIGINAL_DST on the accepted end of a loopback connection in \p family:
// ENOENT says conntrack tracks the family (no entry for a direct connection),
// ENOPROTOOPT that nothing answers for it.
using linux_backend::Fd;

NatCheck check_nat(int family) {
  NatCheck c;
  c.family = family == AF_INET ? "ipv4" : "ipv6";
  sockaddr_storage ss{};
  socklen_t len = 0;
  if (family == AF_INET) {
    auto& a = reinterpret_cast<sockaddr_in&>(ss);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof a;
  } else {
    auto& a = reinterpret_cast<sockaddr_in6&>(ss);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    len = sizeof a;
  }
  auto* sa = reinterpret_cast<sockaddr*>(&ss);
  Fd listener(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!listener || ::bind(listener.get(), sa, len) != 0 || ::listen(listener.get(), 1) != 0 ||
      ::getsockname(listener.get(), sa, &len) != 0) {
    c.detail = trf("no loopback listener in this family: {}", std::strerror(errno));
    return c;
  }
  Fd client(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!client || ::connect(client.get(), sa, len) != 0) {
    c.detail = trf("no loopback connection in this family: {}", std::strerror(errno));
    return c;
  }
  Fd accepted(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (!accepted) {
    c.detail = trf("accept failed: {}", std::strerror(errno));
    return c;
  }
  sockaddr_storage dst{};
  socklen_t dst_len = sizeof dst;
  constexpr int kSoOriginalDst = 80;  // SO_ORIGINAL_DST and IP6T_SO_ORIGINAL_DST
  const int rc = ::getsockopt(accepted.get(), family == AF_INET ? SOL_IP : SOL_IPV6, kSoOriginalDst,
                              &dst, &dst_len);
  c.ran = true;
  c.error = rc == 0 ? 0 : errno;
  c.detail = family == AF_INET ? "getsockopt(SOL_IP, SO_ORIGINAL_DST) on 127.0.0.1"
                               : "getsockopt(SOL_IPV6, IP6T_SO_ORIGINAL_DST) on ::1";
  return c;
}

}  // namespace

Inventory take_inventory() {
  Inventory inv;
  inv.has_netfilter = true;
  const Run nft = run({"nft", "-j", "list", "ruleset"});
  if (auto e = failure_of("nft -j list ruleset", nft)) {
    inv.netfilter_error = std::move(e);
  } else {
    std::string error;
    if (auto rules = parse_nft_ruleset(nft.out, error)) {
      inv.netfilter = std::move(*rules);
    } else {
      inv.netfilter_error =
          InventoryError{"nft -j list ruleset", ErrorDomain::posix, 0, error, false};
    }
  }
  // Policy routing matters only for TPROXY; it is read in both families.
  std::set<std::pair<std::string, std::string>> tables;
  for (const auto& [flag, family] : {std::pair{"-4", "ipv4"}, std::pair{"-6", "ipv6"}}) {
    const Run rules = run({"ip", "-j", flag, "rule", "show"});
    if (auto e = failure_of(std::string("ip -j ") + flag + " rule show", rules)) {
      inv.routing_error = std::move(e);
      continue;
    }
    std::string error;
    if (auto parsed = parse_ip_rules(rules.out, family, error)) {
      for (RouteRule& rr : *parsed) {
        if (rr.fwmark) tables.insert({flag, rr.table});
        inv.route_rules.push_back(std::move(rr));
      }
    }
  }
  for (const auto& [flag, table] : tables) {
    const Run routes = run({"ip", "-j", flag, "route", "show", "table", table, "type", "local"});
    if (routes.status == 0 && has_local_default_route(routes.out))
      inv.local_route_tables.push_back(table);
  }
  inv.nat_checks = {check_nat(AF_INET), check_nat(AF_INET6)};
  linux_backend::take_bpf_inventory(inv);
  return inv;
}

}  // namespace wfpredir
