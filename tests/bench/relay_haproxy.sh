#!/usr/bin/env bash
# The relay against haproxy: `wfpredir relay --to` and haproxy (TCP mode, its
# defaults, the same timeouts: a 5 s connect timeout, none on an established
# connection) side by side on loopback, in one run, one after the other:
#   - connection rate: ab without keep-alive, through the relay, against nginx
#     (a 64-byte file; one worker; its own port);
#   - throughput: iperf3 through the relay with 1 and with 8 streams;
#   - peak RSS (VmHWM in /proc/PID/status) of each relay over those runs;
#   - RSS with N idle connections open (tests/bench/relay_idle.py: each carries
#     one 4-byte request and answer, then idles), on a fresh relay.
# It prints the figures and the ratios wfpredir/haproxy. Not run by ctest:
# its figures depend on the machine and its load.
#
# usage: tests/bench/relay_haproxy.sh [--runs R] [--requests N] [--concurrency C]
#                                     [--seconds S] [--idle I] [-- RELAY-ARGS...]
#   defaults: R=1 (medians over R runs), N=10000 requests, C=16 at a time,
#   S=5 seconds per iperf3 test, I=10000 idle connections. RELAY-ARGS are
#   added to wfpredir relay's command line. BUILD_DIR overrides build/linux.
#   Needs haproxy, nginx (nginx-light), ab (apache2-utils), iperf3, python3,
#   and an open-file hard limit above 2 I + 64.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=1 requests=10000 conc=16 secs=5 idle=10000
extra=()
while (($#)); do
  case $1 in
    --runs) runs=$2; shift ;;
    --requests) requests=$2; shift ;;
    --concurrency) conc=$2; shift ;;
    --seconds) secs=$2; shift ;;
    --idle) idle=$2; shift ;;
    --) shift; extra=("$@"); break ;;
    *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
  shift
done
build=${BUILD_DIR:-$root/build/linux}
tool=$build/wfpredir
[[ -x $tool ]] || { echo "build first: cmake --preset linux && cmake --build build/linux" >&2; exit 2; }
for need in haproxy:haproxy nginx:nginx-light ab:apache2-utils iperf3:iperf3 python3:python3; do
  command -v "${need%%:*}" >/dev/null ||
    { echo "${need%%:*} is missing (apt-get install ${need#*:})" >&2; exit 2; }
done
# Each relay holds 2 descriptors per idle connection, and so does the helper.
want_fds=$((2 * idle + 64))
((want_fds >= 4096)) || want_fds=4096  # haproxy asks for a few hundred even when idle is small
hard=$(ulimit -Hn)
if [[ $hard != unlimited ]] && ((hard < want_fds)) && ! ulimit -Hn "$want_fds" 2>/dev/null; then
  idle=$(((hard - 64) / 2))
  echo "note: the open-file hard limit is $hard and cannot be raised here: $idle idle connections instead" >&2
  want_fds=$hard
fi
ulimit -n "$want_fds"
py=python3
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3

