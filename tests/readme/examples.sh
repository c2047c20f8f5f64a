#!/usr/bin/env bash
# README.md's example outputs, produced by real runs: this script writes them
# into the README (--write) and checks that the README still shows what the
# tool prints (--check, a ctest test on each side).
#
# usage:
#   examples.sh --write README.md [--side native|wine|all] [--only NAME] [--force]
#   examples.sh --check README.md --side native|wine [-- WFPREDIR-COMMAND...]
#   examples.sh --list
# The tool: after `--`, the command that runs it (ctest passes the native
# binary, or `env WINEPREFIX=... wine64 .../wfpredir.exe`). Without `--`:
# $BUILD_DIR/wfpredir (default build/linux) and, for Wine,
# $MINGW_BUILD_DIR/wfpredir.exe (default build/mingw) in the prefix
# $MINGW_BUILD_DIR/wineprefix. Nothing is taken from another tree.
#
# The README marks each generated block:
#   <!-- example: NAME -->
#   ```
#   $ the command line, exactly as it ran
#   stdout and stderr, both into one file, in the order the tool wrote them
#   $ echo $?          (when the example asks for it)
#   the exit code
#   ```
#   <!-- /example -->
# --write replaces what is between the markers with a fresh run's output,
# unless the two differ only in volatile values (then the README is left as it
# is, so rewriting does not churn ports and durations; --force rewrites it).
# --check regenerates this side's blocks into a copy and compares the two
# after a normalising filter (normalise() below: ephemeral ports, call
# durations, thread ids, PIDs, conntrack ids, the kernel release, the commit in --version) applied to
# both; any other difference (a word, a verdict, an exit code, a line more or
# less) fails with a unified diff. The README keeps the real values of the run
# that wrote it. A marker naming no example here, an example of the side
# checked with no marker in the README, or a block showing the tool's output
# outside markers (a fence opening on `$ wfpredir` or `$ wine64 wfpredir.exe`)
# fails too.
#
# Adding an example: write one function `ex:NAME` below and put the markers in
# README.md, then run `examples.sh --write README.md --only NAME`. NAME says
# where it runs: `wine-...` under Wine, anything else natively. In the
# function:
#   netns NAME       first, to run in a fresh network namespace holding the
#                    nft ruleset that ruleset:NAME prints (root only: without
#                    root the example is skipped, saying why; with CI=true
#                    that is a failure)
#   peer_connect HOST PORT [TEXT]   a python3 client that connects once the
#                    tool listens (it retries), sends TEXT if given and
#                    half-closes, and holds the connection until the tool
#                    closes it
#   peer_listen PORT [upper]   a python3 listener, ready before the
#                    command runs (`upper`: it answers in capitals)
#   shows 'CMDLINE' [--status]   runs CMDLINE with bash, in a scratch
#                    directory, exactly as shown (pipes and redirections
#                    included): `wfpredir` and `wine64 wfpredir.exe` in it
#                    are shell functions running the tool under test (in the
#                    namespace, if any); --status adds `$ echo $?`.
#                    Several `shows` make one block.
# Anything else the example needs (a file to dump) is plain bash before `shows`.
# Each example runs in its own subshell; its peers and namespace are removed
# when it ends. Exit status: 0 all done (some may be skipped, said so), 1 a
# difference or a failed example, 2 usage.
set -u
shopt -s extglob

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PY=$(command -v python3 || true)

# --- the examples ------------------------------------------------------------

ex:linux-version() {
  shows 'wfpredir --version'
  shows 'wfpredir --version --format json'
}

ex:wine-version() {
  shows 'wine64 wfpredir.exe --version'
}

ex:wine-self-records-trace() {
  shows 'wine64 wfpredir.exe query --self --what records --trace' --status
}

ex:wine-port-records-event() {
  peer_connect 127.0.0.1 8099
  shows 'wine64 wfpredir.exe query --port 8099 --what records --mode event --timeout 20'
}

ex:wine-connect-context-apc() {
  peer_listen 9443
  shows 'wine64 wfpredir.exe query --connect 127.0.0.1:9443 --what context --mode apc'
}

