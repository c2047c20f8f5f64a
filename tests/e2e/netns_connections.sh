#!/usr/bin/env bash
# `wfpredir connections --confirm` against a real proxy (socat) that it does
# not start and whose port it does not take: in a private network namespace
# an nft rule redirects port 80 to the proxy on 8080; one client connects to
# port 80 (redirected), another to 8080 itself (direct). The proxy's two
# accepted connections must be told apart, with SO_ORIGINAL_DST read on a
# duplicate of each live socket; without privilege the report says so for
# each connection.
#
# usage: netns_connections.sh WFPREDIR
# Exit 125 (ctest SKIP_RETURN_CODE) when this machine cannot run it; with
# CI=true that is a failure instead.
set -u

tool=${1:?usage: netns_connections.sh WFPREDIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=netns_lib.sh
. "$here/netns_lib.sh"
netns_need jq ss socat timeout setpriv

ns=wfpredir-conn-$$
netns_add "$ns"
nft_load "$ns" REDIRECT <<'NFT'
table inet nat {
  chain output {
    type nat hook output priority -100; policy accept;
    tcp dport 80 redirect to :8080
  }
}
NFT

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# The proxy: socat accepts on 8080 and echoes each connection in a child.
ip netns exec "$ns" socat TCP-LISTEN:8080,bind=127.0.0.1,fork,reuseaddr EXEC:cat &
proxy=$!
wait_port "$ns" tcp 8080 || { fail "socat did not listen"; exit 1; }

# Two clients that hold their connection open (sleep keeps stdin open).
ip netns exec "$ns" socat -u EXEC:"sleep 30" TCP:127.0.0.1:80,sourceport=40080 &
c1=$!
ip netns exec "$ns" socat -u EXEC:"sleep 30" TCP:127.0.0.1:8080,sourceport=40081 &
c2=$!
for ((i = 0; i < 100; i++)); do
  [[ $(ip netns exec "$ns" ss -Htn state established "sport = :8080" | wc -l) -ge 2 ]] && break
  sleep 0.05
done

out=$work/connections.json
ip netns exec "$ns" "$tool" connections --port 8080 --confirm --format json >"$out" 2>"$work/err"
rc=$?
[[ $rc == 0 ]] || fail "connections --confirm exited $rc: $(cat "$work/err")"
python3 "$here/validate_json.py" "$out" >/dev/null 2>&1 || fail "the document does not match its schema: $(python3 "$here/validate_json.py" "$out" 2>&1 | tail -3)"

# The proxy's side of a connection: local port 8080, held by socat.
row() {
  jq -c --arg peer "$1" '.sockets[] | select(.local == "127.0.0.1:8080" and .remote == $peer)' "$out"
}
listener=$(jq -c '.sockets[] | select(.state == "listen" and .local == "127.0.0.1:8080")' "$out")
[[ $(jq -r '.processes[0].command' <<<"$listener") == socat ]] || fail "listener's process: $listener"
[[ $(jq -r '.connections' <<<"$listener") == 2 ]] || fail "listener should hold 2 connections: $listener"
[[ $(jq -r '.rules[0].action' <<<"$listener") == redirect ]] || fail "listener's rule: $listener"

redirected=$(row 127.0.0.1:40080)
[[ $(jq -r .verdict <<<"$redirected") == redirected ]] || fail "redirected connection: $redirected"
[[ $(jq -r .original_destination <<<"$redirected") == 127.0.0.1:80 ]] ||
  fail "original destination of the redirected connection: $redirected"
[[ $(jq -r .confirm.status <<<"$redirected") == answered &&
  $(jq -r .confirm.original_dst <<<"$redirected") == 127.0.0.1:80 ]] ||
  fail "SO_ORIGINAL_DST on the duplicate: $redirected"
[[ $(jq -r '.processes[0].command' <<<"$redirected") == socat ]] || fail "owner: $redirected"
[[ $(jq -r .witnesses_disagree <<<"$redirected") == false ]] || fail "witnesses: $redirected"

direct=$(row 127.0.0.1:40081)
[[ $(jq -r .verdict <<<"$direct") == not-redirected ]] || fail "direct connection: $direct"
[[ $(jq -r .confirm.original_dst <<<"$direct") == 127.0.0.1:8080 ]] ||
  fail "SO_ORIGINAL_DST of the direct connection: $direct"

# Both connections are still alive and echo after being looked at.
[[ $(ip netns exec "$ns" ss -Htn state established "sport = :8080" | wc -l) == 2 ]] ||
  fail "the proxy's connections did not survive --confirm"

# The text report names both.
ip netns exec "$ns" "$tool" connections --port 8080 --confirm >"$work/text" 2>&1
grep -q "127.0.0.1:40080 -> 127.0.0.1:8080 established (pid [0-9]* socat): redirected, original destination 127.0.0.1:80" "$work/text" ||
  fail "text report: $(cat "$work/text")"

# Without privilege: each connection says why SO_ORIGINAL_DST was not asked.
ip netns exec "$ns" setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
  "$tool" connections --port 8080 --confirm --format json >"$work/nobody.json" 2>"$work/err"
[[ -n $(jq -r .confirm_refused "$work/nobody.json") ]] || fail "no privilege note as nobody"
[[ $(jq -r '[.sockets[] | select(.verdict != null and .confirm.status == "not-permitted")] | length' \
  "$work/nobody.json") -ge 2 ]] || fail "per-connection refusal as nobody: $(cat "$work/nobody.json")"

kill "$c1" "$c2" "$proxy" 2>/dev/null
wait 2>/dev/null
if ((failures > 0)); then
  echo "$failures check(s) failed; the JSON report was:" >&2
  cat "$out" >&2
  exit 1
fi
echo "connections: the redirected and the direct connection told apart, both witnesses read"
