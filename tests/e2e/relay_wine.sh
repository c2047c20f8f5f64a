#!/usr/bin/env bash
# `relay` on the Windows backend under Wine: runs the real wfpredir.exe given
# as "$@" (e.g. `env WINEPREFIX=... wine64 wfpredir.exe`) on loopback with
# --to, with Linux-side python3 peers (Wine's sockets are host sockets;
# tests/e2e/relay_peer.py). Checked: bytes intact both ways (sha256), 20
# connections at once through Asio's I/O completion ports under Wine, the
# SET's real answer reported (Wine 8: WSAEOPNOTSUPP) while the relay goes on,
# the default (no records, so no SET, said why), --strict refusing (the client
# sees a reset, exit 3), an upstream that refuses, --connect-timeout on an
# upstream that never answers, a stdout that nobody reads, and Ctrl-C
# mid-transfer (a reset, the bytes counted as received).
# Needs bash, jq, ss and python3; exits 125 (skipped) without them.
set -u
source "$(dirname "$0")/wine_lib.sh"
wine_lib_init relay_wine.sh "$@" -- jq ss
# relay_run N BYTES ARGS...: upstream server, the relay, N clients; sets rc.
relay_run() {
  local n=$1 bytes=$2; shift 2
  local up rp
  up=$(free_port) rp=$(free_port)
  "$PY" "$here/relay_peer.py" server 127.0.0.1 "$up" "$bytes" "$n" "$tmp/server.txt" &
  local server=$!
  helpers+=("$server")
  timeout 180 "${WFP[@]}" relay --port "$rp" --to "127.0.0.1:$up" --count "$n" --timeout 120 \
    --format json "$@" >"$tmp/out" 2>"$tmp/err" &
  local relay=$!
  wait_listening "$rp" || fail "the relay did not listen on $rp"
  "$PY" "$here/relay_peer.py" clients 127.0.0.1 "$rp" "$bytes" "$n" "$tmp/clients.txt" ||
    fail "the clients did not all complete"
  wait "$server" || fail "the upstream server did not see $n complete connections"
  wait "$relay"
  rc=$?
  schema "relay $*"
}
intact() {  # every stream arrived as sent, both ways
  [ "$(cut -d' ' -f1 "$tmp/clients.txt" | sort)" == "$(cut -d' ' -f2 "$tmp/server.txt" | sort)" ] &&
    [ "$(cut -d' ' -f1 "$tmp/server.txt" | sort)" == "$(cut -d' ' -f2 "$tmp/clients.txt" | sort)" ] &&
    [ "$(wc -l <"$tmp/clients.txt")" -eq "$1" ]
}
schema() {  # NAME: $tmp/out is connections and the relay summary, as docs/schema says
  if "$PY" "$here/validate_json.py" --type connection --type relay-summary "$tmp/out" 2>"$tmp/schema"; then
    ok "schema: $1"
  else fail "schema: $1 ($(head -c 600 "$tmp/schema"))"; fi
}
jqt() {  # NAME FILTER over the JSON lines (slurped)
  if jq -e -s "$2" "$tmp/out" >/dev/null 2>&1; then ok "$1"; else fail "$1 (rc=$rc; $(head -c 600 "$tmp/out"))"; fi
}

# 1. --set always: the SET is issued (with the 0 bytes Wine's failed records
#    query returned) and its answer reported; the relay goes on.
relay_run 1 $((1024 * 1024)) --set always --mode sync
[ $rc -eq 0 ] && ok "--set always: exit 0" || fail "--set always: exit $rc: $(cat "$tmp/err")"
intact 1 && ok "1 MiB each way intact" || fail "bytes differ"
jqt "the SET's answer is reported: WSAEOPNOTSUPP, before connect" \
  '.[0].relay | .set_records.issued and .set_records.error.code == 10045 and
   .set_records.error.name == "WSAEOPNOTSUPP" and (.set_records.ok | not) and
   .set_records.before_connect and
   ([.calls[].function] | index("WSAIoctl") < index("ConnectEx"))'