ex:wine-doctor() {
  shows "wine64 wfpredir.exe doctor | sed '/^connection 1:/,\$d'"
}

ex:wine-expect() {
  shows 'wine64 wfpredir.exe query --self --expect error:WSAEOPNOTSUPP --format json >held.json' --status
  shows 'wine64 wfpredir.exe query --self --expect redirected --format json >not-held.json' --status
  shows "jq -c '[.verdict, .expect]' held.json not-held.json"
}

ex:linux-redirect-records-trace() {
  netns nat-output-80
  peer_connect 127.0.0.1 80
  shows 'wfpredir query --port 8080 --timeout 10 --what records --trace'
}

ex:linux-redirect-records-json() {
  netns nat-output-80
  peer_connect 127.0.0.1 80
  shows 'wfpredir query --port 8080 --timeout 10 --what records --format json --pretty 2>/dev/null'
}

ex:linux-doctor-tproxy() {
  netns tproxy-no-route
  shows 'wfpredir doctor'
}

ex:linux-query-timeout-next() {
  netns tproxy-no-route
  shows 'wfpredir query --port 8090 --timeout 0.5' --status
}

ex:linux-expect() {
  netns nat-output-80
  peer_connect 127.0.0.1 8080
  shows 'wfpredir query --port 8080 --timeout 10 --expect redirected --format json >report.json' --status
  shows "jq -c '.verdict, .verdict_reason, .expect' report.json"
}

ex:linux-dump-decode-context() {
  # A context blob in the layout of Microsoft's WFPSampler proxy callout:
  # SOCKADDR_STORAGE[2], original remote 10.0.0.1:443, then original local
  # [2001::]:8080 (Windows family numbers: AF_INET 2, AF_INET6 23).
  "$PY" - <<'EOF' || return 1
import struct
blob = bytearray(256)
blob[0:8] = struct.pack("<H", 2) + struct.pack(">H", 443) + bytes([10, 0, 0, 1])
blob[128:156] = struct.pack("<H", 23) + struct.pack(">H", 8080) + bytes(4) + bytes([0x20, 0x01]) + bytes(14) + bytes(4)
open("1.context.bin", "wb").write(blob)
EOF
  shows "wfpredir dump --decode 1.context.bin | sed -n '/^decoded/,\$p'"
}

# --- rulesets for netns (nft input) --------------------------------------------

ex:linux-french-self() {
  shows 'wfpredir query --self --what records --lang fr'
}

ex:linux-udp-tproxy() {
  netns_udp_tproxy
  peer_udp "$PEER_NS" 10.77.0.3 5353 hello
  shows 'wfpredir query --udp --port 5353 --bind 10.77.0.1 --transparent --timeout 10 --trace'
}

ex:wine-udp() {
  peer_udp "" 127.0.0.1 5571 hello
  shows 'wine64 wfpredir.exe query --udp --port 5571 --count 3 --timeout 20' --status
}

ex:linux-relay() {
  netns nat-output-80-marked
  peer_listen 80 upper
  peer_connect 127.0.0.1 80 'GET / HTTP/1.0'
  shows 'wfpredir relay --port 8080 --what records'
}

ex:wine-relay() {
  peer_listen 9000 upper
  peer_connect 127.0.0.1 8099 hello
  shows "wine64 wfpredir.exe relay --port 8099 --to 127.0.0.1:9000 --what records --mode sync --set always --trace | sed -n '/^verdict/,\$p'"
}

ruleset:nat-output-80-marked() {
  cat <<'EOF'
table ip nat {
  chain output { type nat hook output priority -100; meta mark 0x77667072 accept; tcp dport 80 redirect to :8080; }
}
EOF
}

ruleset:nat-output-80() {
  cat <<'EOF'
table ip nat {
  chain output { type nat hook output priority -100; tcp dport 80 redirect to :8080; }
}
EOF
}

ruleset:tproxy-no-route() {
  cat <<'EOF'
table ip mangle {
  chain pre { type filter hook prerouting priority mangle; tcp dport 80 meta mark set 0x1 tproxy to :8081; }
}
EOF
}

