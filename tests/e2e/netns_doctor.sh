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
# no ip/nft/jq); with CI=true that is a failure instead.
set -u
tool=${1:?usage: netns_doctor.sh WFPREDIR}
here=$(cd "$(dirname "$0")" && pwd)
cannot_run() {
  if [[ ${CI:-} == true ]]; then echo "FAIL: CI=true, so this test must run, but $*" >&2; exit 1; fi
  echo "SKIP: $*" >&2
  exit 125
}
[[ $(id -u) == 0 ]] || cannot_run "it needs root to create network namespaces and nft rules"
for t in ip nft jq; do command -v "$t" >/dev/null || cannot_run "'$t' is missing"; done

ns=wfpredir-doctor-$$
cleanup() { ip netns del "$ns" 2>/dev/null; }
trap cleanup EXIT
ip netns add "$ns" && ip -n "$ns" link set lo up || cannot_run "cannot create a network namespace"

passed=0 failed=0
check() {  # check NAME JQ-EXPRESSION (must print true)
  local got
  got=$(jq -r "$2" <<<"$doc" 2>&1)
  if [[ $got == true ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1 ($2 gave $got)" >&2; fi
}
# Each document is also checked against docs/schema/doctor.schema.json.
run_doctor() {
  doc=$(ip netns exec "$ns" "$tool" doctor --format json 2>/dev/null)
  local why
  if why=$(python3 "$here/validate_json.py" --type doctor <<<"$doc" 2>&1); then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAIL: doctor output does not match docs/schema: $why" >&2; fi
}

run_doctor
check "no rules: none listed" '.netfilter.rules == []'
check "no rules: verdict_code" '.verdict_code == "no-redirect-configured"'
check "no rules: IPv4 NAT tracking checked" '[.netfilter.nat_tracking[] | select(.family == "ipv4" and .ran)] | length == 1'

ip netns exec "$ns" nft -f - <<'NFT'
table ip nat {
  chain output { type nat hook output priority -100; tcp dport 80 redirect to :8080; }
}
NFT
run_doctor
check "ipv4 redirect: listed" '.netfilter.rules | length == 1'
check "ipv4 redirect: fields" '.netfilter.rules[0] | .family == "ip" and .hook == "output" and .action == "redirect" and .to_port == 8080 and .dports == [80]'
check "ipv4 redirect: ready" '.verdict_code == "ready"'

ip netns exec "$ns" nft -f - <<'NFT'
table ip6 nat6 {
  chain pre { type nat hook prerouting priority -100; tcp dport 443 dnat to [::1]:8443; }
}
NFT
run_doctor
check "ipv6 dnat: listed" '[.netfilter.rules[] | select(.family == "ip6" and .action == "dnat" and .to_address == "::1" and .to_port == 8443)] | length == 1'

ip netns exec "$ns" nft -f - <<'NFT'
table ip mangle {
  chain pre { type filter hook prerouting priority mangle; tcp dport 80 meta mark set 0x1 tproxy to :8081; }
}
NFT
run_doctor
check "tproxy without route: finding" '[.findings[] | select(.code == "tproxy-without-route")] | length == 1'
check "tproxy without route: misconfigured" '.verdict_code == "misconfigured"'
check "tproxy without route: next step gives the commands" '[.next_steps[] | select(test("ip rule add fwmark"))] | length == 1'

ip -n "$ns" rule add fwmark 1 lookup 100
ip -n "$ns" route add local 0.0.0.0/0 dev lo table 100
run_doctor
check "tproxy with route: no finding" '[.findings[] | select(.code == "tproxy-without-route")] | length == 0'
check "tproxy with route: policy routing listed" '.netfilter.policy_routing | any(.fwmark == 1 and .table == "100" and .local_default_route)'
check "tproxy with route: ready again" '.verdict_code == "ready"'

text=$(ip netns exec "$ns" "$tool" doctor 2>/dev/null)
if grep -q "netfilter redirect rules: 3" <<<"$text" && grep -q "policy routing (ipv4): fwmark 0x1 lookup 100 (local default route)" <<<"$text"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "FAIL: text report lacks the rules or the policy routing" >&2
fi
# query's next steps: a timeout names the rules that point elsewhere, a port
# in use names the process holding it.
out=$(ip netns exec "$ns" "$tool" query --port 8090 --timeout 0.3 2>/dev/null)
if grep -q "No connection arrived on 127.0.0.1:8090 within 0.3 s" <<<"$out" && grep -q "sends traffic to port 8080, not 8090" <<<"$out"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "FAIL: timeout next steps: $out" >&2
fi
ip netns exec "$ns" python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",8091)); s.listen(); time.sleep(3)' &
holder=$!
# Wait until the holder listens (python can take a while to start under load).
for _ in $(seq 50); do
  ip netns exec "$ns" ss -ltnH 'sport = :8091' | grep -q . && break
  sleep 0.1
done
out=$(ip netns exec "$ns" "$tool" query --port 8091 --timeout 1 2>/dev/null); rc=$?
if [[ $rc == 3 ]] && grep -q "Port 8091 is held by process $holder (python3)" <<<"$out"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "FAIL: port-in-use next step (rc $rc): $out" >&2
fi
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
