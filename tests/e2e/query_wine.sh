#!/usr/bin/env bash
# End-to-end tests of `query` on the Windows backend under Wine: runs the real
# wfpredir.exe given as "$@" (e.g. `env WINEPREFIX=... wine64 wfpredir.exe`).
# Wine's Winsock is a real, independent implementation whose sockets are host
# sockets, so the peers here are Linux-side python3 programs. Wine answers
# WSAEOPNOTSUPP to the redirect queries in every mode (docs/winsock-contract.md#what-wine-answers); the other
# documented behaviours are covered by tests/test_query_win32.cpp.
# Needs bash, jq and python3; exits 125 (skipped) without them.
set -u
source "$(dirname "$0")/wine_lib.sh"
wine_lib_init query_wine.sh "$@" -- jq
# run ARGS...: the tool, bounded, stdout/stderr kept in $tmp/out, $tmp/err, exit code in $rc;
# JSON output is validated against docs/schema (validate_json.py) as a check of its own.
run() {
  timeout 120 "${WFP[@]}" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
  case " $* " in
    *" --format json "*|*" -j "*)
      if "$PY" "$here/validate_json.py" "$tmp/out" 2>"$tmp/schema"; then ok "schema: $*"
      else fail "schema: $* ($(head -c 600 "$tmp/schema"))"; fi ;;
  esac
}
# jqt NAME FILTER: the filter must yield true on $tmp/out
jq_true() { jq -e "$1" "$tmp/out" >/dev/null 2>&1; }
jqt() { check "$1" jq_true "$2"; }
has() { grep -qE -- "$1" "$tmp/${2:-out}"; }
one_error_line() { [ "$(grep -c . "$tmp/err" | tr -d ' ')" -ge 1 ] && [ "$(grep -c 'error' "$tmp/err")" -eq 1 ]; }

# wait_file FILE: until FILE has a line (up to 30 s)
wait_file() { for _ in $(seq 300); do [ -s "$1" ] && return 0; sleep 0.1; done; return 1; }

# Linux-side client (connect_peer.py): connects to 127.0.0.1:$1 as soon as
# something listens (the tool needs about a second to start under Wine),
# writes its own port to $2, and holds the connection until the tool closes it.
client() {
  "$PY" "$here/connect_peer.py" 127.0.0.1 "$1" --port-file="$2" &
  helpers+=($!)
}

# Linux-side listener on 127.0.0.1 (or $3) port 0: writes its port to $1,
# accepts one connection, writes the peer's port to $2, holds it until closed.
listener() {
  "$PY" - "$1" "$2" "${3:-127.0.0.1}" <<'EOF' &
import socket, sys
family = socket.AF_INET6 if ":" in sys.argv[3] else socket.AF_INET
s = socket.socket(family)
s.bind((sys.argv[3], 0))
s.listen(4)
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % s.getsockname()[1])
s.settimeout(60)
c, peer = s.accept()
with open(sys.argv[2], "w") as f:
    f.write("%d\n" % peer[1])
c.settimeout(60)
try:
    while c.recv(4096):
        pass
except OSError:
    pass
EOF
  helpers+=($!)
}

redirect_kinds='(.query == "records" or .query == "context")'

# --- --self, every mode, JSON ---------------------------------------------------------
run query --self --mode all --format json
check "self json: exit 7 (the provider cannot answer: unsupported)" test $rc -eq 7
jqt "self json: one valid document" '.tool == "wfpredir" and .platform == "windows" and .index == 1'
jqt "self json: the accepted end of a loopback pair" \
  '.connection | .protocol == "tcp" and .family == "ipv4" and .side == "accepted" and (.local | startswith("127.0.0.1:")) and (.peer | startswith("127.0.0.1:")) and .local != .peer'
jqt "self json: records and context in sync, event and apc" \
  "[.queries[] | select($redirect_kinds) | .query + \"/\" + .mode] | sort == [\"context/apc\",\"context/event\",\"context/sync\",\"records/apc\",\"records/event\",\"records/sync\"]"
