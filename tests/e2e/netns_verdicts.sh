#!/usr/bin/env bash
# One network-namespace test for each verdict rule of docs/verdicts.md, with
# real clients over a veth pair: a server namespace (10.98.0.1, and a route
# for 198.51.100.7, an address no interface holds) and a client namespace
# (10.98.0.2). Includes the two wrong verdicts of issue 18, reproduced:
# query --connect of a direct connection that conntrack tracks (was called
# redirected), and TPROXY keeping the port to an address not on the host
# (was called not-redirected). One case cross-checks the JSON against
# `conntrack -L`.
#
# usage: netns_verdicts.sh WFPREDIR
# Exit 125 (ctest SKIP_RETURN_CODE) when this machine cannot run it; with
# CI=true that is a failure instead (exit 1).
set -u

tool=${1:?usage: netns_verdicts.sh WFPREDIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=netns_lib.sh
. "$here/netns_lib.sh"
netns_need jq ss timeout python3 conntrack setpriv

srv=wfpredir-vsrv-$$
cli=wfpredir-vcli-$$
bare=wfpredir-vbare-$$
netns_add "$srv"
netns_add "$cli"
netns_add "$bare"
ip link add "wfv$$a" netns "$srv" type veth peer name "wfv$$b" netns "$cli" ||
  cannot_run "cannot create a veth pair"
ip -n "$srv" link set "wfv$$a" name veth0
ip -n "$cli" link set "wfv$$b" name veth0
ip -n "$srv" addr add 10.98.0.1/24 dev veth0
ip -n "$cli" addr add 10.98.0.2/24 dev veth0
ip -n "$srv" link set veth0 up
ip -n "$cli" link set veth0 up
# 198.51.100.7 (TEST-NET-2) is routed to the server, where no interface holds it.
ip -n "$cli" route add 198.51.100.7/32 via 10.98.0.1

# Server: nat prerouting 8082 -> 8080 (so conntrack tracks every connection
# here), TPROXY for 198.51.100.7:8081 to the same port, with its policy route.
nft_load "$srv" server <<'EOF2'
table inet nat {
  chain prerouting {
    type nat hook prerouting priority -100; policy accept;
    tcp dport 8082 redirect to :8080
    udp dport 5354 redirect to :5353
  }
}
table inet mangle {
  chain prerouting {
    type filter hook prerouting priority mangle; policy accept;
    ip daddr 198.51.100.7 tcp dport 8081 tproxy ip to :8081 meta mark set 1 accept
  }
}
EOF2
ip -n "$srv" rule add fwmark 1 lookup 100
ip -n "$srv" route add local 0.0.0.0/0 dev lo table 100
# Client: a nat output rule, so conntrack tracks its connections too; 8083 is
# sent to the server's port 80 (a DNAT the connecting side makes).
nft_load "$cli" client <<'EOF2'
table inet nat {
  chain output {
    type nat hook output priority -100; policy accept;
    ip daddr 10.98.0.1 tcp dport 8083 dnat ip to 10.98.0.1:80
  }
}
EOF2

# A plain server on 10.98.0.1:80 that holds each connection open a moment.
ip netns exec "$srv" "$py" -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.98.0.1", 80)); s.listen(8)
while True:
    c, _ = s.accept(); time.sleep(0.2); c.close()
' &
wait_port "$srv" tcp 80 || cannot_run "the plain server did not start"

client() {
  ip netns exec "$cli" timeout 10 bash -c 'exec 3<>"/dev/tcp/$0/$1" && cat <&3 >/dev/null' "$1" "$2"
}

# listen NAME PORT CONNECT_ADDR CONNECT_PORT -- QUERY-ARGS: query in the server
# namespace, one client from the client namespace.
listen() {
  local name=$1 port=$2 addr=$3 cport=$4
  shift 5
  ip netns exec "$srv" timeout 20 "$tool" query --port "$port" --format json --timeout 10 "$@" \
    >"$work/$name.out" 2>"$work/$name.err" &
  local pid=$!
  if wait_port "$srv" tcp "$port"; then
    client "$addr" "$cport" || fail "$name: the client could not connect to $addr:$cport"
  else
    fail "$name: nothing listens on $port; stderr: $(cat "$work/$name.err")"
  fi
  wait "$pid"
  rc=$?
  schema "$name" "$work/$name.out"
}

# connect NAME NS HOST:PORT [PREFIX...]: query --connect from NS.
connect() {
  local name=$1 netns=$2 to=$3
  shift 3
  ip netns exec "$netns" "$@" timeout 20 "$tool" query --connect "$to" --format json \
    >"$work/$name.out" 2>"$work/$name.err"
  rc=$?
  schema "$name" "$work/$name.out"
}

# --- R1, query --connect: a DNAT on the connecting side, proved by the reply tuple -
connect connect_dnat "$cli" 10.98.0.1:8083
expect_rc connect_dnat 0
check connect_dnat '.connection.conntrack | .outcome == "found" and .original.dst == "10.98.0.1:8083" and .reply.src == "10.98.0.1:80" and .dst_nat and (.proves | index("dnat") != null)' "conntrack entry with the DNAT"
check connect_dnat '.verdict == "redirected" and (.verdict_reason | test("reply comes from 10.98.0.1:80"))' "verdict redirected by the reply tuple"

# --- R5, query --connect: direct, tracked (wrong verdict (a) of issue 18) ------------
connect connect_direct "$cli" 10.98.0.1:80
expect_rc connect_direct 0
check connect_direct '.connection.conntrack | .outcome == "found" and .original.dst == "10.98.0.1:80" and .reply.src == "10.98.0.1:80" and (.dst_nat | not) and .proves == []' "conntrack entry without NAT"
check connect_direct '.verdict == "not-redirected"' "a direct connection is not called redirected"
# Cross-check against conntrack -L in the same namespace: the entry of the
# reported original tuple, with the same id, mark and zone.
sport=$(jq -r '.connection.conntrack.original.src | sub(".*:"; "")' "$work/connect_direct.out")
ct_id=$(jq -r '.connection.conntrack.id' "$work/connect_direct.out")
ct_mark=$(jq -r '.connection.conntrack.mark' "$work/connect_direct.out")
line=$(ip netns exec "$cli" conntrack -L -p tcp --sport "$sport" --dport 80 -o id 2>/dev/null | head -1)
[[ -n $line ]] || fail "cross-check: conntrack -L lists no entry for source port $sport"
[[ $line == *"src=10.98.0.2 dst=10.98.0.1 sport=$sport dport=80"*"src=10.98.0.1 dst=10.98.0.2 sport=80 dport=$sport"* ]] ||
  fail "cross-check: conntrack -L shows other tuples: $line"
[[ $line == *"mark=$ct_mark "* ]] || fail "cross-check: mark $ct_mark not in: $line"
[[ $line == *"id=$ct_id"* ]] || fail "cross-check: id $ct_id not in: $line"

# --- R9, query --connect without CAP_NET_ADMIN: conntrack cannot be asked ------------
connect connect_noadmin "$cli" 10.98.0.1:80 setpriv --inh-caps=-net_admin --bounding-set=-net_admin
expect_rc connect_noadmin 1
check connect_noadmin '.connection.conntrack | .outcome == "cannot-ask" and .error.name == "EPERM"' "conntrack: cannot ask (EPERM)"
check connect_noadmin '.verdict == "unknown" and (.verdict_reason | test("connecting side"))' "unknown, not redirected"

# --- R5 without CAP_SYS_ADMIN: conntrack answers, eBPF programs cannot be listed ---
# The verdict stays not-redirected (the reply tuple shows no NAT) but says that
# a program, which would leave no conntrack trace, is not ruled out.
connect connect_nobpf "$cli" 10.98.0.1:80 setpriv --inh-caps=-sys_admin,-bpf --bounding-set=-sys_admin,-bpf
expect_rc connect_nobpf 0
check connect_nobpf '.connection.ebpf_error | .access_denied and .code == 1' "eBPF listing refused (EPERM), in the JSON"
check connect_nobpf '.verdict == "not-redirected" and (.verdict_reason | test("eBPF programs could not be listed .*not ruled out"))' "not redirected, the unlisted programs named"

# --- R1 accepted: REDIRECT 8082 -> 8080; SO_ORIGINAL_DST agrees ----------------------
listen accepted_redirect 8080 10.98.0.1 8082 -- --bind 10.98.0.1
expect_rc accepted_redirect 0
check accepted_redirect '.connection.conntrack | .outcome == "found" and .original.dst == "10.98.0.1:8082" and .reply.src == "10.98.0.1:8080" and .dst_nat' "conntrack entry with the REDIRECT"
check accepted_redirect '.verdict == "redirected" and (has("witnesses_disagree") | not)' "redirected, the witnesses agree"

# --- R5 accepted: direct to 8080, tracked without NAT -------------------------------
listen accepted_direct 8080 10.98.0.1 8080 -- --bind 10.98.0.1
expect_rc accepted_direct 0
check accepted_direct '.connection.conntrack | .outcome == "found" and (.dst_nat | not) and .proves == []' "conntrack entry without NAT"
check accepted_direct '.verdict == "not-redirected"' "not redirected"

# --- R2 TPROXY keeping the port (wrong verdict (b) of issue 18) ----------------------
listen tproxy_same_port 8081 198.51.100.7 8081 -- --bind 0.0.0.0 --transparent
expect_rc tproxy_same_port 0
check tproxy_same_port '.connection | .local == "198.51.100.7:8081" and .transparent and .local_assigned == false' "local address not assigned"
check tproxy_same_port '.verdict == "redirected" and (.verdict_reason | test("198.51.100.7 is not assigned"))' "verdict redirected (TPROXY)"

# --- R6 the same transparent listener, reached directly ------------------------------
listen tproxy_direct 8081 10.98.0.1 8081 -- --bind 0.0.0.0 --transparent
expect_rc tproxy_direct 0
check tproxy_direct '.connection | .local == "10.98.0.1:8081" and .local_assigned == true' "local address assigned"
check tproxy_direct '.verdict == "not-redirected"' "not redirected"

# --- query --udp R1: a UDP REDIRECT 5354 -> 5353, proved by conntrack's reply tuple -
ip netns exec "$srv" timeout 20 "$tool" query --udp --port 5353 --bind 10.98.0.1 --format json --timeout 10 \
  >"$work/udp_redirect.out" 2>"$work/udp_redirect.err" &
upid=$!
if wait_port "$srv" udp 5353; then
  ip netns exec "$cli" bash -c 'echo hello >/dev/udp/10.98.0.1/5354' || fail "udp_redirect: could not send"
else
  fail "udp_redirect: nothing bound to 5353; stderr: $(cat "$work/udp_redirect.err")"
fi
wait "$upid"
rc=$?
schema udp_redirect "$work/udp_redirect.out"
expect_rc udp_redirect 0
check udp_redirect '.conntrack | .outcome == "found" and .original.protocol == "udp" and .original.dst == "10.98.0.1:5354" and .reply.src == "10.98.0.1:5353" and .dst_nat' "the UDP flow's conntrack entry"
check udp_redirect '.verdict == "redirected" and (.verdict_reason | test("reply comes from 10.98.0.1:5353"))' "UDP verdict redirected by the reply tuple"

# --- R8 no entry: a namespace where nothing makes conntrack track --------------------
ip netns exec "$bare" timeout 20 "$tool" query --self --format json >"$work/no_entry.out" 2>"$work/no_entry.err"
rc=$?
schema no_entry "$work/no_entry.out"
expect_rc no_entry 1
check no_entry '.connection.conntrack.outcome == "no-entry"' "conntrack: no entry"
check no_entry '.verdict == "unknown" and (.verdict_reason | test("no entry"))' "no entry is unknown, not not-redirected"

# --- startup warnings: the listener against the rules, before the first wait ----------
# warns NAME NS PATTERN -- ARGS...: the tool (no client comes) must print a
# warning matching PATTERN on stderr, before its "waiting for" line.
warns() {
  local name=$1 netns=$2 pattern=$3
  shift 4
  ip netns exec "$netns" timeout 20 "$tool" "$@" --timeout 0.3 >"$work/$name.out" 2>"$work/$name.err"
  rc=$?
  expect_rc "$name" 4
  local w wait_line
  w=$(grep -n "^wfpredir: warning: .*$pattern" "$work/$name.err" | head -1 | cut -d: -f1)
  wait_line=$(grep -n "waiting for" "$work/$name.err" | head -1 | cut -d: -f1)
  if [[ -z $w ]]; then
    fail "$name: no warning matching '$pattern'; stderr: $(cat "$work/$name.err")"
  elif [[ -n $wait_line ]] && ((w > wait_line)); then
    fail "$name: the warning came after the wait line"
  fi
}
warns warn_loopback "$srv" "bound to 127.0.0.1" -- query --port 8080 --bind 127.0.0.1
warns warn_not_transparent "$srv" "add --transparent" -- query --port 8081 --bind 0.0.0.0
warns warn_relay_not_transparent "$srv" "add --transparent" -- relay --port 8081 --bind 0.0.0.0 --to 10.98.0.1:80
warns warn_no_tproxy "$srv" "no TPROXY rule sends tcp traffic to port 9000" -- query --port 9000 --bind 0.0.0.0 --transparent
warns warn_udp_no_tproxy "$srv" "no TPROXY rule sends udp traffic to port 9001" -- query --udp --port 9001 --bind 0.0.0.0 --transparent
# A TPROXY rule whose mark no policy route leads to (the bare namespace).
nft_load "$bare" tproxy-unrouted <<'EOF2'
table inet mangle {
  chain prerouting {
    type filter hook prerouting priority mangle; policy accept;
    tcp dport 8081 tproxy ip to :8081 meta mark set 1 accept
  }
}
EOF2
warns warn_no_route "$bare" "ip rule" -- query --port 8081 --bind 0.0.0.0 --transparent
# A listener that matches its rules gets no warning.
ip netns exec "$srv" timeout 20 "$tool" query --port 8081 --bind 0.0.0.0 --transparent --timeout 0.3 \
  >/dev/null 2>"$work/warn_none.err"
grep -q "warning" "$work/warn_none.err" && fail "warn_none: a warning for a listener that matches its rules: $(cat "$work/warn_none.err")"

finish "netns_verdicts: every rule of docs/verdicts.md held, and the startup warnings"
