// French for the command line: help text, CLI11's labels, usage and file
// errors (see i18n.h). Typography: a plain space before ':',
// ';' and inside « », as in the error catalog.
#include "text/i18n.h"

namespace wfpredir::i18n {
namespace {

// clang-format off
constexpr Phrase kPhrases[] = {
    // main.cpp: help text
    {"wfpredir: see what Windows Filtering Platform (and Linux netfilter) connection redirection "
     "hands a proxy",
     "wfpredir\u00a0: voir ce que la redirection de connexions de Windows Filtering Platform (et de "
     "netfilter sous Linux) transmet à un proxy"},
    {"Show the version, commit, target and compiler (with --format json: as JSON)",
     "Afficher la version, le commit, la cible et le compilateur (avec --format json\u00a0: en JSON)"},
    {"Exit codes: 0 ok, 1 a verdict is unknown, 2 usage, 3 socket setup failed, 4 no connection in "
     "time,\n5 expectation failed, 6 file error, 7 unsupported, 8 internal error, 9 output "
     "failed,\n130 interrupted (Ctrl-C, SIGINT), 143 terminated (SIGTERM, console close) "
     "(README.md, \"Exit codes\").",
     "Codes de sortie\u00a0: 0 ok, 1 un verdict est indéterminé, 2 utilisation, 3 échec de mise en "
     "place du socket, 4 aucune connexion à temps,\n5 attente non tenue, 6 erreur de fichier, "
     "7 non pris en charge, 8 erreur interne, 9 échec de la sortie,\n130 interrompu (Ctrl-C, "
     "SIGINT), 143 arrêté (SIGTERM, fermeture de la console) (README.md, « Exit codes »)."},
    {"Explain the errors of SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS",
     "Expliquer les erreurs de SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS"},
    {"Codes or names: 10045, 0x273D, WSAEOPNOTSUPP, ENOENT (default: the whole table)",
     "Codes ou noms\u00a0: 10045, 0x273D, WSAEOPNOTSUPP, ENOENT (par défaut\u00a0: toute la table)"},
    {"windows or posix: read codes in that domain only (a number can be both)",
     "windows ou posix\u00a0: lire les codes dans ce domaine seulement (un nombre peut être les deux)"},
    {"Example: {}", "Exemple\u00a0: {}"},
    {"Examples:", "Exemples\u00a0:"},
    {"Hex-dump a saved blob (hexdump -C layout)",
     "Afficher en hexadécimal un blob enregistré (disposition de hexdump -C)"},
    {"The file, or - for standard input", "Le fichier, ou - pour l'entrée standard"},
    {"Decode the blob after the dump (the --save name says which query it came from; otherwise "
     "every decoder is tried)",
     "Décoder le blob après l'affichage (le nom donné par --save dit de quelle requête il vient\u202f; "
     "sinon tous les décodeurs sont essayés)"},
    {"Accept or connect a socket and query its redirect records and context",
     "Accepter ou connecter un socket et interroger ses enregistrements et son contexte de "
     "redirection"},
    {"Listen on an ephemeral loopback port, connect to it, query the accepted socket (the "
     "default)",
     "Écouter sur un port éphémère de bouclage, s'y connecter, interroger le socket accepté (par "
     "défaut)"},
    {"Listen on this port (1-65535) and query each accepted connection",
     "Écouter sur ce port (1-65535) et interroger chaque connexion acceptée"},
    {"Address to listen on with --port (IPv4 or IPv6 literal; default 127.0.0.1)",
     "Adresse d'écoute avec --port (IPv4 ou IPv6 littérale\u202f; par défaut 127.0.0.1)"},
    {"Connect to HOST:PORT ([v6]:port) and query the connected socket",
     "Se connecter à HÔTE:PORT ([v6]:port) et interroger le socket connecté"},
    {"Linux: set IP_TRANSPARENT on the listener (TPROXY)",
     "Linux\u00a0: poser IP_TRANSPARENT sur le socket d'écoute (TPROXY)"},
    {"Connections to handle, 0 to 1000000 (0: until Ctrl-C; default 1)",
     "Connexions à traiter, de 0 à 1000000 (0\u00a0: jusqu'à Ctrl-C\u202f; par défaut 1)"},
    {"Seconds to wait for each connection, 0.001 to 1000000 (default: wait)",
     "Secondes d'attente pour chaque connexion, de 0.001 à 1000000 (par défaut\u00a0: attendre)"},
    {"Which queries (default both)", "Quelles requêtes (par défaut both, les deux)"},
    {"How to wait (default all)", "Comment attendre (par défaut all, tous les modes)"},
    {"auto (default), probe, or an exact size N (1..16777216; 0 means probe)",
     "auto (par défaut), probe, ou une taille exacte N (1..16777216\u202f; 0 vaut probe)"},
    {"Seconds a pending call may take before it is cancelled, 0.001 to 1000000 (default 5)",
     "Secondes qu'un appel en attente peut prendre avant d'être annulé, de 0.001 à 1000000 (par "
     "défaut 5)"},
    {"Write each blob to DIR/<n>.<query>.bin", "Écrire chaque blob dans DIR/<n>.<requête>.bin"},
    {"redirected, not-redirected or error:NAME; exit 5 when it does not hold",
     "redirected, not-redirected ou error:NOM\u202f; code de sortie 5 si elle n'est pas tenue"},
    {"Print every system call with its arguments and results",
     "Afficher chaque appel système avec ses arguments et ses résultats"},
    {"Check what this machine answers, on a loopback connection, and say what to do next",
     "Vérifier ce que cette machine répond, sur une connexion de bouclage, et dire quoi faire "
     "ensuite"},
    {"Output format", "Format de sortie"},
    {"Output language: en or fr (default: from LC_ALL/LC_MESSAGES/LANG, then the Windows display "
     "language)",
     "Langue de la sortie\u00a0: en ou fr (par défaut\u00a0: selon LC_ALL/LC_MESSAGES/LANG, puis la langue "
     "d'affichage de Windows)"},
    // CLI11's labels (main.cpp, localise). CLI11 writes a colon right after
    // some of them: the trailing no-break space gives the French "\u00a0:".
    {"Usage", "Utilisation\u00a0"},
    {"SUBCOMMAND", "COMMANDE"},
    {"SUBCOMMANDS", "COMMANDES"},
    {"Positionals", "Arguments"},
    {"REQUIRED", "OBLIGATOIRE"},
    {"Needs", "Demande\u00a0"},
    {"Excludes", "Exclut\u00a0"},
    {"TEXT", "TEXTE"},
    {"Subcommands", "Commandes\u00a0"},
    {"Options", "Options\u00a0"},
    {"Print this help message and exit", "Afficher cette aide et quitter"},
    // main.cpp, lang.cpp, output.cpp: usage and other errors
    {"--version takes only --format text|json", "--version n'accepte que --format text|json"},
    {"a command is required: errors, dump, query or doctor",
     "une commande est requise\u00a0: errors, dump, query ou doctor"},
    {"unknown option '{}' before the command (commands: errors, dump, query, doctor)",
     "option inconnue « {} » avant la commande (commandes\u00a0: errors, dump, query, doctor)"},
    {"unknown command '{}' (commands: errors, dump, query, doctor)",
     "commande inconnue « {} » (commandes\u00a0: errors, dump, query, doctor)"},
    {"internal error: {}", "erreur interne\u00a0: {}"},
    {"cannot write the output: {}", "impossible d'écrire la sortie\u00a0: {}"},
    {"wfpredir: terminated ({})\n", "wfpredir\u00a0: arrêté ({})\n"},
    {"invalid command line (CLI11: {})", "ligne de commande invalide (CLI11\u00a0: {})"},
    {"wfpredir: error: {}\n", "wfpredir\u00a0: erreur\u00a0: {}\n"},
    {"standard output is closed", "la sortie standard est fermée"},
    {"write error", "erreur d'écriture"},
    {" (the reader has gone)", " (le lecteur est parti)"},
    {"wfpredir: next: ", "wfpredir\u00a0: ensuite\u00a0: "},
    {"errors: ", "errors\u00a0: "},
    // args.cpp, query_args.cpp
    {"not a number of seconds from {} to {:.0f}", "pas un nombre de secondes de {} à {:.0f}"},
    {"not a number from 0 to {} (0: until interrupted)",
     "pas un nombre de 0 à {} (0\u00a0: jusqu'à interruption)"},
    {"not a port number from 1 to 65535", "pas un numéro de port de 1 à 65535"},
    {"an IPv6 address is written [addr]:port", "une adresse IPv6 s'écrit [adresse]:port"},
    {"expected HOST:PORT", "HÔTE:PORT attendu"},
    {"the host is empty", "l'hôte est vide"},
    {"not an IPv6 address between the brackets", "pas une adresse IPv6 entre les crochets"},
    {"the host is neither an IP address nor a host name (ASCII letters, digits, '-', '.')",
     "l'hôte n'est ni une adresse IP ni un nom d'hôte (lettres ASCII, chiffres, '-', '.')"},
    {"port '{}' is {}", "port « {} »\u00a0: {}"},
    {"not an IPv4 or IPv6 address literal (ASCII, no host names)",
     "pas une adresse IPv4 ou IPv6 littérale (ASCII, pas de nom d'hôte)"},
    {"{} '{}': {}", "{} « {} »\u00a0: {}"},
    {"expected auto, probe, or a size from 0 to {}",
     "auto, probe ou une taille de 0 à {} attendu"},
    {"--save: the directory name is empty", "--save\u00a0: le nom du répertoire est vide"},
    // cmd_dump.cpp
    {"dump: {}: {}", "dump\u00a0: {}\u00a0: {}"},
    {"is {} bytes, over the {} byte (16 MiB) cap; redirect blobs are far smaller, is this the "
     "right file?",
     "fait {} octets, au-delà du plafond de {} octets (16 Mio)\u202f; les blobs de redirection sont "
     "bien plus petits, est-ce le bon fichier\u202f?"},
    {"grew while it was read; the output above is cut short",
     "a grossi pendant la lecture\u202f; la sortie ci-dessus est tronquée"},
    {"read error", "erreur de lecture"},
    {"shrank while it was read; the output above is cut short",
     "a rétréci pendant la lecture\u202f; la sortie ci-dessus est tronquée"},
    {"more than the {} byte (16 MiB) cap", "au-delà du plafond de {} octets (16 Mio)"},
    {"standard input", "entrée standard"},
    {"is a directory, not a file", "est un répertoire, pas un fichier"},
    // error_names.cpp, expectation.cpp
    {"'' is empty, not an error code", "« » est vide, ce n'est pas un code d'erreur"},
    {"'{}' is out of range: error codes are 32-bit (at most 4294967295 or 0xFFFFFFFF)",
     "« {} » est hors limites\u00a0: les codes d'erreur tiennent sur 32 bits (au plus 4294967295 ou "
     "0xFFFFFFFF)"},
    {"'{}' is neither a number (decimal or 0x hex) nor a known error name",
     "« {} » n'est ni un nombre (décimal ou hexadécimal 0x) ni un nom d'erreur connu"},
    {"'{}' is a {} error name, not a {} one", "« {} » est un nom d'erreur {}, pas {}"},
    {"the expectation is empty", "l'attente est vide"},
    {"expected redirected, not-redirected or error:NAME (a code or a known name)",
     "redirected, not-redirected ou error:NOM (un code ou un nom connu) attendu"},
    // main.cpp: short options, help, --color, --quiet (merged with the CLI conventions)
    {"wfpredir help COMMAND (or wfpredir COMMAND --help) shows a command's options.\nExit codes: "
     "0 ok, 1 a verdict is unknown, 2 usage, 3 socket setup failed, 4 no connection in time,\n5 "
     "expectation failed, 6 file error, 7 unsupported, 8 internal error, 9 output failed,\n130 "
     "interrupted (Ctrl-C, SIGINT), 141 the reader of the output went away (closed pipe),\n143 "
     "terminated (SIGTERM, console close) (README.md, \"Exit codes\").",
     "wfpredir help COMMANDE (ou wfpredir COMMANDE --help) affiche les options d'une commande.\n"
     "Codes de sortie\u00a0: 0 ok, 1 un verdict est inconnu, 2 usage, 3 échec de mise en place du "
     "socket, 4 aucune connexion à temps,\n5 attente non tenue, 6 erreur de fichier, 7 non pris en "
     "charge, 8 erreur interne, 9 échec de la sortie,\n130 interrompu (Ctrl-C, SIGINT), 141 le "
     "lecteur de la sortie est parti (tube fermé),\n143 arrêté (SIGTERM, fermeture de la console) "
     "(README.md, « Exit codes »)."},
    {"Which queries: records, context or both (default both); the original destination is always "
     "read",
     "Quelles requêtes\u00a0: records, context ou both (par défaut both)\u202f; la destination d'origine est "
     "toujours lue"},
    {"How to wait: sync, event (Windows only), apc (Windows only) or all (default all; on Linux all "
     "runs sync)",
     "Comment attendre\u00a0: sync, event (Windows seulement), apc (Windows seulement) ou all (par "
     "défaut all\u202f; sous Linux, all exécute sync)"},
    {"Output buffer: auto (default: 1024, grown on ERROR_INSUFFICIENT_BUFFER up to 65536), probe "
     "(size 0 first, then the size asked for), or an exact size N (1..16777216; 0 means probe)",
     "Tampon de sortie\u00a0: auto (par défaut\u00a0: 1024, agrandi sur ERROR_INSUFFICIENT_BUFFER jusqu'à "
     "65536), probe (taille 0 d'abord, puis la taille demandée), ou une taille exacte N "
     "(1..16777216\u202f; 0 vaut probe)"},
    {"What must hold for every connection: redirected, not-redirected, or error:NAME (a code name "
     "or number: error:WSAEOPNOTSUPP, error:10045); exit 5 when it does not",
     "Ce qui doit valoir pour chaque connexion\u00a0: redirected, not-redirected ou error:NOM (un nom "
     "ou un numéro de code\u00a0: error:WSAEOPNOTSUPP, error:10045)\u202f; code de sortie 5 sinon"},
    {"Text: one line per connection (peer, verdict, original destination or -), and the summary "
     "line when there are several; nothing else on stdout",
     "Texte\u00a0: une ligne par connexion (pair, verdict, destination d'origine ou -), et la ligne de "
     "bilan s'il y en a plusieurs\u202f; rien d'autre sur la sortie standard"},
    {"a command is required: errors, dump, query, doctor or help",
     "une commande est requise\u00a0: errors, dump, query, doctor ou help"},
    {"unknown option '{}' before the command (commands: errors, dump, query, doctor, help)",
     "option inconnue « {} » avant la commande (commandes\u00a0: errors, dump, query, doctor, help)"},
    {"unknown command '{}' (commands: errors, dump, query, doctor, help)",
     "commande inconnue « {} » (commandes\u00a0: errors, dump, query, doctor, help)"},
    {"help takes at most one command: wfpredir help query",
     "help prend au plus une commande\u00a0: wfpredir help query"},
    {"help: unknown command '{}' (commands: errors, dump, query, doctor)",
     "help\u00a0: commande inconnue « {} » (commandes\u00a0: errors, dump, query, doctor)"},
    {"Output format: text or json", "Format de sortie\u00a0: text ou json"},
    {"Short for --format json", "Abréviation de --format json"},
    {"Text: the loopback connection's whole report, before the findings",
     "Texte\u00a0: le rapport complet de la connexion de bouclage, avant les constats"},
    {"Text: every query as it ran, even those that do not exist on this system, and the original "
     "destination's bytes",
     "Texte\u00a0: chaque requête telle qu'elle a été faite, même celles qui n'existent pas sur ce "
     "système, et les octets de la destination d'origine"},
    {"JSON indented for a person (default: one document per line)",
     "JSON indenté pour être lu (par défaut\u00a0: un document par ligne)"},
    {"When to colour: auto (stdout is a terminal, NO_COLOR unset or empty, TERM not dumb), always "
     "or never (default auto)",
     "Quand colorer\u00a0: auto (la sortie standard est un terminal, NO_COLOR absent ou vide, TERM "
     "différent de dumb), always ou never (par défaut auto)"},
    {"Receive the first datagram of each flow on UDP --port and report its redirect control "
     "messages",
     "Recevoir le premier datagramme de chaque flux sur le --port UDP et rapporter ses messages "
     "de contrôle de redirection"},
    // main.cpp: relay
    {"Accept, query, and forward each connection to its original destination (or --to), handing "
     "its redirect records on",
     "Accepter, interroger et relayer chaque connexion vers sa destination d'origine (ou --to), en "
     "transmettant ses enregistrements de redirection"},
    {"Listen on this port (1-65535)", "Écouter sur ce port (1-65535)"},
    {"Address to listen on (IPv4 or IPv6 literal; default 127.0.0.1)",
     "Adresse d'écoute (littéral IPv4 ou IPv6\u202f; par défaut 127.0.0.1)"},
    {"Connect every upstream to HOST:PORT instead of the original destination",
     "Connecter chaque amont à HÔTE:PORT au lieu de la destination d'origine"},
    {"Connections to relay, 0 to 1000000 (0: until Ctrl-C; default 1)",
     "Connexions à relayer, de 0 à 1000000 (0\u00a0: jusqu'à Ctrl-C\u202f; par défaut 1)"},
    {"Windows: set the queried records on the upstream socket: auto (when the query returned some; "
     "default), always, never",
     "Windows\u00a0: poser les enregistrements obtenus sur le socket amont\u00a0: auto (quand la requête en a "
     "rendu\u202f; par défaut), always, never"},
    {"Refuse (close the client) when the records cannot be handed on",
     "Refuser (fermer le client) quand les enregistrements ne peuvent pas être transmis"},
    {"Linux: SO_MARK on upstream sockets (default 0x77667072; 0: none)",
     "Linux\u00a0: SO_MARK sur les sockets amont (par défaut 0x77667072\u202f; 0\u00a0: aucun)"},
    {"Forwarding threads, 1 to 256 (default: one per core)",
     "Threads de transfert, de 1 à 256 (par défaut\u00a0: un par cœur)"},
    {"auto (default), probe, or an exact size N",
     "auto (par défaut), probe, ou une taille exacte N"},
    {"Seconds a pending query may take before it is cancelled (default 5)",
     "Secondes qu'une requête en attente peut prendre avant d'être annulée (par défaut 5)"},
    {"Print every system call", "Afficher chaque appel système"},
    // main.cpp: the list of commands is read from the CLI definition
    {"a command is required: {}", "une commande est requise\u00a0: {}"},
    {"unknown command '{}' (commands: {})", "commande inconnue « {} » (commandes\u00a0: {})"},
    // main.cpp: options before or after the command, help, completion, suggestions
    {"help: unknown command '{}' (commands: {})", "help\u00a0: commande inconnue « {} » (commandes\u00a0: {})"},
    {"query and relay: one line per connection (see query --help)",
     "query et relay\u00a0: une ligne par connexion (voir query --help)"},
    {"Text: one line per connection (peer, verdict, original destination or -, end), and the "
     "summary line when there are several",
     "Texte\u00a0: une ligne par connexion (pair, verdict, destination d'origine ou -, fin), et la "
     "ligne de bilan quand il y en a plusieurs"},
    {"Show the help of wfpredir, or of a command (the same as COMMAND --help)",
     "Afficher l'aide de wfpredir, ou d'une commande (la même que COMMANDE --help)"},
    {"The command", "La commande"},
    {"Print the completion script for bash, zsh or powershell",
     "Écrire le script de complétion pour bash, zsh ou powershell"},
    {"bash, zsh or powershell", "bash, zsh ou powershell"},
    {"unknown command '{}' (did you mean {}?)", "commande inconnue « {} » (vouliez-vous dire {}\u202f?)"},
    {"unknown option '{}' (did you mean {}?)", "option inconnue « {} » (vouliez-vous dire {}\u202f?)"},
    {"unknown option '{}' ({} --help lists the options)",
     "option inconnue « {} » ({} --help liste les options)"},
    {"--version takes no command", "--version ne prend pas de commande"},
    {"--quiet: only query and relay have a one-line form",
     "--quiet\u00a0: seuls query et relay ont une forme sur une ligne"},
};
// clang-format on

}  // namespace

std::span<const Phrase> fr_cli() { return kPhrases; }

}  // namespace wfpredir::i18n
