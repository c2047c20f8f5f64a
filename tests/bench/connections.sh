#!/usr/bin/env bash
# Benchmark (not a timed test): `wfpredir connections --format json` against
# `ss -tnp` plus `conntrack -L` on the same 10,000 established connections,
# in a private network namespace this script creates and removes. Prints the
# wall-clock time of each (best of RUNS) and the socket counts they saw.
#
# With BEFORE (another build, e.g. one that asked conntrack once per socket),
# also times it and checks that both give every socket the same verdict,
# reason, conntrack outcome and entry, and whether the whole JSON and text
# outputs are the same byte for byte.
#
# usage: tests/bench/connections.sh WFPREDIR [N [RUNS [BEFORE]]]   (root; ip, nft, ss, conntrack, python3, jq)
set -u
tool=${1:?usage: connections.sh WFPREDIR [N [RUNS]]}
n=${2:-10000}
runs=${3:-3}
before=${4:-}
here=$(cd "$(dirname "$0")/../e2e" && pwd)
# shellcheck source=../e2e/netns_lib.sh
. "$here/netns_lib.sh"
netns_need ss conntrack python3

ns=wfpredir-bench-$$
netns_add "$ns"
# A stateful rule, so that conntrack tracks every connection in the namespace.
nft_load "$ns" conntrack <<'NFT'
table inet bench {
  chain output { type filter hook output priority 0; policy accept; ct state new counter accept; }
}
NFT

# Two processes (the descriptor limit may be 20,000): one accepts and holds N
# connections, the other makes and holds them.
ip netns exec "$ns" "$py" - "$n" "$work/ready" <<'PY' &
import socket, sys, time
n, ready = int(sys.argv[1]), sys.argv[2]
srv = socket.socket(); srv.bind(("127.0.0.1", 9000)); srv.listen(4096)
keep = [srv.accept()[0] for _ in range(n)]
open(ready, "w").close()
time.sleep(3600)
PY
server=$!
wait_port "$ns" tcp 9000 || { echo "no listener" >&2; exit 1; }
ip netns exec "$ns" "$py" - "$n" <<'PY' &
import socket, sys, time
keep = [socket.create_connection(("127.0.0.1", 9000)) for _ in range(int(sys.argv[1]))]
time.sleep(3600)
PY
client=$!
holder=$server
for ((i = 0; i < 1200; i++)); do [[ -e $work/ready ]] && break; kill -0 "$holder" 2>/dev/null || break; sleep 0.1; done
[[ -e $work/ready ]] || { echo "the connections were not made" >&2; exit 1; }

best() {  # best() COMMAND...: the best wall-clock seconds of $runs runs
  local b=999999 t s e
  for ((r = 0; r < runs; r++)); do
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    (($(echo "$t < $b" | bc -l))) && b=$t
  done
  printf '%.3f' "$b"
}
both() { ss -tnp; conntrack -L; }
in_ns() { ip netns exec "$ns" "$@"; }
export -f both

sockets=$(in_ns "$tool" connections --format json | jq '[.sockets[] | select(.verdict != null)] | length')
tracked=$(in_ns conntrack -L 2>/dev/null | grep -c ESTABLISHED)
ours=$(best in_ns "$tool" connections --format json)
theirs=$(best in_ns bash -c both)
# The same table with no connection to judge (--port 1 matches none): the cost
# of the socket dump, /proc and the rules, without the conntrack dump and the
# per-connection verdicts.
base=$(best in_ns "$tool" connections --port 1 --format json)
echo "established connections: $n (both ends: $sockets sockets listed by wfpredir, $tracked conntrack entries)"
echo "wfpredir connections --format json: ${ours} s (best of $runs)"
echo "ss -tnp + conntrack -L:             ${theirs} s (best of $runs)"
echo "wfpredir connections --port 1:      ${base} s (the same without conntrack and the verdicts)"
echo "wfpredir connections --format text: $(best in_ns "$tool" connections) s (best of $runs)"
if [[ -n $before ]]; then
  echo "BEFORE connections --format json:   $(best in_ns "$before" connections --format json) s (best of $runs)"
  # The verdicts and witnesses, keyed by the socket's ends; only the failing
  # operation's name may differ (a GET's or the dump's).
  view='[.sockets[] | select(.verdict != null) | {k: (.local + " " + .remote), verdict, reason,
    ct: (.conntrack | del(.detail))}] | sort_by(.k)'
  in_ns "$tool" connections --format json | jq -c "$view" >"$work/after.json"
  in_ns "$before" connections --format json | jq -c "$view" >"$work/before.json"
  if cmp -s "$work/before.json" "$work/after.json"; then
    echo "BEFORE and WFPREDIR: the same verdicts, reasons and conntrack entries for every socket"
  else
    echo "BEFORE and WFPREDIR DIFFER: $(diff <(jq -c '.[]' "$work/before.json") <(jq -c '.[]' "$work/after.json") | head -4)"
  fi
  # A change made for speed alone must not move a byte of either output.
  for format in json text; do
    in_ns "$tool" connections --format "$format" >"$work/after.$format" 2>&1
    in_ns "$before" connections --format "$format" >"$work/before.$format" 2>&1
    if cmp -s "$work/before.$format" "$work/after.$format"; then
      echo "BEFORE and WFPREDIR: the same --format $format output, byte for byte ($(wc -c <"$work/after.$format") bytes)"
    else
      echo "BEFORE and WFPREDIR: --format $format output DIFFERS: $(cmp "$work/before.$format" "$work/after.$format")"
    fi
  done
fi
kill "$server" "$client" 2>/dev/null
wait 2>/dev/null
