#!/usr/bin/env bash
# doctor's netfilter inventory on a real ruleset: in a private network
# namespace this script creates (and removes), `wfpredir doctor --format json`
# must list exactly the redirecting rules and conclude accordingly:
#   no rules                      -> no-redirect-configured
#   an IPv4 redirect              -> the rule (family ip, redirect, port), ready
#   an IPv6 dnat                  -> the rule (family ip6, dnat, [::1])
#   a tproxy rule, no ip rule     -> finding tproxy-without-route, misconfigured
#   the same with its ip rule and local route -> no such finding
# usage: netns_doctor.sh WFPREDIR. Exit 125 when it cannot run here (not root,
# no ip/nft/jq/ss/python3); with CI=true that is a failure instead.
set -u
tool=${1:?usage: netns_doctor.sh WFPREDIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=netns_lib.sh
. "$here/netns_lib.sh"
netns_need jq ss python3

ns=wfpredir-doctor-$$
netns_add "$ns"

# Each document is also checked against docs/schema/doctor.schema.json; the
# checks (check, netns_lib.sh) read it as "doctor".
run_doctor() {
  ip netns exec "$ns" "$tool" doctor --format json >"$work/doctor.out" 2>"$work/doctor.err"
  rc=$?
  schema doctor "$work/doctor.out" --type doctor
}

run_doctor
check doctor '.netfilter.rules == []' "no rules: none listed"
check doctor '.verdict_code == "no-redirect-configured"' "no rules: verdict_code"
expect_rc doctor 0
check doctor '[.netfilter.nat_tracking[] | select(.family == "ipv4" and .ran)] | length == 1' "no rules: IPv4 NAT tracking checked"

nft_load "$ns" doctor <<'NFT'
table ip nat {
  chain output { type nat hook output priority -100; tcp dport 80 redirect to :8080; }
}
NFT
run_doctor
check doctor '.netfilter.rules | length == 1' "ipv4 redirect: listed"
check doctor '.netfilter.rules[0] | .family == "ip" and .hook == "output" and .action == "redirect" and .to_port == 8080 and .dports == [80]' "ipv4 redirect: fields"
check doctor '.verdict_code == "ready"' "ipv4 redirect: ready"

nft_load "$ns" doctor <<'NFT'
table ip6 nat6 {
  chain pre { type nat hook prerouting priority -100; tcp dport 443 dnat to [::1]:8443; }
}
NFT
run_doctor
check doctor '[.netfilter.rules[] | select(.family == "ip6" and .action == "dnat" and .to_address == "::1" and .to_port == 8443)] | length == 1' "ipv6 dnat: listed"

nft_load "$ns" doctor <<'NFT'
table ip mangle {
  chain pre { type filter hook prerouting priority mangle; tcp dport 80 meta mark set 0x1 tproxy to :8081; }
}
NFT
run_doctor
check doctor '[.findings[] | select(.code == "tproxy-without-route")] | length == 1' "tproxy without route: finding"
check doctor '.verdict_code == "misconfigured"' "tproxy without route: misconfigured"
expect_rc doctor 10
check doctor '[.next_steps[] | select(test("ip rule add fwmark"))] | length == 1' "tproxy without route: next step gives the commands"
check doctor '.next_steps[0] | test("ip rule add fwmark 0x1 lookup 100")' "tproxy without route: the route is the first next step"
# The text says it first, in words: the verdict and the first next step.
text=$(ip netns exec "$ns" "$tool" doctor 2>/dev/null)
grep -q "^verdict: TPROXY cannot deliver: The tproxy rule in ip mangle pre marks packets 0x1" <<<"$text" ||
  fail "tproxy without route: the text verdict does not say it first: $(grep '^verdict' <<<"$text")"
[[ $(grep -m1 '^next:' <<<"$text") == *"route: ip rule add fwmark 0x1 lookup 100"* ]] ||
  fail "tproxy without route: the first next: line is not the route: $(grep -m1 '^next:' <<<"$text")"

ip -n "$ns" rule add fwmark 1 lookup 100
ip -n "$ns" route add local 0.0.0.0/0 dev lo table 100
run_doctor
check doctor '[.findings[] | select(.code == "tproxy-without-route")] | length == 0' "tproxy with route: no finding"
check doctor '.netfilter.policy_routing | any(.fwmark == 1 and .table == "100" and .local_default_route)' "tproxy with route: policy routing listed"
check doctor '.verdict_code == "ready"' "tproxy with route: ready again"
expect_rc doctor 0

text=$(ip netns exec "$ns" "$tool" doctor 2>/dev/null)
if ! grep -q "netfilter redirect rules: 3" <<<"$text" ||
  ! grep -q "policy routing (ipv4): fwmark 0x1 lookup 100 (local default route)" <<<"$text"; then
  fail "text report lacks the rules or the policy routing"
fi
# query's next steps: a timeout names the rules that point elsewhere, a port
# in use names the process holding it.
out=$(ip netns exec "$ns" "$tool" query --port 8090 --timeout 0.3 2>/dev/null)
if ! grep -q "No connection arrived on 127.0.0.1:8090 within 0.3 s" <<<"$out" ||
  ! grep -q "sends traffic to port 8080, not 8090" <<<"$out"; then
  fail "timeout next steps: $out"
fi
ip netns exec "$ns" python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",8091)); s.listen(); time.sleep(3)' &
holder=$!
# Python can take a while to start under load.
wait_port "$ns" tcp 8091 || fail "the process holding port 8091 did not listen"
out=$(ip netns exec "$ns" "$tool" query --port 8091 --timeout 1 2>/dev/null)
rc=$?
if [[ $rc != 3 ]] || ! grep -q "Port 8091 is held by process $holder (python3)" <<<"$out"; then
  fail "port-in-use next step (rc $rc): $out"
fi
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# The text shows each rule as `nft list ruleset` writes it: an address bare,
# an interface name quoted, a set in spaced braces, a port range as a range,
# the target port or "same port", and a regular chain's base chain and hook.
nft_load "$ns" doctor <<'NFT'
table ip shown {
  chain out { type nat hook output priority -90; ip daddr 10.1.2.3 tcp dport 8000-8100 redirect; jump proxy; }
  chain proxy { iifname "eth0" tcp dport { 443, 8443 } dnat to 127.0.0.1:9000; }
}
NFT
text=$(ip netns exec "$ns" "$tool" doctor 2>/dev/null)
for line in \
  "ip shown out (hook output): ip daddr 10.1.2.3 tcp dport 8000-8100 -> redirect (same port)" \
  'ip shown proxy (jump from out, hook output): iifname "eth0" tcp dport { 443, 8443 } -> dnat to 127.0.0.1:9000' \
  "ip nat output (hook output): tcp dport 80 -> redirect to :8080" \
  "ip6 nat6 pre (hook prerouting): tcp dport 443 -> dnat to [::1]:8443" \
  "ip mangle pre (hook prerouting): tcp dport 80 -> tproxy to :8081, mark 0x1"; do
  grep -qF "  $line" <<<"$text" || fail "the text does not show the rule as nft writes it: $line"
done
nft_text=$(ip netns exec "$ns" nft list table ip shown)
for part in "ip daddr 10.1.2.3 tcp dport 8000-8100 redirect" 'iifname "eth0" tcp dport { 443, 8443 }'; do
  grep -qF "$part" <<<"$nft_text" || fail "nft itself writes otherwise than expected: $part"
done
run_doctor
check doctor '[.netfilter.rules[] | select(.chain == "proxy" and .via == "out" and .hook == "output")] | length == 1' "jump chain: base chain and hook in JSON"
check doctor '[.netfilter.rules[] | select(.chain == "out" and .dport_ranges == [[8000, 8100]])] | length == 1' "port range: a range in JSON"

finish "all netns doctor checks passed"
