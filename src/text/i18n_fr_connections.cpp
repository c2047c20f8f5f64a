// French for `wfpredir connections` (see i18n.h): its options, its report,
// the reasons of its verdicts (connections.cpp) and the privilege notes of
// --confirm (platform/linux/confirm.cpp). Typography as in the other tables.
#include "text/i18n.h"

namespace wfpredir::i18n {
namespace {

// clang-format off
constexpr Phrase kPhrases[] = {
    // main.cpp, cmd_connections.cpp
    {"List a running proxy's connections in place, with the witnesses of each redirect (its port is not taken)",
     "Lister sur place les connexions d'un proxy en marche, avec les témoins de chaque redirection (son port n'est pas pris)"},
    {"Only sockets with this local or remote port", "Seulement les sockets ayant ce port local ou distant"},
    {"Only sockets this process holds", "Seulement les sockets que ce processus détient"},
    {"Linux: also ask SO_ORIGINAL_DST on a duplicate of each live socket (pidfd_getfd; root), read-only, closed at once",
     "Linux\u00a0: demander aussi SO_ORIGINAL_DST sur un double de chaque socket vivant (pidfd_getfd\u202f; root), en lecture seule, fermé aussitôt"},
    {"expected a process id, 1 to 4294967295", "attendu un identifiant de processus, de 1 à 4294967295"},
    // render_connections.cpp
    {"process not visible", "processus non visible"},
    {"sockets not read: {}\n", "sockets non lus\u00a0: {}\n"},
    {"netfilter rules not read: {}\n", "règles netfilter non lues\u00a0: {}\n"},
    {"listener {} {} ({}): {} {}\n", "écoute {} {} ({})\u00a0: {} {}\n"},
    {"  sent here by: {}\n", "  envoyé ici par\u00a0: {}\n"},
    {"connection {} {} -> {} {} ({}): {}", "connexion {} {} -> {} {} ({})\u00a0: {}"},
    {", original destination {}", ", destination d'origine {}"},
    {"  because {}\n", "  car {}\n"},
    {"  the two witnesses disagree: conntrack and SO_ORIGINAL_DST name different original destinations\n",
     "  les deux témoins divergent\u00a0: conntrack et SO_ORIGINAL_DST nomment des destinations d'origine différentes\n"},
    {"--confirm: {}\n", "--confirm\u00a0: {}\n"},
    {"some processes are not visible to this user (run as root to see them all)\n",
     "certains processus ne sont pas visibles pour cet utilisateur (lancer en root pour tous les voir)\n"},
    {"listeners: {}, connections: {}\n", "écoutes\u00a0: {}, connexions\u00a0: {}\n"},
    {"{} {} {}: {} -> {} {}{}", "{} {} {}\u00a0: {} -> {} {}{}"},
    {"  conntrack: {} -> {}, reply {} -> {}, {}{}, zone {}\n",
     "  conntrack\u00a0: {} -> {}, réponse {} -> {}, {}{}, zone {}\n"},
    {"  conntrack: no entry\n", "  conntrack\u00a0: aucune entrée\n"},
    {"  conntrack: could not be asked ({}, errno {})\n",
     "  conntrack\u00a0: n'a pas pu être interrogé ({}, errno {})\n"},
    {"  SO_ORIGINAL_DST on a duplicate of the socket: {}\n",
     "  SO_ORIGINAL_DST sur un double du socket\u00a0: {}\n"},
    {"  SO_ORIGINAL_DST on a duplicate of the socket: no entry\n",
     "  SO_ORIGINAL_DST sur un double du socket\u00a0: aucune entrée\n"},
    {"  SO_ORIGINAL_DST not asked: {} failed, errno {} ({})\n",
     "  SO_ORIGINAL_DST non demandé\u00a0: {} a échoué, errno {} ({})\n"},
    // The verdicts' reasons (connections.cpp), looked up by the renderer.
    {"local address not assigned to any interface: TPROXY delivered it",
     "adresse locale portée par aucune interface\u00a0: TPROXY l'a livrée"},
    {"conntrack: the reply comes from another address than the original destination",
     "conntrack\u00a0: la réponse vient d'une autre adresse que la destination d'origine"},
    {"conntrack: the reply comes from the original destination",
     "conntrack\u00a0: la réponse vient de la destination d'origine"},
    {"conntrack: this host's own connection was sent to another destination",
     "conntrack\u00a0: la connexion de cet hôte a été envoyée vers une autre destination"},
    {"conntrack's entry does not match the socket's addresses",
     "l'entrée de conntrack ne correspond pas aux adresses du socket"},
    {"SO_ORIGINAL_DST names another destination than the socket's ends",
     "SO_ORIGINAL_DST nomme une autre destination que les extrémités du socket"},
    {"SO_ORIGINAL_DST is the socket's own local address",
     "SO_ORIGINAL_DST est l'adresse locale du socket lui-même"},
    {"SO_ORIGINAL_DST is the peer's address: this socket made the connection",
     "SO_ORIGINAL_DST est l'adresse du pair\u00a0: ce socket a établi la connexion"},
    {"conntrack has no entry for this connection", "conntrack n'a aucune entrée pour cette connexion"},
    {"conntrack could not be asked", "conntrack n'a pas pu être interrogé"},
    // platform/linux/confirm.cpp
    {"needs CAP_SYS_PTRACE and CAP_NET_ADMIN (run as root): only this user's own processes can be asked",
     "il faut CAP_SYS_PTRACE et CAP_NET_ADMIN (lancer en root)\u00a0: seuls les processus de cet utilisateur peuvent être interrogés"},
    {"needs CAP_NET_ADMIN (run as root)", "il faut CAP_NET_ADMIN (lancer en root)"},
    {"needs CAP_SYS_PTRACE (run as root): only this user's own processes can be asked",
     "il faut CAP_SYS_PTRACE (lancer en root)\u00a0: seuls les processus de cet utilisateur peuvent être interrogés"},
    {"the process's capabilities could not be read", "les capacités du processus n'ont pas pu être lues"},
    // platform/win32/connections.cpp
    {"redirect records can be read only by the process that owns the connection: run `wfpredir query --port N` or `wfpredir relay --port N` in the proxy's place to see them",
     "les enregistrements de redirection ne peuvent être lus que par le processus qui détient la connexion\u00a0: lancer `wfpredir query --port N` ou `wfpredir relay --port N` à la place du proxy pour les voir"},
    {"redirect records are readable only by the connection's owner",
     "les enregistrements de redirection ne sont lisibles que par le détenteur de la connexion"},
    {"it exists on Linux only: Windows gives no way to read another process's redirect records",
     "il n'existe que sous Linux\u00a0: Windows ne permet pas de lire les enregistrements de redirection d'un autre processus"},
    {"eBPF programs that can rewrite the destination are attached where they reach this "
     "connection: conntrack shows no trace of such a redirect",
     "des programmes eBPF capables de réécrire la destination sont attachés là où ils atteignent "
     "cette connexion\u00a0: conntrack ne garde aucune trace d'une telle redirection"},
    {"  eBPF program {} \"{}\" ({} on {})\n", "  programme eBPF {} « {} » ({} sur {})\n"},
    {"its client, pid {} ({}), is in cgroup {}: a program that can redirect it sits on its cgroup path",
     "son client, pid {} ({}), est dans le cgroup {}\u00a0: un programme capable de la rediriger est "
     "attaché sur son chemin de cgroup"},
    {"its client, pid {} ({}), is in cgroup {}: no program that can redirect it sits on its cgroup path",
     "son client, pid {} ({}), est dans le cgroup {}\u00a0: aucun programme capable de la rediriger "
     "n'est attaché sur son chemin de cgroup"},
    {"its client's cgroup is not known ({}): a program on any cgroup counts",
     "le cgroup de son client n'est pas connu ({})\u00a0: un programme sur n'importe quel cgroup "
     "compte"},
    {"  client process: pid {} ({}), cgroup {}\n", "  processus client\u00a0: pid {} ({}), cgroup {}\n"},
    {"  client process: not found ({})\n", "  processus client\u00a0: introuvable ({})\n"},
    {"eBPF programs not listed (no verdict weighs them): {}\n",
     "programmes eBPF non listés (aucun verdict n'en tient compte)\u00a0: {}\n"},
    {"  eBPF programs not listed (no verdict weighs them): {}\n",
     "  programmes eBPF non listés (aucun verdict n'en tient compte)\u00a0: {}\n"},
    {"eBPF programs could not be listed ({}: {}), so a redirect by one, which leaves no "
     "conntrack trace, is not ruled out",
     "les programmes eBPF n'ont pas pu être listés ({}\u00a0: {}), donc une redirection "
     "par l'un d'eux, qui ne laisse aucune trace dans conntrack, n'est pas exclue"},
};
// clang-format on

}  // namespace

std::span<const Phrase> fr_connections() { return kPhrases; }

}  // namespace wfpredir::i18n
