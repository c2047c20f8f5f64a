// The doctor's rules: what the loopback connection's answers and the
// inventory show, and what to do next (doctor.h). The run that gathers them:
// doctor_run.cpp.
#include "analysis/doctor.h"

#include "text/error_codes.h"

#include <fmt/format.h>

#include "analysis/verdict.h"
#include "text/i18n.h"

namespace wfpredir {
namespace {

Capability capability_of(const QueryResult& q, const ConnectionInfo& connection,
                         const ReasonWords& words) {
  Capability c;
  c.kind = q.kind;
  c.mode = q.mode;
  const Attempt* a = q.final_attempt();
  switch (status_of(q)) {
    case QueryStatus::skipped:
      c.status = "unavailable";
      c.detail = words({q.skip_reason});
      break;
    case QueryStatus::timeout:
    case QueryStatus::interrupted:
      c.status = "no-completion";
      c.detail = tr(a->timed_out ? "still pending after --io-timeout" : "interrupted");
      break;
    case QueryStatus::ok:
      c.status = "answered";
      c.detail = !a->original_dst
                     ? trf("{} bytes", a->bytes)
                     : trf("{} bytes: {}", a->bytes, format_endpoint(*a->original_dst));
      break;
    case QueryStatus::error: {
      const std::string_view name = error_name(a->domain, a->error);
      // The same rule as the verdict: "not-supported" is an answer that
      // means the provider cannot answer (WSAEOPNOTSUPP, ENOPROTOOPT...).
      c.status =
          classify(q, connection).evidence == Evidence::unsupported ? "not-supported" : "error";
      c.detail = name.empty() ? trf("error {}", a->error) : trf("error {} {}", a->error, name);
      break;
    }
  }
  return c;
}

// What the loopback connection showed: the finding, the verdict in words and
// the step to take next.
void conclude(DoctorReport& d, std::string_view finding, std::string_view verdict,
              std::string_view next) {
  d.finding = finding;
  d.verdict = verdict;
  d.next_steps.emplace_back(next);
}

// Windows: the loopback connection's verdict decides, with the reason it
// names (verdict.h); only positive evidence is called "not redirected".
void conclude_windows(DoctorReport& d, Lang lang, const ReasonWords& words) {
  const ConnectionReport& r = *d.loopback;
  const std::string reason = words(r.verdict_reason);
  switch (r.verdict) {
    case Verdict::unsupported:
      if (d.platform.under_wine) {
        conclude(d, "wine-unsupported",
                 trf(lang,
                     "Running under Wine {}: its Winsock does not implement the WFP redirect "
                     "queries ({}). The tool itself works; run it on Windows 8 or later for "
                     "real answers.",
                     d.platform.wine_version, reason),
                 tr(lang, "Run wfpredir.exe doctor on the affected Windows machine."));
      } else {
        conclude(d, "provider-unsupported",
                 trf(lang,
                     "The socket's provider cannot answer the WFP redirect queries ({}): "
                     "Windows older than 8 / Server 2012, or a layered service provider sits "
                     "in front of the socket.",
                     reason),
                 tr(lang,
                    "Check the Windows version, and list the Winsock catalog "
                    "with: netsh winsock show catalog"));
      }
      break;
    case Verdict::not_redirected:
      conclude(d, "provider-answers",
               trf(lang,
                   "The TCP/IP provider answers the WFP redirect queries, and its answers say "
                   "this loopback connection carries no redirect ({}).",
                   reason),
               tr(lang,
                  "Run wfpredir query --port PORT on the proxy's port (stop the proxy first), "
                  "open a connection through the product, and attach the output of --format "
                  "json."));
      break;
    case Verdict::redirected:
      conclude(d, "loopback-redirected",
               trf(lang,
                   "This loopback connection was redirected ({}): a WFP callout on this "
                   "machine redirects loopback traffic.",
                   reason),
               tr(lang,
                  "List the redirecting filters (netsh wfp show filters, "
                  "elevated) and attach this report to the ticket."));
      break;
    case Verdict::unknown:
      conclude(d, "unknown",
               trf(lang,
                   "The redirect queries gave no answer that tells, on a loopback connection "
                   "({}); see the capabilities above.",
                   reason),
               tr(lang, "Attach this report (--format json) to the ticket."));
      break;
  }
}

// Linux: the original-destination query's evidence (verdict.h). "conntrack
// answers" is said only where conntrack answered with an address; ENOENT
// says it holds no NAT entry for the connection.
void conclude_linux(DoctorReport& d, Lang lang, const ReasonWords& words) {
  const QueryResult* od = nullptr;
  for (const QueryResult& q : d.loopback->queries)
    if (q.kind == QueryKind::original_dst && q.final_attempt() != nullptr) od = &q;
  if (od == nullptr) {
    d.finding = "not-queried";
    d.verdict = tr(lang, "SO_ORIGINAL_DST was not queried.");
    return;
  }
  const Attempt& a = *od->final_attempt();
  const Finding f = classify(*od, d.loopback->connection);
  const std::string_view next = tr(lang,
                                   "Run wfpredir query --port PORT on the proxy's port and connect "
                                   "through the REDIRECT/DNAT rule; or --transparent for a TPROXY "
                                   "rule.");
  if (f.evidence == Evidence::nothing_here && a.error == 0) {
    conclude(d, "conntrack-own-address",
             trf(lang,
                 "SO_ORIGINAL_DST works: conntrack answers with this loopback connection's "
                 "own address {}, so it was (correctly) not redirected.",
                 format_endpoint(a.original_dst)),
             next);
  } else if (a.error == codes::linux_enoent) {
    // No entry: the option is there, but nothing in this namespace makes
    // conntrack track connections yet (docs/verdicts.md, R8).
    conclude(d, "conntrack-no-entry",
             tr(lang,
                "SO_ORIGINAL_DST is registered (nf_conntrack is loaded), and conntrack has no "
                "entry for this loopback connection (ENOENT): no nat rule makes it track "
                "connections in this namespace. Whether conntrack reports a redirect shows "
                "only on a redirected connection."),
             next);
  } else if (f.evidence == Evidence::unsupported) {
    conclude(d, "conntrack-missing",
             tr(lang,
                "SO_ORIGINAL_DST is not available: the nf_conntrack module is not loaded for "
                "this address family (ENOPROTOOPT), so no NAT redirect can be read back."),
             tr(lang,
                "Load it (modprobe nf_conntrack) or add the nat rule that "
                "redirects to the proxy, then run doctor again."));
  } else if (f.evidence == Evidence::redirected) {
    conclude(d, "loopback-redirected",
             trf(lang,
                 "This loopback connection was redirected ({}): a nat rule on this machine "
                 "catches loopback traffic.",
                 words({f.reason})),
             tr(lang, "List the rules (nft list ruleset) and attach this report to the ticket."));
  } else {
    conclude(d, "unknown",
             trf(lang,
                 "SO_ORIGINAL_DST gave no answer that tells on a loopback connection ({}); see "
                 "the capabilities above.",
                 words({f.reason})),
             tr(lang, "Attach this report (--format json) to the ticket."));
  }
}

}  // namespace

void judge_doctor(DoctorReport& d, bool windows, Lang lang, const ReasonWords& words) {
  if (!d.loopback) {
    conclude(d, "no-loopback",
             trf(lang, "Could not set up a loopback TCP connection: {}", d.setup_error),
             tr(lang, "Check that a local firewall allows loopback TCP, then run doctor again."));
    d.verdict_code = verdict_code_of(d);
    return;
  }
  for (const QueryResult& q : d.loopback->queries)
    d.capabilities.push_back(capability_of(q, d.loopback->connection, words));
  if (windows) {
    conclude_windows(d, lang, words);
  } else {
    conclude_linux(d, lang, words);
  }
  for (const Agreement& ag : d.loopback->agreement)
    if (!ag.agree)
      d.next_steps.push_back(trf(lang,
                                 "The modes disagree for {}: attach this report to the ticket.",
                                 to_string(ag.kind)));
  d.verdict_code = verdict_code_of(d);
}

std::string verdict_code_of(const DoctorReport& d) {
  if (!d.loopback) return "setup-failed";
  if (d.loopback->verdict == Verdict::unsupported) return "unsupported";
  auto has = [&](std::string_view code) {
    for (const InventoryFinding& f : d.inventory_findings)
      if (f.code == code) return true;
    return false;
  };
  if (has("possible-loop")) return "possible-loop";
  if (has("access-denied")) return "access-denied";
  if (has("tproxy-without-route") || has("tproxy-without-mark") || has("nat-tracking-missing") ||
      has("lsp-present"))
    return "misconfigured";
  // eBPF can redirect where netfilter has no rule: not "no redirect" then.
  if (has("no-redirect-configured") && !has("ebpf-redirect-possible"))
    return "no-redirect-configured";
  // An untracked loopback connection (no entry) says nothing against the
  // setup: the rules above decide.
  if (d.loopback->verdict == Verdict::unknown && d.finding != "conntrack-no-entry")
    return "unknown";
  return "ready";
}

Exit doctor_exit(std::string_view verdict_code) {
  if (verdict_code == "ready" || verdict_code == "no-redirect-configured") return Exit::ok;
  if (verdict_code == "setup-failed") return Exit::setup_failed;
  if (verdict_code == "unsupported") return Exit::unsupported;
  if (verdict_code == "misconfigured" || verdict_code == "possible-loop")
    return Exit::misconfigured;
  return Exit::unknown;  // "unknown", "access-denied"
}

void attach_inventory(DoctorReport& d, Inventory inventory) {
  d.inventory_findings = analyse_inventory(inventory);
  d.inventory = std::move(inventory);
  // A TPROXY rule without its route is why nothing reaches the proxy: the
  // verdict says so first, in words, and its commands are the first step.
  std::vector<std::string> first;
  for (const InventoryFinding& f : d.inventory_findings) {
    if (f.code != "tproxy-without-route") continue;
    if (first.empty())
      d.verdict = trf("TPROXY cannot deliver: {} (The loopback connection: {})", f.text, d.verdict);
    first.push_back(trf("Give the TPROXY mark its route: {}", f.next));
  }
  for (const InventoryFinding& f : d.inventory_findings)
    if (!f.next.empty() && f.code != "tproxy-without-route") d.next_steps.push_back(f.next);
  d.next_steps.insert(d.next_steps.begin(), first.begin(), first.end());
  d.verdict_code = verdict_code_of(d);
}

}  // namespace wfpredir
