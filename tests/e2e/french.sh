#!/usr/bin/env bash
# `--lang fr` output holds no English phrase. The phrases come from the
# tables (tests/i18n/phrases.cpp prints every English entry of the i18n
# tables and of the error catalog, cut into three-word runs), and the outputs
# are real ones: errors, dump --decode of the sample blobs (tests/data),
# doctor, query --self, query of a real loopback connection, a listener's
# timeout, query --udp of a real datagram, relay of a real
# connection and of one its upstream refuses, usage errors and --help. Usage:
#   french.sh PHRASES-COMMAND... -- WFPREDIR-COMMAND...
# (natively, or each command under `env WINEPREFIX=... wine64`).
set -u
PHRASES=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do PHRASES+=("$1"); shift; done
shift
WFP=("$@")
[ ${#PHRASES[@]} -gt 0 ] && [ ${#WFP[@]} -gt 0 ] || { echo "usage: french.sh PHRASES... -- WFPREDIR..."; exit 2; }
data=$(cd "$(dirname "$0")/../data" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; for p in ${client:-} ${bg:-} ${server:-}; do kill "$p" 2>/dev/null; done' EXIT
passed=0 failed=0
ok()   { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

# Wine's consoles write CRLF; the phrases are compared line by line.
"${PHRASES[@]}" | tr -d '\r' >"$tmp/phrases"
# CLI11's own English, which is not in the tables: its error sentences and
# help labels (CLI/Error.hpp, CLI/Formatter.hpp).
cat >>"$tmp/phrases" <<'CLI11'
not expected
is required
 requires 
 excludes 
 not in {
required but received
Expected exactly
 not found
Could not convert
Print this help
Usage:
SUBCOMMAND
Positionals
REQUIRED
CLI11
# A phrase of one word ("skipped", "address") counts only as a word of its
# own: not inside a token such as wfp-unavailable or (unsupported).
grep ' ' "$tmp/phrases" >"$tmp/multi"
# A command name is not English to translate ("connections" is also a table
# entry), but only where it names the command: after "wfpredir", in help's
# list of commands and in the lists the usage errors give (english() masks
# those). Anywhere else the word is English left over. The names come from
# the tool's own help, so that a new command needs no change here.
commands=$("${WFP[@]}" --lang en --help | tr -d '\r' | sed -n '/^Subcommands:/,/^$/p' |
  awk 'NR > 1 && NF { print $1 }' | paste -sd '|')
case "|$commands|" in
*'|query|'*'|connections|'*) ok "the command names: ${commands//|/, }" ;;
*) fail "no command names in the help: '$commands'" ;;
esac
commands="$commands|completion"
grep -v ' ' "$tmp/phrases" | sed 's/[][\\.^$*+?(){}|]/\\&/g' | paste -sd '|' >"$tmp/words"
single="(^|[[:space:]])($(cat "$tmp/words"))([[:space:]:,.]|\$)"
n=$(wc -l <"$tmp/phrases")
if [ "$n" -gt 500 ]; then ok "the tables give $n English phrases"; else fail "only $n English phrases"; fi

# French typography: a no-break space before ':', a narrow one before ';'
# '?' '!' (the lint, tests/i18n/lint.py, checks the tables).
nb=$'\u00a0' nnb=$'\u202f'

# run NAME WANT-RC ARGS... : runs the tool; checks the exit code and that
# neither stdout nor stderr holds an English phrase.
run() {
  local name=$1 want=$2; shift 2
  "${WFP[@]}" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  tr -d '\r' <"$tmp/out" >"$tmp/o"; tr -d '\r' <"$tmp/err" >"$tmp/e"
  if [ "$want" != any ] && [ $rc -ne "$want" ]; then
    fail "$name: exit $rc, expected $want (stderr: $(head -c 300 "$tmp/e"))"
    return
  fi
  if [ ! -s "$tmp/o" ] && [ ! -s "$tmp/e" ]; then fail "$name: no output"; return; fi
  english "$name"
}
# english NAME: fails when the last outputs hold an English phrase. The
# system's own text (strerror, FormatMessage) is the system's language.
english() {
  cat "$tmp/o" "$tmp/e" | grep -v "texte système${nb}: " |
    sed -E "s/(wfpredir(\.exe)?|help|COMMANDE) ($commands)([^[:alnum:]_-]|\$)/\\1 COMMAND\\4/g
      s/^  ($commands)( {2,})/  COMMAND\\2/
      s/^(help)${nb}:/COMMAND${nb}:/
      s/(commandes${nb}: )(($commands)(, )?)+/\\1COMMANDS/
      s/(vouliez-vous dire )($commands)${nnb}\\?/\\1COMMAND${nnb}?/" >"$tmp/both"
  # French typography in every output, whichever code composed it: no plain
  # space before ':' ';' '?' '!' (the system's text excepted, above).
  local plain
  plain=$(grep -E " [:;?!]( |\$)" "$tmp/both" | head -3)
  [ -z "$plain" ] || fail "$1: a plain space before a French mark (want ${nb}: or ${nnb}; ? !): $plain"
  local found
  found=$( (grep -F -o -f "$tmp/multi" "$tmp/both"; grep -E -o "$single" "$tmp/both") | sort -u | head -5)
  if [ -z "$found" ]; then ok "$1: no English"; else
    fail "$1: English left: $(echo "$found" | paste -sd '|')"
    (grep -F -f "$tmp/multi" "$tmp/both"; grep -E "$single" "$tmp/both") | head -5
  fi
}
has() { # has NAME TEXT [o|e]: the last run's stdout (o) or stderr (e) holds TEXT
  if grep -qF -- "$2" "$tmp/${3:-o}"; then ok "$1"; else fail "$1: no '$2' in $(head -c 400 "$tmp/${3:-o}")"; fi
}

# --- errors, dump --------------------------------------------------------------
run "errors" 0 errors --lang fr
has "errors: French labels" "signification${nb}: "
run "errors by name and number" 0 errors 10045 ENOENT 997 --lang fr
run "errors in the posix domain" 0 errors 2 92 --domain posix --lang fr
run "errors: an unknown name" 2 errors NO_SUCH_ERROR --lang fr
has "errors: French usage error" "wfpredir${nb}: erreur${nb}: " e
for f in sample.context.bin sample.original-dst.bin sample.records.bin sample-unnamed.bin; do
  run "dump --decode $f" 0 dump --decode "$data/$f" --lang fr
done
has "dump --decode: every decoder tried, in French" "tous les décodeurs ont été essayés"
run "dump: a missing file" 6 dump "$tmp/absent.bin" --lang fr

# --- doctor, query --self ------------------------------------------------------
run "doctor" any doctor --lang fr
has "doctor: French verdict" "verdict${nb}: "
run "query --self" any query --self --lang fr
has "query --self: French verdict" "verdict${nb}: "
run "query --self --buffer probe" any query --self --buffer probe --lang fr
run "query --self --trace" any query --self --trace --lang fr
has "--trace: French call lines" "appel "

# --- query of a real loopback connection ---------------------------------------
# A client from this side connects once the listener says it waits (Wine's
# sockets are the host's, so this works under Wine too).
port=$((20000 + RANDOM % 20000))
"${WFP[@]}" query --port "$port" --count 1 --timeout 20 --lang fr >"$tmp/out" 2>"$tmp/err" &
tool=$!
for _ in $(seq 1 200); do
  grep -q "en attente" "$tmp/err" 2>/dev/null && break
  sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$port" && sleep 1) 2>/dev/null &
client=$!
wait "$tool"; rc=$?
tr -d '\r' <"$tmp/out" >"$tmp/o"; tr -d '\r' <"$tmp/err" >"$tmp/e"
if [ -s "$tmp/o" ]; then english "query --port: a real connection"; else
  fail "query --port (rc=$rc): no report; $(head -c 300 "$tmp/e")"; fi
has "query --port: the wait message in French" "en attente d'une connexion sur 127.0.0.1:$port" e
has "query --port: French report" "connexion 1${nb}: tcp ipv4, acceptée"

run "query --port: no connection in time" 4 query --port "$port" --timeout 0.3 --lang fr
# Linux says "abandon après", Windows "délai dépassé".
if grep -qE "abandon après|délai dépassé" "$tmp/e"; then ok "timeout: French setup error"; else
  fail "timeout: French setup error: $(head -c 300 "$tmp/e")"; fi

# --- query --udp and relay ---------------------------------------------------------
# Under Wine query --udp's verdict is unsupported (Wine refuses the options
# that ask for the redirect control messages): exit 7 there, 0 natively.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
under_wine=0
case "${WFP[*]}" in *wine*) under_wine=1 ;; esac
free_port() { # free_port tcp|udp
  "$PY" -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' "$1"
}
listening() { # listening t|u PORT: until something listens there (Wine takes seconds)
  for _ in $(seq 600); do [ -n "$(ss -Hl"$1"n "sport = :$2")" ] && return 0; sleep 0.1; done
  return 1
}
# background NAME WANT-RC ARGS...: starts the tool in the background, as run does.
background() {
  bg_name=$1 bg_want=$2; shift 2
  "${WFP[@]}" "$@" >"$tmp/out" 2>"$tmp/err" &
  bg=$!
}
# finish: waits for it and checks it as run does.
finish() {
  wait "$bg"; rc=$?
  tr -d '\r' <"$tmp/out" >"$tmp/o"; tr -d '\r' <"$tmp/err" >"$tmp/e"
  if [ "$bg_want" != any ] && [ $rc -ne "$bg_want" ]; then
    fail "$bg_name: exit $rc, expected $bg_want (stderr: $(head -c 300 "$tmp/e"))"
    return
  fi
  if [ ! -s "$tmp/o" ]; then fail "$bg_name: no report"; return; fi
  english "$bg_name"
}
if [ -z "$PY" ] || ! command -v ss >/dev/null; then
  fail "query --udp and relay need python3 and ss"
else
  port=$(free_port udp)
  background "query --udp --trace: a real datagram" $((under_wine ? 7 : 0)) \
    query --udp --port "$port" --bind 127.0.0.1 --count 1 --timeout 20 --trace --lang fr
  listening u "$port" || fail "query --udp did not listen on $port"
  "$PY" -c 'import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"hello", ("127.0.0.1", int(sys.argv[1])))' "$port"
  finish
  has "query --udp: French report" "datagramme 1${nb}: udp ipv4"
  has "query --udp: the wait message in French" "en attente d'un datagramme sur 127.0.0.1:$port" e
  run "query --udp: a usage error" 2 query --udp --port 5353 --buffer 64 --lang fr
  has "query --udp: French usage error" "il n'y a pas de tampon de requête" e

  # A relay to a python3 upstream that exchanges 1000 bytes each way.
  up=$(free_port tcp) rp=$(free_port tcp)
  "$PY" "$here/relay_peer.py" server 127.0.0.1 "$up" 1000 1 "$tmp/server.txt" &
  server=$!
  listening t "$up" || fail "the upstream server did not listen on $up"
  background "relay --trace: a connection relayed" 0 \
    relay --port "$rp" --to "127.0.0.1:$up" --count 1 --timeout 60 --trace --lang fr
  listening t "$rp" || fail "the relay did not listen on $rp"
  "$PY" "$here/relay_peer.py" clients 127.0.0.1 "$rp" 1000 1 "$tmp/clients.txt" ||
    fail "relay: the client did not complete"
  wait "$server"
  finish
  has "relay: French relay part" "relais"
  has "relay: French summary" "bilan${nb}: 1 connexion relayée${nb}: 1 fermée proprement"
  has "relay: the wait message in French" "wfpredir${nb}: relais en attente" e

  # An upstream that refuses: the end, its detail and the error in French.
  up=$(free_port tcp) rp=$(free_port tcp)
  background "relay: an upstream that refuses" 3 \
    relay --port "$rp" --to "127.0.0.1:$up" --count 1 --timeout 60 --lang fr
  listening t "$rp" || fail "the relay did not listen on $rp"
  "$PY" -c 'import socket, sys
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30).recv(10)
except OSError:
    pass' "$rp"
  finish
  has "relay: the refusal in French" "refusée-par-l'amont après"
  run "relay: no --port" 2 relay --lang fr
  run "relay: a bad --mark" 2 relay --port 8080 --mark 0xZZ --lang fr
  has "relay: French usage error" "attendu de 0 à 4294967295" e
fi

# --- usage errors and help -------------------------------------------------------
run "usage: --port 0" 2 query --port 0 --lang fr
run "usage: --port abc" 2 query --port abc --lang fr
run "usage: --bind without --port" 2 query --bind 127.0.0.1 --lang fr
run "usage: --self with --port" 2 query --self --port 80 --lang fr
run "usage: a bad --format" 2 errors --format xml --lang fr
run "usage: a bad --expect" 2 query --self --expect maybe --lang fr
run "usage: dump without a file" 2 dump --lang fr
run "usage: an extra argument" 2 doctor extra --lang fr
run "usage: --count out of range" 2 query --self --count 2000000 --lang fr
run "usage: a bad --connect" 2 query --connect nowhere --lang fr
has "usage errors: French prefix" "wfpredir${nb}: erreur${nb}: " e
run "help" 0 --help --lang fr
has "help: French description" "voir ce que la redirection"
run "query --help" 0 query --help --lang fr
run "dump --help" 0 dump --help --lang fr

# --- the language from the environment ----------------------------------------------
# Through env: bash would try to switch its own locale to them.
tool=("${WFP[@]}")
WFP=(env -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 "${tool[@]}")
run "LANG=fr_FR.UTF-8 without --lang" 0 errors 10045
has "LANG=fr: French" "signification${nb}: "
WFP=(env LC_ALL=fr_CA.UTF-8 "${tool[@]}")
run "LC_ALL=fr_CA.UTF-8: help" 0 query --help
WFP=("${tool[@]}")
env LC_ALL=fr_FR.UTF-8 "${WFP[@]}" errors 10045 --lang en >"$tmp/out" 2>&1
if grep -q "meaning: " "$tmp/out"; then ok "--lang en wins over LC_ALL"; else fail "--lang en wins over LC_ALL"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
