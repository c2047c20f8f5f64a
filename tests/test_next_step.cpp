// Unit tests for analysis/next_step: each rule from fabricated facts.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "analysis/next_step.h"
#include "support.h"
#include "text/i18n.h"

using namespace wfpredir;
using wfpredir::test::ep;

namespace {

NetfilterRule rule(std::string action, std::string hook, int to_port,
                   std::vector<int> dports = {80}) {
  NetfilterRule r;
  r.family = "ip";
  r.table = "nat";
  r.chain = hook;
  r.hook = std::move(hook);
  r.action = std::move(action);
  r.protocol = "tcp";
  r.match = "tcp dport 80";
  r.dports = std::move(dports);
  r.to_port = to_port;
  return r;
}

// The steps in English words, as `query` prints them with --lang en.
std::vector<std::string> said(const NextStepFacts& f) {
  std::vector<std::string> out;
  for (const Reason& r : next_steps(f)) out.push_back(test::words(r));
  return out;
}

}  // namespace

TEST_CASE("a port in use names the process that holds it", "[next_step]") {
  NextStepFacts f;
  f.listener = ep("127.0.0.1:8080");
  f.address_in_use = true;
  f.owners = {PortOwner{4242, "contoso-proxy", "0.0.0.0:8080", ""}};
  auto steps = said(f);
  REQUIRE(steps.size() == 1);
  CHECK_THAT(steps[0], Catch::Contains("4242") && Catch::Contains("contoso-proxy") &&
                           Catch::Contains("0.0.0.0:8080"));

  f.owners = {PortOwner{0, "", "127.0.0.1:8080", "its process is not visible to this user"}};
  steps = said(f);
  REQUIRE(steps.size() == 1);
  CHECK_THAT(steps[0], Catch::Contains("not visible") && Catch::Contains("root"));
}

TEST_CASE("a loopback listener with a prerouting redirect is told to listen on 0.0.0.0",
          "[next_step]") {
  Inventory inv;
  inv.has_netfilter = true;
  inv.netfilter = {rule("redirect", "prerouting", 8080)};
  NextStepFacts f;
  f.listener = ep("127.0.0.1:8080");
  f.inventory = &inv;
  f.verdict = Verdict::not_redirected;
  auto steps = said(f);
  REQUIRE_FALSE(steps.empty());
  CHECK_THAT(steps[0], Catch::Contains("listen on 0.0.0.0"));

  f.listener = ep("0.0.0.0:8080");  // already listening everywhere: nothing to say about it
  steps = said(f);
  for (const auto& s : steps) CHECK_THAT(s, !Catch::Contains("listen on 0.0.0.0"));

  inv.netfilter = {rule("redirect", "output", 8080)};  // local traffic reaches 127.0.0.1
  f.listener = ep("127.0.0.1:8080");
  for (const auto& s : said(f)) CHECK_THAT(s, !Catch::Contains("listen on 0.0.0.0"));
}

TEST_CASE("a timeout says what was listened on and which rules point elsewhere", "[next_step]") {
  Inventory inv;
  inv.has_netfilter = true;
  inv.netfilter = {rule("redirect", "output", 3128)};
  NextStepFacts f;
  f.listener = ep("127.0.0.1:8080");
  f.timed_out = true;
  f.timeout = std::chrono::milliseconds(5000);
  f.inventory = &inv;
  auto steps = said(f);
  REQUIRE(steps.size() >= 3);
  CHECK_THAT(steps[0], Catch::Contains("127.0.0.1:8080") && Catch::Contains("5 s"));
  CHECK_THAT(steps[1], Catch::Contains("port 3128, not 8080"));
  CHECK_THAT(steps[2], Catch::Contains("No netfilter rule redirects to port 8080"));

  inv.netfilter = {rule("tproxy", "prerouting", 8080)};
  steps = said(f);
  CHECK(std::any_of(steps.begin(), steps.end(), [](const std::string& s) {
    return s.find("--transparent") != std::string::npos;
  }));
}

