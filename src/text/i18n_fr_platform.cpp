// French for the platform backends: skip reasons, setup errors, what a
// listener waits for (see i18n.h). Typography: a plain space before ':',
// ';' and inside « », as in the error catalog.
#include "text/i18n.h"

namespace wfpredir::i18n {
namespace {

// clang-format off
constexpr Phrase kPhrases[] = {
    // system_win32.cpp, the inventories
    {", highest {}", ", au plus {}"},
    {"Winsock unavailable (WSAStartup error {})", "Winsock indisponible (WSAStartup\u00a0: erreur {})"},
    {"(WSCGetProviderPath failed: error {})", "(échec de WSCGetProviderPath\u00a0: erreur {})"},
    {"(provider lookup failed: error {})", "(échec de la recherche du fournisseur\u00a0: erreur {})"},
    {"exit status {}", "code de sortie {}"},
    {"no loopback listener in this family: {}",
     "aucun socket d'écoute de bouclage dans cette famille\u00a0: {}"},
    {"no loopback connection in this family: {}",
     "aucune connexion de bouclage dans cette famille\u00a0: {}"},
    {"accept failed: {}", "échec d'accept\u00a0: {}"},
    // The notes of --trace (call records)
    {"optlen came back larger than the buffer passed, only {} bytes are read",
     "optlen est revenu plus grand que le tampon passé, seuls {} octets sont lus"},
    {"optlen came back as passed, the kernel wrote a {}-byte sockaddr",
     "optlen est revenu tel que passé, le noyau a écrit une sockaddr de {} octets"},
    {"the answer is not an IPv4 or IPv6 socket address",
     "la réponse n'est pas une adresse de socket IPv4 ou IPv6"},
    {"the answer is shorter than a socket address of its family",
     "la réponse est plus courte qu'une adresse de socket de sa famille"},
    {"level SOL_IP, optname SO_ORIGINAL_DST (80)", "niveau SOL_IP, optname SO_ORIGINAL_DST (80)"},
    {"level SOL_IPV6, optname IP6T_SO_ORIGINAL_DST (80)",
     "niveau SOL_IPV6, optname IP6T_SO_ORIGINAL_DST (80)"},
    {"level {} (0x{:X}), optname SO_ORIGINAL_DST (0x{:X})",
     "niveau {} (0x{:X}), optname SO_ORIGINAL_DST (0x{:X})"},
    {"optlen {} (sizeof(SOCKADDR_STORAGE)) rather than the {} asked: a smaller one is refused "
     "with WSAEFAULT",
     "optlen {} (sizeof(SOCKADDR_STORAGE)) au lieu des {} demandés\u00a0: une valeur plus petite "
     "est refusée avec WSAEFAULT"},
    {"issued synchronously although {} mode was asked",
     "émis de façon synchrone bien que le mode {} ait été demandé"},
    {"optlen left at {}", "optlen laissé à {}"},
    {"an IPv4 connection (v4-mapped) on an IPv6 socket: the IPv4 level first",
     "une connexion IPv4 (adresse v4-mapped) sur un socket IPv6\u00a0: le niveau IPv4 d'abord"},
    {"the other level, after the first failed", "l'autre niveau, après l'échec du premier"},
    {"set before bind", "activée avant bind"},
    {"refused before bind ({}), so set after bind: a datagram that arrived in between may have "
     "come without its records",
     "refusée avant bind ({}), donc activée après bind\u00a0: un datagramme arrivé entre-temps a pu "
     "venir sans ses enregistrements"},
    {" (nothing reached {}: Microsoft's connect-redirect sample redirects a connection to its "
     "own local address unless that is a wildcard, so a listener on one address may never see "
     "it; try --bind 0.0.0.0 or --bind ::)",
     " (rien n'est arrivé sur {}\u00a0: l'exemple de redirection de connexion de Microsoft redirige "
     "une connexion vers sa propre adresse locale sauf si c'est une adresse générique, si bien "
     "qu'un écouteur sur une seule adresse peut ne jamais la voir\u202f; essayez --bind 0.0.0.0 ou "
     "--bind ::)"},
    {"the answer is not an IPv4 or IPv6 SOCKADDR",
     "la réponse n'est pas une SOCKADDR IPv4 ou IPv6"},
    {"completed immediately", "achevé immédiatement"},
    {"failed at once, and the completion routine ran all the same (an alertable zero wait "
     "drained it)",
     "échec immédiat, et la routine d'achèvement s'est tout de même exécutée (une attente "
     "alertable de durée nulle l'a vidée)"},
    {"failed at once; no completion routine was queued (an alertable zero wait found none)",
     "échec immédiat\u202f; aucune routine d'achèvement n'était en file (une attente alertable de "
     "durée nulle n'en a trouvé aucune)"},
    {"completed immediately; the completion routine is still queued",
     "achevé immédiatement\u202f; la routine d'achèvement est encore en file"},
    {"interrupted (Ctrl-C) while waiting for the completion routine",
     "interrompu (Ctrl-C) pendant l'attente de la routine d'achèvement"},
    {"waited the io-timeout of {} ms for the completion routine",
     "attente de la routine d'achèvement pendant tout l'io-timeout de {} ms"},
    {"the wait for the completion routine failed",
     "l'attente de la routine d'achèvement a échoué"},
    {"it did not run", "elle ne s'est pas exécutée"},
    {"the completion routine did not run", "la routine d'achèvement ne s'est pas exécutée"},
    {"alertable wait for the completion routine",
     "attente alertable de la routine d'achèvement"},
    {"wait for the event of the pending call", "attente de l'événement de l'appel en attente"},
    {"interrupted (Ctrl-C) while pending", "interrompu (Ctrl-C) pendant l'attente"},
    {"still pending after the io-timeout of {} ms",
     "toujours en attente après l'io-timeout de {} ms"},
    {"the wait for completion failed while pending",
     "l'attente de l'achèvement a échoué pendant que l'appel était en attente"},
    {"the call completed (lpOverlapped->Internal is no longer STATUS_PENDING) and its event was "
     "not signalled when that was seen",
     "l'appel s'est achevé (lpOverlapped->Internal ne vaut plus STATUS_PENDING) et son "
     "événement n'était pas signalé à ce moment-là"},
    {"fWait FALSE, flags 0x{:X}", "fWait FALSE, indicateurs 0x{:X}"},
    {"not complete yet: waiting on", "pas encore achevé\u00a0: l'attente continue"},
    {"after {} WSA_IO_INCOMPLETE answers", "après {} réponses WSA_IO_INCOMPLETE"},
    {"the operation was still in flight; its OVERLAPPED and {}-byte buffer were left allocated",
     "l'opération était encore en cours\u202f; sa structure OVERLAPPED et son tampon de {} octets "
     "sont restés alloués"},
    // waiting_for(): the French reads after "en attente" (engine.cpp's status
    // line) and "d'attente" (timeouts), hence the leading "de"/"d'".
    {"a connection on {}", "d'une connexion sur {}"},
    {"the connection to {}", "de la connexion vers {}"},
    {"the loopback connection to itself", "de la connexion de bouclage vers lui-même"},
    {"the peer to answer", "de la réponse du pair"},
    {"gave up after {:.1f} s waiting for {}", "abandon après {:.1f} s d'attente {}"},
    {"timed out after {:.1f} s waiting for {}", "délai dépassé après {:.1f} s d'attente {}"},
    {"interrupted while waiting for {}", "interrompu pendant l'attente {}"},
    {"accept {}", "accept en attente {}"},
    // Linux
    {"SIO_QUERY_WFP_* is a Windows control code; on Linux the original destination "
     "(SO_ORIGINAL_DST) is the redirect evidence",
     "SIO_QUERY_WFP_* est un code de contrôle Windows\u202f; sous Linux, c'est la destination "
     "d'origine (SO_ORIGINAL_DST) qui prouve la redirection"},
    {"event is a Windows overlapped-I/O mechanism (WSAOVERLAPPED with an event); Linux "
     "getsockopt is synchronous only",
     "event est un mécanisme d'E/S avec chevauchement (overlapped) de Windows (WSAOVERLAPPED avec "
     "un événement)\u202f; getsockopt sous Linux est uniquement synchrone"},
    {"apc is a Windows overlapped-I/O mechanism (a completion routine run as an APC); Linux "
     "getsockopt is synchronous only",
     "apc est un mécanisme d'E/S avec chevauchement (overlapped) de Windows (une routine "
     "d'achèvement exécutée comme APC)\u202f; getsockopt sous Linux est uniquement synchrone"},
    {"IP_TRANSPARENT listener: TPROXY leaves the original destination as the local address "
     "(read once, when the connection was accepted)",
     "socket d'écoute IP_TRANSPARENT\u00a0: TPROXY laisse la destination d'origine comme adresse "
     "locale (lue une fois, à l'acceptation de la connexion)"},
    {"the connection's local address", "l'adresse locale de la connexion"},
    {"its process is not visible to this user (run as root to see it)",
     "son processus n'est pas visible pour cet utilisateur (lancez en root pour le voir)"},
    {"no process holds it (it may be closing)",
     "aucun processus ne le détient (il est peut-être en cours de fermeture)"},
    {"socket for {}", "socket pour {}"},
    {"a TPROXY listener needs CAP_NET_ADMIN", "un socket d'écoute TPROXY demande CAP_NET_ADMIN"},
    {"listen on {}", "listen sur {}"},
    {"connect to {}", "connect vers {}"},
    {"a listener needs a port from 1 to 65535 (port 0 would be one no client knows)",
     "un socket d'écoute demande un port de 1 à 65535 (le port 0 en donnerait un qu'aucun client "
     "ne connaît)"},
    {"{} is not an IPv4 or IPv6 address literal",
     "{} n'est pas une adresse IPv4 ou IPv6 littérale"},
    {"resolve {}", "résolution de {}"},
    {"no TCP address", "aucune adresse TCP"},
    {"the program is not installed", "le programme n'est pas installé"},
    // Windows
    {"{} gave error {}", "{} a donné l'erreur {}"},
    {"no address to try", "aucune adresse à essayer"},
    {"also tried: {}", "essayé aussi\u00a0: {}"},
    {"every query kind is available on Windows",
     "tous les types de requête sont disponibles sous Windows"},
    {"every mode is available on Windows", "tous les modes sont disponibles sous Windows"},
    {"transparent listening (IP_TRANSPARENT, TPROXY) exists on Linux only",
     "l'écoute transparente (IP_TRANSPARENT, TPROXY) n'existe que sous Linux"},
    {"--connect needs HOST:PORT", "--connect demande HÔTE:PORT"},
    {"--connect: the port must be 1-65535",
     "--connect\u00a0: le port doit être compris entre 1 et 65535"},
    {"unknown target", "cible inconnue"},
    {"no IPv4 or IPv6 address", "aucune adresse IPv4 ou IPv6"},
    {"the port is in use, or still has connections in TIME_WAIT: wfpredir sets "
     "SO_EXCLUSIVEADDRUSE, which refuses the port until they expire (up to 4 minutes); choose "
     "another port or wait",
     "le port est occupé, ou a encore des connexions en TIME_WAIT\u00a0: wfpredir pose "
     "SO_EXCLUSIVEADDRUSE, qui refuse le port jusqu'à leur expiration (jusqu'à 4 minutes)\u202f; "
     "choisissez un autre port ou patientez"},
    {"accept on {}", "accept sur {}"},
    {"the process name is not readable (error {}; try an elevated prompt)",
     "le nom du processus n'est pas lisible (erreur {}\u202f; essayez depuis une invite élevée)"},
};
// clang-format on

}  // namespace

std::span<const Phrase> fr_platform() { return kPhrases; }

}  // namespace wfpredir::i18n