jqt "self json: each says 10045 WSAEOPNOTSUPP, documented, with a meaning" \
  "[.queries[] | select($redirect_kinds)] | all(.status == \"error\" and .error.code == 10045 and .error.name == \"WSAEOPNOTSUPP\" and .error.documented == true and (.error.meaning | length) > 0)"
jqt "self json: the control codes" \
  '[.queries[] | select(.query == "records") | .control_code] | unique == ["0x980000DC"]'
jqt "self json: sync is one WSAIoctl with cbOutBuffer 1024" \
  '[.queries[] | select(.mode == "sync" and .query != "original-dst") | .attempts[0]] | all(.out_size == 1024 and (.calls | length) == 1 and .calls[0].function == "WSAIoctl" and .calls[0].ret == -1 and .calls[0].last_error == 10045)'
jqt "self json: event went pending and was collected with WSAGetOverlappedResult" \
  '[.queries[] | select(.mode == "event") | .attempts[0]] | all(.pending and (.timed_out | not) and .calls[0].last_error == 997 and .calls[-1].function == "WSAGetOverlappedResult" and .calls[-1].last_error == 10045)'
jqt "self json: apc went pending and the routine ran on the calling thread" \
  '[.queries[] | select(.mode == "apc") | .attempts[0]] | all(.pending and .apc.ran and .apc.on_calling_thread and .apc.dw_error == 10045)'
jqt "self json: nothing was cancelled" '[.. | objects | select(has("function")) | .function] | index("CancelIoEx") == null'
# Wine knows no level SOL_IP (0xFFFB), where Windows defines SO_ORIGINAL_DST.
jqt "self json: original-dst is getsockopt, error 10022 under Wine" \
  '[.queries[] | select(.query == "original-dst")] | length == 1 and .[0].status == "error" and .[0].error.code == 10022 and .[0].attempts[0].calls[0].function == "getsockopt"'
jqt "self json: the modes agree" '[.agreement[] | .agree] | all'
jqt "self json: verdict unsupported, naming WSAEOPNOTSUPP" '.verdict == "unsupported" and (.verdict_reason | contains("WSAEOPNOTSUPP"))'

run query --self
check "self text: exit 7" test $rc -eq 7
check "self text: names the control code" has "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS"
check "self text: names the error" has "WSAEOPNOTSUPP"

run query --self --count 2 --mode sync --format json
check "self --count 2: exit 7" test $rc -eq 7
check "self --count 2: JSON Lines, one object per connection, then the summary" \
  test "$(jq -s -c '[.[] | .index // .type]' "$tmp/out" 2>/dev/null)" = '[1,2,"summary"]'
check "self --count 2: the summary counts both as unsupported, exit 7, ended by the count" \
  test "$(jq -s -c '.[-1] | [.connections, .verdicts.unsupported, .exit_code, .ended_by]' "$tmp/out" 2>/dev/null)" = '[2,2,7,"count"]'
jqt_attempt_error='[.queries[] | select(.status == "error") | .error == .attempts[-1].error] | all'
check "self --count 2: an attempt's error is the query's error object" \
  jq -e -s "[.[] | select(.type == \"connection\") | $jqt_attempt_error] | all" "$tmp/out"

run query --self --count 2 --mode sync --quiet
check "--quiet: one line per connection and the summary, nothing else" \
  test "$(grep -c . "$tmp/out")" -eq 3
check "--quiet: peer, verdict, no original destination" grep -qE '^127\.0\.0\.1:[0-9]+ unsupported -$' "$tmp/out"
check "--quiet: the summary line" grep -qx '2 connections: 2 unsupported' "$tmp/out"

run query --self --mode event --what context --format json
jqt "--mode event --what context: only that, plus the original destination" \
  '[.queries[] | .query + "/" + .mode] == ["context/event", "original-dst/sync"]'

run query --self --expect error:WSAEOPNOTSUPP
check "--expect error:WSAEOPNOTSUPP holds: exit 0" test $rc -eq 0
run query --self --expect redirected
check "--expect redirected fails: exit 5" test $rc -eq 5

