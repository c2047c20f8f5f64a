#!/usr/bin/env bash
# `wfpredir.exe connections` under Wine, whose GetExtendedTcpTable reads the
# host's real TCP table: a host listener and one connection to it must be
# listed, with the note that redirect records are readable only by a
# connection's owner, and --confirm must exit 7 (Linux only).
#
# usage: connections_wine.sh WFPREDIR-COMMAND...   (e.g. env WINEPREFIX=... wine64 wfpredir.exe)
# Needs bash, jq and python3; exits 125 (skipped) without them.
set -u
source "$(dirname "$0")/wine_lib.sh"
wine_lib_init connections_wine.sh "$@" -- jq
port=$(free_port)
"$PY" - "$port" "$tmp/ready" <<'PY' &
import socket, sys, time
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", int(sys.argv[1]))); srv.listen(4)
c = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); a, _ = srv.accept()
open(sys.argv[2], "w").close()
time.sleep(120)
PY
helpers+=($!)
for ((i = 0; i < 100; i++)); do [[ -e $tmp/ready ]] && break; sleep 0.1; done

"${WFP[@]}" connections --port "$port" --format json >"$tmp/out" 2>"$tmp/err"
rc=$?
check "exit 0" test $rc -eq 0
check "schema" "$PY" "$here/validate_json.py" "$tmp/out"
jq_is() { [[ $(jq -r --arg l "127.0.0.1:$port" "$1" "$tmp/out") == "$2" ]]; }
check "platform" jq_is .platform windows
check "the host listener is listed" \
  jq_is '[.sockets[] | select(.state == "listen" and .local == $l)] | length' 1
check "the accepted connection, verdict unknown" \
  jq_is '[.sockets[] | select(.state == "established" and .local == $l)] | .[0].verdict' unknown
check "records note" eval '[[ $(jq -r .records_note "$tmp/out") == *"query --port"* ]]'
"${WFP[@]}" connections --port "$port" --confirm >"$tmp/out" 2>&1
rc=$?
check "--confirm under Windows: exit 7" test $rc -eq 7
check "--confirm says Linux only" grep -q "Linux only" "$tmp/out"
wine_lib_end
