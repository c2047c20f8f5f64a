#!/usr/bin/env bash
# `wfpredir.exe connections` under Wine, whose GetExtendedTcpTable reads the
# host's real TCP table: a host listener and one connection to it must be
# listed, with the note that redirect records are readable only by a
# connection's owner, and --confirm must exit 7 (Linux only).
#
# usage: connections_wine.sh WFPREDIR-COMMAND...   (e.g. env WINEPREFIX=... wine64 wfpredir.exe)
set -u
WFP=("$@")
[ ${#WFP[@]} -gt 0 ] || { echo "usage: connections_wine.sh WFPREDIR-COMMAND..."; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
command -v jq >/dev/null && command -v python3 >/dev/null || { echo "SKIP: jq and python3 needed" >&2; exit 125; }
work=$(mktemp -d)
port=$((20000 + $$ % 20000))
python3 - "$port" "$work/ready" <<'PY' &
import socket, sys, time
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", int(sys.argv[1]))); srv.listen(4)
c = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); a, _ = srv.accept()
open(sys.argv[2], "w").close()
time.sleep(120)
PY
peer=$!
trap 'kill $peer 2>/dev/null; rm -rf "$work"' EXIT
for ((i = 0; i < 100; i++)); do [[ -e $work/ready ]] && break; sleep 0.1; done

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
"${WFP[@]}" connections --port "$port" --format json >"$work/out.json" 2>"$work/err"
rc=$?
[[ $rc == 0 ]] || fail "exit $rc: $(cat "$work/err")"
python3 "$here/validate_json.py" "$work/out.json" >/dev/null || fail "schema"
[[ $(jq -r .platform "$work/out.json") == windows ]] || fail "platform"
[[ $(jq --arg l "127.0.0.1:$port" '[.sockets[] | select(.state == "listen" and .local == $l)] | length' "$work/out.json") == 1 ]] ||
  fail "the host listener is not listed: $(cat "$work/out.json")"
[[ $(jq --arg l "127.0.0.1:$port" '[.sockets[] | select(.state == "established" and .local == $l)] | .[0].verdict' -r "$work/out.json") == unknown ]] ||
  fail "the accepted connection: $(cat "$work/out.json")"
[[ $(jq -r .records_note "$work/out.json") == *"query --port"* ]] || fail "records note"
"${WFP[@]}" connections --port "$port" --confirm >"$work/text" 2>&1
rc=$?
[[ $rc == 7 ]] || fail "--confirm under Windows exited $rc, not 7"
grep -q "Linux only" "$work/text" || fail "--confirm text: $(cat "$work/text")"
((failures == 0)) || exit 1
echo "connections under Wine: the host's listener and connection listed"
