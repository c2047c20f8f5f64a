#!/usr/bin/env bash
# End to end on Linux with connections that are really redirected: in private
# network namespaces this script creates (and removes, also on failure), an nft
# REDIRECT rule sends port 80 to the tool listening on 8080 (IPv4 and IPv6),
# and a TPROXY rule hands connections for 127.0.0.1:80 to a transparent
# listener. The native `wfpredir query` must name the original destination.
#
# usage: netns_redirect.sh WFPREDIR
# Exit 125 (ctest SKIP_RETURN_CODE) when this machine cannot run it (not
# root, no ip/nft/jq/python3); with CI=true that is a failure instead (exit 1).
set -u

tool=${1:?usage: netns_redirect.sh WFPREDIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=netns_lib.sh
. "$here/netns_lib.sh"
netns_need jq ss timeout python3

ns=wfpredir-test-$$
tp=wfpredir-tproxy-$$

# --- the namespaces -----------------------------------------------------------
netns_add "$ns"
nft_load "$ns" REDIRECT <<'EOF'
table inet nat {
  chain output {
    type nat hook output priority -100; policy accept;
    tcp dport 80 redirect to :8080
  }
}
EOF

# TPROXY works in prerouting only; a local client's packets get there through
# lo, so loopback port 80 reaches the transparent listener on 8081 and no address
# outside the loopback range is dialled. Its own namespace, because the nat rule
# above would rewrite port 80 first.
netns_add "$tp"
nft_load "$tp" TPROXY <<'EOF'
table inet mangle {
  chain prerouting {
    type filter hook prerouting priority mangle; policy accept;
    ip daddr 127.0.0.1 tcp dport 80 tproxy ip to 127.0.0.1:8081 accept
  }
}
EOF

# --- helpers --------------------------------------------------------------------
# A client in namespace $1 connecting to $2 port $3; it holds the connection
# until the tool closes it (so the tool queries a live socket).
client() {
  ip netns exec "$1" timeout 10 bash -c 'exec 3<>"/dev/tcp/$0/$1" && cat <&3 >/dev/null' "$2" "$3"
}

# run NAME NS PORT CONNECT_ADDR CONNECT_PORT CLIENTS -- QUERY-ARGS...
# Starts `wfpredir query --port PORT QUERY-ARGS` in NS, connects CLIENTS times
# to CONNECT_ADDR:CONNECT_PORT, and leaves stdout in $work/NAME.out, stderr in
# $work/NAME.err and the exit code in $rc.
run() {
  local name=$1 netns=$2 port=$3 addr=$4 cport=$5 clients=$6
  shift 7
  ip netns exec "$netns" timeout 20 "$tool" query --port "$port" "$@" >"$work/$name.out" 2>"$work/$name.err" &
  local pid=$!
  if ! wait_port "$netns" tcp "$port"; then
    fail "$name: nothing listens on $port; stderr: $(cat "$work/$name.err")"
  else
    local i
    for ((i = 0; i < clients; i++)); do client "$netns" "$addr" "$cport" || fail "$name: client $i could not connect to $addr:$cport"; done
  fi
  wait "$pid"
  rc=$?
  # Every JSON document is checked against docs/schema.
  [[ " $* " == *" --format json "* ]] && schema "$name" "$work/$name.out"
}

od_q='.queries[] | select(.query == "original-dst")'

# --- IPv4 redirect: 127.0.0.1:80 -> 8080 ------------------------------------------
run v4 "$ns" 8080 127.0.0.1 80 1 -- --bind 127.0.0.1 --format json --timeout 10 --expect redirected --save "$work/saved"
expect_rc v4 0
check v4 '.tool == "wfpredir" and .platform == "linux" and .index == 1' "header fields"
check v4 '.connection | .protocol == "tcp" and .family == "ipv4" and .side == "accepted" and .local == "127.0.0.1:8080" and .listener == "127.0.0.1:8080" and (.peer | startswith("127.0.0.1:"))' "connection"
check v4 "$od_q | .status == \"ok\" and .mode == \"sync\" and .address == \"127.0.0.1:80\" and .mechanism == \"SO_ORIGINAL_DST\"" "original destination 127.0.0.1:80"
# sockaddr_in: family 2 (little-endian), port 80 and 127.0.0.1 in network order.
check v4 "$od_q | .bytes == 16 and (.hex | startswith(\"020000507f000001\"))" "the sockaddr_in blob"
check v4 "$od_q | .attempts[-1].calls[0] | .function == \"getsockopt\" and .ret == 0 and .last_error == 0 and (has(\"error\") | not)" "the getsockopt call record"
check v4 '.verdict == "redirected" and .expect.held == true' "verdict redirected"
saved=$(jq -r "$od_q | .saved_to // empty" "$work/v4.out" 2>/dev/null)
if [[ -z $saved || ! -f $saved ]]; then
  fail "v4: --save wrote no original-dst blob (saved_to '${saved}')"
elif [[ $(od -An -tx1 -v "$saved" | tr -d ' \n') != "$(jq -r "$od_q | .hex" "$work/v4.out" | tr -d ' \n')" ]]; then
  fail "v4: the saved blob differs from the reported hex"
fi

# --- IPv6 redirect: [::1]:80 -> 8080 ------------------------------------------------
run v6 "$ns" 8080 ::1 80 1 -- --bind ::1 --format json --timeout 10 --expect redirected
expect_rc v6 0
check v6 '.connection | .family == "ipv6" and .local == "[::1]:8080"' "IPv6 connection"
check v6 "$od_q | .status == \"ok\" and .address == \"[::1]:80\" and .mechanism == \"IP6T_SO_ORIGINAL_DST\" and .bytes == 28" "original destination [::1]:80"
check v6 '.verdict == "redirected"' "verdict redirected"

# --- straight to 8080: not redirected -----------------------------------------------
run direct "$ns" 8080 127.0.0.1 8080 1 -- --bind 127.0.0.1 --format json --timeout 10 --expect not-redirected
expect_rc direct 0
check direct '.verdict == "not-redirected" and .expect.held == true' "verdict not-redirected"
check direct '.verdict_reason | test("conntrack tracks the connection|own address 127.0.0.1:8080")' "the reason names the evidence"
run direct_wrong "$ns" 8080 127.0.0.1 8080 1 -- --bind 127.0.0.1 --format json --timeout 10 --expect redirected
expect_rc direct_wrong 5
check direct_wrong '.expect.held == false' "expectation reported as not held"

# --- dual-stack listener (--bind ::): IPv4 and IPv6, direct and redirected ----------
# An IPv4 connection reaches [::]:8080 with the v4-mapped local address
# [::ffff:127.0.0.1]:8080. With the nat table loaded conntrack tracks every
# connection, so a direct one also answers SO_ORIGINAL_DST, with 127.0.0.1:8080:
# the same endpoint as the local address once compared as values, not as text.
dual_conn='.connection | .family == "ipv6" and .side == "accepted" and .listener == "[::]:8080"'
run dual_v4_direct "$ns" 8080 127.0.0.1 8080 1 -- --bind :: --format json --timeout 10 --expect not-redirected
expect_rc dual_v4_direct 0
check dual_v4_direct "$dual_conn and .local == \"[::ffff:127.0.0.1]:8080\" and (.peer | startswith(\"[::ffff:127.0.0.1]:\"))" "v4-mapped connection"
check dual_v4_direct "$od_q | .status == \"ok\" and .address == \"127.0.0.1:8080\" and .mechanism == \"SO_ORIGINAL_DST\"" "SOL_IP answers the connection's own address"
check dual_v4_direct '.verdict == "not-redirected" and .expect.held == true' "direct IPv4 on a dual-stack listener: not redirected"

run dual_v4_redirect "$ns" 8080 127.0.0.1 80 1 -- --bind :: --format json --timeout 10 --expect redirected
expect_rc dual_v4_redirect 0
check dual_v4_redirect "$dual_conn and .local == \"[::ffff:127.0.0.1]:8080\"" "v4-mapped connection"
check dual_v4_redirect "$od_q | .status == \"ok\" and .address == \"127.0.0.1:80\" and .mechanism == \"SO_ORIGINAL_DST\" and .bytes == 16" "original destination 127.0.0.1:80"
check dual_v4_redirect '.verdict == "redirected" and .expect.held == true' "redirected IPv4 on a dual-stack listener"

run dual_v6_direct "$ns" 8080 ::1 8080 1 -- --bind :: --format json --timeout 10 --expect not-redirected
expect_rc dual_v6_direct 0
check dual_v6_direct "$dual_conn and .local == \"[::1]:8080\" and (.peer | startswith(\"[::1]:\"))" "IPv6 connection"
check dual_v6_direct "$od_q | .status == \"ok\" and .address == \"[::1]:8080\" and .mechanism == \"IP6T_SO_ORIGINAL_DST\"" "SOL_IPV6 answers the connection's own address"
check dual_v6_direct '.verdict == "not-redirected" and .expect.held == true' "direct IPv6 on a dual-stack listener: not redirected"

run dual_v6_redirect "$ns" 8080 ::1 80 1 -- --bind :: --format json --timeout 10 --expect redirected
expect_rc dual_v6_redirect 0
check dual_v6_redirect "$dual_conn and .local == \"[::1]:8080\"" "IPv6 connection"
check dual_v6_redirect "$od_q | .status == \"ok\" and .address == \"[::1]:80\" and .mechanism == \"IP6T_SO_ORIGINAL_DST\" and .bytes == 28" "original destination [::1]:80"
check dual_v6_redirect '.verdict == "redirected" and .expect.held == true' "redirected IPv6 on a dual-stack listener"

# --- JSON Lines: --count 2, one object a connection ----------------------------------
run lines "$ns" 8080 127.0.0.1 80 2 -- --format json --timeout 10 --count 2
expect_rc lines 0
[[ $(wc -l <"$work/lines.out") == 3 ]] || fail "lines: wanted 3 lines of JSON, got: $(cat "$work/lines.out")"
jq -se 'map(.index // .type) == [1, 2, "summary"]' "$work/lines.out" >/dev/null || fail "lines: wanted objects with index 1 then 2, then the summary"
jq -se '.[-1] | .connections == 2 and .verdicts.redirected == 2 and .exit_code == 0 and .ended_by == "count"' "$work/lines.out" >/dev/null ||
  fail "lines: the summary should count 2 redirected, exit 0, ended by the count: $(tail -1 "$work/lines.out")"

# --- modes: event is a usage error; all runs sync and says what it skipped -------------
ip netns exec "$ns" timeout 20 "$tool" query --port 8080 --mode event --format json >"$work/event.out" 2>"$work/event.err"
rc=$?
expect_rc event 2
grep -qi windows "$work/event.err" || fail "event: the usage error does not say it is a Windows mechanism: $(cat "$work/event.err")"
run all "$ns" 8080 127.0.0.1 80 1 -- --format json --timeout 10 --mode all
expect_rc all 0
check all "$od_q | .status == \"ok\" and .mode == \"sync\"" "original-dst ran in sync"
check all '[.queries[] | select(.query == "records" or .query == "context") | .status] | length > 0 and all(. == "skipped")' "records/context skipped"
check all '[.queries[] | select(.status == "skipped") | .skip_reason] | all(length > 0)' "every skip has a reason"

# --- TPROXY: a transparent listener; the local address is the original destination ----
run tproxy "$tp" 8081 127.0.0.1 80 1 -- --bind 127.0.0.1 --transparent --format json --timeout 10
expect_rc tproxy 0
check tproxy "$od_q | .status == \"ok\" and .address == \"127.0.0.1:80\" and .mechanism == \"IP_TRANSPARENT local address\"" "TPROXY original destination"
check tproxy "$od_q | [.attempts[-1].calls[].function] == [\"getsockopt\", \"getsockname\"]" "both calls recorded"
check tproxy '.connection | .local == "127.0.0.1:80" and .listener == "127.0.0.1:8081"' "TPROXY connection and listener"
check tproxy '.verdict == "redirected"' "TPROXY verdict redirected"
# Straight to the transparent listener: its local address is its own, not redirected.
run tproxy_direct "$tp" 8081 127.0.0.1 8081 1 -- --bind 127.0.0.1 --transparent --format json --timeout 10 --expect not-redirected
expect_rc tproxy_direct 0
check tproxy_direct "$od_q | .address == \"127.0.0.1:8081\" and .mechanism == \"IP_TRANSPARENT local address\"" "local address reported"
check tproxy_direct '.verdict == "not-redirected"' "verdict not-redirected"

# --- Ctrl-C while waiting: exit 130, promptly ----------------------------------------
ip netns exec "$ns" "$tool" query --port 8080 --format json >"$work/int.out" 2>"$work/int.err" &
pid=$!
if wait_port "$ns" tcp 8080; then
  start=$(date +%s%N)
  kill -INT "$pid"
  wait "$pid"
  rc=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  expect_rc int 130
  ((ms < 2000)) || fail "int: took $ms ms to stop after SIGINT"
  # What was gathered (nothing) is summarised, ended by the interrupt.
  jq -e '.type == "summary" and .connections == 0 and .exit_code == 130 and .ended_by == "interrupted"' "$work/int.out" >/dev/null ||
    fail "int: wanted a summary ended by the interrupt, got: $(cat "$work/int.out")"
  schema int "$work/int.out"
else
  kill "$pid" 2>/dev/null
  fail "int: nothing listens on 8080; stderr: $(cat "$work/int.err")"
fi

finish "all netns redirect checks passed"