TEST_CASE("verdicts without other evidence", "[next_step]") {
  NextStepFacts f;
  f.verdict = Verdict::unknown;
  REQUIRE(said(f).size() == 1);
  CHECK_THAT(said(f)[0], Catch::Contains("--format json"));
  f.verdict = Verdict::redirected;
  CHECK(said(f).empty());
}

TEST_CASE("a process listening on two addresses is named once", "[next_step]") {
  NextStepFacts f;
  f.listener = ep("127.0.0.1:8080");
  f.address_in_use = true;
  f.owners = {PortOwner{4242, "contoso-proxy", "0.0.0.0:8080", ""},
              PortOwner{4242, "contoso-proxy", "[::]:8080", ""}};
  const auto steps = said(f);
  REQUIRE(steps.size() == 1);
  CHECK_THAT(steps[0], Catch::Contains("listening on 0.0.0.0:8080, [::]:8080"));
}

TEST_CASE("several connections: one step per verdict, naming the connections", "[next_step]") {
  NextStepFacts f;
  f.verdicts = {Verdict::redirected, Verdict::not_redirected, Verdict::unknown, Verdict::redirected,
                Verdict::not_redirected};
  f.verdict = f.verdicts.back();
  auto steps = said(f);
  REQUIRE(steps.size() == 2);
  CHECK_THAT(steps[0], Catch::StartsWith("connection 3: the answers do not settle it"));
  CHECK_THAT(steps[1], Catch::StartsWith("connections 2, 5: not redirected"));
  // The last connection redirected: the others are still spoken of.
  f.verdicts = {Verdict::not_redirected, Verdict::redirected};
  f.verdict = Verdict::redirected;
  steps = said(f);
  REQUIRE(steps.size() == 1);
  CHECK_THAT(steps[0], Catch::StartsWith("connection 1: not redirected"));
  f.verdicts = {Verdict::redirected, Verdict::redirected};
  CHECK(said(f).empty());
}

TEST_CASE("next steps are values, worded in the run's language", "[next_step][i18n]") {
  NextStepFacts f;
  f.listener = ep("127.0.0.1:8080");
  f.address_in_use = true;
  f.owners = {PortOwner{4242, "", "0.0.0.0:8080", ""}};
  Reasons steps = next_steps(f);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].kind == ReasonKind::next_port_held);
  // A process whose name could not be read: a word of the run's language.
  CHECK_THAT(test::words(steps[0]), Catch::Contains("(name unknown)"));
  const std::string fr = reason_text(steps[0], Lang::fr);
  CHECK_THAT(fr, Catch::Contains(std::string(tr(Lang::fr, "name unknown"))));
  CHECK(fr != test::words(steps[0]));
  f.owners = {PortOwner{0, "", "0.0.0.0:8080", "not visible without root"}};
  steps = next_steps(f);
  REQUIRE(steps.size() == 1);
  CHECK(test::words(steps[0]) ==
        "Port 8080 is in use by 0.0.0.0:8080, not visible without root; run as root (Linux) or "
        "from an elevated prompt (Windows) to see which process holds it.");
  f.owners.clear();
  CHECK(test::words(next_steps(f).at(0)) ==
        "Port 8080 is in use; run as root (Linux) or from an elevated prompt (Windows) to see "
        "which process holds it.");
  f = NextStepFacts{};
  f.listener = ep("127.0.0.1:8080");
  f.timed_out = true;
  CHECK(test::words(next_steps(f).at(0)) ==
        "No connection arrived on 127.0.0.1:8080: open one through the product now, or check the "
        "rules below.");
  f.timeout = std::chrono::milliseconds(2500);
  CHECK_THAT(test::words(next_steps(f).at(0)), Catch::Contains("127.0.0.1:8080 within 2.5 s:"));
}
