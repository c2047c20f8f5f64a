#!/usr/bin/env bash
# End to end on Linux for `query --udp`: in two private network namespaces
# joined by a veth pair (created here, removed also on failure), an nft
# `tproxy` rule with its policy routing hands UDP datagrams addressed to a
# second address of the listener's namespace (10.77.0.3 / fd77::3, not the
# socket's own) to the tool's transparent socket on 10.77.0.1 / fd77::1 port
# 5353. The datagrams come from the other namespace (python3). The report
# must name the original destination from the IP_ORIGDSTADDR /
# IPV6_ORIGDSTADDR control message and the verdict the TCP rules give.
#
# usage: netns_udp.sh WFPREDIR
# Exit 125 (ctest SKIP_RETURN_CODE) when this machine cannot run it (not
# root, no ip/nft/jq/python3); with CI=true that is a failure instead.
set -u

tool=${1:?usage: netns_udp.sh WFPREDIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=netns_lib.sh
. "$here/netns_lib.sh"
netns_need jq ss timeout python3

ns=wfpredir-udp-$$
peer=wfpredir-udp-peer-$$

# --- the namespaces and the veth between them ---------------------------------------
netns_add "$ns"
netns_add "$peer"
ip link add "wfu$$a" netns "$ns" type veth peer name "wfu$$b" netns "$peer" ||
  cannot_run "cannot create a veth pair"
ip -n "$ns" link set "wfu$$a" name veth0
ip -n "$peer" link set "wfu$$b" name veth0
ip -n "$ns" addr add 10.77.0.1/24 dev veth0
ip -n "$ns" addr add 10.77.0.3/24 dev veth0
ip -n "$ns" addr add fd77::1/64 dev veth0 nodad
ip -n "$ns" addr add fd77::3/64 dev veth0 nodad
ip -n "$peer" addr add 10.77.0.2/24 dev veth0
ip -n "$peer" addr add fd77::2/64 dev veth0 nodad
ip -n "$ns" link set veth0 up
ip -n "$peer" link set veth0 up

# TPROXY leaves the destination as it was: the mark routes the datagram to
# the local stack (table 100), the rule assigns it to the transparent socket.
ip -n "$ns" rule add fwmark 1 lookup 100
ip -n "$ns" route add local 0.0.0.0/0 dev lo table 100
ip -n "$ns" -6 rule add fwmark 1 lookup 100
ip -n "$ns" -6 route add local ::/0 dev lo table 100
nft_load "$ns" TPROXY <<'EOF2'
table inet mangle {
  chain prerouting {
    type filter hook prerouting priority mangle; policy accept;
    ip daddr 10.77.0.3 udp dport 5353 tproxy ip to 10.77.0.1:5353 meta mark set 1 accept
    ip6 daddr fd77::3 udp dport 5353 tproxy ip6 to [fd77::1]:5353 meta mark set 1 accept
  }
}
EOF2

# --- helpers ------------------------------------------------------------------------
send() {  # ADDR PORT PAYLOAD: one datagram from the peer namespace
  ip netns exec "$peer" "$py" -c '
import socket, sys
addr, port, payload = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(payload, (addr, port))
' "$1" "$2" "$3"
}

# run NAME ADDR PORT DATAGRAMS -- QUERY-ARGS...: the tool in $ns, DATAGRAMS
# datagrams to ADDR:PORT from $peer; stdout/stderr in $work/NAME.*, exit in $rc.
run() {
  local name=$1 addr=$2 port=$3 n=$4
  shift 5
  ip netns exec "$ns" timeout 20 "$tool" query --udp "$@" >"$work/$name.out" 2>"$work/$name.err" &
  local pid=$! i
  if ! wait_port "$ns" udp 5353; then
    fail "$name: nothing bound to UDP 5353; stderr: $(cat "$work/$name.err")"
  else
    for ((i = 0; i < n; i++)); do
      send "$addr" "$port" "datagram-$i" || fail "$name: could not send to $addr:$port"
      sleep 0.1
    done
  fi
  wait "$pid"
  rc=$?
  # What it printed is datagram documents, as docs/schema says.
  if [[ " $* " == *" --format json "* && -s $work/$name.out ]]; then
    schema "$name" "$work/$name.out" --type datagram
  fi
}

# --- IPv4: 10.77.0.3:5353 handed to the socket on 10.77.0.1:5353 --------------------------
run v4 10.77.0.3 5353 1 -- --port 5353 --bind 10.77.0.1 --transparent --format json --timeout 10 --expect redirected
expect_rc v4 0
check v4 '.tool == "wfpredir" and .platform == "linux" and .protocol == "udp" and .index == 1' "header fields"
check v4 '.socket | .family == "ipv4" and .local == "10.77.0.1:5353" and .transparent == true and (.mechanism | test("TPROXY"))' "socket"
check v4 '[.socket.options[] | [.name, .ok]] == [["IP_TRANSPARENT", true], ["IP_RECVORIGDSTADDR", true]]' "options and their results"
check v4 '.datagram | .status == "ok" and .mode == "sync" and (.source | startswith("10.77.0.2:")) and .size == 10 and .control_truncated == false' "datagram source and size"
check v4 '.datagram.calls[0] | .function == "recvmsg" and .ret == 10' "the recvmsg call record"
check v4 '.control_messages | length == 1' "one control message"
check v4 '.control_messages[0] | .level == 0 and .level_name == "SOL_IP" and .type == 20 and .type_name == "IP_ORIGDSTADDR" and .data_length == 16 and (.data_hex | startswith("020014e90a4d0003")) and .decoded[0].fields[0].value == "10.77.0.3:5353"' "IP_ORIGDSTADDR message, bytes and decoding"
check v4 '.original_dst == "10.77.0.3:5353" and .verdict == "redirected" and .expect.held == true' "verdict redirected"

# --- IPv4 straight to the socket: not redirected ---------------------------------------
run v4_direct 10.77.0.1 5353 1 -- --port 5353 --bind 10.77.0.1 --transparent --format json --timeout 10 --expect not-redirected
expect_rc v4_direct 0
check v4_direct '.original_dst == "10.77.0.1:5353" and .verdict == "not-redirected" and .expect.held == true' "verdict not-redirected"

# --- IPv6: [fd77::3]:5353 handed to [fd77::1]:5353 ---------------------------------------
run v6 fd77::3 5353 1 -- --port 5353 --bind fd77::1 --transparent --format json --timeout 10 --expect redirected
expect_rc v6 0
check v6 '.socket | .family == "ipv6" and .local == "[fd77::1]:5353"' "IPv6 socket"
check v6 '[.socket.options[] | [.name, .ok]] == [["IPV6_TRANSPARENT", true], ["IP_RECVORIGDSTADDR", true], ["IPV6_RECVORIGDSTADDR", true]]' "IPv6 options"
check v6 '.control_messages[0] | .level_name == "SOL_IPV6" and .type == 74 and .type_name == "IPV6_ORIGDSTADDR" and .data_length == 28' "IPV6_ORIGDSTADDR message"
check v6 '.original_dst == "[fd77::3]:5353" and .verdict == "redirected" and (.datagram.source | startswith("[fd77::2]:"))' "IPv6 verdict redirected"

run v6_direct fd77::1 5353 1 -- --port 5353 --bind fd77::1 --transparent --format json --timeout 10
expect_rc v6_direct 0
check v6_direct '.original_dst == "[fd77::1]:5353" and .verdict == "not-redirected"' "IPv6 direct: not redirected"

# --- JSON Lines: --count 2 counts datagrams ---------------------------------------------
run lines 10.77.0.3 5353 2 -- --port 5353 --bind 10.77.0.1 --transparent --format json --timeout 10 --count 2
expect_rc lines 0
[[ $(wc -l <"$work/lines.out") == 2 ]] || fail "lines: wanted 2 lines of JSON, got: $(cat "$work/lines.out")"
jq -se 'map(.index) == [1, 2] and all(.verdict == "redirected")' "$work/lines.out" >/dev/null || fail "lines: wanted two redirected datagrams, index 1 then 2"

# --- text: the control message and the mechanism, as for TCP ----------------------------
run text 10.77.0.3 5353 1 -- --port 5353 --bind 10.77.0.1 --transparent --timeout 10
expect_rc text 0
grep -q 'type IP_ORIGDSTADDR (20), length 32, 16 data bytes' "$work/text.out" || fail "text: no control message line: $(cat "$work/text.out")"
grep -q '^verdict: redirected' "$work/text.out" || fail "text: no verdict line: $(cat "$work/text.out")"

# --- without IP_TRANSPARENT the rule cannot hand the socket anything: timeout, exit 4 ----
run plain 10.77.0.3 5353 1 -- --port 5353 --bind 10.77.0.1 --format json --timeout 1.5
expect_rc plain 4
grep -q 'waiting for a datagram on 10.77.0.1:5353' "$work/plain.err" || fail "plain: the timeout does not name the socket: $(cat "$work/plain.err")"

# --- usage errors -------------------------------------------------------------------------
for bad in "--mode event" "--connect 10.77.0.1:53" "--self" "--what records" "--save $work/x"; do
  # shellcheck disable=SC2086
  ip netns exec "$ns" "$tool" query --udp --port 5353 $bad >"$work/bad.out" 2>"$work/bad.err"
  rc=$?
  [[ $rc == 2 ]] || fail "'--udp $bad': exit $rc, wanted 2; stderr: $(cat "$work/bad.err")"
done

finish "all netns UDP checks passed"