# --- what an example can call --------------------------------------------------

# A second namespace joined to the example's by a veth pair, a UDP tproxy rule
# for 10.77.0.3:5353 and its policy routing, as tests/e2e/netns_udp.sh does.
PEER_NS=""
netns_udp_tproxy() {
  [[ $(id -u) == 0 ]] || skip "it needs root (network namespaces and an nft ruleset)"
  { command -v ip && command -v nft; } >/dev/null || skip "it needs ip and nft (apt-get install iproute2 nftables)"
  NS=wfpredir-readme-$$-$BASHPID
  PEER_NS=$NS-peer
  ip netns add "$NS" || skip "'ip netns add' failed (no CAP_SYS_ADMIN?)"
  CLEANUP+=("ip netns del $NS")
  ip netns add "$PEER_NS"
  CLEANUP+=("ip netns del $PEER_NS")
  ip -n "$NS" link set lo up
  ip -n "$PEER_NS" link set lo up
  ip link add "wfr$BASHPID" netns "$NS" type veth peer name "wfq$BASHPID" netns "$PEER_NS"
  ip -n "$NS" link set "wfr$BASHPID" name veth0
  ip -n "$PEER_NS" link set "wfq$BASHPID" name veth0
  ip -n "$NS" addr add 10.77.0.1/24 dev veth0
  ip -n "$NS" addr add 10.77.0.3/24 dev veth0
  ip -n "$PEER_NS" addr add 10.77.0.2/24 dev veth0
  ip -n "$NS" link set veth0 up
  ip -n "$PEER_NS" link set veth0 up
  ip -n "$NS" rule add fwmark 1 lookup 100
  ip -n "$NS" route add local 0.0.0.0/0 dev lo table 100
  ip netns exec "$NS" nft -f - <<'EOF' || { echo "examples.sh: UDP tproxy rule failed" >&2; exit 1; }
table ip mangle {
  chain pre { type filter hook prerouting priority mangle; ip daddr 10.77.0.3 udp dport 5353 tproxy ip to 10.77.0.1:5353 meta mark set 1 accept; }
}
EOF
}

# Sends datagram TEXT to HOST:PORT from NAMESPACE ("" for this one), from
# source port 40001, every 0.3 s for up to 60 s (the tool takes what it counts).
peer_udp() {
  [[ -n $PY ]] || skip "it needs python3 for its peer"
  local ns=$1
  shift
  if [[ -n $ns ]]; then set -- ip netns exec "$ns" "$PY" - "$@"; else set -- "$PY" - "$@"; fi
  "$@" <<'EOF' &
import socket, sys, time
host, port, text = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", 40001))
end = time.time() + 60
while time.time() < end:
    s.sendto(text, (host, port))
    time.sleep(0.3)
EOF
  CLEANUP+=("kill $! 2>/dev/null")
}

# The tool as the shown command line names it. NS is set by `netns`.
NS=""
wfpredir() {
  if [[ -n $NS ]]; then
    ip netns exec "$NS" timeout 60 "${NATIVE[@]}" "$@"
  else
    timeout 60 "${NATIVE[@]}" "$@"
  fi
}
wine64() {
  if [[ ${1:-} != wfpredir.exe ]]; then
    echo "examples.sh: only 'wine64 wfpredir.exe' is provided" >&2
    return 127
  fi
  shift
  timeout 120 "${WINE[@]}" "$@"
}

# Runs "$@" in the example's namespace, if any.
in_ns() {
  if [[ -n $NS ]]; then ip netns exec "$NS" "$@"; else "$@"; fi
}

skip() {
  if [[ ${CI:-} == true ]]; then
    echo "FAIL: CI=true, so every example must run, but $*" >&2
    exit 1
  fi
  echo "$*" >"$EXDIR/skipped"
  exit 125
}

