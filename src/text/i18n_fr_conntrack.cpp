// French for the conntrack evidence and the verdict rules that read it
// (conntrack_verdict.cpp, render_conntrack.cpp, verdict.cpp; see i18n.h).
// Typography: a plain space before ':' and ';', as in the other tables.
#include "text/i18n.h"

namespace wfpredir::i18n {
namespace {

// clang-format off
constexpr Phrase kPhrases[] = {
    // conntrack_verdict.cpp
    {"TPROXY: the local address {} is not assigned to any interface of this network namespace, so "
     "the transparent socket took a connection addressed elsewhere",
     "TPROXY\u00a0: l'adresse locale {} n'est attribuée à aucune interface de cet espace de noms réseau, "
     "le socket transparent a donc pris une connexion adressée ailleurs"},
    {"conntrack: the reply comes from {}, not from the original destination {} (destination NAT)",
     "conntrack\u00a0: la réponse vient de {}, pas de la destination d'origine {} (NAT de destination)"},
    {"conntrack tracks the connection and its reply comes from the original destination {} (no "
     "destination NAT)",
     "conntrack suit la connexion et sa réponse vient de la destination d'origine {} (aucun NAT de "
     "destination)"},
    {"SO_ORIGINAL_DST answered {}, but conntrack has no entry for the connection",
     "SO_ORIGINAL_DST a répondu {}, mais conntrack n'a aucune entrée pour la connexion"},
    {"SO_ORIGINAL_DST answered {}, conntrack's original destination is {}",
     "SO_ORIGINAL_DST a répondu {}, la destination d'origine selon conntrack est {}"},
    {"SO_ORIGINAL_DST found no entry (ENOENT), but conntrack has one for the connection",
     "SO_ORIGINAL_DST n'a trouvé aucune entrée (ENOENT), mais conntrack en a une pour la connexion"},
    // verdict.cpp
    {"on the connecting side {} answers the address connected to ({}), redirected or not: only "
     "conntrack's reply tuple shows a NAT",
     "du côté qui se connecte, {} répond l'adresse demandée ({}), redirigée ou non\u00a0: seul le tuple "
     "de réponse de conntrack montre un NAT"},
    {"conntrack has no entry for this connection (ENOENT: not tracked in this network namespace), "
     "so nothing here shows whether it was redirected",
     "conntrack n'a aucune entrée pour cette connexion (ENOENT\u00a0: non suivie dans cet espace de noms "
     "réseau), rien ici ne montre donc si elle a été redirigée"},
    // render_conntrack.cpp
    {"conntrack (ctnetlink)", "suivi de connexions conntrack (ctnetlink)"},
    {"  original {}\n", "  origine  {}\n"},
    {"  reply    {}\n", "  réponse  {}\n"},
    {"  status {}  mark {}  zone {}\n", "  état {}  marque {}  zone {}\n"},
    {"  proves: no NAT (the reply tuple mirrors the original)\n",
     "  prouve\u00a0: aucun NAT (le tuple de réponse est le miroir de l'origine)\n"},
    {"  proves: destination NAT (DNAT or REDIRECT): the reply source is not the original "
     "destination\n",
     "  prouve\u00a0: NAT de destination (DNAT ou REDIRECT)\u00a0: la source de la réponse n'est pas la "
     "destination d'origine\n"},
    {"  proves: source NAT (SNAT or MASQUERADE): the reply destination is not the original "
     "source\n",
     "  prouve\u00a0: NAT de source (SNAT ou MASQUERADE)\u00a0: la destination de la réponse n'est pas la "
     "source d'origine\n"},
    {"  no entry (ENOENT): conntrack does not track this connection here (no NAT rule loaded, "
     "notrack, or another network namespace)\n",
     "  aucune entrée (ENOENT)\u00a0: conntrack ne suit pas cette connexion ici (aucune règle NAT "
     "chargée, notrack, ou un autre espace de noms réseau)\n"},
    {"  cannot ask: {} failed with {}{}\n", "  impossible de demander\u00a0: échec de {}\u00a0: {}{}\n"},
    {"  local address {} is assigned to an interface here\n",
     "  l'adresse locale {} est attribuée à une interface ici\n"},
    {"  local address {} is NOT assigned to any interface here (TPROXY evidence)\n",
     "  l'adresse locale {} n'est attribuée à AUCUNE interface ici (preuve de TPROXY)\n"},
    {"  witnesses DISAGREE: {}\n", "  les témoins DIVERGENT\u00a0: {}\n"},
    // listener_warnings.cpp, cli/listener_check.cpp
    {"wfpredir: warning: {}", "wfpredir\u00a0: avertissement\u00a0: {}"},
    {"the rule {} sends traffic arriving from other hosts to port {}, but the listener is bound to "
     "{}, which that traffic cannot reach (bind to the interface's address or 0.0.0.0)",
     "la règle {} envoie au port {} le trafic venu d'autres hôtes, mais le socket d'écoute est lié "
     "à {}, que ce trafic ne peut pas atteindre (liez-le à l'adresse de l'interface ou à 0.0.0.0)"},
    {"the TPROXY rule {} hands connections for port {} only to a transparent socket: add "
     "--transparent",
     "la règle TPROXY {} ne remet les connexions du port {} qu'à un socket transparent\u00a0: ajoutez "
     "--transparent"},
    {"--transparent, but no TPROXY rule sends {} traffic to port {}: only connections addressed to "
     "this host will arrive",
     "--transparent, mais aucune règle TPROXY n'envoie de trafic {} au port {}\u00a0: seules les "
     "connexions adressées à cet hôte arriveront"},
};
// clang-format on

}  // namespace

std::span<const Phrase> fr_conntrack() { return kPhrases; }

}  // namespace wfpredir::i18n
