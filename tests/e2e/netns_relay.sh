#!/usr/bin/env bash
# `wfpredir relay` end to end on Linux, in a private network namespace this
# script creates (and removes, also on failure): a client connects to
# 127.0.0.1:80, an nft rule redirects it to the relay on 8080, and the relay
# connects to the original destination, where a python3 server listens. A
# rule placed before the redirect lets the relay's marked upstream traffic
# through. Checked: 100 concurrent clients each send and receive 1 MiB of
# random bytes intact (sha256), the reports name the original destination,
# the summary; without the mark rule the relay reports the loop; an upstream
# that refuses is reported and the client sees a reset; --mode event is a
# usage error, as for query.
#
# usage: netns_relay.sh WFPREDIR
# Exit 125 (ctest SKIP_RETURN_CODE) when this machine cannot run it (not
# root, no ip/nft/jq/python3); with CI=true that is a failure instead.
set -u

tool=${1:?usage: netns_relay.sh WFPREDIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=netns_lib.sh
. "$here/netns_lib.sh"
netns_need jq ss timeout python3 sha256sum

ns=wfpredir-relay-$$
in_ns() { ip netns exec "$ns" "$@"; }
netns_add "$ns"
mark=0x77667072
rules() {  # $1: with the mark rule or not
  local accept_marked=
  [[ $1 == with-mark ]] && accept_marked="meta mark $mark accept"
  in_ns nft flush ruleset
  nft_load "$ns" nat <<EOF
table ip nat {
  chain output {
    type nat hook output priority -100; policy accept;
    $accept_marked
    tcp dport 80 redirect to :8080
  }
}
EOF
}

# --- 1. 100 concurrent clients, 1 MiB each way, with the mark rule -----------------
rules with-mark
n=100
size=$((1024 * 1024))
in_ns "$py" "$here/relay_peer.py" server 127.0.0.1 80 $size $n "$work/server.txt" &
server=$!
wait_port "$ns" tcp 80 || fail "the upstream server did not listen"
in_ns "$tool" relay --port 8080 --count $n --timeout 60 --format json \
  >"$work/relay.jsonl" 2>"$work/relay.err" &
relay=$!
wait_port "$ns" tcp 8080 || fail "the relay did not listen"
in_ns timeout 120 "$py" "$here/relay_peer.py" clients 127.0.0.1 80 $size $n "$work/clients.txt" ||
  fail "the clients did not all complete"
wait $server || fail "the upstream server did not see $n complete connections"
wait $relay
rc=$?
[[ $rc == 0 ]] || fail "relay exited $rc, expected 0: $(cat "$work/relay.err")"
schema relay "$work/relay.jsonl" --type connection --type relay-summary
# Every stream intact: what each side sent is what the other received.
cut -d' ' -f1 "$work/clients.txt" | sort >"$work/c_sent"
cut -d' ' -f2 "$work/server.txt" | sort >"$work/s_recv"
cut -d' ' -f1 "$work/server.txt" | sort >"$work/s_sent"
cut -d' ' -f2 "$work/clients.txt" | sort >"$work/c_recv"
[[ $(wc -l <"$work/c_sent") == "$n" ]] || fail "$(wc -l <"$work/c_sent") client lines, expected $n"
cmp -s "$work/c_sent" "$work/s_recv" || fail "client -> server: some stream differs"
cmp -s "$work/s_sent" "$work/c_recv" || fail "server -> client: some stream differs"
awk -v s=$size '$3 != s { bad = 1 } END { exit bad }' "$work/clients.txt" ||
  fail "a client received a byte count other than $size"
# The reports: one line per connection and the summary last.
reports=$(grep -c '"relay":' "$work/relay.jsonl")
[[ $reports == "$n" ]] || fail "$reports relay reports, expected $n"
bad=$(jq -s --argjson size $size '[.[] | select(.relay) | select(
    .relay.upstream != "127.0.0.1:80" or .relay.chosen_by != "original-dst" or
    .relay.end != "closed" or .relay.to_upstream.bytes != $size or
    .relay.to_client.bytes != $size or .verdict != "redirected" or
    ([.queries[] | select(.query == "original-dst") | .address] != ["127.0.0.1:80"]) or
    ([.relay.calls[] | select(.function == "setsockopt") | .last_error] != [0]))] | length' \
  "$work/relay.jsonl")
[[ $bad == 0 ]] || fail "$bad reports do not name 127.0.0.1:80, closed, $size bytes each way, marked"
summary=$(tail -n 1 "$work/relay.jsonl")
[[ $(jq -r '.summary.connections' <<<"$summary") == "$n" ]] || fail "summary: $summary"
[[ $(jq -r '.summary.ends.closed' <<<"$summary") == "$n" ]] || fail "summary: $summary"
peak=$(jq -r '.summary.peak_concurrent' <<<"$summary")
echo "relayed $n concurrent connections, 1 MiB each way, intact; at most $peak at once"
echo "summary: $(jq -r '.summary.text' <<<"$summary")"
(( peak > 1 )) || fail "the connections never overlapped (peak $peak)"