jqt "the report: --to, closed, 1 MiB each way, verdict unsupported" \
  '.[0] | .verdict == "unsupported" and .relay.chosen_by == "--to" and .relay.end == "closed" and
   .relay.to_upstream.bytes == 1048576 and .relay.to_client.bytes == 1048576'
jqt "the summary line counts the failed SET" \
  '.[-1].summary | .connections == 1 and .ends.closed == 1 and .set_issued == 1 and .set_failed == 1'

# 2. 20 at once, default --set auto: no records, so no SET, and why.
relay_run 20 $((256 * 1024)) --mode sync
[ $rc -eq 0 ] && ok "20 at once: exit 0" || fail "20 at once: exit $rc: $(cat "$tmp/err")"
intact 20 && ok "20 connections, 256 KiB each way, intact" || fail "bytes differ (20 at once)"
jqt "--set auto: not set, the records query's error named" \
  '[.[] | select(.relay) | .relay.set_records | (.issued | not) and
     (.skip_reason | test("10045 WSAEOPNOTSUPP"))] | length == 20 and all'
jqt "the connections overlapped" '.[-1].summary.peak_concurrent > 1'

# relay_one NAME UPSTREAM-PORT ARGS...: the relay, for one connection, from a
# free port to 127.0.0.1:UPSTREAM-PORT with ARGS, and one client: what the
# client saw (eof, data or reset) in $seen, the relay's exit code in $rc.
relay_one() {
  local name=$1 up=$2; shift 2
  local rp relay
  rp=$(free_port)
  timeout 120 "${WFP[@]}" relay --port "$rp" --to "127.0.0.1:$up" --count 1 --timeout 60 \
    --mode sync --format json "$@" >"$tmp/out" 2>"$tmp/err" &
  relay=$!
  wait_listening "$rp" || fail "the relay did not listen ($name)"
  seen=$("$PY" -c '
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
    print("eof" if s.recv(10) == b"" else "data")
except ConnectionResetError:
    print("reset")
except OSError as e:
    print("error %s" % e)' "$rp")
  wait $relay
  rc=$?
}

# 3. --strict: the records cannot be handed on, so the client is refused.
relay_one "--strict" "$(free_port)" --strict
[ "$seen" == reset ] && ok "--strict: the client sees a reset" || fail "--strict: the client saw '$seen'"
[ $rc -eq 3 ] && ok "--strict: exit 3" || fail "--strict: exit $rc"
schema "--strict"
jqt "--strict: strict-refused, never connected" \
  '.[0].relay | .end == "strict-refused" and ([.calls[].function] | index("ConnectEx") == null)'

# 4. An upstream that refuses.
relay_one "refused upstream" "$(free_port)"
[ $rc -eq 3 ] && ok "refused upstream: exit 3" || fail "refused upstream: exit $rc"
schema "refused upstream"
jqt "refused upstream: WSAECONNREFUSED reported" \
  '.[0].relay | .end == "upstream-refused" and .error.code == 10061 and .error.domain == "windows"'

# 5. An upstream that never answers the SYN: a loopback listener whose
#    backlog is full (Linux then drops new SYNs), so --connect-timeout decides.
up=$(free_port)
"$PY" -c '
import socket, sys, time
l = socket.socket(); l.bind(("127.0.0.1", int(sys.argv[1]))); l.listen(0)
held = []
for _ in range(3):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(("127.0.0.1", int(sys.argv[1])))
    except BlockingIOError: pass
    held.append(c)
open(sys.argv[2], "w").close()
time.sleep(60)' "$up" "$tmp/full" &
helpers+=($!)
# Not before the backlog is full: a relay that connects first is accepted
# (Python's start under load can take longer than any fixed sleep).
for _ in $(seq 100); do [ -e "$tmp/full" ] && break; sleep 0.1; done
[ -e "$tmp/full" ] || fail "connect timeout: the full-backlog listener did not start"
relay_one "connect timeout" "$up" --connect-timeout 1
[ "$seen" == reset ] && ok "connect timeout: the client sees a reset" ||
  fail "connect timeout: the client saw '$seen'"
[ $rc -eq 3 ] && ok "connect timeout: exit 3" ||
  fail "connect timeout: exit $rc: $(jq -c -s '.[0].relay | [.end, .end_detail, [.calls[] | [.function, .ms, .note]]]' "$tmp/out")"
jqt "connect timeout: upstream-timeout, and the trace names the connect that ran" \
  '.[0].relay | .end == "upstream-timeout" and (.calls[-1].function == "ConnectEx")'

# 7. Ctrl-C mid-transfer (Wine turns SIGINT into the console's CTRL_C_EVENT):
#    the stream in flight ends with a reset, never an end of stream the client
#    could take for a complete transfer, and the bytes counted are the bytes
#    the client received.
up=$(free_port) rp=$(free_port)
"$PY" "$here/relay_fault_peer.py" trickle 127.0.0.1 "$up" 10000000 >/dev/null &
helpers+=($!)
"${WFP[@]}" relay --port "$rp" --to "127.0.0.1:$up" --count 1 --format json \
  >"$tmp/out" 2>"$tmp/err" &
relay=$!
wait_listening "$rp" || fail "the relay did not listen (Ctrl-C)"
"$PY" "$here/relay_fault_peer.py" stalled 127.0.0.1 "$rp" 0 >"$tmp/client" &
client=$!
sleep 2  # the trickle sends 16 KiB every 50 ms
kill -INT "$relay"
for _ in $(seq 200); do kill -0 "$relay" 2>/dev/null || break; sleep 0.1; done
kill -0 "$relay" 2>/dev/null && { fail "Ctrl-C: the relay still runs after 20 s"; kill -9 "$relay"; }
wait "$relay"
rc=$?
wait "$client"
seen=$(cat "$tmp/client")
[ $rc -eq 130 ] && ok "Ctrl-C: exit 130" || fail "Ctrl-C: exit $rc ($(tail -3 "$tmp/err"))"
case $seen in
  reset*) ok "Ctrl-C: the client sees a reset ($seen)" ;;
  *) fail "Ctrl-C: the client saw '$seen', expected a reset (not an end of stream)" ;;