work=$(mktemp -d)
pids=()  # every process this script started and has not yet ended
relay_pid=
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
forget() { local p keep=(); for p in "${pids[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done; pids=("${keep[@]}"); }

wait_port() {
  local i
  for ((i = 0; i < 1000; i++)); do
    [[ -n $(ss -Hltn "sport = :$1") ]] && return 0
    sleep 0.02
  done
  echo "nothing listens on $1" >&2
  return 1
}

# The upstreams: nginx and iperf3, for the whole run.
nport=18700 iport=18701 base=18710
mkdir -p "$work/www" "$work/nginx"
head -c 64 /dev/zero | tr '\0' x >"$work/www/index.html"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
EOF
nginx -e "$work/nginx/error.log" -p "$work" -c "$work/nginx.conf" &
pids+=($!)
iperf3 -s -p $iport >/dev/null 2>&1 &
pids+=($!)
wait_port $nport
wait_port $iport

# start_relay KIND UPSTREAM_PORT: sets rport (a fresh port each time) and relay_pid.
start_relay() {
  base=$((base + 1))
  rport=$base
  if [[ $1 == wfpredir ]]; then
    "$tool" relay --port $rport --to 127.0.0.1:$2 --count 0 --format json "${extra[@]}" \
      >/dev/null 2>"$work/relay.err" &
  else
    cat >"$work/haproxy.cfg" <<EOF
global
  log stderr format raw local0 err
defaults
  mode tcp
  timeout connect 5s
  timeout client 24h
  timeout server 24h
frontend in
  bind 127.0.0.1:$rport
  default_backend out
backend out
  server up 127.0.0.1:$2
EOF
    haproxy -db -f "$work/haproxy.cfg" >/dev/null 2>"$work/relay.err" &
  fi
  relay_pid=$!
  pids+=("$relay_pid")
  wait_port $rport || { cat "$work/relay.err" >&2; return 1; }
}
cpu() { awk '{ print $14 + $15 }' "/proc/$relay_pid/stat"; }  # user + system, clock ticks
kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$relay_pid/status"; }
stop_relay() {
  # wfpredir: Ctrl-C (its summary); haproxy: SIGUSR1 (its soft stop).
  if [[ $(cat "/proc/$relay_pid/comm" 2>/dev/null) == haproxy ]]; then
    kill -USR1 "$relay_pid" 2>/dev/null || true
  else
    kill -INT "$relay_pid" 2>/dev/null || true
  fi
  wait "$relay_pid" 2>/dev/null || true
  forget "$relay_pid"
  relay_pid=
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
gbit() { $py -c 'import json, sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))'; }

echo "relay against haproxy, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wfpredir: $("$tool" --version | head -1) ${extra[*]}; $(haproxy -v | head -1 | cut -d' ' -f1-3); $(nginx -v 2>&1); iperf $(iperf3 -v | head -1 | cut -d' ' -f2); ab $(ab -V | sed -n 's/.*Version \([^ ]*\).*/\1/p')"
# settle: waits (at most 90 s) until the sockets that earlier connections
# left in TIME_WAIT are gone. Each ab run leaves about 2 N of them, and they
# slow the next run down: three runs in a row through the same relay measured
# 4454, 3521 and 2462 conn/s with 0, 15k and 30k sockets in TIME_WAIT.
settle() {
  local i
  for ((i = 0; i < 450; i++)); do
    (($(ss -Htan state time-wait | wc -l) <= 200)) && return 0
    sleep 0.2
  done
  echo "note: $(ss -Htan state time-wait | wc -l) sockets still in TIME_WAIT after 90 s" >&2
}
declare -A rate t1 t8 hwm rest idlerss idlehwm cpc cpg
# Each measurement runs one relay right after the other, so that both see the
# same load from the rest of the machine; which goes first alternates from
# run to run, and each connection-rate run starts with TIME_WAIT cleared.
for ((r = 1; r <= runs; r++)); do
  declare -A v a b h1 h2 rs ir ih c1 c2
  order="wfpredir haproxy"
  ((r % 2)) || order="haproxy wfpredir"
  for kind in $order; do  # the connection rate
    settle
    start_relay $kind $nport
    out=$(ab -q -n "$requests" -c "$conc" "http://127.0.0.1:$rport/" 2>&1) || true
    v[$kind]=$(awk '/^Requests per second/ { print $4 }' <<<"$out")
    failed=$(awk '/^Failed requests/ { print $3 }' <<<"$out")
    [[ -n ${v[$kind]} && $failed == 0 ]] || { echo "$kind: ab failed:"; echo "$out" | tail -5; v[$kind]=0; }
    h1[$kind]=$(kib VmHWM) c1[$kind]=$(cpu)
    stop_relay
  done
  for kind in $order; do  # throughput, 1 then 8 streams, on one relay
    start_relay $kind $iport
    a[$kind]=$(iperf3 -c 127.0.0.1 -p $rport -t "$secs" -P 1 -J | gbit) || a[$kind]=0
    h2[$kind]=$(kib VmHWM)
    stop_relay
  done
  for kind in $order; do
    start_relay $kind $iport
    b[$kind]=$(iperf3 -c 127.0.0.1 -p $rport -t "$secs" -P 8 -J | gbit) || b[$kind]=0
    h=$(kib VmHWM) c2[$kind]=$(cpu)
    ((h > h2[$kind])) && h2[$kind]=$h
    stop_relay
  done
  for kind in $order; do  # idle connections, on a fresh relay
    start_relay $kind $((nport + 50 + r))
    rs[$kind]=$(kib VmRSS)
    coproc IDLE { exec $py "$root/tests/bench/relay_idle.py" $rport $((nport + 50 + r)) "$idle"; }
    idle_pid=$IDLE_PID
    pids+=("$idle_pid")
    ir[$kind]=0 ih[$kind]=0
    if read -r -t 120 line <&"${IDLE[0]}" && [[ $line == ready* ]]; then
      sleep 1
      ir[$kind]=$(kib VmRSS) ih[$kind]=$(kib VmHWM)
    else
      echo "$kind: the idle connections did not all open"
    fi
    kill "$idle_pid" 2>/dev/null || true
    wait "$idle_pid" 2>/dev/null || true
    forget "$idle_pid"
    stop_relay
  done
  for kind in wfpredir haproxy; do
    peak=$((h1[$kind] > h2[$kind] ? h1[$kind] : h2[$kind]))
    printf '  run %d %-8s: %8.0f conn/s  1 stream %6.2f Gbit/s  8 streams %6.2f Gbit/s  peak RSS %5s MiB (ab %s, iperf3 %s)  idle: %s MiB at rest, %s MiB with %d open\n' \
      "$r" $kind "${v[$kind]}" "${a[$kind]}" "${b[$kind]}" "$(mib $peak)" "$(mib "${h1[$kind]}")" \
      "$(mib "${h2[$kind]}")" "$(mib "${rs[$kind]}")" "$(mib "${ir[$kind]}")" "$idle"
    rate[$kind]+="${v[$kind]} " t1[$kind]+="${a[$kind]} " t8[$kind]+="${b[$kind]} " hwm[$kind]+="$peak "
    rest[$kind]+="${rs[$kind]} " idlerss[$kind]+="${ir[$kind]} " idlehwm[$kind]+="${ih[$kind]} "
    # CPU time, which the rest of the machine's load moves far less than rates:
    # per 1000 connections, and per GB moved with 8 streams.
    tick=$(getconf CLK_TCK)
    cpc[$kind]+="$(awk -v t="${c1[$kind]}" -v k=$tick -v n="$requests" 'BEGIN { printf "%.1f", t / k * 1000 / n * 1000 }') "
    cpg[$kind]+="$(awk -v t="${c2[$kind]}" -v k=$tick -v g="${b[$kind]}" -v s="$secs" 'BEGIN { printf "%.3f", (g > 0 ? t / k / (g * s / 8) : 0) }') "
  done
done

med() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
echo
printf '%-9s %10s %14s %14s %14s %16s %18s %16s %14s\n' relay "conn/s" "1 str Gbit/s" "8 str Gbit/s" "peak RSS MiB" "idle RSS MiB" "KiB per idle conn" "CPU ms/1000 conn" "CPU s/GB (8)"
for kind in wfpredir haproxy; do
  per=$(awk -v a="$(med "${idlerss[$kind]}")" -v b="$(med "${rest[$kind]}")" -v n="$idle" 'BEGIN { printf "%.2f", (a - b) / n }')
  printf '%-9s %10s %14s %14s %14s %16s %18s %16s %14s\n' $kind "$(med "${rate[$kind]}")" "$(med "${t1[$kind]}")" \
    "$(med "${t8[$kind]}")" "$(mib "$(med "${hwm[$kind]}")")" "$(mib "$(med "${idlerss[$kind]}")")" "$per" \
    "$(med "${cpc[$kind]}")" "$(med "${cpg[$kind]}")"
done
r() { awk -v a="$(med "$1")" -v b="$(med "$2")" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
ri() {
  awk -v a="$(med "${idlerss[wfpredir]}")" -v b="$(med "${rest[wfpredir]}")" \
    -v c="$(med "${idlerss[haproxy]}")" -v d="$(med "${rest[haproxy]}")" \
    'BEGIN { printf "%.2f", (c - d > 0 ? (a - b) / (c - d) : 0) }'
}
echo "ratio wfpredir/haproxy: connection rate $(r "${rate[wfpredir]}" "${rate[haproxy]}") (goal >= 1.0)," \
  "throughput 1 stream $(r "${t1[wfpredir]}" "${t1[haproxy]}") and 8 streams $(r "${t8[wfpredir]}" "${t8[haproxy]}") (goal >= 1.2)," \
  "peak RSS $(r "${hwm[wfpredir]}" "${hwm[haproxy]}") (goal <= 0.5)," \
  "memory per idle connection $(ri) (goal < 1);" \
  "CPU per connection $(r "${cpc[wfpredir]}" "${cpc[haproxy]}"), CPU per GB with 8 streams $(r "${cpg[wfpredir]}" "${cpg[haproxy]}") (lower is better)"
