// The error catalog (see catalog.h): the documented errors and the
// original-destination errors with their meanings and hints, and explain().
// Pure data; names live in error_names.cpp, the system's text is attached by
// callers. The twelve documented errors come from the
// reference page's table (docs/winsock-contract.md#error-table restates it); meanings are faithful
// to the page, hints come from what public users and Wine were seen to do. The French text is
// written for French support engineers: it follows the page where the page is right and corrects
// its machine-translation slips.
#include "text/catalog.h"

#include <array>
#include <cstdint>

namespace wfpredir {
namespace {

// In the page's table order. Keep each hint to one or two sentences: the
// text renderer prints it under the meaning.
// clang-format off
constexpr std::array<DocumentedError, 12> kDocumented{{
    {122, "ERROR_INSUFFICIENT_BUFFER",
     "The output buffer (lpvOutBuffer, cbOutBuffer bytes) is too small for the redirect records; "
     "the size required is returned in lpcbBytesReturned.",
     "La mémoire tampon de sortie (lpvOutBuffer, de cbOutBuffer octets) est trop petite pour "
     "contenir les enregistrements de redirection\u202f; la taille requise est renvoyée dans "
     "lpcbBytesReturned.",
     "Retry with the size returned in lpcbBytesReturned (`--buffer auto` does, `--buffer probe` "
     "asks with a size of 0 first). Proxies with a fixed buffer fail here when the records grow "
     "(Envoy had to raise its buffer to 2048 bytes).",
     "Relancez l'appel avec la taille renvoyée dans lpcbBytesReturned (`--buffer auto` le fait, "
     "`--buffer probe` demande d'abord la taille requise avec un tampon de 0 octet). Les proxys "
     "à tampon fixe échouent ici quand les enregistrements grossissent (Envoy a dû porter le "
     "sien à 2048 octets)."},
    {997, "WSA_IO_PENDING",
     "An overlapped operation was started successfully; its completion will be signalled later.",
     "Une opération avec chevauchement (overlapped) a bien été lancée\u202f; son achèvement sera "
     "signalé plus tard.",
     "Not a failure: wait for the event or the completion routine, then read the final result "
     "with WSAGetOverlappedResult (`--mode event`, `--mode apc`). The byte count may be 0 until "
     "the operation completes.",
     "Ce n'est pas un échec\u00a0: attendez l'événement ou la routine d'achèvement, puis lisez le "
     "résultat final avec WSAGetOverlappedResult (`--mode event`, `--mode apc`). Le nombre "
     "d'octets peut valoir 0 tant que l'opération n'est pas terminée."},
    {995, "WSA_OPERATION_ABORTED",
     "An overlapped operation was cancelled because the socket was closed or the SIO_FLUSH ioctl "
     "was issued.",
     "Une opération avec chevauchement a été annulée parce que le socket a été fermé ou que "
     "l'ioctl SIO_FLUSH a été émis.",
     "Check whether another thread closed the socket or issued SIO_FLUSH. wfpredir itself cancels "
     "the call with CancelIoEx when `--io-timeout` expires: raise it if the completion is only "
     "slow.",
     "Vérifiez si un autre thread a fermé le socket ou émis SIO_FLUSH. wfpredir annule lui-même "
     "l'appel avec CancelIoEx à l'expiration de `--io-timeout`\u00a0: augmentez ce délai si "
     "l'achèvement est seulement lent."},
    {10014, "WSAEFAULT",
     "lpvOutBuffer, lpcbBytesReturned, lpOverlapped or lpCompletionRoutine does not lie entirely "
     "within valid user address space.",
     "Le paramètre lpvOutBuffer, lpcbBytesReturned, lpOverlapped ou lpCompletionRoutine ne se "
     "trouve pas entièrement dans une partie valide de l'espace d'adressage utilisateur.",
     "Usually a NULL lpcbBytesReturned or a buffer shorter than cbOutBuffer claims. Some stacks "
     "also return it for a too-small buffer, so retry with a larger one (rama retries on 10014 as "
     "on 122; try `--buffer probe`).",
     "Le plus souvent, lpcbBytesReturned vaut NULL ou le tampon est plus court que ce qu'annonce "
     "cbOutBuffer. Certaines piles renvoient aussi cette erreur pour un tampon trop petit\u00a0: "
     "réessayez avec un tampon plus grand (rama réessaie sur 10014 comme sur 122\u202f; essayez "
     "`--buffer probe`)."},
    {10036, "WSAEINPROGRESS",
     "The function was called while a callback is in progress.",
     "La fonction a été appelée alors qu'un rappel (callback) est en cours.",
     "Do not issue the query from inside a completion routine or another Winsock callback; issue "
     "it once the callback has returned.",
     "N'émettez pas la requête depuis une routine d'achèvement ou un autre rappel Winsock\u202f; "
     "émettez-la une fois le rappel terminé."},
    {10004, "WSAEINTR",
     "A blocking operation was interrupted.",
     "Une opération bloquante a été interrompue.",
     "The blocking call was cancelled (WSACancelBlockingCall, or the thread was interrupted) "
     "before it finished; retrying the query is normally safe.",
     "L'appel bloquant a été annulé (WSACancelBlockingCall, ou interruption du thread) avant "
     "d'aboutir\u202f; relancer la requête est normalement sans risque."},
    {10022, "WSAEINVAL",
     "dwIoControlCode is not a valid command, an input parameter is not acceptable, or the "
     "command does not apply to this type of socket; also returned when cbOutBuffer is smaller "
     "than a ULONG.",
     "dwIoControlCode n'est pas une commande valide, un paramètre d'entrée n'est pas acceptable, "
     "ou la commande ne s'applique pas à ce type de socket\u202f; l'erreur est aussi renvoyée quand "
     "cbOutBuffer est inférieur à la taille d'un ULONG.",
     "Check that cbOutBuffer is at least 4 (one paragraph of the page also gives this error for a "
     "too-small buffer: try `--buffer probe`) and that the connection was really redirected, "
     "since the CONTEXT query on a non-redirected socket returns it. If it was redirected, look "
     "for another WFP filter in the path, such as the Npcap loopback filter (`netsh wfp show "
     "state`).",
     "Vérifiez que cbOutBuffer vaut au moins 4 (un paragraphe de la page annonce aussi cette "
     "erreur pour un tampon trop petit\u00a0: essayez `--buffer probe`) et que la connexion a bien "
     "été redirigée, car la requête CONTEXT sur un socket non redirigé la renvoie. Si elle l'a "
     "été, cherchez un autre filtre WFP sur le chemin, comme le filtre de bouclage de Npcap "
     "(`netsh wfp show state`)."},
    {10050, "WSAENETDOWN",
     "The network subsystem has failed.",
     "Le sous-système réseau a échoué.",
     "The TCP/IP stack or a network driver failed, not the query itself: check the adapter and "
     "any recently installed network driver or WFP callout, then retry.",
     "C'est la pile TCP/IP ou un pilote réseau qui a échoué, pas la requête elle-même\u00a0: vérifiez "
     "la carte réseau et tout pilote réseau ou callout WFP installé récemment, puis réessayez."},
    {10042, "WSAENOPROTOOPT",
     "The socket option is not supported on the specified protocol.",
     "L'option de socket n'est pas prise en charge par le protocole spécifié.",
     "Typically seen from getsockopt SO_ORIGINAL_DST on a connection that was not redirected; "
     "confirm that a WFP callout redirected this connection (some proxies, such as Aikido "
     "safechain, read this error as \"no records\").",
     "Cette erreur se rencontre surtout avec getsockopt SO_ORIGINAL_DST sur une connexion qui "
     "n'a pas été redirigée\u202f; vérifiez qu'un callout WFP a bien redirigé cette connexion "
     "(certains proxys, comme Aikido safechain, interprètent cette erreur comme « aucun "
     "enregistrement »)."},
    {10057, "WSAENOTCONN",
     "The socket is not connected.",
     "Le socket n'est pas connecté.",
     "Query the socket returned by accept(), not the listening socket, and do so before the peer "
     "or the proxy closes it.",
     "Interrogez le socket renvoyé par accept(), et non le socket d'écoute, avant que le pair ou "
     "le proxy ne le ferme."},
    {10038, "WSAENOTSOCK",
     "The descriptor s is not a socket.",
     "Le descripteur s n'est pas un socket.",
     "The handle was already closed or is not a socket (a file or pipe handle, a value from "
     "another process); check the socket's lifetime in the calling code.",
     "Le handle a déjà été fermé ou n'est pas un socket (handle de fichier ou de canal, valeur "
     "venant d'un autre processus)\u202f; vérifiez la durée de vie du socket dans le code appelant."},
    {10045, "WSAEOPNOTSUPP",
     "The IOCTL is not supported: the transport provider does not support the "
     "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS query.",
     "L'IOCTL n'est pas pris en charge\u00a0: le fournisseur de transport ne prend pas en charge la "
     "requête SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS.",
     "The provider handling this socket lacks support: Wine, Windows before 8 / Server 2012, a "
     "socket not handled by the Microsoft TCP/IP provider, or a layered service provider (LSP) in "
     "between. Check `netsh winsock show catalog` and run on a real Windows 8 or later.",
     "Le fournisseur qui gère ce socket n'offre pas cette requête\u00a0: Wine, Windows antérieur à "
     "Windows 8 / Server 2012, socket non géré par le fournisseur TCP/IP de Microsoft, ou "
     "fournisseur de services en couches (LSP) intercalé. Vérifiez `netsh winsock show catalog` "
     "et testez sur un vrai Windows 8 ou ultérieur."},
}};
// clang-format on

constexpr bool codes_unique(const auto& table) {
  for (std::size_t i = 0; i < std::size(table); ++i) {
    for (std::size_t j = i + 1; j < std::size(table); ++j) {
      if (table[i].code == table[j].code) return false;
    }
  }
  return true;
}
static_assert(codes_unique(kDocumented), "each documented code once");

// Linux errno values of the original-destination table: the domain is
// numbered as Linux numbers it on every build (error_codes.h).
constexpr int kLinuxEinval = 22;
constexpr int kLinuxEnotconn = 107;

}  // namespace

std::span<const DocumentedError> documented_errors() { return kDocumented; }

const DocumentedError* find_documented(int code) {
  for (const DocumentedError& entry : kDocumented) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

namespace {

// What the original-destination query's errors mean: the counterpart of the
// page's table for getsockopt SO_ORIGINAL_DST (Windows) and SO_ORIGINAL_DST /
// IP6T_SO_ORIGINAL_DST answered by nf_conntrack (Linux).
struct OrigDstError {
  ErrorDomain domain;
  int code;
  std::string_view meaning_en, meaning_fr, hint_en, hint_fr;
};

constexpr OrigDstError kOrigDst[] = {
    {ErrorDomain::windows, 10022,
     "getsockopt(SO_ORIGINAL_DST) rejected the request: the connection carries no original "
     "destination (it was not redirected), or this provider does not know the option at this "
     "level.",
     "getsockopt(SO_ORIGINAL_DST) a refusé la demande\u00a0: la connexion ne porte pas de "
     "destination "
     "d'origine (elle n'a pas été redirigée), ou ce fournisseur ne connaît pas l'option à ce "
     "niveau.",
     "Expected on a connection that was not redirected (and always under Wine). On a redirected "
     "one, compare with the records query in the same report.",
     "Attendu sur une connexion non redirigée (et toujours sous Wine). Sur une connexion "
     "redirigée, comparez avec la requête des enregistrements dans le même rapport."},
    {ErrorDomain::windows, 10042,
     "getsockopt(SO_ORIGINAL_DST): the option is not supported for this protocol or level.",
     "getsockopt(SO_ORIGINAL_DST)\u00a0: l'option n'est pas prise en charge pour ce protocole ou "
     "ce "
     "niveau.",
     "SO_ORIGINAL_DST is recent on Windows (Envoy's documentation, February 2021: insider builds "
     "only, announced for the next Windows Server); on older systems the records query is the "
     "evidence.",
     "SO_ORIGINAL_DST est récent sous Windows (documentation d'Envoy, février 2021\u00a0: versions "
     "Insider seulement, annoncé pour le Windows Server suivant)\u202f; sur les systèmes plus "
     "anciens, "
     "la requête des enregistrements fait foi."},
    {ErrorDomain::windows, 10014,
     "getsockopt(SO_ORIGINAL_DST): the buffer or its length is not valid, or too small for the "
     "address.",
     "getsockopt(SO_ORIGINAL_DST)\u00a0: le tampon ou sa longueur n'est pas valide, ou trop petit "
     "pour "
     "l'adresse.",
     "Use `--buffer auto` (1024 bytes); an IPv6 address needs 28 bytes.",
     "Utilisez `--buffer auto` (1024 octets)\u202f; une adresse IPv6 demande 28 octets."},
    {ErrorDomain::posix, codes::linux_enoent,
     "For SO_ORIGINAL_DST: conntrack has no NAT entry for this connection, so it was not "
     "redirected by a REDIRECT/DNAT rule.",
     "Pour SO_ORIGINAL_DST\u00a0: conntrack n'a aucune entrée NAT pour cette connexion, elle n'a "
     "donc "
     "pas été redirigée par une règle REDIRECT/DNAT.",
     "Expected for a direct connection. If it should have been redirected, check the nat rule "
     "(`nft list ruleset`) and that the client's traffic really crosses it.",
     "Attendu pour une connexion directe. Si elle aurait dû être redirigée, vérifiez la règle nat "
     "(`nft list ruleset`) et que le trafic du client la traverse bien."},
    {ErrorDomain::posix, codes::linux_enoprotoopt,
     "For SO_ORIGINAL_DST: the option is not registered, because the nf_conntrack module (for this "
     "address family) is not loaded.",
     "Pour SO_ORIGINAL_DST\u00a0: l'option n'est pas enregistrée, car le module nf_conntrack (pour "
     "cette famille d'adresses) n'est pas chargé.",
     "Load it (`modprobe nf_conntrack`) or add the nat rule, which loads it; TPROXY setups read "
     "the local address instead (`--transparent`).",
     "Chargez-le (`modprobe nf_conntrack`) ou ajoutez la règle nat, qui le charge\u202f; avec "
     "TPROXY, "
     "c'est l'adresse locale qui compte (`--transparent`)."},
    {ErrorDomain::posix, kLinuxEinval,
     "For SO_ORIGINAL_DST: the buffer length is smaller than the socket address the kernel would "
     "return.",
     "Pour SO_ORIGINAL_DST\u00a0: la longueur du tampon est inférieure à l'adresse de socket que "
     "le "
     "noyau renverrait.",
     "Use `--buffer auto` (1024 bytes) or at least 16 bytes for IPv4 and 28 for IPv6.",
     "Utilisez `--buffer auto` (1024 octets) ou au moins 16 octets en IPv4 et 28 en IPv6."},
    {ErrorDomain::posix, kLinuxEnotconn, "For SO_ORIGINAL_DST: the socket is not connected.",
     "Pour SO_ORIGINAL_DST\u00a0: le socket n'est pas connecté.",
     "Query the accepted socket, not the listener.",
     "Interrogez le socket accepté, pas le socket d'écoute."},
};

const OrigDstError* find_origdst(ErrorDomain domain, int code) {
  for (const OrigDstError& entry : kOrigDst)
    if (entry.domain == domain && entry.code == code) return &entry;
  return nullptr;
}

}  // namespace

std::vector<int> linux_report_codes() {
  std::vector<int> out;
  for (const OrigDstError& entry : kOrigDst)
    if (entry.domain == ErrorDomain::posix) out.push_back(entry.code);
  return out;
}

constexpr std::string_view kRecordsName = "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS";
constexpr std::string_view kContextName = "SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT";

Explanation explain(ErrorDomain domain, int code, Lang lang, ErrorContext context) {
  Explanation e;
  e.domain = domain;
  e.code = code;
  const bool fr = lang == Lang::fr;
  e.name = std::string(error_name(domain, code));
  // Linux has no control codes: a Linux errno a report explains is
  // SO_ORIGINAL_DST's, and `errors ENOENT` says what the report says.
  if (context == ErrorContext::original_dst ||
      (domain == ErrorDomain::posix && context == ErrorContext::control_code)) {
    if (const OrigDstError* o = find_origdst(domain, code)) {
      e.meaning = std::string(fr ? o->meaning_fr : o->meaning_en);
      e.hint = std::string(fr ? o->hint_fr : o->hint_en);
      return e;
    }
  }
  if (domain == ErrorDomain::posix) {
    e.meaning = fr ? "Valeur errno de Linux, signalée par l'implémentation Linux de wfpredir ; "
                     "ce n'est pas un code Winsock."
                   : "A Linux errno value, reported by wfpredir's Linux backend; not a Winsock "
                     "code.";
  } else if (context == ErrorContext::original_dst) {
    e.meaning = fr ? "Renvoyé par getsockopt(SO_ORIGINAL_DST) ; la page de référence ne documente "
                     "que les erreurs du code de contrôle."
                   : "Returned by getsockopt(SO_ORIGINAL_DST); the reference page documents only "
                     "the control code's errors.";
  } else if (context == ErrorContext::socket_call) {
    e.meaning = fr ? "Renvoyé par un appel de socket autre que les requêtes de redirection ; la "
                     "page de référence ne documente que les erreurs de leurs codes de contrôle."
                   : "Returned by a socket call other than the redirect queries; the reference "
                     "page documents only the errors of their control codes.";
  } else if (const DocumentedError* d = find_documented(code)) {
    e.documented = true;
    e.meaning = std::string(fr ? d->meaning_fr : d->meaning_en);
    e.hint = std::string(fr ? d->hint_fr : d->hint_en);
    if (context == ErrorContext::context_code) {
      for (std::string* text : {&e.meaning, &e.hint})
        for (auto at = text->find(kRecordsName); at != std::string::npos;
             at = text->find(kRecordsName, at))
          text->replace(at, kRecordsName.size(), kContextName);
    }
  } else {
    e.meaning = fr ? "La page de référence ne documente pas ce code pour "
                     "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS."
                   : "The reference page does not document this code for "
                     "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS.";
  }
  return e;
}

}  // namespace wfpredir
