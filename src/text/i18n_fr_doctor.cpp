// French for `doctor`: its verdicts and next steps, the inventory's findings
// and labels (see i18n.h). Typography: a plain space before ':',
// ';' and inside « », as in the error catalog.
#include "text/i18n.h"

namespace wfpredir::i18n {
namespace {

// clang-format off
constexpr Phrase kPhrases[] = {
    // doctor.cpp: a TPROXY rule without its route, said first
    {"TPROXY cannot deliver: {} (The loopback connection: {})",
     "TPROXY ne peut pas livrer\u00a0: {} (La connexion de bouclage\u00a0: {})"},
    {"Give the TPROXY mark its route: {}", "Donnez sa route à la marque TPROXY\u00a0: {}"},
    // render_doctor.cpp
    {": error {}", "\u00a0: erreur {}"},
    {" (access denied)", " (accès refusé)"},
    {"\nwinsock catalog: {} entries{}\n", "\ncatalogue Winsock\u00a0: {} entrées{}\n"},
    {"layered", "couche"},
    {"chain", "chaîne"},
    {"  [not Microsoft's]", "  [pas de Microsoft]"},
    {"\nwfp redirect filters: {}\n", "\nfiltres de redirection WFP\u00a0: {}\n"},
    {"  {:<24} filter {} \"{}\" provider \"{}\" callout \"{}\" weight {} sublayer \"{}\"\n",
     "  {:<24} filtre {} « {} » fournisseur « {} » callout « {} » poids {} sous-couche « {} »\n"},
    {"(none)", "(aucun)"},
    {"\nnetfilter redirect rules: {}\n", "\nrègles de redirection netfilter\u00a0: {}\n"},
    {"  {} {} {} ({}): {} -> {}{}\n", "  {} {} {} ({})\u00a0: {} -> {}{}\n"},
    {"no base chain reaches it", "aucune chaîne de base n'y mène"},
    {"jump from {}, hook {}", "saut depuis {}, hook {}"},
    {" (same port)", " (même port)"},
    {"(any)", "(tout)"},
    {", mark {:#x}", ", marque {:#x}"},
    {"  policy routing ({}): fwmark {:#x} lookup {}{}\n",
     "  routage par politique ({})\u00a0: fwmark {:#x} lookup {}{}\n"},
    {" (local default route)", " (route locale par défaut)"},
    {"  NAT tracking {}: {}\n", "  suivi NAT {}\u00a0: {}\n"},
    {"not checked ({})", "non vérifié ({})"},
    {"answers", "répond"},
    {"cannot answer (ENOPROTOOPT)", "ne peut pas répondre (ENOPROTOOPT)"},
    {"answers (ENOENT: no entry for a direct connection)",
     "répond (ENOENT\u00a0: aucune entrée pour une connexion directe)"},
    {"system: {} {} ({})\n", "système\u00a0: {} {} ({})\n"},
    {"wine:   {}\n", "wine\u00a0: {}\n"},
    {"loopback connection: local {} peer {}\n\n",
     "connexion de bouclage\u00a0: locale {} pair {}\n\n"},
    {"capabilities:\n", "capacités\u00a0:\n"},
    {"unavailable", "indisponible"},
    {"no-completion", "sans achèvement"},
    {"answered", "répond"},
    {"not-supported", "non pris en charge"},
    {"error", "erreur"},
    {"\nfindings:\n", "\nconstats\u00a0:\n"},
    {"next:    ", "ensuite\u00a0: "},
    // inventory.cpp
    {"Run wfpredir doctor again from an elevated prompt (Run as administrator) to list the "
     "redirect filters.",
     "Relancez wfpredir doctor depuis une invite élevée (Exécuter en tant qu'administrateur) pour "
     "lister les filtres de redirection."},
    {"Run wfpredir doctor again as root (or with CAP_NET_ADMIN) to read the ruleset.",
     "Relancez wfpredir doctor en root (ou avec CAP_NET_ADMIN) pour lire le jeu de règles."},
    {"The Winsock catalog could not be read ({}: error {}).",
     "Le catalogue Winsock n'a pas pu être lu ({}\u00a0: erreur {})."},
    {"Run netsh winsock show catalog and attach its output.",
     "Lancez netsh winsock show catalog et joignez sa sortie."},
    {"A layered service provider that is not Microsoft's, \"{}\" ({}), sits in the chain of "
     "\"{}\": the first suspect when the redirect queries fail with WSAEOPNOTSUPP.",
     "Un fournisseur de services en couches (LSP) qui n'est pas celui de Microsoft, « {} » ({}), "
     "se trouve dans la chaîne de « {} »\u00a0: premier suspect quand les requêtes de redirection "
     "échouent avec WSAEOPNOTSUPP."},
    {"path unknown", "chemin inconnu"},
    {"Find the product that installed it; try the query with the product disabled.",
     "Trouvez le produit qui l'a installé\u202f; essayez la requête avec ce produit désactivé."},
    {"The WFP redirect filters could not be listed ({}: error {}{}).",
     "Les filtres de redirection WFP n'ont pas pu être listés ({}\u00a0: erreur {}{})."},
    {"(no provider: filter \"{}\")", "(aucun fournisseur\u00a0: filtre « {} »)"},
    {"{} providers redirect at {}: {}. A proxy that connects out without handing on the records "
     "is redirected again by the other: a loop.",
     "{} fournisseurs redirigent à {}\u00a0: {}. Un proxy qui se connecte vers l'extérieur sans "
     "transmettre les enregistrements est redirigé à nouveau par l'autre\u00a0: une boucle."},
    {"Each proxy must query the records of the connection it accepted and set them on its "
     "outbound socket with SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS before connect; ask each "
     "vendor whether it does.",
     "Chaque proxy doit lire les enregistrements de la connexion qu'il a acceptée et les poser "
     "sur son socket sortant avec SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS avant connect\u202f; "
     "demandez à chaque éditeur s'il le fait."},
    {"No WFP filter redirects connections on this machine (no filter at the ALE "
     "connect-redirect or bind-redirect layers).",
     "Aucun filtre WFP ne redirige de connexions sur cette machine (aucun filtre aux couches ALE "
     "connect-redirect ou bind-redirect)."},
    {"The netfilter ruleset could not be read ({}: {}).",
     "Le jeu de règles netfilter n'a pas pu être lu ({}\u00a0: {})."},
    {"Install nftables (the nft command) to list the rules.",
     "Installez nftables (la commande nft) pour lister les règles."},
    {"The tproxy rule in {} sets no mark: unless another rule marks the packets, policy routing "
     "does not deliver them to the local proxy.",
     "La règle tproxy de {} ne pose aucune marque\u00a0: à moins qu'une autre règle ne marque les "
     "paquets, le routage par politique ne les livre pas au proxy local."},
    {"Add `meta mark set 1` to the rule, with `ip rule add fwmark 1 lookup 100` and `ip route "
     "add local 0.0.0.0/0 dev lo table 100`.",
     "Ajoutez `meta mark set 1` à la règle, avec `ip rule add fwmark 1 lookup 100` et `ip route "
     "add local 0.0.0.0/0 dev lo table 100`."},
    {"The tproxy rule in {} marks packets {:#x}, but no `ip rule` sends that mark to a table "
     "with a local default route: the packets are routed on, not delivered to the proxy.",
     "La règle tproxy de {} marque les paquets {:#x}, mais aucune `ip rule` n'envoie cette "
     "marque vers une table ayant une route locale par défaut\u00a0: les paquets sont routés plus "
     "loin, pas livrés au proxy."},
    {"NAT tracking cannot answer for {} (SO_ORIGINAL_DST gives ENOPROTOOPT): a redirect in that "
     "family cannot be read back.",
     "Le suivi NAT ne peut pas répondre pour {} (SO_ORIGINAL_DST donne ENOPROTOOPT)\u00a0: une "
     "redirection dans cette famille ne peut pas être relue."},
    {"Load the IPv6 NAT modules (modprobe nf_nat; an ip6/inet nat table loads them).",
     "Chargez les modules NAT IPv6 (modprobe nf_nat\u202f; une table nat ip6/inet les charge)."},
    {"Load the NAT modules (modprobe nf_nat; an ip/inet nat table loads them).",
     "Chargez les modules NAT (modprobe nf_nat\u202f; une table nat ip/inet les charge)."},
    {"No netfilter rule redirects connections here (no redirect, dnat or tproxy rule).",
     "Aucune règle netfilter ne redirige de connexions ici (aucune règle redirect, dnat ou "
     "tproxy)."},
    // doctor.cpp
    {"still pending after --io-timeout", "toujours en attente après --io-timeout"},
    {"{} bytes: {}", "{} octets\u00a0: {}"},
    {"Running under Wine {}: its Winsock does not implement the WFP redirect queries ({}). The "
     "tool itself works; run it on Windows 8 or later for real answers.",
     "Exécution sous Wine {}\u00a0: son Winsock n'implémente pas les requêtes de redirection WFP ({}). "
     "L'outil fonctionne\u202f; lancez-le sous Windows 8 ou ultérieur pour de vraies réponses."},
    {"Run wfpredir.exe doctor on the affected Windows machine.",
     "Lancez wfpredir.exe doctor sur la machine Windows concernée."},
    {"The socket's provider cannot answer the WFP redirect queries ({}): Windows older than 8 / "
     "Server 2012, or a layered service provider sits in front of the socket.",
     "Le fournisseur du socket ne sait pas répondre aux requêtes de redirection WFP ({})\u00a0: "
     "Windows antérieur à 8 / Server 2012, ou un fournisseur en couches (LSP) s'interpose devant "
     "le socket."},
    {"Check the Windows version, and list the Winsock catalog with: netsh winsock show catalog",
     "Vérifiez la version de Windows et listez le catalogue Winsock\u00a0: netsh winsock show catalog"},
    {"The TCP/IP provider answers the WFP redirect queries, and its answers say this loopback "
     "connection carries no redirect ({}).",
     "Le fournisseur TCP/IP répond aux requêtes de redirection WFP, et ses réponses indiquent que "
     "cette connexion de bouclage ne porte aucune redirection ({})."},
    {"Run wfpredir query --port PORT on the proxy's port (stop the proxy first), open a "
     "connection through the product, and attach the output of --format json.",
     "Lancez wfpredir query --port PORT sur le port du proxy (proxy arrêté), ouvrez une connexion "
     "via le produit et joignez la sortie de --format json."},
    {"This loopback connection was redirected ({}): a WFP callout on this machine redirects "
     "loopback traffic.",
     "Cette connexion de bouclage a été redirigée ({})\u00a0: un callout WFP de cette machine redirige "
     "le trafic de bouclage."},
    {"List the redirecting filters (netsh wfp show filters, elevated) and attach this report to "
     "the ticket.",
     "Listez les filtres de redirection (netsh wfp show filters, en administrateur) et joignez ce "
     "rapport au ticket."},
    {"The redirect queries gave no answer that tells, on a loopback connection ({}); see the "
     "capabilities above.",
     "Les requêtes de redirection n'ont donné aucune réponse concluante sur une connexion de "
     "bouclage ({})\u202f; voir les capacités ci-dessus."},
    {"Attach this report (--format json) to the ticket.",
     "Joignez ce rapport (--format json) au ticket."},
    {"SO_ORIGINAL_DST was not queried.", "SO_ORIGINAL_DST n'a pas été interrogé."},
    {"Run wfpredir query --port PORT on the proxy's port and connect through the REDIRECT/DNAT "
     "rule; or --transparent for a TPROXY rule.",
     "Lancez wfpredir query --port PORT sur le port du proxy et connectez-vous à travers la règle "
     "REDIRECT/DNAT\u202f; ou --transparent pour une règle TPROXY."},
    {"SO_ORIGINAL_DST works: conntrack answers with this loopback connection's own address {}, "
     "so it was (correctly) not redirected.",
     "SO_ORIGINAL_DST fonctionne\u00a0: conntrack répond avec l'adresse propre de cette connexion de "
     "bouclage, {}\u202f; elle n'a donc (à juste titre) pas été redirigée."},
    {"SO_ORIGINAL_DST is registered (nf_conntrack is loaded), and conntrack has no entry for this "
     "loopback connection (ENOENT): no nat rule makes it track connections in this namespace. "
     "Whether conntrack reports a redirect shows only on a redirected connection.",
     "SO_ORIGINAL_DST est enregistré (nf_conntrack est chargé), et conntrack n'a aucune entrée "
     "pour cette connexion de bouclage (ENOENT)\u00a0: aucune règle nat ne lui fait suivre les "
     "connexions dans cet espace de noms. Que conntrack signale une redirection ne se voit que "
     "sur une connexion redirigée."},
    {"SO_ORIGINAL_DST is not available: the nf_conntrack module is not loaded for this address "
     "family (ENOPROTOOPT), so no NAT redirect can be read back.",
     "SO_ORIGINAL_DST n'est pas disponible\u00a0: le module nf_conntrack n'est pas chargé pour cette "
     "famille d'adresses (ENOPROTOOPT), aucune redirection NAT ne peut être relue."},
    {"Load it (modprobe nf_conntrack) or add the nat rule that redirects to the proxy, then run "
     "doctor again.",
     "Chargez-le (modprobe nf_conntrack) ou ajoutez la règle nat qui redirige vers le proxy, puis "
     "relancez doctor."},
    {"This loopback connection was redirected ({}): a nat rule on this machine catches loopback "
     "traffic.",
     "Cette connexion de bouclage a été redirigée ({})\u00a0: une règle nat de cette machine capte le "
     "trafic de bouclage."},
    {"List the rules (nft list ruleset) and attach this report to the ticket.",
     "Listez les règles (nft list ruleset) et joignez ce rapport au ticket."},
    {"SO_ORIGINAL_DST gave no answer that tells on a loopback connection ({}); see the "
     "capabilities above.",
     "SO_ORIGINAL_DST n'a donné aucune réponse concluante sur une connexion de bouclage ({})\u202f; "
     "voir les capacités ci-dessus."},
    {"Could not set up a loopback TCP connection: {}",
     "Impossible d'établir une connexion TCP de bouclage\u00a0: {}"},
    {"Check that a local firewall allows loopback TCP, then run doctor again.",
     "Vérifiez qu'un pare-feu local autorise le TCP de bouclage, puis relancez doctor."},
    {"The modes disagree for {}: attach this report to the ticket.",
     "Les modes ne concordent pas pour {}\u00a0: joignez ce rapport au ticket."},
    {"The eBPF programs could not be listed ({}: {}): a connection redirected by eBPF would "
     "not be seen.",
     "Les programmes eBPF n'ont pas pu être listés ({}\u00a0: {})\u00a0: une connexion redirigée par eBPF "
     "passerait inaperçue."},
    {"Run wfpredir doctor again as root (or with CAP_SYS_ADMIN) to list the eBPF programs.",
     "Relancez wfpredir doctor en root (ou avec CAP_SYS_ADMIN) pour lister les programmes eBPF."},
    {"eBPF programs that can rewrite a connection's destination are attached ({}): a connection "
     "may be redirected by eBPF without any conntrack trace.",
     "Des programmes eBPF capables de réécrire la destination d'une connexion sont attachés "
     "({})\u00a0: une connexion peut être redirigée par eBPF sans aucune trace dans conntrack."},
    {"List them with bpftool prog show and bpftool cgroup tree, and attach this report to the "
     "ticket.",
     "Listez-les avec bpftool prog show et bpftool cgroup tree, et joignez ce rapport au ticket."},
    {"not attached here", "non attaché ici"},
    {"tc: interface not determined", "tc\u00a0: interface non déterminée"},
    {"this network namespace", "cet espace de noms réseau"},
    {"\neBPF programs that can redirect: not listed ({}: {}{})\n",
     "\nprogrammes eBPF capables de rediriger\u00a0: non listés ({}\u00a0: {}{})\n"},
    {", access denied", ", accès refusé"},
    {"\neBPF programs that can redirect: {}\n", "\nprogrammes eBPF capables de rediriger\u00a0: {}\n"},
};
// clang-format on

}  // namespace

std::span<const Phrase> fr_doctor() { return kPhrases; }

}  // namespace wfpredir::i18n
