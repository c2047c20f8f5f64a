// Unit tests for analysis/doctor's verdict: every branch, on a fake platform that
// plays Windows, Wine or Linux (not only the branch this host takes).
#include <catch2/catch.hpp>

#include <algorithm>

#include "run/doctor_run.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

PlatformInfo windows_info(bool wine) {
  PlatformInfo info;
  info.os = Os::windows;
  info.version = "10.0.19045";
  info.under_wine = wine;
  if (wine) info.wine_version = "8.0";
  return info;
}

PlatformInfo linux_info() {
  PlatformInfo info;
  info.os = Os::linux;
  info.version = "6.1.0";
  return info;
}

// A Windows-like platform whose records and context answer as \p records and
// \p context do, and whose getsockopt answers WSAEINVAL as Wine's does.
DoctorReport windows_doctor(Script redirect_queries, bool wine = false, Lang lang = Lang::en) {
  FakePlatform p;
  p.platform_os = Os::windows;
  p.source->queue.emplace_back(
      std::make_unique<FakeConnection>([=](QueryKind kind, Mode mode, std::uint32_t out) {
        if (kind == QueryKind::original_dst) return answer(out, 10022, 0);
        return redirect_queries(kind, mode, out);
      }));
  return run_doctor(p, windows_info(wine), lang);
}

// A Linux-like platform: sync only, the original destination only.
DoctorReport linux_doctor(Attempt original_dst) {
  FakePlatform p;
  p.platform_os = Os::linux;
  p.have_modes = {Mode::sync};
  p.have_kinds = {QueryKind::original_dst};
  p.source->queue.emplace_back(
      std::make_unique<FakeConnection>([=](QueryKind, Mode, std::uint32_t out) {
        Attempt a = original_dst;
        a.out_size = out;
        return a;
      }));
  return run_doctor(p, linux_info(), Lang::en);
}

Script always(int error) {
  return [=](QueryKind, Mode, std::uint32_t out) { return answer(out, error, 0); };
}

Attempt linux_answer(int error) { return answer(1024, error, 0, {}, ErrorDomain::posix); }

Attempt linux_destination(const char* address) {
  Attempt a = answer(1024, 0, 16, std::vector<std::uint8_t>(16, 0), ErrorDomain::posix);
  a.original_dst = ep(address);
  a.mechanism = "SO_ORIGINAL_DST";
  return a;
}

