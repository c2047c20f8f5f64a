// French for the text of `query --udp` and `relay` (see i18n.h): the
// datagram report, its verdict reasons and wait messages; the relay's part of
// each report, its decisions, its warnings and its summary. Typography as in
// the other tables: a plain space before ':' and ';'.
#include "text/i18n.h"

namespace wfpredir::i18n {
namespace {

// clang-format off
constexpr Phrase kPhrases[] = {
    // render_udp.cpp
    {"datagram {}: udp {}, {}\n", "datagramme {}\u00a0: udp {}, {}\n"},
    {"  socket {}{}: {}\n", "  socket {}{}\u00a0: {}\n"},
    {" (transparent)", " (socket transparent)"},
    {"  receive failed: ", "  la réception a échoué\u00a0: "},
    {"  from {}, {} bytes, flags 0x{:X}", "  de {}, {} octets, indicateurs 0x{:X}"},
    {", MSG_TRUNC (payload cut)", ", MSG_TRUNC (données tronquées)"},
    {", MSG_CTRUNC (control messages cut)", ", MSG_CTRUNC (messages de contrôle tronqués)"},
    {"  control: {} of {} bytes, {}\n", "  contrôle\u00a0: {} octets sur {}, {}\n"},
    {"  no control messages\n", "  aucun message de contrôle\n"},
    {"  message {} at {}: truncated header, {} bytes left (a header is {})\n",
     "  message {} à {}\u00a0: en-tête tronqué, {} octets restants (un en-tête en fait {})\n"},
    {"  message {} at {}: level {}, type {}, length {}, {} data bytes{}\n",
     "  message {} à {}\u00a0: niveau {}, type {}, longueur {}, {} octets de données{}\n"},
    {"  original destination {}\n", "  destination d'origine {}\n"},
    // The backends' mechanisms (platform/*/udp.cpp), looked up by render_udp.cpp.
    {"TPROXY (IP_TRANSPARENT) and the IP_ORIGDSTADDR control message",
     "TPROXY (IP_TRANSPARENT) et le message de contrôle IP_ORIGDSTADDR"},
    {"the IP_ORIGDSTADDR control message (no IP_TRANSPARENT: a tproxy rule cannot hand this "
     "socket datagrams)",
     "le message de contrôle IP_ORIGDSTADDR (sans IP_TRANSPARENT\u00a0: une règle tproxy ne peut pas "
     "remettre de datagrammes à ce socket)"},
    {"the WFP redirect control messages of the first datagram, read with WSARecvMsg",
     "les messages de contrôle de redirection WFP du premier datagramme, lus avec WSARecvMsg"},
    // udp_verdict.cpp
    {"the control messages did not fit in the {}-byte control buffer (MSG_CTRUNC): what was "
     "cut cannot be read",
     "les messages de contrôle ne tenaient pas dans le tampon de contrôle de {} octets "
     "(MSG_CTRUNC)\u00a0: ce qui a été coupé ne peut pas être lu"},
    {"the control buffer is malformed at offset {} ({})",
     "le tampon de contrôle est mal formé à la position {} ({})"},
    {"recvmsg failed with {}", "recvmsg a échoué avec {}"},
    {"setsockopt {} failed with ENOPROTOOPT: this kernel does not offer it",
     "setsockopt {} a échoué avec ENOPROTOOPT\u00a0: ce noyau ne le propose pas"},
    {"the datagram carried no IP_ORIGDSTADDR or IPV6_ORIGDSTADDR control message, so its "
     "original destination is not known",
     "le datagramme ne portait aucun message de contrôle IP_ORIGDSTADDR ni IPV6_ORIGDSTADDR\u00a0: "
     "sa destination d'origine n'est pas connue"},
    {"the first datagram carried {} ({} bytes{})", "le premier datagramme portait {} ({} octets{})"},
    {", cut at the buffer's end", ", coupé à la fin du tampon"},
    {"the first datagram carried {} with no data (no {})",
     "le premier datagramme portait {} sans données (pas de {})"},
    {"WSARecvMsg failed with {}, which does not tell whether the flow was redirected",
     "WSARecvMsg a échoué avec {}, ce qui ne dit pas si le flux a été redirigé"},
    {"no setsockopt asked for the control messages",
     "aucun setsockopt n'a demandé les messages de contrôle"},
    {"setsockopt {} failed with {}: the socket's provider does not offer the redirect control "
     "messages",
     "setsockopt {} a échoué avec {}\u00a0: le fournisseur du socket ne propose pas les messages de "
     "contrôle de redirection"},
    {"setsockopt {} failed with {}, which does not tell whether the flow was redirected",
     "setsockopt {} a échoué avec {}, ce qui ne dit pas si le flux a été redirigé"},
    {"the first datagram carried no IP_WFP_REDIRECT_RECORDS or IP_WFP_REDIRECT_CONTEXT control "
     "message, though the socket asked for them",
     "le premier datagramme ne portait aucun message de contrôle IP_WFP_REDIRECT_RECORDS ni "
     "IP_WFP_REDIRECT_CONTEXT, bien que le socket les ait demandés"},
    // udp_engine.cpp, platform/linux/udp.cpp; waiting_for() reads after
    // "en attente" (see i18n_fr_platform.cpp), hence "d'un".
    {"UDP needs a port to listen on", "UDP demande un port sur lequel écouter"},
    {", one flow after another until Ctrl-C", ", un flux après l'autre jusqu'à Ctrl-C"},
    {"a datagram on {}", "d'un datagramme sur {}"},
    {"a UDP socket needs a port from 1 to 65535", "un socket UDP demande un port de 1 à 65535"},
    // platform/win32/udp.cpp: the notes of a receive's calls.
    {"after select() found the socket readable ({} slice(s) of waiting before)",
     "après que select() a trouvé le socket lisible ({} tranche(s) d'attente avant)"},
    {"no datagram before --timeout", "aucun datagramme avant --timeout"},
    {"the wait failed while pending", "l'attente a échoué pendant l'opération en cours"},
    {"the receive was still in flight after CancelIoEx; its buffers were left allocated",
     "la réception était encore en cours après CancelIoEx\u202f; ses tampons sont restés alloués"},
    {"the receive was cancelled", "la réception a été annulée"},
    {"socket for UDP {}", "socket pour UDP {}"},
    {"a TPROXY socket needs CAP_NET_ADMIN", "un socket TPROXY demande CAP_NET_ADMIN"},
    // cli/query_args.cpp: what --udp cannot be combined with.
    {"--udp --connect: a UDP socket that sends is handed no redirect records; --udp listens with "
     "--port",
     "--udp --connect\u00a0: un socket UDP qui envoie ne reçoit aucun enregistrement de redirection\u202f; "
     "--udp écoute avec --port"},
    {"--udp --self: --udp needs --port (and --bind) to listen on",
     "--udp --self\u00a0: --udp demande --port (et --bind) pour écouter"},
    {"--udp needs --port N (and optionally --bind ADDR)",
     "--udp demande --port N (et, au besoin, --bind ADDR)"},
    {"--udp --what: the first datagram carries whatever the socket asked for; both records and "
     "context are always asked",
     "--udp --what\u00a0: le premier datagramme porte ce que le socket a demandé\u202f; les enregistrements "
     "et le contexte sont toujours demandés tous les deux"},
    {"--udp --buffer: there is no query buffer; the control buffer is fixed",
     "--udp --buffer\u00a0: il n'y a pas de tampon de requête\u202f; le tampon de contrôle est fixe"},
    {"--udp --io-timeout: a receive waits for a datagram; --timeout bounds it",
     "--udp --io-timeout\u00a0: une réception attend un datagramme\u202f; c'est --timeout qui la borne"},
    {"--udp --save: blobs are saved for TCP queries only",
     "--udp --save\u00a0: les blobs ne sont enregistrés que pour les requêtes TCP"},

    // render_relay_text.cpp
    {"relay", "relais"},
    {"  upstream  {} ({}){}\n", "  amont     {} ({}){}\n"},
    {"  from {}", "  depuis {}"},
    {"  records   SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS (0x{:08X}), {} bytes in, before "
     "connect: {}\n",
     "  enreg.    SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS (0x{:08X}), {} octets en entrée, avant "
     "connect\u00a0: {}\n"},
    {"  records   not set: {}\n", "  enreg.    non transmis\u00a0: {}\n"},
    {"  call      {}\n", "  appel     {}\n"},
    {"  client -> upstream  {}\n", "  client -> amont     {}\n"},
    {"  upstream -> client  {}\n", "  amont -> client     {}\n"},
    {"{} bytes in {:.3f} s, {}", "{} octets en {:.3f} s, {}"},
    {"closed (end of stream passed on)", "fermé (fin de flux transmise)"},
    {"reset, {}", "réinitialisé, {}"},
    {"open when the connection ended", "ouvert quand la connexion a pris fin"},
    {"  ended     {} after {:.3f} s", "  issue     {} après {:.3f} s"},
    {"summary: {}; at most {} at once\n", "bilan\u00a0: {}\u202f; au plus {} à la fois\n"},
    // The ways a connection ends (relay.h), as tokens in the English text.
    {"closed", "fermée"},
    {"client-reset", "réinitialisée-par-le-client"},
    {"upstream-reset", "réinitialisée-par-l'amont"},
    {"upstream-refused", "refusée-par-l'amont"},
    {"upstream-unreachable", "amont-injoignable"},
    {"upstream-failed", "échec-vers-l'amont"},
    {"strict-refused", "refusée-par-strict"},
    {"loop-refused", "refusée-boucle"},
    {"no-destination", "sans-destination"},
    {"query-abandoned", "requête-abandonnée"},
    // relay.cpp
    {"SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS is a Windows control code; on Linux the relay's "
     "upstream connections carry a mark instead",
     "SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS est un code de contrôle Windows\u202f; sous Linux, les "
     "connexions amont du relais portent une marque à la place"},
    {"the records query was not issued (--what context)",
     "la requête des enregistrements n'a pas été émise (--what context)"},
    {"the records query failed with error {}{}{}",
     "la requête des enregistrements a échoué avec l'erreur {}{}{}"},
    {"the records query returned no records", "la requête des enregistrements n'a renvoyé aucun enregistrement"},
    {"--strict: SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS failed with error {}",
     "--strict\u00a0: SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS a échoué avec l'erreur {}"},
    {"--strict: no records to hand on ({})", "--strict\u00a0: aucun enregistrement à transmettre ({})"},
    {"the original destination {} is the relay's own listener: connecting would loop (a direct "
     "connection, or no redirect rule in front of the relay)",
     "la destination d'origine {} est le socket d'écoute du relais lui-même\u00a0: s'y connecter "
     "bouclerait (une connexion directe, ou aucune règle de redirection devant le relais)"},
    {"no original destination (the query failed with error {}{}{}) and no --to",
     "pas de destination d'origine (la requête a échoué avec l'erreur {}{}{}) et pas de --to"},
    {"no original destination was read and no --to was given",
     "aucune destination d'origine n'a été lue et aucun --to n'a été donné"},
    {"closed cleanly", "fermée proprement"},
    {"reset by the client", "réinitialisée par le client"},
    {"reset by the upstream", "réinitialisée par l'amont"},
    {"upstream refused", "refusée par l'amont"},
    {"upstream unreachable", "amont injoignable"},
    {"upstream failed", "échec vers l'amont"},
    {"refused (--strict)", "refusée (--strict)"},
    {"refused (loop)", "refusée (boucle)"},
    {"refused (a query still pending)", "refusée (une requête encore en cours)"},
    {"a query on this socket was still pending after its cancel grace, so the socket was closed "
     "rather than handed to the relay",
     "une requête sur ce socket était encore en cours après son délai d'annulation\u00a0: le socket a "
     "été fermé au lieu d'être confié au relais"},
    {"no destination", "sans destination"},
    {"{} connection relayed", "{} connexion relayée"},
    {"{} connections relayed", "{} connexions relayées"},
    {"; {} each way", "\u202f; {} dans chaque sens"},
    {"; {} to the upstream, {} to the clients", "\u202f; {} vers l'amont, {} vers les clients"},
    {"; records set on {} upstream socket ({} failed)",
     "\u202f; enregistrements transmis sur {} socket amont ({} en échec)"},
    {"; records set on {} upstream sockets ({} failed)",
     "\u202f; enregistrements transmis sur {} sockets amont ({} en échec)"},
    // relay_run.cpp; the first {} is waiting_for(), which reads after
    // "en attente", hence "en attente" here too.
    {"wfpredir: relaying {} to {}{} ...", "wfpredir\u00a0: relais en attente {} vers {}{}..."},
    {"each connection's original destination", "la destination d'origine de chaque connexion"},
    {" until Ctrl-C", " jusqu'à Ctrl-C"},
    {", {} connections", ", {} connexions"},
    {"this connection comes from the relay's own upstream socket of connection {}: the redirect "
     "rule caught the relay's own traffic (a loop)",
     "cette connexion vient du socket amont du relais lui-même, celui de la connexion {}\u00a0: la "
     "règle de redirection a capté le trafic du relais (une boucle)"},
    {"wfpredir: warning: loop: connection {} comes back from connection {}'s upstream socket; "
     "let the relay's marked traffic through before the redirect rule: nft insert rule ip nat "
     "output meta mark {:#x} accept",
     "wfpredir\u00a0: avertissement\u00a0: boucle\u00a0: la connexion {} revient du socket amont de la "
     "connexion {}\u202f; laissez passer le trafic marqué du relais avant la règle de redirection\u00a0: "
     "nft insert rule ip nat output meta mark {:#x} accept"},
    {"wfpredir: warning: connection {}: {}", "wfpredir\u00a0: avertissement\u00a0: connexion {}\u00a0: {}"},
    // platform/relay_loop.cpp, platform/*/relay_upstream.cpp
    {"the accepted socket: {}", "le socket accepté\u00a0: {}"},
    {"the upstream socket (overlapped on Windows)",
     "le socket amont (avec chevauchement, overlapped, sous Windows)"},
    {"any address, port 0: got port {}", "toute adresse, port 0\u00a0: port {} obtenu"},
    {"to {}", "vers {}"},
    {"both sides closed", "les deux côtés ont fermé"},
    {"client read: {}", "lecture côté client\u00a0: {}"},
    {"client write: {}", "écriture côté client\u00a0: {}"},
    {"upstream read: {}", "lecture côté amont\u00a0: {}"},
    {"upstream write: {}", "écriture côté amont\u00a0: {}"},
    {"its upstream connection came back to the relay's own listener (a loop): {}",
     "sa connexion amont est revenue au socket d'écoute du relais lui-même (une boucle)\u00a0: {}"},
    {"level SOL_SOCKET, optname SO_MARK (36), the relay's mark",
     "niveau SOL_SOCKET, optname SO_MARK (36), la marque du relais"},
    {"not a Linux call", "pas un appel Linux"},
    {"SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, input {} bytes (the records as queried), no "
     "output buffer, synchronous",
     "SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, entrée de {} octets (les enregistrements tels que lus), "
     "sans tampon de sortie, synchrone"},
    // cmd_relay.cpp
    {"relay needs --port N (the port it listens on)",
     "relay demande --port N (le port sur lequel il écoute)"},
    {"expected 0 to 4294967295, decimal or 0x hex",
     "attendu de 0 à 4294967295, en décimal ou en hexadécimal 0x"},
    {"expected 1 to 256", "attendu de 1 à 256"},
    // faults: descriptors, timeouts, interrupts, reports
    {"wfpredir: standard output is blocked (not read); the summary:\n",
     "wfpredir\u00a0: la sortie standard est bloquée (personne ne la lit)\u202f; le résumé\u00a0:\n"},
    {"too long", "trop long"},
    {"Seconds an upstream connect may take, then upstream-timeout (default 5; 0: the system's own)",
     "Secondes que peut prendre la connexion amont, puis upstream-timeout (5 par défaut\u202f; 0\u00a0: "
     "celui du système)"},
    {"End a connection where neither side sent for this many seconds (default 0: never)",
     "Terminer une connexion où aucun côté n'a rien envoyé depuis ce nombre de secondes (0 par "
     "défaut\u00a0: jamais)"},
    {"On Ctrl-C or SIGTERM, let connections finish for up to this many seconds before they are "
     "reset (default 0)",
     "Sur Ctrl-C ou SIGTERM, laisser les connexions finir pendant au plus ce nombre de secondes "
     "avant de les réinitialiser (0 par défaut)"},
    {"upstream timed out", "amont sans réponse à temps"},
    {"idle too long", "inactive trop longtemps"},
    {"client left before the upstream answered", "client parti avant la réponse de l'amont"},
    {"shed (out of descriptors)", "délestée (plus de descripteurs)"},
    {"; accepting paused {} times ({:.1f} s) for lack of descriptors",
     "\u202f; acceptation suspendue {} fois ({:.1f} s) faute de descripteurs"},
    {"; {} reports dropped (standard output did not keep up)",
     "\u202f; {} rapports abandonnés (la sortie standard ne suivait pas)"},
    {"wfpredir: warning: {} connections were not reported within the grace; the run ends without "
     "them",
     "wfpredir\u00a0: avertissement\u00a0: {} connexions n'ont pas été rapportées dans le délai de grâce\u202f; "
     "l'exécution se termine sans elles"},
    {"wfpredir: warning: {}; accepting pauses until descriptors free up (raise the limit: ulimit "
     "-n)",
     "wfpredir\u00a0: avertissement\u00a0: {}\u202f; l'acceptation est suspendue jusqu'à ce que des descripteurs "
     "se libèrent (relevez la limite\u00a0: ulimit -n)"},
    {"the run was ended by SIGTERM (or the console closing) while it relayed: reset",
     "l'exécution a été terminée par SIGTERM (ou la fermeture de la console) pendant le relais\u00a0: "
     "réinitialisée"},
    {"the run was interrupted (Ctrl-C) while it relayed: reset",
     "l'exécution a été interrompue (Ctrl-C) pendant le relais\u00a0: réinitialisée"},
    {"wfpredir: draining {} connections for at most {} s (--drain) ...",
     "wfpredir\u00a0: vidange de {} connexions pendant au plus {} s (--drain) ..."},
    {"socket: {}: no descriptor for the upstream connection; the client is reset",
     "socket\u00a0: {}\u00a0: pas de descripteur pour la connexion amont\u202f; le client est réinitialisé"},
    {"to {}: no answer within --connect-timeout", "vers {}\u00a0: pas de réponse dans --connect-timeout"},
    {"connect: no answer from {} within {} ms (--connect-timeout)",
     "connect\u00a0: pas de réponse de {} en {} ms (--connect-timeout)"},
    {"the client reset while the upstream connect was pending: {}",
     "le client a réinitialisé pendant la connexion amont en cours\u00a0: {}"},
    {"the client closed while the upstream connect was pending",
     "le client a fermé pendant la connexion amont en cours"},
    {"neither side sent for {} ms (--idle-timeout)",
     "aucun côté n'a rien envoyé depuis {} ms (--idle-timeout)"},
};
// clang-format on

}  // namespace

std::span<const Phrase> fr_relay() { return kPhrases; }

}  // namespace wfpredir::i18n
