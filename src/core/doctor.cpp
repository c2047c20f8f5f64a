#include "core/doctor.h"

#include <fmt/format.h>

#include "core/engine.h"

namespace wfpredir {
namespace {

// Picks the English or French text: the doctor's verdict follows --lang like
// the catalog does.
std::string tr(Lang lang, std::string_view en, std::string_view fr) {
  return std::string(lang == Lang::fr ? fr : en);
}

Capability capability_of(const QueryResult& q) {
  Capability c;
  c.kind = q.kind;
  c.mode = q.mode;
  const Attempt* a = q.final_attempt();
  switch (status_of(q)) {
    case QueryStatus::skipped:
      c.status = "unavailable";
      c.detail = q.skip_reason;
      break;
    case QueryStatus::timeout:
    case QueryStatus::interrupted:
      c.status = "no-completion";
      c.detail = a->timed_out ? "still pending after --io-timeout" : "interrupted";
      break;
    case QueryStatus::ok:
      c.status = "answered";
      c.detail = !a->original_dst ? fmt::format("{} bytes", a->bytes)
                                  : fmt::format("{} bytes: {}", a->bytes, format_endpoint(*a->original_dst));
      break;
    case QueryStatus::error: {
      const std::string_view name = error_name(a->domain, a->error);
      c.status = a->domain == ErrorDomain::windows && a->error == codes::wsaeopnotsupp ? "not-supported" : "error";
      c.detail = name.empty() ? fmt::format("error {}", a->error) : fmt::format("error {} {}", a->error, name);
      break;
    }
  }
  return c;
}

void conclude_windows(DoctorReport& d, Lang lang) {
  bool all_unsupported = true, any_answered_or_error = false;
  for (const Capability& c : d.capabilities) {
    if (c.kind == QueryKind::original_dst) continue;
    if (c.status != "not-supported") all_unsupported = false;
    if (c.status == "answered" || c.status == "error") any_answered_or_error = true;
  }
  if (all_unsupported && d.platform.under_wine) {
    d.verdict = tr(lang, fmt::format("Running under Wine {}: its Winsock does not implement the WFP redirect queries (WSAEOPNOTSUPP in every mode). The tool itself works; run it on Windows 8 or later for real answers.", d.platform.wine_version),
                   fmt::format("Exécution sous Wine {} : son Winsock n'implémente pas les requêtes de redirection WFP (WSAEOPNOTSUPP dans tous les modes). L'outil fonctionne ; lancez-le sous Windows 8 ou ultérieur pour de vraies réponses.", d.platform.wine_version));
    d.next_steps.push_back(tr(lang, "Run wfpredir.exe doctor on the affected Windows machine.", "Lancez wfpredir.exe doctor sur la machine Windows concernée."));
  } else if (all_unsupported) {
    d.verdict = tr(lang, "The TCP/IP provider rejects the WFP redirect queries (WSAEOPNOTSUPP in every mode): Windows older than 8 / Server 2012, or a layered service provider sits in front of the socket.",
                   "Le fournisseur TCP/IP refuse les requêtes de redirection WFP (WSAEOPNOTSUPP dans tous les modes) : Windows antérieur à 8 / Server 2012, ou un fournisseur en couches (LSP) s'interpose devant le socket.");
    d.next_steps.push_back(tr(lang, "Check the Windows version, and list the Winsock catalog with: netsh winsock show catalog",
                              "Vérifiez la version de Windows et listez le catalogue Winsock : netsh winsock show catalog"));
  } else if (any_answered_or_error) {
    d.verdict = tr(lang, "The WFP redirect queries are handled by the TCP/IP provider. This loopback connection was not redirected, so errors here are expected.",
                   "Les requêtes de redirection WFP sont prises en charge par le fournisseur TCP/IP. Cette connexion de bouclage n'a pas été redirigée : des erreurs sont donc attendues ici.");
    d.next_steps.push_back(tr(lang, "Run wfpredir query --port PORT on the proxy's port (stop the proxy first), open a connection through the product, and attach the output of --format json.",
                              "Lancez wfpredir query --port PORT sur le port du proxy (proxy arrêté), ouvrez une connexion via le produit et joignez la sortie de --format json."));
  } else {
    d.verdict = tr(lang, "The redirect queries did not complete on a loopback connection; see the capabilities above.",
                   "Les requêtes de redirection ne se sont pas terminées sur une connexion de bouclage ; voir les capacités ci-dessus.");
  }
}

void conclude_linux(DoctorReport& d, Lang lang) {
  const Capability* od = nullptr;
  for (const Capability& c : d.capabilities)
    if (c.kind == QueryKind::original_dst && c.status != "unavailable") od = &c;
  const Attempt* a = nullptr;
  for (const QueryResult& q : d.loopback->queries)
    if (q.kind == QueryKind::original_dst) a = q.final_attempt();
  if (od == nullptr || a == nullptr) {
    d.verdict = tr(lang, "SO_ORIGINAL_DST was not queried.", "SO_ORIGINAL_DST n'a pas été interrogé.");
  } else if (a->error == codes::linux_enoent || (a->error == 0 && a->original_dst && d.loopback->connection.local &&
                                                     same_endpoint(*a->original_dst, *d.loopback->connection.local))) {
    d.verdict = tr(lang, "SO_ORIGINAL_DST works: conntrack answers, and this loopback connection was (correctly) not redirected.",
                   "SO_ORIGINAL_DST fonctionne : conntrack répond, et cette connexion de bouclage n'a (à juste titre) pas été redirigée.");
    d.next_steps.push_back(tr(lang, "Run wfpredir query --port PORT on the proxy's port and connect through the REDIRECT/DNAT rule; or --transparent for a TPROXY rule.",
                              "Lancez wfpredir query --port PORT sur le port du proxy et connectez-vous à travers la règle REDIRECT/DNAT ; ou --transparent pour une règle TPROXY."));
  } else if (a->error == codes::linux_enoprotoopt) {
    d.verdict = tr(lang, "SO_ORIGINAL_DST is not available: the nf_conntrack module is not loaded, so no NAT redirect can be read back.",
                   "SO_ORIGINAL_DST n'est pas disponible : le module nf_conntrack n'est pas chargé, aucune redirection NAT ne peut être relue.");
    d.next_steps.push_back(tr(lang, "Load it (modprobe nf_conntrack) or add the nat rule that redirects to the proxy, then run doctor again.",
                              "Chargez-le (modprobe nf_conntrack) ou ajoutez la règle nat qui redirige vers le proxy, puis relancez doctor."));
  } else {
    d.verdict = tr(lang, fmt::format("SO_ORIGINAL_DST answered {} on a loopback connection; see the capabilities above.", od->detail),
                   fmt::format("SO_ORIGINAL_DST a répondu {} sur une connexion de bouclage ; voir les capacités ci-dessus.", od->detail));
  }
}

}  // namespace

DoctorReport run_doctor(Platform& platform, Lang lang) {
  DoctorReport d;
  d.platform = platform_info();
  platform.install_interrupt_handler();
  Target self;
  self.kind = Target::Kind::self;
  auto opened = platform.open(self);
  if (auto* err = std::get_if<SetupError>(&opened)) {
    d.setup_error = describe(*err);
  } else {
    auto next = std::get<std::unique_ptr<Source>>(opened)->next(Millis{10000});
    if (auto* err2 = std::get_if<SetupError>(&next)) {
      d.setup_error = describe(*err2);
    } else {
      QueryOptions options;  // both kinds, every mode, automatic buffer
      d.loopback = query_connection(platform, *std::get<std::unique_ptr<Connection>>(next), options, 1);
    }
  }
  if (!d.loopback) {
    d.verdict = tr(lang, "Could not set up a loopback TCP connection: " + d.setup_error,
                   "Impossible d'établir une connexion TCP de bouclage : " + d.setup_error);
    d.next_steps.push_back(tr(lang, "Check that a local firewall allows loopback TCP, then run doctor again.",
                              "Vérifiez qu'un pare-feu local autorise le TCP de bouclage, puis relancez doctor."));
    return d;
  }
  for (const QueryResult& q : d.loopback->queries) d.capabilities.push_back(capability_of(q));
  if (platform.name() == "windows") {
    conclude_windows(d, lang);
  } else {
    conclude_linux(d, lang);
  }
  for (const Agreement& ag : d.loopback->agreement)
    if (!ag.agree)
      d.next_steps.push_back(tr(lang, fmt::format("The modes disagree for {}: attach this report to the ticket.", to_string(ag.kind)),
                                fmt::format("Les modes ne concordent pas pour {} : joignez ce rapport au ticket.", to_string(ag.kind))));
  return d;
}

}  // namespace wfpredir