# --- buffer sizes ---------------------------------------------------------------------
run query --self --mode sync --what records --buffer 2 --format json
jqt "--buffer 2: WSAIoctl really issued with cbOutBuffer 2, once" \
  '.queries[0].attempts | length == 1 and .[0].out_size == 2 and .[0].calls[0].out_size == 2'
run query --self --mode sync --what records --buffer 2 --trace
check "--buffer 2 --trace: the call is shown with size 2" has 'WSAIoctl\(0x980000DC, size 2\)'
run query --self --mode apc --what records --buffer probe --format json
jqt "--buffer probe: first call with cbOutBuffer 0" '.queries[0].attempts[0].out_size == 0'

# --- --port with a Linux-side client -------------------------------------------------------
port=$(free_port)
client "$port" "$tmp/client_port"
run query --port "$port" --timeout 60 --format json
check "--port: exit 7" test $rc -eq 7
wait_file "$tmp/client_port"
jqt "--port: the accepted connection, on the port asked" \
  ".connection.side == \"accepted\" and .connection.local == \"127.0.0.1:$port\""
jqt "--port: the peer is the client" ".connection.peer == \"127.0.0.1:$(head -1 "$tmp/client_port")\""
jqt "--port: all three modes answered 10045" \
  "[.queries[] | select($redirect_kinds) | .error.code] == [10045,10045,10045,10045,10045,10045]"
check "--port: said what it waited on" has "a connection on 127.0.0.1:$port" err

# IPv6, where the host has a loopback for it.
if "$PY" -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null; then
  listener "$tmp/l6_port" "$tmp/l6_peer" ::1
  wait_file "$tmp/l6_port"
  run query --connect "[::1]:$(head -1 "$tmp/l6_port")" --mode sync --format json
  jqt "--connect [::1]: ipv6, connected" \
    ".connection.family == \"ipv6\" and .connection.side == \"connected\" and .connection.peer == \"[::1]:$(head -1 "$tmp/l6_port")\""
else
  echo "skip - no IPv6 loopback on this host"
fi

# --bind :: is dual-stack on both platforms (IPV6_V6ONLY cleared): an IPv4
# client to 127.0.0.1 reaches it, seen as a v4-mapped peer.
if "$PY" -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::",0))' 2>/dev/null; then
  port=$(free_port)
  client "$port" "$tmp/ds_client_port"
  run query --port "$port" --bind :: --mode sync --timeout 60 --format json
  check "--bind :: with an IPv4 client: a connection was accepted (exit 7: Wine cannot answer the queries)" test $rc -eq 7
  wait_file "$tmp/ds_client_port"
  jqt "--bind ::: the IPv4 client is the peer, v4-mapped, on an ipv6 socket" \
    ".connection.family == \"ipv6\" and .connection.side == \"accepted\" and .connection.peer == \"[::ffff:127.0.0.1]:$(head -1 "$tmp/ds_client_port")\""
else
  echo "skip - no IPv6 on this host"
fi

# --- --connect to a Linux-side listener ----------------------------------------------------
listener "$tmp/l_port" "$tmp/l_peer"
wait_file "$tmp/l_port"
lport=$(head -1 "$tmp/l_port")
run query --connect "127.0.0.1:$lport" --format json
check "--connect: exit 7" test $rc -eq 7
wait_file "$tmp/l_peer"
jqt "--connect: the connected socket, to the listener" \
  ".connection.side == \"connected\" and .connection.peer == \"127.0.0.1:$lport\""
jqt "--connect: its local port is the one the listener saw" \
  ".connection.local == \"127.0.0.1:$(head -1 "$tmp/l_peer")\""
jqt "--connect: all three modes answered 10045" \
  "[.queries[] | select($redirect_kinds) | .error.code] == [10045,10045,10045,10045,10045,10045]"

listener "$tmp/n_port" "$tmp/n_peer"
wait_file "$tmp/n_port"
run query --connect "localhost:$(head -1 "$tmp/n_port")" --mode sync --format json
jqt "--connect localhost: the name is resolved and an address answers" \
  ".connection.peer == \"127.0.0.1:$(head -1 "$tmp/n_port")\""

