# What the netns_*.sh end-to-end tests share, sourced by each after it sets
# `here` (this folder): the check that this machine can run them, the private
# network namespaces they create and always remove, and the helpers that
# record failures and check the tool's output.
#
# A test that cannot run here (not root, a tool missing, no namespaces) exits
# 125, ctest's SKIP_RETURN_CODE, saying why; with CI=true that is a failure
# instead (exit 1), since CI must run it.
# shellcheck shell=bash disable=SC2154  # here and rc: the sourcing script's

cannot_run() {
  if [[ ${CI:-} == true ]]; then
    echo "FAIL: CI=true, so this test must run, but $*" >&2
    exit 1
  fi
  echo "SKIP: $*" >&2
  exit 125
}

# netns_need TOOL...: root, ip, nft and the TOOLs, or cannot_run. Then makes
# the scratch folder $work and removes it, and every namespace netns_add made,
# when the script exits.
netns_need() {
  [[ $(id -u) == 0 ]] || cannot_run "it needs root to create network namespaces and nft rules"
  local t package
  for t in ip nft "$@"; do
    case $t in
      ip | ss) package=iproute2 ;;
      nft) package=nftables ;;
      timeout | sha256sum) package=coreutils ;;
      *) package=$t ;;
    esac
    command -v "$t" >/dev/null || cannot_run "'$t' is missing (apt-get install $package)"
  done
  work=$(mktemp -d)
  trap netns_cleanup EXIT
}

netns_made=()
netns_cleanup() {
  local n
  for n in "${netns_made[@]}"; do
    ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null
    ip netns del "$n" 2>/dev/null
  done
  rm -rf "$work"
}

# netns_add NAME: a new namespace with its loopback up, removed on exit.
netns_add() {
  ip netns add "$1" || cannot_run "'ip netns add $1' failed (no CAP_SYS_ADMIN?)"
  netns_made+=("$1")
  ip -n "$1" link set lo up
}

# nft_load NS WHAT: the ruleset on standard input into NS; a ruleset that does
# not load ends the test.
nft_load() {
  ip netns exec "$1" nft -f - || {
    echo "FAIL: nft $2 rules" >&2
    exit 1
  }
}

# wait_port NS tcp|udp PORT: until something in NS listens on TCP PORT or is
# bound to UDP PORT (5 s at most).
wait_port() {
  local flags=-Hltn i
  [[ $2 == udp ]] && flags=-Hlun
  for ((i = 0; i < 100; i++)); do
    [[ -n $(ip netns exec "$1" ss "$flags" "sport = :$3") ]] && return 0
    sleep 0.05
  done
  return 1
}

# Python for the peers: Debian's interpreter when there is one, as a version
# manager's shim can take seconds to start on a loaded machine.
py=python3
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# finish TEXT: exit 1 when a check failed, else print TEXT.
finish() {
  if ((failures > 0)); then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "$1"
}

# The tool's run NAME left stdout in $work/NAME.out, stderr in $work/NAME.err
# and its exit code in $rc.
# expect_rc NAME WANTED
expect_rc() {
  [[ $rc == "$2" ]] || fail "$1: exit code $rc, wanted $2; stderr: $(cat "$work/$1.err"); stdout: $(head -c 2000 "$work/$1.out")"
}

# check NAME JQ-FILTER DESCRIPTION: the filter must print true, once, for the
# output (jq -e alone would pass an empty one).
check() {
  local got
  got=$(jq "$2" "$work/$1.out" 2>&1)
  [[ $got == true ]] || fail "$1: $3 (jq: ${got:-no output}); output: $(head -c 3000 "$work/$1.out")"
}

# schema NAME FILE [--type TYPE]...: every document in FILE matches docs/schema
# (of one of the TYPEs, when given).
schema() {
  local name=$1 file=$2
  shift 2
  "$py" "$here/validate_json.py" "$@" "$file" 2>"$work/$name.schema" ||
    fail "$name: the JSON does not match docs/schema: $(head -c 1000 "$work/$name.schema")"
}
