#!/usr/bin/env bash
# The relay benchmark: `wfpredir relay --to` next to socat doing the same
# forwarding (`socat TCP-LISTEN:P,fork,reuseaddr TCP:127.0.0.1:Q`), in the
# same run, on loopback: the throughput of one 1 GiB transfer, the rate of
# short connections (16 bytes each way through an echo upstream), and 256
# connections open at once; each relay's peak memory (GNU time's maximum RSS:
# socat's is its largest process, as it forks one per connection). The peers
# are tests/bench/relay_bench.py, the same for both. Not run by CI.
#
# usage: tests/bench/relay.sh [--runs R] [--bytes B] [--conns N] [--parallel P]
#   defaults: R=3 runs of each, B=1 GiB, N=4000 short connections, P=4 clients at a time
#   BUILD_DIR overrides build/linux. Needs socat and /usr/bin/time.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=3 bytes=$((1024 * 1024 * 1024)) conns=4000 parallel=4
while (($#)); do
  case $1 in
    --runs) runs=$2; shift ;;
    --bytes) bytes=$2; shift ;;
    --conns) conns=$2; shift ;;
    --parallel) parallel=$2; shift ;;
    *) sed -n '2,14p' "$0" >&2; exit 2 ;;
  esac
  shift
done
build=${BUILD_DIR:-$root/build/linux}
tool=$build/wfpredir
[[ -x $tool ]] || { echo "build first: cmake --preset linux && cmake --build build/linux" >&2; exit 2; }
command -v socat >/dev/null || { echo "socat is missing (apt-get install socat)" >&2; exit 2; }
py=python3
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3
driver=$root/tests/bench/relay_bench.py
work=$(mktemp -d)
relay_pid=
cleanup() {
  [[ -n $relay_pid ]] && kill "$relay_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

rport=18480 uport=18481  # moved on by 2 at each start
wait_port() {
  local i
  for ((i = 0; i < 200; i++)); do
    [[ -n $(ss -Hltn "sport = :$1") ]] && return 0
    sleep 0.02
  done
  echo "nothing listens on $1" >&2
  return 1
}
start_relay() {  # KIND; fresh ports each time, so no listener or TIME_WAIT is left in the way
  rport=$((rport + 2)) uport=$((uport + 2))
  if [[ $1 == wfpredir ]]; then
    /usr/bin/time -f %M -o "$work/rss" "$tool" relay --port $rport --to 127.0.0.1:$uport \
      --count 0 --format json >/dev/null 2>"$work/relay.err" &
  else
    /usr/bin/time -f %M -o "$work/rss" socat TCP-LISTEN:$rport,fork,reuseaddr,backlog=1024 \
      TCP:127.0.0.1:$uport >/dev/null 2>"$work/relay.err" &
  fi
  relay_pid=$!
  wait_port $rport
}
stop_relay() {  # sets m: the peak RSS in MiB
  # GNU time's child: the relay itself.
  local child
  child=$(pgrep -P "$relay_pid" | head -1)
  # wfpredir: Ctrl-C (it prints its summary); socat: SIGTERM (its documented stop).
  if [[ $(cat "/proc/$child/comm" 2>/dev/null) == socat ]]; then
    kill -TERM "$child" 2>/dev/null || true
  else
    kill -INT "$child" 2>/dev/null || true
  fi
  wait "$relay_pid" 2>/dev/null || true
  relay_pid=
  m=$(awk '/^[0-9]+$/ { printf "%.1f", $1 / 1024 }' "$work/rss")
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

echo "relay benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wfpredir: $("$tool" --version); socat: $(socat -V | sed -n 2p)"
declare -A tput rate rss_t rss_r rss_c conc
for kind in wfpredir socat; do
  for ((r = 1; r <= runs; r++)); do
    start_relay $kind
    line=$($py "$driver" throughput $rport $uport "$bytes") || line+=" (the driver failed)"
    stop_relay
    echo "  $kind run $r: $line, peak RSS $m MiB"
    tput[$kind]+="$(awk '{ print $4 }' <<<"$line") "
    rss_t[$kind]+="$m "
    start_relay $kind
    line=$($py "$driver" rate $rport $uport "$conns" "$parallel") || line+=" (the driver failed)"
    stop_relay
    echo "  $kind run $r: $line, peak RSS $m MiB"
    rate[$kind]+="$(awk '{ print $6 }' <<<"$line") "
    rss_r[$kind]+="$m "
  done
  start_relay $kind
  line=$($py "$driver" concurrent $rport $uport 256 16384) || line+=" (the driver failed)"
  stop_relay
  echo "  $kind: $line, peak RSS $m MiB"
  conc[$kind]=$line
  rss_c[$kind]=$m
done

med() { tr ' ' '\n' <<<"$1" | grep . | median; }
echo
printf '%-9s %14s %12s %16s %16s %16s\n' relay "1 GiB MiB/s" "conn/s" "RSS 1 GiB MiB" "RSS short MiB" "RSS 256 open MiB"
for kind in wfpredir socat; do
  printf '%-9s %14s %12s %16s %16s %16s\n' $kind "$(med "${tput[$kind]}")" "$(med "${rate[$kind]}")" \
    "$(med "${rss_t[$kind]}")" "$(med "${rss_r[$kind]}")" "${rss_c[$kind]}"
done
awk -v a="$(med "${tput[wfpredir]}")" -v b="$(med "${tput[socat]}")" \
  -v c="$(med "${rate[wfpredir]}")" -v d="$(med "${rate[socat]}")" \
  'BEGIN { printf "ratio wfpredir/socat: throughput %.2f (target >= 0.8), connection rate %.2f (target >= 1)\n", a / b, c / d }'
echo "commands: wfpredir relay --port $rport --to 127.0.0.1:$uport --count 0 --format json >/dev/null;"
echo "          socat TCP-LISTEN:$rport,fork,reuseaddr,backlog=1024 TCP:127.0.0.1:$uport"
