#!/usr/bin/env bash
# What the end-to-end scripts that run wfpredir.exe under Wine share (sourced,
# as netns_lib.sh is by the namespace tests): the tool's command line from the
# arguments, python3 and the other tools a script needs (exit 125, skipped,
# without them), a scratch folder $tmp removed on exit with every background
# helper the script started (by pid, listed in `helpers`), ok/fail/check counting,
# a free loopback port, the wait for a listener (wfpredir.exe takes seconds to
# start under Wine) and the closing tally.
#
#   source "$(dirname "$0")/wine_lib.sh"
#   wine_lib_init SCRIPT-NAME "$@" [-- TOOLS...]   (after `--`: tools besides python3)
#   ... checks ...
#   wine_lib_end                                    (exits 0 when nothing failed)

# wine_lib_init NAME WFPREDIR-COMMAND... [-- TOOL...]
wine_lib_init() {
  local name=$1; shift
  WFP=()
  local tools=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do WFP+=("$1"); shift; done
  [ "${1:-}" = -- ] && { shift; tools=("$@"); }
  [ ${#WFP[@]} -gt 0 ] || { echo "usage: $name WFPREDIR-COMMAND..."; exit 2; }
  here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
  PY=/usr/bin/python3
  [ -x "$PY" ] || PY=$(command -v python3) || { echo "skipped: python3 not found"; exit 125; }
  local t
  for t in "${tools[@]}"; do command -v "$t" >/dev/null || { echo "skipped: $t not found"; exit 125; }; done
  tmp=$(mktemp -d)
  helpers=()
  trap wine_lib_cleanup EXIT
  passed=0 failed=0
}

wine_lib_cleanup() {
  local p
  for p in "${helpers[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$tmp"
}

ok() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
# check NAME COMMAND...: ok when COMMAND succeeds; else a failure naming the
# exit code in $rc and the start of $tmp/err (the tool's last run).
check() {
  local name=$1; shift
  if "$@"; then ok "$name"; else fail "$name (rc=${rc:-}; stderr: $(head -c 300 "$tmp/err" 2>/dev/null))"; fi
}

# A port nobody listens on (the kernel's choice, released at once).
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_listening PORT: until something listens on 127.0.0.1:PORT (up to 60 s).
wait_listening() {
  for _ in $(seq 600); do [ -n "$(ss -Hltn "sport = :$1")" ] && return 0; sleep 0.1; done
  return 1
}

wine_lib_end() {
  echo "# $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}