netns() {
  [[ $(id -u) == 0 ]] || skip "it needs root (a network namespace with an nft ruleset)"
  { command -v ip && command -v nft; } >/dev/null || skip "it needs ip and nft (apt-get install iproute2 nftables)"
  NS=wfpredir-readme-$$-$BASHPID
  ip netns add "$NS" || skip "'ip netns add' failed (no CAP_SYS_ADMIN?)"
  CLEANUP+=("ip netns del $NS")
  ip -n "$NS" link set lo up
  "ruleset:$1" | ip netns exec "$NS" nft -f - || { echo "examples.sh: ruleset $1 failed" >&2; exit 1; }
}

# peer_connect HOST PORT [TEXT]: a client that connects to HOST:PORT
# (retrying until something listens) and reads to the end, so it holds the
# connection until the other side closes it. With TEXT it first sends TEXT and
# half-closes (tests/e2e/connect_peer.py, as the Wine tests use it).
peer_connect() {
  [[ -n $PY ]] || skip "it needs python3 for its peer"
  in_ns "$PY" "$root/tests/e2e/connect_peer.py" "$1" "$2" --send="${3:-}" &
  CLEANUP+=("kill $! 2>/dev/null")
}

# peer_listen PORT [upper]: a listener on 127.0.0.1:PORT for one connection,
# ready before the command runs. It reads to the end; with `upper` it then
# answers with what it read, in capitals (an upstream for relay).
peer_listen() {
  [[ -n $PY ]] || skip "it needs python3 for its peer"
  rm -f "$EXDIR/listening"
  in_ns "$PY" - "$1" "$EXDIR/listening" "${2:-}" <<'EOF' &
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(4)
open(sys.argv[2], "w").write("ready\n")
s.settimeout(60)
c, _ = s.accept()
c.settimeout(60)
data = b""
try:
    while True:
        b = c.recv(4096)
        if not b:
            break
        data += b
except OSError:
    sys.exit(0)
if sys.argv[3] == "upper":
    c.sendall(data.upper())
c.close()
EOF
  CLEANUP+=("kill $! 2>/dev/null")
  wait_ready "the listener on $1"
}

# wait_ready WHAT: until the peer started last writes $EXDIR/listening (30 s).
wait_ready() {
  local i
  for ((i = 0; i < 300; i++)); do
    [[ -s $EXDIR/listening ]] && return 0
    sleep 0.1
  done
  echo "examples.sh: $1 did not start" >&2
  exit 1
}

shows() {
  local cmdline=$1 status=${2:-} rc
  (eval "$cmdline") >"$EXDIR/out" 2>&1
  rc=$?
  # timeout(1)'s codes, or the shell's "cannot run": not an output to show.
  if ((rc >= 124 && rc <= 127)); then
    echo "examples.sh: '$cmdline' ended with $rc: $(head -c 600 "$EXDIR/out")" >&2
    exit 1
  fi
  {
    printf '$ %s\n' "$cmdline"
    cat "$EXDIR/out"
    # A last line without its newline still ends before the fence.
    [[ -s $EXDIR/out && $(tail -c 1 "$EXDIR/out" | od -An -c | tr -d ' ') != '\n' ]] && echo
    if [[ $status == --status ]]; then
      printf '$ echo $?\n%s\n' "$rc"
    fi
  } >>"$EXDIR/block"
}

# --- the driver ----------------------------------------------------------------

usage() {
  sed -n '6,9p' "$0" | sed 's/^# *//' >&2
  exit 2
}

side_of() { [[ $1 == wine-* ]] && echo wine || echo native; }
all_examples() { declare -F | awk '{print $3}' | sed -n 's/^ex://p'; }

