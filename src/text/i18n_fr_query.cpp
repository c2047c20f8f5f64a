// French for the text of `query`, `errors` and `dump` (see i18n.h): the
// report's labels, the verdict reasons, the buffer policy's notes, the next
// steps and the decoders' labels. Typography: a plain space before ':', ';'
// and inside « », as in the error catalog.
#include "text/i18n.h"

namespace wfpredir::i18n {
namespace {

// clang-format off
constexpr Phrase kPhrases[] = {
    // render_text.cpp
    {"error {}", "erreur {}"},
    {"error {} {}", "erreur {} {}"},
    {"size {}", "taille {}"},
    {", bytes {}", ", octets {}"},
    {"Linux errno", "errno Linux"},
    {"(unknown name)", "(nom inconnu)"},
    {"meaning: ", "signification\u00a0: "},
    {"hint:    ", "piste\u00a0: "},
    {"system:  ", "texte système\u00a0: "},
    {"(the system has no text for this code)", "(le système n'a pas de texte pour ce code)"},
    {"connection {}: {} {}, {}", "connexion {}\u00a0: {} {}, {}"},
    {"accepted", "acceptée"},
    {"connected", "connectée"},
    {"  local {}  peer {}", "  locale {}  pair {}"},
    {"ipv4 (on a dual-stack ipv6 socket)", "ipv4 (sur un socket ipv6 double pile)"},
    {"the Windows control codes (SIO_QUERY_WFP_*) do not exist here (--verbose shows them)",
     "les codes de contrôle Windows (SIO_QUERY_WFP_*) n'existent pas ici (--verbose les montre)"},
    {"the Windows control codes (SIO_QUERY_WFP_*) and the event and apc modes do not exist here "
     "(--verbose shows them)",
     "les codes de contrôle Windows (SIO_QUERY_WFP_*) et les modes event et apc n'existent pas "
     "ici (--verbose les montre)"},
    {"  listener {}", "  écoute {}"},
    {"  {} client(s) reset before accept() took them, skipped\n",
     "  {} client(s) réinitialisé(s) avant qu'accept() ne les prenne, ignoré(s)\n"},
    {"mode {} skipped", "mode {} ignoré"},
    {": ", "\u00a0: "},
    {"original destination (SO_ORIGINAL_DST)", "destination d'origine (SO_ORIGINAL_DST)"},
    {"skipped", "ignorée"},
    {", after WSA_IO_PENDING", ", après WSA_IO_PENDING"},
    {", still pending after --io-timeout, cancelled",
     ", toujours en attente après --io-timeout, annulée"},
    {", interrupted by Ctrl-C, cancelled", ", interrompue par Ctrl-C, annulée"},
    {", {} bytes", ", {} octets"},
    {"completion routine ran on thread {}{} with error {}, {} bytes, flags 0x{:x}\n",
     "la routine d'achèvement s'est exécutée sur le thread {}{} avec l'erreur {}, {} octets, "
     "indicateurs 0x{:x}\n"},
    {" (the calling thread)", " (le thread appelant)"},
    {" (NOT the calling thread)", " (PAS le thread appelant)"},
    {"completion routine did not run\n", "la routine d'achèvement ne s'est pas exécutée\n"},
    {"buffer: ", "tampon\u00a0: "},
    {"call ", "appel "},
    {"saved to ", "enregistré dans "},
    {"modes agree for {}\n", "les modes concordent pour {}\n"},
    {"modes DISAGREE for {}:", "les modes DIVERGENT pour {}\u00a0:"},
    {"verdict: ", "verdict\u00a0: "},
    {"redirected", "redirigée"},
    {"not-redirected", "non redirigée"},
    {"unknown", "indéterminée"},
    {"unsupported", "non prise en charge"},
    {"expectation {}: {}\n", "attente {}\u00a0: {}\n"},
    {"held", "tenue"},
    {"FAILED", "NON TENUE"},
    // verdict.cpp
    {"redirect records", "enregistrement de redirection"},
    {"redirect context", "contexte de redirection"},
    {"{} returned {} bytes in {} mode", "{} a renvoyé {} octets en mode {}"},
    {"{} succeeded with 0 bytes (no {})", "{} a réussi avec 0 octet (aucun {})"},
    {"{} failed with WSAEOPNOTSUPP: the socket's provider does not implement it",
     "{} a échoué avec WSAEOPNOTSUPP\u00a0: le fournisseur du socket ne l'implémente pas"},
    {"{} answered WSAEINVAL: the query does not apply to this socket (no {})",
     "{} a répondu WSAEINVAL\u00a0: la requête ne s'applique pas à ce socket (aucun {})"},
    {"{} answered ERROR_NOT_FOUND (no {})", "{} a répondu ERROR_NOT_FOUND (aucun {})"},
    {"{} in {} mode failed with {}, which does not tell whether the connection was redirected",
     "la requête {} en mode {} a échoué avec {}, ce qui ne dit pas si la connexion a été redirigée"},
    {"{} succeeded, but its {} bytes hold no address wfpredir could read",
     "{} a réussi, mais ses {} octets ne contiennent aucune adresse que wfpredir sache lire"},
    {"the original destination {} ({}) differs from the local address {}",
     "la destination d'origine {} ({}) diffère de l'adresse locale {}"},
    {"the original destination {} ({}) is not the listener's address {}",
     "la destination d'origine {} ({}) n'est pas l'adresse du socket d'écoute {}"},
    {"{} answered the socket's own address {}", "{} a répondu l'adresse même du socket, {}"},
    {"the original destination {} ({}) is the listener's own address",
     "la destination d'origine {} ({}) est l'adresse même du socket d'écoute"},
    {"conntrack has no NAT entry for this connection (ENOENT)",
     "conntrack n'a aucune entrée NAT pour cette connexion (ENOENT)"},
    {"SO_ORIGINAL_DST failed with ENOPROTOOPT: no NAT tracking (nf_conntrack) for this "
     "address family",
     "SO_ORIGINAL_DST a échoué avec ENOPROTOOPT\u00a0: pas de suivi NAT (nf_conntrack) pour cette "
     "famille d'adresses"},
    {"SO_ORIGINAL_DST failed with WSAENOPROTOOPT: this Windows does not offer the option",
     "SO_ORIGINAL_DST a échoué avec WSAENOPROTOOPT\u00a0: cette version de Windows n'offre pas "
     "l'option"},
    {"SO_ORIGINAL_DST failed with {}, which does not tell whether the connection was redirected",
     "SO_ORIGINAL_DST a échoué avec {}, ce qui ne dit pas si la connexion a été redirigée"},
    {"{} bytes", "{} octets"},
    {"error {} ({})", "erreur {} ({})"},
    {"timeout", "délai dépassé"},
    {"interrupted", "interrompue"},
    {"{} in {} mode was still pending after --io-timeout and was cancelled",
     "la requête {} en mode {} était toujours en attente après --io-timeout et a été annulée"},
    {"{} in {} mode was interrupted and cancelled", "la requête {} en mode {} a été interrompue et annulée"},
    {"no query was issued", "aucune requête n'a été émise"},
    {"{}: {}", "{}\u00a0: {}"},
    {"{}: {} bytes", "{}\u00a0: {} octets"},
    {"{}: timeout", "{}\u00a0: délai dépassé"},
    {"{}: interrupted", "{}\u00a0: interrompue"},
    {"{}: error {} ({})", "{}\u00a0: erreur {} ({})"},
    // buffer_policy.cpp
    {"the 0-byte probe answered that {} bytes are needed; asked again with exactly {}",
     "la sonde à 0 octet a répondu qu'il faut {} octets\u202f; nouvelle demande avec exactement {}"},
    {"the 0-byte probe answered that {} bytes are needed, more than the cap of {} that "
     "--buffer N also has; not asked again",
     "la sonde à 0 octet a répondu qu'il faut {} octets, plus que le plafond de {} qu'a aussi "
     "--buffer N\u202f; pas de nouvelle demande"},
    {"the 0-byte probe returned no required size, so there was nothing more to ask",
     "la sonde à 0 octet n'a renvoyé aucune taille requise\u00a0: plus rien à demander"},
    {"; ", "\u202f; "},
    {"the buffer of {} bytes was too small and {} bytes exceed the automatic cap of {}; use "
     "--buffer N to go further",
     "le tampon de {} octets était trop petit et {} octets dépassent le plafond automatique de "
     "{}\u202f; utilisez --buffer N pour aller plus loin"},
    {"{} bytes were too small (the answer gave the size); retried with {} as returned",
     "{} octets étaient trop peu (la réponse a donné la taille)\u202f; nouvel essai avec {}, la taille "
     "renvoyée"},
    {"{} bytes were too small (no size given, doubled); retried with {}",
     "{} octets étaient trop peu (aucune taille donnée, doublée)\u202f; nouvel essai avec {}"},
    // engine.cpp, query_options.cpp, blob_save.cpp
    {"interrupted before this query was issued", "interrompu avant l'émission de cette requête"},
    {"{}: error {}", "{}\u00a0: erreur {}"},
    {"wfpredir: error: ", "wfpredir\u00a0: erreur\u00a0: "},
    {"wfpredir: ", "wfpredir\u00a0: "},
    {"--save {}: {}", "--save {}\u00a0: {}"},
    {"not a directory", "ce n'est pas un répertoire"},
    {", one after another until Ctrl-C", ", l'une après l'autre jusqu'à Ctrl-C"},
    {", {} in all", ", {} en tout"},
    {"wfpredir: waiting for {}{}{} ...", "wfpredir\u00a0: en attente {}{}{}..."},
    {" (timeout {} s each)", " (délai de {} s pour chacune)"},
    {" (Ctrl-C to stop)", " (Ctrl-C pour arrêter)"},
    {"--save: cannot write {}: {}", "--save\u00a0: impossible d'écrire {}\u00a0: {}"},
    {"{}: {}; this platform has: {}", "{}\u00a0: {}\u202f; cette plateforme a\u00a0: {}"},
    {"none", "aucun"},
    {"--port must be 1-65535", "--port doit être compris entre 1 et 65535"},
    {"--bind {}: not an IPv4 or IPv6 address literal (e.g. 127.0.0.1, ::1, 0.0.0.0)",
     "--bind {}\u00a0: ce n'est pas une adresse IPv4 ou IPv6 littérale (par ex. 127.0.0.1, ::1, "
     "0.0.0.0)"},
    {"cannot be created", "ne peut pas être créé"},
    {"write failed", "l'écriture a échoué"},
    // next_step.cpp
    {"The answers do not settle it: attach the output of --format json to the ticket.",
     "Les réponses ne permettent pas de trancher\u00a0: joignez la sortie de --format json au ticket."},
    {"connection {}: the answers do not settle it; attach the output of --format json to the "
     "ticket.",
     "connexion {}\u00a0: les réponses ne tranchent pas\u202f; joignez la sortie de --format json au "
     "ticket."},
    {"connections {}: the answers do not settle it; attach the output of --format json to the "
     "ticket.",
     "connexions {}\u00a0: les réponses ne tranchent pas\u202f; joignez la sortie de --format json au "
     "ticket."},
    {"connection {}: not redirected; check that the product's rule matches this traffic "
     "(wfpredir doctor lists the redirect rules).",
     "connexion {}\u00a0: non redirigée\u202f; vérifiez que la règle du produit correspond à ce trafic "
     "(wfpredir doctor liste les règles de redirection)."},
    {"connections {}: not redirected; check that the product's rule matches this traffic "
     "(wfpredir doctor lists the redirect rules).",
     "connexions {}\u00a0: non redirigées\u202f; vérifiez que la règle du produit correspond à ce trafic "
     "(wfpredir doctor liste les règles de redirection)."},
    {"This connection was not redirected: check that the product's rule matches this traffic "
     "(wfpredir doctor lists the redirect rules).",
     "Cette connexion n'a pas été redirigée\u00a0: vérifiez que la règle du produit correspond à ce "
     "trafic (wfpredir doctor liste les règles de redirection)."},
    {"The {} rule in {} sends traffic to port {}, not {}: listen there, or change the rule.",
     "La règle {} de {} envoie le trafic vers le port {}, pas {}\u00a0: écoutez sur ce port, ou "
     "modifiez la règle."},
    {"The rule in {} is TPROXY: listen with --transparent, or the kernel does not deliver the "
     "connections to this socket.",
     "La règle de {} est une règle TPROXY\u00a0: écoutez avec --transparent, sinon le noyau ne livre "
     "pas les connexions à ce socket."},
    {"The {} rule in {} redirects traffic arriving on other interfaces, which does not reach {}: "
     "listen on 0.0.0.0 (--bind 0.0.0.0) or the interface's address.",
     "La règle {} de {} redirige le trafic arrivant par d'autres interfaces, qui n'atteint pas "
     "{}\u00a0: écoutez sur 0.0.0.0 (--bind 0.0.0.0) ou sur l'adresse de l'interface."},
    {"No netfilter rule redirects to port {}: add one, for example `nft add rule ip nat output "
     "tcp dport 80 redirect to :{}` (with a nat table and output chain).",
     "Aucune règle netfilter ne redirige vers le port {}\u00a0: ajoutez-en une, par exemple `nft add "
     "rule ip nat output tcp dport 80 redirect to :{}` (avec une table nat et une chaîne "
     "output)."},
    {"No WFP filter redirects connections on this machine: is the product's redirect enabled?",
     "Aucun filtre WFP ne redirige de connexions sur cette machine\u00a0: la redirection du produit "
     "est-elle activée\u202f?"},
    {"Port {} is held by process {} ({}), listening on {}: it is probably the product's proxy. "
     "Stop it while you query, or query another port.",
     "Le port {} est détenu par le processus {} ({}), à l'écoute sur {}\u00a0: c'est probablement le "
     "proxy du produit. Arrêtez-le le temps de la requête, ou interrogez un autre port."},
    {"name unknown", "nom inconnu"},
    {"Port {} is in use; run as root (Linux) or from an elevated prompt (Windows) to see which "
     "process holds it.",
     "Le port {} est occupé\u202f; lancez en root (Linux) ou depuis une invite élevée (Windows) "
     "pour voir quel processus le détient."},
    {"Port {} is in use by {}, {}; run as root (Linux) or from an elevated prompt (Windows) to see "
     "which process holds it.",
     "Le port {} est occupé par {}, {}\u202f; lancez en root (Linux) ou depuis une invite élevée "
     "(Windows) pour voir quel processus le détient."},
    {"No connection arrived on {}: open one through the product now, or check the rules below.",
     "Aucune connexion n'est arrivée sur {}\u00a0: ouvrez-en une via le produit maintenant, ou "
     "vérifiez les règles ci-dessous."},
    {"No connection arrived on {} within {} s: open one through the product now, or check the "
     "rules below.",
     "Aucune connexion n'est arrivée sur {} en {} s\u00a0: ouvrez-en une via le produit "
     "maintenant, ou vérifiez les règles ci-dessous."},
    // decode.cpp, render_decode.cpp
    {"truncated SOCKADDR_STORAGE copy (16 bytes: sized as two pointers on x64)",
     "copie tronquée de SOCKADDR_STORAGE (16 octets\u00a0: la taille de deux pointeurs en x64)"},
    {"family", "famille"},
    {"flow info", "étiquette de flux (flow info)"},
    {"address, first 8 bytes", "adresse, 8 premiers octets"},
    {"the IPv6 address is cut after 8 bytes; the rest of the original destination is lost",
     "l'adresse IPv6 est coupée après 8 octets\u202f; le reste de la destination d'origine est perdu"},
    {"eBPF-for-Windows audit entry, 20-byte layout (logon id, process id, is-root, IPv4, port)",
     "entrée d'audit eBPF-for-Windows, disposition de 20 octets (logon id, process id, is-root, "
     "IPv4, port)"},
    {"logon id", "id de session (logon id)"},
    {"process id", "id de processus"},
    {"is root", "est root"},
    {"destination IPv4", "IPv4 de destination"},
    {"destination port", "port de destination"},
    {"eBPF-for-Windows audit entry, legacy 24-byte layout (logon id, process id, is-admin, IPv4, "
     "port)",
     "entrée d'audit eBPF-for-Windows, ancienne disposition de 24 octets (logon id, process id, "
     "is-admin, IPv4, port)"},
    {"is admin", "est administrateur"},
    {"sockaddr found at offset {}", "sockaddr trouvée au décalage {}"},
    {"address", "adresse"},
    {"original destination", "destination d'origine"},
    {"WFPSampler SOCKADDR_STORAGE[2] (original remote, original local)",
     "WFPSampler SOCKADDR_STORAGE[2] (distante d'origine, locale d'origine)"},
    {"original remote", "distante d'origine"},
    {"original local", "locale d'origine"},
    {"one SOCKADDR_STORAGE (original remote)", "une SOCKADDR_STORAGE (distante d'origine)"},
    {"bare SOCKADDR_IN (original remote)", "SOCKADDR_IN seule (distante d'origine)"},
    {"bare SOCKADDR_IN6 (original remote)", "SOCKADDR_IN6 seule (distante d'origine)"},
    {"records: {} bytes, opaque by contract; fingerprint {} (first 16 hex digits of SHA-256)\n",
     "enregistrements\u00a0: {} octets, opaques par contrat\u202f; empreinte {} (16 premiers chiffres "
     "hexadécimaux du SHA-256)\n"},
    {"decoded: no known layout\n", "décodage\u00a0: aucune disposition connue\n"},
    {"decoded (heuristic): {}\n", "décodage (heuristique)\u00a0: {}\n"},
    {"decoded: {}\n", "décodage\u00a0: {}\n"},
    {"  {:<24} {:<28} bytes {}-{}\n", "  {:<24} {:<28} octets {}-{}\n"},
    {"  note: {}\n", "  remarque\u00a0: {}\n"},
    {"(the file name does not say which query the blob came from: every decoder was tried)\n",
     "(le nom du fichier ne dit pas de quelle requête vient le blob\u00a0: tous les décodeurs ont été "
     "essayés)\n"},
    {"as records:\n", "comme enregistrements\u00a0:\n"},
    {"as a context:\n", "comme contexte\u00a0:\n"},
    {"as an original destination:\n", "comme destination d'origine\u00a0:\n"},
    // the run's summary and setup-error documents (render_run.cpp)
    {"; then no connection within --timeout", "\u202f; puis aucune connexion dans le délai --timeout"},
    {"; interrupted (Ctrl-C)", "\u202f; interrompu (Ctrl-C)"},
    {"; terminated", "\u202f; arrêté (SIGTERM ou fermeture de la console)"},
    {"; stopped by an error (see above)", "\u202f; arrêté par une erreur (voir plus haut)"},
    {"Setup step failed: ", "Étape de mise en place en échec\u00a0: "},
    {"verdict:", "verdict\u00a0:"},
    {"a connection needs a host and a port from 1 to 65535",
     "une connexion demande un hôte et un port de 1 à 65535"},
    {"listen transparently", "écoute transparente"},
    {"no query that reads an address ran (the redirect records and context are opaque)",
     "aucune requête qui lit une adresse n'a été faite (les enregistrements et le contexte de "
     "redirection sont opaques)"},
    {"SO_ORIGINAL_DST was not asked: {}", "SO_ORIGINAL_DST n'a pas été demandé\u00a0: {}"},
    {"SO_ORIGINAL_DST failed with {}", "SO_ORIGINAL_DST a échoué avec {}"},
    {"SO_ORIGINAL_DST succeeded, but its {} bytes hold no address",
     "SO_ORIGINAL_DST a réussi, mais ses {} octets ne contiennent aucune adresse"},
    {"the datagram carried no control message with an original destination",
     "le datagramme ne portait aucun message de contrôle avec une destination d'origine"},
};

// Counted words, keyed by their English singular and plural.
constexpr PluralPhrase kPlurals[] = {
    // the run's summary line: "0 connexion", "1 connexion", "2 connexions"
    {"connection", "connections", "connexion", "connexions"},
    // the verdicts counted in the run's summary (render_run.cpp): English
    // verdicts are tokens and do not change; French agrees them with
    // "connexion", as in the report
    {"redirected", "redirected", "redirigée", "redirigées"},
    {"not-redirected", "not-redirected", "non redirigée", "non redirigées"},
    {"unknown", "unknown", "indéterminée", "indéterminées"},
    {"unsupported", "unsupported", "non prise en charge", "non prises en charge"},
};
// clang-format on

}  // namespace

std::span<const Phrase> fr_query() { return kPhrases; }
std::span<const PluralPhrase> fr_query_plurals() { return kPlurals; }

}  // namespace wfpredir::i18n
