#!/usr/bin/env bash
# eBPF redirects are named (docs/verdicts.md, "eBPF"): compiles
# tests/bpf/connect4_redirect.c (cgroup/connect4, 127.0.0.1:80 -> :18480),
# loads and pins it, attaches it to a test cgroup, checks that a client in
# that cgroup really reaches the listener on :18480, and that
# `wfpredir doctor --format json` names the program with its cgroup and
# reports the finding ebpf-redirect-possible.
# Usage: bpf_redirect.sh WFPREDIR. Exit 125 (skip) outside CI when the kernel
# or the tools refuse; under CI=true that is a failure.
set -u
WFPREDIR=$1
SRC=$(cd "$(dirname "$0")/../bpf" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
PORT=18480
PIN=/sys/fs/bpf/wfpredir-test-$$
WORK=$(mktemp -d)
CG=""
LISTENER=""
CLIENT=""
NS=""
BPFFS=""

skip() {
  echo "bpf_redirect: cannot run: $*" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
  exit 125
}
fail() {
  echo "bpf_redirect: FAIL: $*" >&2
  exit 1
}
cleanup() {
  if [ -n "$CLIENT" ]; then kill "$CLIENT" 2>/dev/null; wait "$CLIENT" 2>/dev/null; fi
  if [ -n "$LISTENER" ]; then kill "$LISTENER" 2>/dev/null; wait "$LISTENER" 2>/dev/null; fi
  if [ -n "$CG" ] && [ -d "$CG" ]; then
    bpftool cgroup detach "$CG" connect4 pinned "$PIN" 2>/dev/null
    # Move any process left in the test cgroup back to the root.
    while read -r pid; do echo "$pid" >"$CGROOT/cgroup.procs" 2>/dev/null; done <"$CG/cgroup.procs"
    rmdir "$CG" 2>/dev/null
  fi
  rm -f "$PIN"
  if [ -n "$NS" ]; then ip netns del "$NS" 2>/dev/null; fi
  if [ -n "$BPFFS" ]; then umount "$BPFFS"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in clang bpftool jq socat ip nft nsenter; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done
[ "$(id -u)" = 0 ] || skip "needs root (loading BPF programs, creating a cgroup)"
CGROOT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
[ -n "$CGROOT" ] || skip "no cgroup2 mount in /proc/self/mounts"
# The pin lives on /sys/fs/bpf when a bpf filesystem is mounted there; else
# on a bpf filesystem mounted for this run only (unmounted by the trap).
if ! grep -q ' /sys/fs/bpf bpf ' /proc/self/mounts; then
  mkdir "$WORK/bpffs" && mount -t bpf bpf "$WORK/bpffs" 2>"$WORK/mount.err" ||
    skip "no bpf filesystem at /sys/fs/bpf and cannot mount one: $(cat "$WORK/mount.err")"
  BPFFS=$WORK/bpffs
  PIN=$BPFFS/wfpredir-test-$$
fi

clang -O2 -g -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
  -c "$SRC/connect4_redirect.c" -o "$WORK/c4.o" 2>"$WORK/clang.err" ||
  skip "clang -target bpf failed: $(head -3 "$WORK/clang.err")"
bpftool prog load "$WORK/c4.o" "$PIN" 2>"$WORK/load.err" ||
  skip "the kernel refused the program: $(tail -3 "$WORK/load.err")"
CG=$CGROOT/wfpredir-test-$$
mkdir "$CG" || skip "cannot create a cgroup under $CGROOT"
bpftool cgroup attach "$CG" connect4 pinned "$PIN" 2>"$WORK/attach.err" ||
  skip "cgroup attach refused: $(tail -3 "$WORK/attach.err")"
ID=$(bpftool -j prog show pinned "$PIN" | jq -r .id)

# A namespace where conntrack tracks loopback (a rule that asks ct state),
# so the connection's verdict would be not-redirected without the program.
# nsenter, not `ip netns exec`: that remounts /sys and would hide the cgroups.
NS=wfpbpf$$
ip netns add "$NS" || skip "cannot create a network namespace"
IN="nsenter --net=/run/netns/$NS"
$IN ip link set lo up
$IN nft -f - <<'NFT' || skip "nft refused the conntrack rule"
table ip wfpbpf {
  chain out {
    type filter hook output priority 0; policy accept;
    ct state new counter
  }
}
NFT

# The program really redirects (each connection's socat child echoes a line,
# then lives as long as the connection: it ends with its client): a client in the cgroup that connects to
# 127.0.0.1:80 reaches the listener on $PORT.
$IN socat TCP-LISTEN:$PORT,bind=127.0.0.1,reuseaddr,fork SYSTEM:'echo wfpredir-bpf-ok; exec cat' \
  >/dev/null 2>&1 &
LISTENER=$!
for _ in $(seq 50); do
  $IN bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null && break
  sleep 0.1
done
got=$($IN bash -c 'echo $$ >"$1/cgroup.procs" && exec 3<>/dev/tcp/127.0.0.1/80 &&
  timeout 5 head -1 <&3' - "$CG" 2>/dev/null)
[ "$got" = wfpredir-bpf-ok ] || fail "a client in $CG did not reach :$PORT through the program (got '$got')"

"$WFPREDIR" doctor --format json >"$WORK/doctor.json"
rel=/wfpredir-test-$$
python3 "$here/validate_json.py" "$WORK/doctor.json" >/dev/null 2>&1 ||
  fail "doctor's document does not match its schema: $(python3 "$here/validate_json.py" "$WORK/doctor.json" 2>&1 | tail -3)"
jq -e --argjson id "$ID" --arg cg "$rel" \
  '.ebpf.programs | any(.id == $id and .name == "wfpredir_c4" and .type == "cgroup_sock_addr"
     and .attach_type == "connect4" and .attach_point == $cg and .can_redirect)' \
  "$WORK/doctor.json" >/dev/null || fail "doctor does not name program $ID on $rel: $(jq -c .ebpf "$WORK/doctor.json")"
jq -e '.findings | any(.code == "ebpf-redirect-possible")' "$WORK/doctor.json" >/dev/null ||
  fail "no ebpf-redirect-possible finding"
[ "$(jq -r .verdict_code "$WORK/doctor.json")" != no-redirect-configured ] ||
  fail "verdict_code no-redirect-configured with a connect4 program attached"
"$WFPREDIR" doctor | grep -q "wfpredir_c4 .*connect4 .*cgroup $rel" ||
  fail "the text report does not name the program"

# connections: a client in the cgroup holds a connection redirected by the
# program; both ends of it are `unknown`, with the program named, whatever
# conntrack says: it tracks the connection and has no NAT for it.
$IN bash -c 'echo $$ >"$1/cgroup.procs" && exec 3<>/dev/tcp/127.0.0.1/80 && exec sleep 30' \
  - "$CG" 2>/dev/null &
CLIENT=$!
# The client's own socket (its pid holds it), then the proxy's end of it.
for _ in $(seq 50); do
  $IN "$WFPREDIR" connections --port $PORT --format json >"$WORK/conn.json"
  client_end=$(jq -r --argjson pid "$CLIENT" '.sockets[] | select(.processes | any(.pid == $pid))
    | .local' "$WORK/conn.json")
  [ -n "$client_end" ] && jq -e --arg c "$client_end" 'any(.sockets[]; .remote == $c)' \
    "$WORK/conn.json" >/dev/null && break
  sleep 0.1
done
[ -n "$client_end" ] || fail "connections: no socket of the client (pid $CLIENT): $(jq -c . "$WORK/conn.json")"
rows=$(jq --argjson id "$ID" --arg cg "$rel" --arg c "$client_end" '[.sockets[]
  | select(.local == $c or .remote == $c)
  | select(.verdict == "unknown" and (.ebpf | any(.id == $id and .attach_type == "connect4"
      and .attach_point == $cg)))] | length' "$WORK/conn.json")
[ "$rows" = 2 ] ||
  fail "connections: expected both ends unknown with program $ID named, got: $(jq -c '[.sockets[] | {local, remote, verdict, reason, ebpf, processes, conntrack: .conntrack.outcome}]' "$WORK/conn.json")"
python3 "$here/validate_json.py" "$WORK/conn.json" >/dev/null 2>&1 ||
  fail "connections' document does not match its schema: $(python3 "$here/validate_json.py" "$WORK/conn.json" 2>&1 | tail -3)"
jq -e --arg cg "$rel" --arg c "$client_end" '.sockets[] | select(.local == $c) | .processes
  | any(.cgroup == $cg)' "$WORK/conn.json" >/dev/null || fail "connections: the client's cgroup is not named"
echo "conntrack for the redirected connection: $(jq -r --arg c "$client_end" '[.sockets[] | select(.local == $c or .remote == $c) | .conntrack.outcome + " (" + .reason + ")"] | join(", ")' "$WORK/conn.json")"
jq -e --arg c "$client_end" 'all(.sockets[] | select(.local == $c or .remote == $c);
  .conntrack.outcome == "found" and (.reason | test("eBPF")))' "$WORK/conn.json" >/dev/null ||
  fail "connections: conntrack did not track the connection, or the reason is not the eBPF rule"
# Rule E1 beyond connections: query (accept mode), query --connect, query --udp
# and relay, each with a peer in the program's cgroup. Conntrack tracks each
# connection with no NAT (R5: not-redirected without the program); with the
# program attached, each must be `unknown` and name it.
# in_cg CMD...: run CMD in the network namespace, inside the test cgroup.
in_cg() { $IN bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$CG" "$@"; }
# e1 NAME FILE JQ-PATH: FILE's connection at JQ-PATH is unknown, names program $ID, validates.
e1() {
  jq -e --argjson id "$ID" --arg cg "$rel" "$3"' | .verdict == "unknown"
      and (.verdict_reason | test("eBPF"))
      and ((.connection.ebpf // .ebpf) | any(.id == $id and .attach_type == "connect4"
        and .attach_point == $cg))' "$2" >/dev/null ||
    fail "$1: expected unknown with program $ID named, got: $(jq -c "$3"' | {verdict, verdict_reason, ebpf: (.connection.ebpf // .ebpf), conntrack: (.connection.conntrack // .conntrack).outcome}' "$2" 2>&1 | head -c 600)"
  python3 "$here/validate_json.py" "$2" >/dev/null 2>&1 ||
    fail "$1: the document does not match its schema: $(python3 "$here/validate_json.py" "$2" 2>&1 | tail -3)"
}
# client_named NAME FILE PID COMMAND: FILE's connection (or datagram) names its local
# client's process (pid, command, cgroup $rel) and the verdict says a program
# that can redirect it sits on its cgroup path (rule E1, the client looked up by sock_diag).
client_named() {
  jq -e --arg cg "$rel" --argjson pid "$3" --arg cmd "$4" '(.connection // .).client_process
      | .cgroup == $cg and .on_path and ($pid == 0 or .pid == $pid)
        and ($cmd == "" or .command == $cmd) and .pid > 0' "$2" >/dev/null ||
    fail "$1: the client process (pid $3, $4, cgroup $rel) is not named: $(jq -c '(.connection // .) | {client_process, client_process_reason}' "$2")"
  jq -e --arg cg "$rel" '.verdict_reason
      | contains("is in cgroup " + $cg + ": a program that can redirect it sits on its cgroup path")' \
    "$2" >/dev/null || fail "$1: the verdict does not name the client's cgroup: $(jq -r .verdict_reason "$2")"
}
wait_listen() {  # wait_listen PROTO PORT
  for _ in $(seq 100); do
    $IN ss -Hln"${1:0:1}" "sport = :$2" | grep -q . && return 0
    sleep 0.1
  done
  return 1
}

# query --connect from inside the cgroup, to the socat listener directly (the
# program rewrites only :80): conntrack tracks it with no NAT (R5), and the
# program on wfpredir's own cgroup path makes it unknown.
in_cg timeout 20 "$WFPREDIR" query --connect 127.0.0.1:$PORT --format json >"$WORK/qc.json" 2>"$WORK/qc.err"
jq -e '.connection.conntrack.outcome == "found"' "$WORK/qc.json" >/dev/null ||
  fail "query --connect: conntrack did not track the connection: $(head -c 400 "$WORK/qc.json") $(cat "$WORK/qc.err")"
e1 "query --connect" "$WORK/qc.json" .
# To :80, rewritten by the program: the tuple wfpredir asks conntrack about
# (its view, to :80) has no entry, so R8 already says unknown; the program is named.
in_cg timeout 20 "$WFPREDIR" query --connect 127.0.0.1:80 --format json >"$WORK/qc80.json" 2>/dev/null
jq -e --argjson id "$ID" '.verdict == "unknown" and (.connection.ebpf | any(.id == $id))' \
  "$WORK/qc80.json" >/dev/null || fail "query --connect 127.0.0.1:80: $(head -c 600 "$WORK/qc80.json")"

# query (accept mode), a client from the cgroup.
$IN timeout 20 "$WFPREDIR" query --port 18481 --bind 127.0.0.1 --format json --timeout 10 \
  >"$WORK/qa.json" 2>"$WORK/qa.err" &
qpid=$!
wait_listen tcp 18481 || fail "query did not listen: $(cat "$WORK/qa.err")"
# The client holds its socket in one process, whose pid it writes (nsenter
# may fork: $! is not always the client). It stays bash while the query looks
# (a builtin read waits on the socket): a client that went on to exec sleep
# was sometimes still bash when the query read its name, under load.
in_cg bash -c 'echo $$ >"$1" && exec 3<>/dev/tcp/127.0.0.1/18481 && { read -r -t 1 -u 3 || :; }' \
  - "$WORK/client.pid" 2>/dev/null &
CLIENT2=$!
wait "$qpid"
wait "$CLIENT2" 2>/dev/null
cpid=$(cat "$WORK/client.pid")
e1 "query" "$WORK/qa.json" .
client_named "query" "$WORK/qa.json" "$cpid" bash
$IN timeout 20 "$WFPREDIR" query --port 18484 --bind 127.0.0.1 --timeout 10 \
  >"$WORK/qa.txt" 2>&1 &
qpid=$!
wait_listen tcp 18484 || fail "query (text) did not listen: $(cat "$WORK/qa.txt")"
in_cg bash -c 'echo $$ >"$1" && exec 3<>/dev/tcp/127.0.0.1/18484 && { read -r -t 1 -u 3 || :; }' \
  - "$WORK/client.pid" 2>/dev/null &
CLIENT2=$!
wait "$qpid"
wait "$CLIENT2" 2>/dev/null
cpid=$(cat "$WORK/client.pid")
grep -q "client process: pid $cpid (bash), cgroup $rel" "$WORK/qa.txt" ||
  fail "query's text does not name the client process: $(grep -i client "$WORK/qa.txt")"

# query --udp, a datagram from the cgroup (bash's /dev/udp connects the socket: connect4 runs).
$IN timeout 20 "$WFPREDIR" query --udp --port 18482 --bind 127.0.0.1 --format json --timeout 10 \
  >"$WORK/qu.json" 2>"$WORK/qu.err" &
qpid=$!
wait_listen udp 18482 || fail "query --udp did not listen: $(cat "$WORK/qu.err")"
# The sender keeps its socket open (waiting on it, as above) so that wfpredir can find it.
in_cg bash -c 'echo $$ >"$1" && exec 3<>/dev/udp/127.0.0.1/18482 && echo wfpredir >&3 && { read -r -t 1 -u 3 || :; }' \
  - "$WORK/client.pid" 2>/dev/null &
CLIENT2=$!
wait "$qpid"
wait "$CLIENT2" 2>/dev/null
e1 "query --udp" "$WORK/qu.json" .
client_named "query --udp" "$WORK/qu.json" "$(cat "$WORK/client.pid")" bash

# relay to the socat listener, a client from the cgroup.
$IN timeout 20 "$WFPREDIR" relay --port 18483 --bind 127.0.0.1 --to 127.0.0.1:$PORT --count 1 \
  --timeout 10 --format json >"$WORK/relay.jsonl" 2>"$WORK/relay.err" &
rpid=$!
wait_listen tcp 18483 || fail "relay did not listen: $(cat "$WORK/relay.err")"
in_cg bash -c 'exec 3<>/dev/tcp/127.0.0.1/18483 && timeout 5 head -1 <&3' >/dev/null 2>&1
wait "$rpid"
jq -s '[.[] | select(.relay)] | first' "$WORK/relay.jsonl" >"$WORK/relay1.json"
e1 "relay" "$WORK/relay1.json" .
client_named "relay" "$WORK/relay1.json" 0 ""
python3 "$here/validate_json.py" "$WORK/relay.jsonl" >/dev/null 2>&1 ||
  fail "relay's documents do not match their schema: $(python3 "$here/validate_json.py" "$WORK/relay.jsonl" 2>&1 | tail -3)"

# tc: a sched_cls program on lo's clsact ingress in the namespace; doctor
# names its interface and direction (the filter dump of each interface).
clang -O2 -g -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
  -c "$SRC/tc_pass.c" -o "$WORK/tc.o" 2>"$WORK/clang_tc.err" ||
  fail "clang -target bpf failed for tc_pass.c: $(head -3 "$WORK/clang_tc.err")"
$IN tc qdisc add dev lo clsact 2>"$WORK/tc.err" || skip "tc refused the clsact qdisc: $(cat "$WORK/tc.err")"
$IN tc filter add dev lo ingress bpf da obj "$WORK/tc.o" sec tc 2>"$WORK/tc.err" ||
  skip "tc refused the bpf filter: $(tail -3 "$WORK/tc.err")"
$IN "$WFPREDIR" doctor --format json >"$WORK/doctor_tc.json"
jq -e '.ebpf.programs | any(.name == "wfpredir_tc" and .type == "sched_cls"
    and .attach_type == "tc-ingress" and .attach_point == "lo" and .attach_note == "")' \
  "$WORK/doctor_tc.json" >/dev/null ||
  fail "doctor does not name the tc program on lo ingress: $(jq -c '.ebpf.programs' "$WORK/doctor_tc.json")"
python3 "$here/validate_json.py" "$WORK/doctor_tc.json" >/dev/null 2>&1 ||
  fail "doctor's document (tc) does not match its schema: $(python3 "$here/validate_json.py" "$WORK/doctor_tc.json" 2>&1 | tail -3)"
$IN "$WFPREDIR" doctor | grep -q "wfpredir_tc .*tc-ingress .*dev lo" ||
  fail "doctor's text does not name the tc program's interface: $($IN "$WFPREDIR" doctor | grep -i wfpredir_tc)"

echo "bpf_redirect: ok (program $ID on $rel named by doctor, connections, query, query --connect, query --udp and relay; the local client's pid, command and cgroup named by query and relay; a tc program on lo ingress named by doctor)"