# --- 2. without the mark rule: the relay's own connection comes back ---------------
rules without-mark
in_ns "$tool" relay --port 8080 --count 2 --timeout 6 --format json \
  >"$work/loop.jsonl" 2>"$work/loop.err" &
relay=$!
wait_port "$ns" tcp 8080 || fail "the relay did not listen (loop test)"
# The relay resets this client once it sees the loop, perhaps before connect returns.
in_ns timeout 10 "$py" -c '
import socket
try:
    s = socket.create_connection(("127.0.0.1", 80), timeout=8)
    s.sendall(b"hello")
    s.recv(10)
except ConnectionResetError:
    pass' || fail "the loop test's client did not finish"
wait $relay
rc=$?
schema loop "$work/loop.jsonl" --type connection --type relay-summary
grep -q "warning: loop: connection 2 comes back from connection 1" "$work/loop.err" ||
  fail "no loop warning: $(cat "$work/loop.err")"
grep -q "nft insert rule ip nat output meta mark $mark accept" "$work/loop.err" ||
  fail "the loop warning does not give the rule"
ends=$(jq -r 'select(.relay) | "\(.index) \(.relay.end)"' "$work/loop.jsonl" | sort | tr '\n' ,)
[[ $ends == "1 loop-refused,2 loop-refused," ]] || fail "loop test ends: $ends"
# The refused loop counts toward --count: the run ends at once, exit 3.
[[ $rc == 3 ]] || fail "loop test: relay exited $rc, expected 3 (two refused loops)"
echo "without the mark rule: $(grep -m1 'warning: loop' "$work/loop.err")"

# --- 2b. the same with --count 1: the listener closes after its one client, so the
# looping upstream connection is refused at once instead of waiting unaccepted -------
in_ns "$tool" relay --port 8080 --count 1 --timeout 30 --format json \
  >"$work/loop1.jsonl" 2>"$work/loop1.err" &
relay=$!
wait_port "$ns" tcp 8080 || fail "the relay did not listen (loop test, --count 1)"
started=$EPOCHSECONDS
in_ns timeout 20 "$py" -c '
import socket
try:
    s = socket.create_connection(("127.0.0.1", 80), timeout=15)
    s.recv(10)
except (ConnectionResetError, ConnectionRefusedError):
    pass' || fail "the --count 1 loop test's client did not finish"
wait $relay
rc=$?
took=$((EPOCHSECONDS - started))
schema loop1 "$work/loop1.jsonl" --type connection --type relay-summary
[[ $(jq -r 'select(.relay) | .relay.end' "$work/loop1.jsonl") == upstream-refused ]] ||
  fail "--count 1 loop test: $(cat "$work/loop1.jsonl")"
(( took < 10 )) || fail "--count 1 loop test took $took s: the upstream connection waited"
echo "without the mark rule, --count 1: upstream refused after $took s (exit $rc)"

# --- 3. an upstream that refuses ------------------------------------------------------
rules with-mark
in_ns "$tool" relay --port 8080 --to 127.0.0.1:9 --count 1 --timeout 10 --format json \
  >"$work/refused.jsonl" 2>"$work/refused.err" &
relay=$!
wait_port "$ns" tcp 8080 || fail "the relay did not listen (refused test)"
# The reset can arrive before connect() returns: both are the same answer.
seen=$(in_ns timeout 10 "$py" -c '
import socket
try:
    s = socket.create_connection(("127.0.0.1", 80), timeout=8)
    print("eof" if s.recv(10) == b"" else "data")
except ConnectionResetError:
    print("reset")')
wait $relay
rc=$?
[[ $seen == reset ]] || fail "the client saw '$seen' when the upstream refused, expected a reset"
schema refused "$work/refused.jsonl" --type connection --type relay-summary
[[ $rc == 3 ]] || fail "refused test: relay exited $rc, expected 3"
[[ $(jq -r 'select(.relay) | .relay.end' "$work/refused.jsonl") == upstream-refused ]] ||
  fail "refused test: $(cat "$work/refused.jsonl")"
[[ $(jq -r 'select(.relay) | .relay.error.name' "$work/refused.jsonl") == ECONNREFUSED ]] ||
  fail "refused test: no ECONNREFUSED"

# --- 4. a mode Linux lacks: refused at the CLI edge, as for query ----------------------
"$tool" relay --port 8080 --mode event >"$work/mode.out" 2>"$work/mode.err"
rc=$?
[[ $rc == 2 ]] || fail "relay --mode event: exit $rc, expected 2"
grep -q "^wfpredir: error: --mode event: .*this platform has: sync$" "$work/mode.err" ||
  fail "relay --mode event: $(cat "$work/mode.err")"

finish "netns_relay: all checks passed"