# --- timeouts and Ctrl-C ------------------------------------------------------------------
port=$(free_port)
start=$(date +%s)
run query --port "$port" --timeout 1
check "--timeout 1 with no client: exit 4" test $rc -eq 4
check "--timeout 1: says it timed out" has "timed out" err
check "--timeout 1: does not wait much longer" test $(($(date +%s) - start)) -lt 30
run query --port "$(free_port)" --timeout 1 -j
check "--timeout 1 -j: exit 4" test $rc -eq 4
jqt "--timeout 1 -j: an error document on stdout, exit 4, timed out" \
  '.type == "error" and .exit_code == 4 and .kind == "timed_out" and (.message | length > 0)'

# SIGINT reaches the tool as CTRL_C_EVENT (Wine's console): wait for the
# status line so the signal lands in our handler, not in Wine's start-up.
port=$(free_port)
"${WFP[@]}" query --port "$port" >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_file "$tmp/err"
sleep 0.5
kill -INT "$pid"
wait "$pid"
rc=$?
check "Ctrl-C while waiting: exit 130" test $rc -eq 130
check "Ctrl-C while waiting: says it was interrupted" has "interrupted" err

# --- bad inputs ------------------------------------------------------------------------------
for p in 0 70000; do
  run query --port "$p"
  check "--port $p: usage error (2)" test $rc -eq 2
done
for b in localhost 999.1.1.1 "1.2.3"; do
  run query --port "$(free_port)" --bind "$b" --timeout 1
  check "--bind $b: usage error (2)" test $rc -eq 2
  check "--bind $b: one line naming --bind" eval 'one_error_line && has "--bind" err'
done
run query --port "$(free_port)" --bind 192.0.2.1 --timeout 1
check "--bind on an address not of this host: setup failed (3)" test $rc -eq 3
check "--bind 192.0.2.1: the error names the bind and its code" has "bind 192.0.2.1:[0-9]+: error 10049" err

# A port already held: the bind error names SO_EXCLUSIVEADDRUSE and TIME_WAIT.
listener "$tmp/busy_port" "$tmp/busy_peer"
wait_file "$tmp/busy_port"
run query --port "$(head -1 "$tmp/busy_port")" --timeout 1
check "--port on a port in use: setup failed (3)" test $rc -eq 3
check "--port on a port in use: error 10048, with SO_EXCLUSIVEADDRUSE and TIME_WAIT named" \
  eval 'one_error_line && has "error 10048" err && has "SO_EXCLUSIVEADDRUSE" err && has "TIME_WAIT" err'
run query --port "$(head -1 "$tmp/busy_port")" --timeout 1 --format json
check "--port in use --format json: setup failed (3)" test $rc -eq 3
jqt "--port in use --format json: the error document names bind and 10048 WSAEADDRINUSE" \
  '.type == "error" and .exit_code == 3 and (.operation | startswith("bind")) and .error.code == 10048 and .error.name == "WSAEADDRINUSE" and .error.domain == "windows"'

run query --connect no-such-host.invalid:80
check "--connect to a name that does not resolve: setup failed (3)" test $rc -eq 3
check "--connect no-such-host.invalid: one line naming the resolution" eval 'one_error_line && has "resolve no-such-host.invalid" err'

port=$(free_port)
run query --connect "127.0.0.1:$port"
check "--connect refused: setup failed (3)" test $rc -eq 3
check "--connect refused: one line with the operation, 10061 and its name" \
  eval 'one_error_line && has "connect 127.0.0.1:$port: error 10061 \(WSAECONNREFUSED\)" err'

run query --connect 127.0.0.1
check "--connect without a port: usage error (2)" test $rc -eq 2

port=$(free_port)
run query --port "$port" --transparent --timeout 1
check "--transparent on Windows: unsupported (7)" test $rc -eq 7
check "--transparent on Windows: says it is Linux only" eval 'one_error_line && has "Linux only" err'

