// Unit tests for analysis/bpf_reach (rule E1, docs/verdicts.md): which eBPF
// programs reach a connection, and the verdict they turn for query/relay.
#include <catch2/catch.hpp>

#include "analysis/bpf_reach.h"
#include "analysis/verdict.h"
#include "support.h"

using namespace wfpredir;
using wfpredir::test::given;
using wfpredir::test::words;

namespace {

BpfProgram program(std::uint32_t id, std::string attach_type, std::string at) {
  BpfProgram p;
  p.id = id;
  p.name = "p" + std::to_string(id);
  p.type = attach_type == "sk_lookup" ? "sk_lookup" : "cgroup_sock_addr";
  p.attach_type = std::move(attach_type);
  p.attach_point = std::move(at);
  return p;
}

std::vector<std::uint32_t> ids(const std::vector<BpfProgram>& ps) {
  std::vector<std::uint32_t> out;
  for (const BpfProgram& p : ps) out.push_back(p.id);
  return out;
}

}  // namespace

TEST_CASE("bpf_reaching: a connect program on the cgroup path of a known end") {
  const std::vector<BpfProgram> programs{
      program(1, "connect4", "/app"),   program(2, "connect4", "/app/web"),
      program(3, "connect4", "/other"), program(4, "connect6", "/app"),
      program(5, "sendmsg4", "/app"),   program(6, "getpeername4", "/app"),
      program(7, "connect4", "/ap"),    program(8, "connect4", ""),  // not attached
  };
  BpfReach r;
  r.cgroups = {"/app/web"};
  // Itself, its parent; not a sibling, not a prefix that is not a parent,
  // not another family, not UDP's sendmsg for TCP, not a hiding-only hook.
  CHECK(ids(bpf_reaching(r, programs)) == std::vector<std::uint32_t>{1, 2});
  SECTION("UDP counts sendmsg and connect (a connected UDP socket)") {
    r.tcp = false;
    CHECK(ids(bpf_reaching(r, programs)) == std::vector<std::uint32_t>{1, 2, 5});
  }
  SECTION("IPv6 counts connect6") {
    r.ipv4 = false;
    CHECK(ids(bpf_reaching(r, programs)) == std::vector<std::uint32_t>{4});
  }
  SECTION("a local end whose cgroup is unknown: any cgroup") {
    r.cgroups.clear();
    r.any_cgroup = true;
    CHECK(ids(bpf_reaching(r, programs)) == std::vector<std::uint32_t>{1, 2, 3, 7});
  }
  SECTION("no known cgroup and a remote peer: none") {
    r.cgroups.clear();
    CHECK(bpf_reaching(r, programs).empty());
  }
}

TEST_CASE("bpf_reaching: the root cgroup and sk_lookup reach every connection") {
  const std::vector<BpfProgram> programs{program(1, "connect4", "/"),
                                         program(2, "sk_lookup", "netns")};
  BpfReach r;  // no cgroup known at all
  CHECK(ids(bpf_reaching(r, programs)) == std::vector<std::uint32_t>{1, 2});
}

TEST_CASE("weigh_bpf: only not-redirected turns unknown, with the eBPF reason") {
  const std::vector<BpfProgram> some{program(1, "connect4", "/app")};
  VerdictResult v{Verdict::not_redirected, given("conntrack: no NAT")};
  weigh_bpf(v, {});
  CHECK(v.verdict == Verdict::not_redirected);
  weigh_bpf(v, some);
  CHECK(v.verdict == Verdict::unknown);
  CHECK(words(v.reasons).find("eBPF") != std::string::npos);
  for (const Verdict kept : {Verdict::redirected, Verdict::unknown, Verdict::unsupported}) {
    VerdictResult w{kept, given("why")};
    weigh_bpf(w, some);
    CHECK(w.verdict == kept);
    CHECK(words(w.reasons) == "why");
  }
}

TEST_CASE("cgroup_under: the cgroup itself and its ancestors, never a sibling or a prefix") {
  CHECK(cgroup_under("/app/web", "/app/web"));
  CHECK(cgroup_under("/app/web", "/app"));
  CHECK(cgroup_under("/app/web", "/"));
  CHECK(cgroup_under("/", "/"));
  CHECK_FALSE(cgroup_under("/app/web", "/ap"));
  CHECK_FALSE(cgroup_under("/app/web", "/app/web/child"));
  CHECK_FALSE(cgroup_under("/app", "/app/web"));
  CHECK_FALSE(cgroup_under("/app/web", "/other"));
  CHECK_FALSE(cgroup_under("/app/web", ""));
}

TEST_CASE("weigh_bpf: the reason names a local client and whether a program is on its path") {
  const std::vector<BpfProgram> some{program(1, "connect4", "/app")};
  ClientLookup on;
  on.process = ClientProcess{42, "curl", "/app/web"};
  on.on_path = true;
  VerdictResult v{Verdict::not_redirected, given("conntrack: no NAT")};
  weigh_bpf(v, some, &on);
  CHECK(v.verdict == Verdict::unknown);
  CHECK(words(v.reasons).find(
            "pid 42 (curl), is in cgroup /app/web: a program that can redirect it sits") !=
        std::string::npos);
  ClientLookup off = on;
  off.on_path = false;
  VerdictResult w{Verdict::not_redirected, given("conntrack: no NAT")};
  weigh_bpf(w, some, &off);
  CHECK(words(w.reasons).find("no program that can redirect it sits on its cgroup path") !=
        std::string::npos);
  ClientLookup gone;
  gone.reason = "no process holds its socket (the process is gone)";
  VerdictResult g{Verdict::not_redirected, given("conntrack: no NAT")};
  weigh_bpf(g, some, &gone);
  CHECK(g.verdict == Verdict::unknown);
  CHECK(
      words(g.reasons).find("(no process holds its socket (the process is gone)): a program on any "
                            "cgroup counts") != std::string::npos);
}

TEST_CASE("weigh_bpf: programs that could not be listed are named, the verdict is kept") {
  InventoryError denied;
  denied.operation = "bpf(BPF_PROG_GET_NEXT_ID)";
  denied.domain = ErrorDomain::posix;
  denied.code = 1;
  denied.message = "Operation not permitted";
  denied.access_denied = true;
  VerdictResult v{Verdict::not_redirected, given("conntrack: no NAT")};
  weigh_bpf(v, {}, nullptr, &denied);
  CHECK(v.verdict == Verdict::not_redirected);
  CHECK(words(v.reasons).rfind("conntrack: no NAT; eBPF programs could not be listed "
                               "(bpf(BPF_PROG_GET_NEXT_ID): Operation not permitted)",
                               0) == 0);
  CHECK(words(v.reasons).find("is not ruled out") != std::string::npos);
  // Listed programs decide; the listing error only speaks when there are none.
  VerdictResult w{Verdict::not_redirected, given("conntrack: no NAT")};
  weigh_bpf(w, {program(1, "connect4", "/app")}, nullptr, &denied);
  CHECK(w.verdict == Verdict::unknown);
  CHECK(words(w.reasons).find("could not be listed") == std::string::npos);
  VerdictResult r{Verdict::redirected, given("conntrack: DNAT")};
  weigh_bpf(r, {}, nullptr, &denied);
  CHECK(words(r.reasons) == "conntrack: DNAT");
}