bool says(const DoctorReport& d, std::string_view text) {
  return d.verdict.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("doctor on Wine: WSAEOPNOTSUPP everywhere is Wine's missing support", "[doctor]") {
  const DoctorReport d = windows_doctor(always(10045), true);
  CHECK(d.finding == "wine-unsupported");
  CHECK(says(d, "Wine 8.0"));
  REQUIRE(d.loopback);
  CHECK(d.loopback->verdict == Verdict::unsupported);
  for (const Capability& c : d.capabilities)
    if (c.kind != QueryKind::original_dst) CHECK(c.status == "not-supported");
  CHECK_FALSE(d.next_steps.empty());
}

TEST_CASE("doctor on Windows: WSAEOPNOTSUPP is a provider that cannot answer", "[doctor]") {
  const DoctorReport d = windows_doctor(always(10045), false);
  CHECK(d.finding == "provider-unsupported");
  CHECK(says(d, "cannot answer"));
  CHECK(says(d, "WSAEOPNOTSUPP"));
}

TEST_CASE("doctor on Windows: nothing-here answers show the provider answers", "[doctor]") {
  const DoctorReport d = windows_doctor([](QueryKind kind, Mode, std::uint32_t out) {
    return answer(out, kind == QueryKind::records ? 1168 : 10022, 0);
  });
  CHECK(d.finding == "provider-answers");
  CHECK(says(d, "ERROR_NOT_FOUND"));
  CHECK(says(d, "WSAEINVAL"));
}

TEST_CASE("doctor on Windows: an error that does not tell is not called not-redirected",
          "[doctor]") {
  const DoctorReport d = windows_doctor(always(10050));
  CHECK(d.finding == "unknown");
  CHECK(says(d, "no answer that tells"));
  CHECK_FALSE(says(d, "not redirected"));
}

TEST_CASE("doctor on Windows: a redirected loopback connection says so", "[doctor]") {
  const DoctorReport d = windows_doctor([](QueryKind, Mode, std::uint32_t out) {
    return answer(out, 0, 24, std::vector<std::uint8_t>(24, 7));
  });
  CHECK(d.finding == "loopback-redirected");
  CHECK(says(d, "returned 24 bytes"));
}

TEST_CASE("doctor in French follows the same branch", "[doctor]") {
  const DoctorReport d = windows_doctor(always(10045), true, Lang::fr);
  CHECK(d.finding == "wine-unsupported");
  CHECK(says(d, "Exécution sous Wine"));
}

TEST_CASE("doctor on Linux: conntrack answering the own address", "[doctor]") {
  const DoctorReport d =
      linux_doctor(linux_destination("127.0.0.1:8080"));  // the fake's local address
  CHECK(d.finding == "conntrack-own-address");
  CHECK(says(d, "conntrack answers"));
  CHECK(says(d, "127.0.0.1:8080"));
}

TEST_CASE("doctor on Linux: ENOENT is no entry, not \"conntrack answers\" nor \"not redirected\"",
          "[doctor]") {
  const DoctorReport d = linux_doctor(linux_answer(2));
  CHECK(d.finding == "conntrack-no-entry");
  CHECK(says(d, "ENOENT"));
  CHECK_FALSE(says(d, "conntrack answers"));
  CHECK_FALSE(says(d, "works"));
  REQUIRE(d.loopback);
  // No entry is unknown for the connection (docs/verdicts.md, R8), but says
  // nothing against the setup: doctor's code is not "unknown" for it.
  CHECK(d.loopback->verdict == Verdict::unknown);
  CHECK(d.verdict_code != "unknown");
  CHECK_FALSE(says(d, "not redirected"));
}

TEST_CASE("doctor on Linux: ENOPROTOOPT is missing conntrack", "[doctor]") {
  const DoctorReport d = linux_doctor(linux_answer(92));
  CHECK(d.finding == "conntrack-missing");
  CHECK(says(d, "nf_conntrack"));
  bool not_supported = false;
  for (const Capability& c : d.capabilities)
    if (c.kind == QueryKind::original_dst) not_supported = c.status == "not-supported";
  CHECK(not_supported);
}

TEST_CASE("doctor on Linux: a redirected loopback connection says so", "[doctor]") {
  const DoctorReport d = linux_doctor(linux_destination("127.0.0.1:80"));
  CHECK(d.finding == "loopback-redirected");
  CHECK(says(d, "127.0.0.1:80"));
}

TEST_CASE("doctor on Linux: an error that does not tell is unknown", "[doctor]") {
  const DoctorReport d = linux_doctor(linux_answer(22));
  CHECK(d.finding == "unknown");
  CHECK(says(d, "EINVAL"));
}

TEST_CASE("doctor on Linux: nothing queried", "[doctor]") {
  FakePlatform p;
  p.platform_os = Os::linux;
  p.have_modes = {Mode::sync};
  p.have_kinds = {};
  p.source->queue.emplace_back(std::make_unique<FakeConnection>(always(0)));
  const DoctorReport d = run_doctor(p, linux_info(), Lang::en);
  CHECK(d.finding == "not-queried");
}

TEST_CASE("doctor without a loopback connection says why", "[doctor]") {
  FakePlatform p;
  SetupError e;
  e.operation = "listen 127.0.0.1:0";
  e.message = "refused by the fake";
  p.open_error = e;
  const DoctorReport d = run_doctor(p, linux_info(), Lang::en);
  CHECK(d.finding == "no-loopback");
  CHECK_FALSE(d.loopback);
  CHECK(says(d, "refused by the fake"));
}

TEST_CASE("doctor's verdict_code weighs the loopback verdict, then the inventory", "[doctor]") {
  // Windows, provider answers "nothing here": the inventory decides.
  DoctorReport d = windows_doctor(always(10022));
  CHECK(d.verdict_code == "ready");
  Inventory none;
  none.has_winsock = none.has_wfp = true;
  attach_inventory(d, none);
  CHECK(d.verdict_code == "no-redirect-configured");

  // No netfilter rule, but a connect4 program on a cgroup: not "no redirect".
  d = windows_doctor(always(10022));
  Inventory ebpf;
  ebpf.has_netfilter = ebpf.has_bpf = true;
  ebpf.bpf.push_back({4, "mesh", "cgroup_sock_addr", "connect4", "/mesh", ""});
  attach_inventory(d, ebpf);
  CHECK(d.verdict_code == "ready");
  CHECK(std::any_of(d.inventory_findings.begin(), d.inventory_findings.end(),
                    [](const InventoryFinding& f) { return f.code == "ebpf-redirect-possible"; }));

  d = windows_doctor(always(10022));
  Inventory two;
  two.has_wfp = true;
  for (const char* provider : {"Contoso VPN", "Fabrikam AV"}) {
    WfpFilter f;
    f.layer = "ALE_CONNECT_REDIRECT_V4";
    f.provider_name = provider;
    two.wfp.push_back(f);
  }
  attach_inventory(d, two);
  CHECK(d.verdict_code == "possible-loop");
  CHECK_THAT(d.next_steps.back(), Catch::Contains("SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS"));

  d = windows_doctor(always(10022));
  Inventory denied;
  denied.has_wfp = true;
  denied.wfp_error = InventoryError{"FwpmEngineOpen0", ErrorDomain::windows, 5, "", true};
  attach_inventory(d, denied);
  CHECK(d.verdict_code == "access-denied");
  CHECK_THAT(d.next_steps.back(), Catch::Contains("elevated"));

  // WSAEOPNOTSUPP on the loopback outranks whatever the inventory says.
  d = windows_doctor(always(10045));
  attach_inventory(d, two);
  CHECK(d.verdict_code == "unsupported");

  // Linux: a TPROXY rule without its route is a misconfiguration.
  d = linux_doctor(linux_answer(2));
  Inventory tproxy;
  tproxy.has_netfilter = true;
  NetfilterRule r;
  r.family = "ip";
  r.action = "tproxy";
  r.mark = 1;
  tproxy.netfilter = {r};
  attach_inventory(d, tproxy);
  CHECK(d.verdict_code == "misconfigured");

  // No loopback connection at all.
  FakePlatform p;
  SetupError e;
  e.kind = SetupError::Kind::failed;
  e.operation = "connect";
  e.code = 111;
  p.source->queue.emplace_back(e);
  CHECK(run_doctor(p, linux_info(), Lang::en).verdict_code == "setup-failed");
}

TEST_CASE("doctor's exit code follows its verdict_code", "[doctor]") {
  CHECK(doctor_exit("ready") == Exit::ok);
  CHECK(doctor_exit("no-redirect-configured") == Exit::ok);
  CHECK(doctor_exit("unknown") == Exit::unknown);
  CHECK(doctor_exit("access-denied") == Exit::unknown);
  CHECK(doctor_exit("setup-failed") == Exit::setup_failed);
  CHECK(doctor_exit("unsupported") == Exit::unsupported);
  CHECK(doctor_exit("misconfigured") == Exit::misconfigured);
  CHECK(doctor_exit("possible-loop") == Exit::misconfigured);
  CHECK(code(Exit::misconfigured) == 10);
}