# --- query --udp: Wine's Winsock refuses the WFP options; the datagrams arrive ----------------
free_udp_port() { "$PY" -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# udp_sender PORT COUNT FAMILY: once the tool's status line is in $tmp/err, sends
# COUNT datagrams ("ping-N") to PORT on loopback, 1 s apart, from one socket.
udp_sender() {
  "$PY" - "$1" "$2" "${3:-4}" "$tmp/err" <<'EOF' &
import os, socket, sys, time
port, count, family, err = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
deadline = time.time() + 60
while time.time() < deadline and not (os.path.exists(err) and "waiting for" in open(err).read()):
    time.sleep(0.1)
time.sleep(0.5)
fam, host = (socket.AF_INET6, "::1") if family == "6" else (socket.AF_INET, "127.0.0.1")
s = socket.socket(fam, socket.SOCK_DGRAM)
for i in range(count):
    s.sendto(b"ping-%d" % i, (host, port))
    time.sleep(1)
EOF
  helpers+=($!)
}
jq_all() { jq -se "$1" "$tmp/out" >/dev/null 2>&1; }

port=$(free_udp_port)
rm -f "$tmp/err"
udp_sender "$port" 3
run query --udp --port "$port" --count 3 --timeout 30 --format json
check "--udp under Wine: exit 7 (the options are unsupported)" test $rc -eq 7
check "--udp: three JSON lines" test "$(wc -l <"$tmp/out")" -eq 3
check "--udp --mode all: the modes take turns (sync, event, apc)" jq_all 'map(.datagram.mode) == ["sync","event","apc"]'
check "--udp: both options refused with WSAENOPROTOOPT (10042), recorded" \
  jq_all 'all(.[]; [.socket.options[] | [.name, .level, .option, .ok, .ret, .error.code, .error.name]] == [["IP_WFP_REDIRECT_RECORDS",0,60,false,-1,10042,"WSAENOPROTOOPT"],["IP_WFP_REDIRECT_CONTEXT",0,70,false,-1,10042,"WSAENOPROTOOPT"]])'
check "--udp: each datagram arrived whole, from the sender, with no control message" \
  jq_all 'all(.[]; (.datagram | .status == "ok" and .size == 6 and (.source | startswith("127.0.0.1:")) and .control_length == 0 and .control_offered == 16384) and .control_messages == [])'
check "--udp: event and apc went through WSA_IO_PENDING; the routine ran on the calling thread" \
  jq_all '.[1].datagram.pending and .[2].datagram.pending and .[2].datagram.apc.ran and .[2].datagram.apc.on_calling_thread'
check "--udp: verdict unsupported, naming WSAENOPROTOOPT" jq_all 'all(.[]; .verdict == "unsupported" and (.verdict_reason | test("WSAENOPROTOOPT")))'

port=$(free_udp_port)
rm -f "$tmp/err"
udp_sender "$port" 1 6
run query --udp --port "$port" --bind ::1 --timeout 30 --mode event --expect error:WSAENOPROTOOPT --format json
check "--udp --bind ::1 --expect error:WSAENOPROTOOPT: holds (0)" test $rc -eq 0
jqt "--udp IPv6: the IPv6 options first, then the IPv4 ones" \
  '[.socket.options[].name] == ["IPV6_WFP_REDIRECT_RECORDS","IPV6_WFP_REDIRECT_CONTEXT","IP_WFP_REDIRECT_RECORDS","IP_WFP_REDIRECT_CONTEXT"] and .socket.family == "ipv6"'
jqt "--udp IPv6: the datagram came from [::1], the expectation held" '(.datagram.source | startswith("[::1]:")) and .expect.held'

run query --udp --port "$(free_udp_port)" --timeout 1
check "--udp --timeout 1 with no datagram: exit 4" test $rc -eq 4
check "--udp --timeout 1: says what it waited for" has "waiting for a datagram on 127.0.0.1" err
run query --udp --connect 127.0.0.1:53
check "--udp --connect: usage error (2)" test $rc -eq 2
run query --udp --port "$(free_udp_port)" --transparent --timeout 1
check "--udp --transparent on Windows: unsupported (7)" test $rc -eq 7

wine_lib_end