# The filter applied to both sides before comparing: values that change from
# run to run or machine to machine, and nothing else.
normalise() {
  sed -E \
    -e 's/((127\.0\.0\.1|\[::1\]|\[::ffff:127\.0\.0\.1\]|localhost)):(3[2-9][0-9]{3}|[4-6][0-9]{4})\b/\1:EPHEMERAL/g' \
    -e 's/\b[0-9]+\.[0-9]+ ms\b/T ms/g' \
    -e 's/"ms": [0-9.eE+-]+/"ms": T/g' \
    -e 's/\b(in|after) [0-9]+\.[0-9]+ s\b/\1 T s/g' \
    -e 's/\bgot port [0-9]+/got port EPHEMERAL/g' \
    -e 's/"(seconds|elapsed_ms)": [0-9.eE+-]+/"\1": T/g' \
    -e 's/\bthread [0-9]+/thread N/g' \
    -e 's/"thread_id": [0-9]+/"thread_id": N/g' \
    -e 's/"id": [0-9]+/"id": N/g' \
    -e 's/\bprocess [0-9]+/process N/g' \
    -e 's/^system: linux .*/system: linux KERNEL/' \
    -e 's/"commit": *"[^"]*"/"commit": "C"/g' \
    -e 's/^(wfpredir [^ ]+ \()[^,]+,/\1C,/' \
    "$1"
}

# run_example NAME: runs it in a subshell; the block is left in $work/NAME/block.
# Returns 0 (done), 125 (skipped, reason in $work/NAME/skipped) or 1.
run_example() {
  local name=$1
  EXDIR=$work/$name
  mkdir -p "$EXDIR/cwd"
  (
    CLEANUP=()
    # shellcheck disable=SC2154 # c is the loop's variable, inside the trap's text
    trap 'for c in "${CLEANUP[@]}"; do eval "$c"; done; wait 2>/dev/null' EXIT
    cd "$EXDIR/cwd" || exit 1
    "ex:$name"
  )
}

# splice FILE NAME [BLOCKFILE]: replaces the body of NAME's markers in FILE
# with BLOCKFILE, fenced; without BLOCKFILE, prints the body.
splice() {
  "$PY" - "$1" "$2" "${3:-}" <<'EOF'
import sys
path, name, blockfile = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
# Markers stand alone on their lines (prose may quote them).
start = "\n<!-- example: %s -->\n" % name
i = text.find(start)
j = text.find("\n<!-- /example -->\n", i)
if i < 0 or j < 0:
    sys.exit("examples.sh: no markers for %s in %s" % (name, path))
i += len(start)
if not blockfile:
    sys.stdout.write(text[i:j + 1])
    sys.exit(0)
text = text[:i] + "```\n" + open(blockfile).read() + "```" + text[j:]
open(path, "w").write(text)
EOF
}

# update_block NAME: puts NAME's fresh block into the copy, unless it differs
# only in what normalise() replaces (so --write does not churn ports and
# durations in the README).
update_block() {
  local fenced=$work/$1/fenced
  { echo '```'; cat "$work/$1/block"; echo '```'; } >"$fenced"
  if [[ -z $force ]] && cmp -s <(splice "$copy" "$1" | normalise /dev/stdin) <(normalise "$fenced"); then
    return 0
  fi
  splice "$copy" "$1" "$work/$1/block" && changed_n=$((changed_n + 1))
}

mode="" readme="" side=all only="" force="" tool=()
while (($#)); do
  case $1 in
  --write | --check) mode=${1#--}; readme=${2:-}; shift 2 || usage ;;
  --list) mode=list; shift ;;
  --side) side=${2:-}; shift 2 || usage ;;
  --only) only=${2:-}; shift 2 || usage ;;
  --force) force=1; shift ;;
  --) shift; tool=("$@"); break ;;
  *) usage ;;
  esac
done
[[ $side == @(native|wine|all) ]] || usage
if [[ $mode == list ]]; then
  for n in $(all_examples); do echo "$n ($(side_of "$n"))"; done
  exit 0