esac
jqt "Ctrl-C: interrupted, named, and to_client.bytes is what the client received" \
  ".[0].relay | .end == \"interrupted\" and (.end_detail | test(\"Ctrl-C\")) and
   .to_client.bytes == ${seen#* }"
schema "Ctrl-C"

# 6. A stdout nobody reads: every client is still served, the run ends, and
#    the summary (with the reports dropped) goes to stderr.
up=$(free_port) rp=$(free_port)
"$PY" "$here/relay_fault_peer.py" echo 127.0.0.1 "$up" &
helpers+=($!)
n=300
(timeout 300 "${WFP[@]}" relay --port "$rp" --to "127.0.0.1:$up" --count $n --timeout 60 \
  --mode sync --format json 2>"$tmp/err" | sleep 240) >/dev/null 2>&1 &
# (the reader's output is not ctest's, so that it does not wait for the sleep)
pipeline=$!
helpers+=($pipeline)
wait_listening "$rp" || fail "the relay did not listen (stdout)"
served=0
for _ in $(seq $n); do
  [ "$("$PY" "$here/relay_fault_peer.py" ping 127.0.0.1 "$rp" 2>/dev/null)" == ok ] &&
    served=$((served + 1))
done
[ $served -eq $n ] && ok "stdout not read: $n clients served" ||
  fail "stdout not read: $served of $n served"
for _ in $(seq 300); do grep -q "the summary:" "$tmp/err" && break; sleep 0.1; done
grep -q "reports dropped" "$tmp/err" && ok "stdout not read: summary on stderr, drops counted" ||
  fail "stdout not read: $(cat "$tmp/err")"

wine_lib_end