fi
[[ $mode == @(write|check) && -f $readme ]] || usage
[[ $mode == check && $side == all && ${#tool[@]} -gt 0 ]] && usage
[[ -n $PY ]] || { echo "examples.sh: python3 is needed" >&2; exit 1; }

NATIVE=() WINE=()
if [[ ${#tool[@]} -gt 0 ]]; then
  [[ $side == wine ]] && WINE=("${tool[@]}") || NATIVE=("${tool[@]}")
else
  bd=$(cd "${BUILD_DIR:-$root/build/linux}" 2>/dev/null && pwd)
  md=$(cd "${MINGW_BUILD_DIR:-$root/build/mingw}" 2>/dev/null && pwd)
  [[ -n $bd && -x $bd/wfpredir ]] && NATIVE=("$bd/wfpredir")
  wine_bin=$(type -P wine64 || echo /usr/lib/wine/wine64)
  [[ -n $md && -f $md/wfpredir.exe && -x $wine_bin ]] &&
    WINE=(env "WINEPREFIX=$md/wineprefix" WINEDEBUG=-all "$wine_bin" "$md/wfpredir.exe")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy=$work/README.generated.md
cp "$readme" "$copy"

# Every marker must name an example, and every example of the sides run
# must have its marker.
mapfile -t marked < <(grep -oE '^<!-- example: [^ ]+ -->$' "$readme" | awk '{print $3}')
failures=0
for n in "${marked[@]}"; do
  declare -F "ex:$n" >/dev/null || { echo "FAIL: $readme marks an example '$n' that examples.sh does not know" >&2; failures=$((failures + 1)); }
done

# A block that shows the tool running (a fence opening on `$ wfpredir` or
# `$ wine64 wfpredir.exe`) must be an example, or nothing keeps it true.
while IFS= read -r where; do
  echo "FAIL: $readme:$where shows the tool's output outside <!-- example: --> markers: make it an example (see the header of $0)" >&2
  failures=$((failures + 1))
done < <(awk '
  /^<!-- example: [^ ]+ -->$/ { inside = 1 }
  /^<!-- \/example -->$/ { inside = 0 }
  /^```/ { if (!fence) { fence = 1; opened = NR; first = 1; next } else { fence = 0; next } }
  fence && first { first = 0; if (!inside && $0 ~ /^\$ (wfpredir|wine64 wfpredir\.exe)( |$)/) print opened }
' "$readme")

# Wine's first start in a new prefix prints its set-up on stderr: not in an example.
if [[ ${#WINE[@]} -gt 0 && $side != native ]]; then
  "${WINE[@]}" --version >/dev/null 2>&1
fi

done_n=0 skipped_n=0 changed_n=0
for n in $(all_examples); do
  s=$(side_of "$n")
  [[ $side == all || $side == "$s" ]] || continue
  [[ -z $only || $only == "$n" ]] || continue
  if ! printf '%s\n' "${marked[@]}" | grep -qx -- "$n"; then
    echo "FAIL: example '$n' has no <!-- example: $n --> marker in $readme" >&2
    failures=$((failures + 1))
    continue
  fi
  if [[ $s == native && ${#NATIVE[@]} -eq 0 ]] || [[ $s == wine && ${#WINE[@]} -eq 0 ]]; then
    [[ $mode == check ]] && { echo "FAIL: no $s build to run $n" >&2; failures=$((failures + 1)); continue; }
    echo "skip $n: no $s build (BUILD_DIR / MINGW_BUILD_DIR)" >&2
    skipped_n=$((skipped_n + 1))
    continue
  fi
  run_example "$n"
  rc=$?
  if [[ $rc == 125 ]]; then
    echo "skip $n: $(cat "$work/$n/skipped")"
    skipped_n=$((skipped_n + 1))
  elif [[ $rc != 0 ]]; then
    echo "FAIL: example $n could not be run (exit $rc)" >&2
    failures=$((failures + 1))
  else
    update_block "$n" || failures=$((failures + 1))
    done_n=$((done_n + 1))
  fi
done

if [[ $mode == write ]]; then
  if ! cmp -s "$copy" "$readme"; then cp "$copy" "$readme"; fi
  echo "examples.sh: $done_n run, $changed_n rewritten (the others differed at most in volatile values), $skipped_n skipped, $failures failed"
else
  if ! diff -u --label "$readme (normalised)" --label "what the tool prints now (normalised)" \
    <(normalise "$readme") <(normalise "$copy"); then
    echo "FAIL: $readme differs from what the tool prints; rerun: tests/readme/examples.sh --write README.md" >&2
    failures=$((failures + 1))
  fi
  echo "examples.sh: $done_n checked, $skipped_n skipped, $failures failed"
fi
((failures == 0))
