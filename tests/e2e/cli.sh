#!/usr/bin/env bash
# End-to-end tests of `errors`, `dump` and argument handling: runs the real
# executable given as "$@" (natively, or `env WINEPREFIX=... wine64 x.exe`)
# and checks output and exit codes. Needs bash, jq, hexdump and od.
set -u
WFP=("$@")
[ ${#WFP[@]} -gt 0 ] || { echo "usage: cli.sh WFPREDIR-COMMAND..."; exit 2; }
tmp=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

ok()   { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
# expect_rc NAME WANT -- runs the tool, keeps stdout/stderr in $out/$err
# JSON output is validated against docs/schema (validate_json.py) as a check of its own.
run() {
  "${WFP[@]}" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
  case " $* " in
    *" --format json "*|*" -j "*|*" --format=json "*)
      if [ -s "$tmp/out" ]; then valid "schema: $*"; fi ;;
  esac
}
# valid NAME [ARGS...]: $tmp/out passes validate_json.py
valid() {
  local name=$1; shift
  if python3 "$here/validate_json.py" "$@" "$tmp/out" 2>"$tmp/schema"; then ok "$name"
  else fail "$name ($(head -c 600 "$tmp/schema"))"; fi
}
check() { # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then ok "$name"; else fail "$name (rc=$rc; stderr: $(head -c 300 "$tmp/err"))"; fi
}
has() { grep -qF -- "$1" "$tmp/${2:-out}"; }

# --- errors -----------------------------------------------------------------------
run errors
check "errors: the whole table exits 0" test $rc -eq 0
for n in ERROR_INSUFFICIENT_BUFFER WSA_IO_PENDING WSA_OPERATION_ABORTED WSAEFAULT WSAEINPROGRESS WSAEINTR \
         WSAEINVAL WSAENETDOWN WSAENOPROTOOPT WSAENOTCONN WSAENOTSOCK WSAEOPNOTSUPP; do
  check "errors: the table names $n" has "$n"
done

run errors --format json
check "errors --format json: 12 documented entries" \
  test "$(jq '[.errors[] | select(.documented)] | length' "$tmp/out" 2>/dev/null)" = 12
check "errors --format json: codes in the page's order" \
  test "$(jq -c '[.errors[] | select(.domain == "windows") | .code]' "$tmp/out" 2>/dev/null)" = "[122,997,995,10014,10036,10004,10022,10050,10042,10057,10038,10045]"
check "errors --format json: then the Linux codes the reports explain" \
  test "$(jq -c '[.errors[] | select(.domain == "posix") | .name]' "$tmp/out" 2>/dev/null)" = '["ENOENT","ENOPROTOOPT","EINVAL","ENOTCONN"]'
run errors ENOENT
check "errors ENOENT: the report's meaning and hint" has "conntrack has no NAT entry"
check "errors ENOENT: the hint" has "nft list ruleset"

run errors 10045 0x7A wsaeinval --format json
check "errors: lookup by decimal, hex and name" test "$(jq -c '[.errors[].code]' "$tmp/out" 2>/dev/null)" = "[10045,122,10022]"
check "errors: 122 explains the required size" test "$(jq -r '.errors[1].meaning' "$tmp/out" | grep -ci 'size')" -ge 1

run errors 10054 --format json
check "errors: an undocumented but known code keeps its name" test "$(jq -r '.errors[0].name' "$tmp/out")" = WSAECONNRESET
check "errors: an undocumented code says so" test "$(jq -r '.errors[0].documented' "$tmp/out")" = false

run errors 12345
check "errors: an unknown number is still explained" test $rc -eq 0
check "errors: an unknown number shows its value" has "12345"

run errors NOT_AN_ERROR
check "errors: an unknown name is a usage error (2)" test $rc -eq 2
check "errors: an unknown name is named in the message" has "NOT_AN_ERROR" err

run errors 2 --format json
check "errors 2: both ERROR_FILE_NOT_FOUND (windows) and ENOENT (posix)" \
  test "$(jq -c '[.errors[] | [.domain, .name]]' "$tmp/out" 2>/dev/null)" = '[["windows","ERROR_FILE_NOT_FOUND"],["posix","ENOENT"]]'
run errors 2 --domain posix --format json
check "errors 2 --domain posix: ENOENT only" test "$(jq -c '[.errors[] | .name]' "$tmp/out" 2>/dev/null)" = '["ENOENT"]'
run errors ENOPROTOOPT --format json
check "errors: a Linux name is read in its domain" test "$(jq -c '[.errors[] | [.domain, .code]]' "$tmp/out" 2>/dev/null)" = '[["posix",92]]'
run errors 99999999999
check "errors: an oversized number is out of range (2)" bash -c "[ $rc -eq 2 ] && grep -q 'out of range' '$tmp/err'"

run errors 10045 --lang fr
check "errors --lang fr: French labels" has "signification"
out_en=$(LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 "${WFP[@]}" errors 10045 2>/dev/null)
out_fr=$(LC_ALL= LC_MESSAGES= LANG=fr_FR.UTF-8 "${WFP[@]}" errors 10045 2>/dev/null)
check "errors: LANG=fr_FR chooses French" grep -qF "signification" <<<"$out_fr"
check "errors: LANG=en_US chooses English" grep -qF "meaning:" <<<"$out_en"
out_all=$(LC_ALL=fr_FR.UTF-8 LANG=en_US.UTF-8 "${WFP[@]}" errors 10045 2>/dev/null)
check "errors: LC_ALL wins over LANG" grep -qF "signification" <<<"$out_all"

# --- dump -----------------------------------------------------------------------------
make_file() { head -c "$2" /dev/urandom >"$tmp/$1"; }
for size in 0 1 15 16 17 4099; do make_file "r$size.bin" "$size"; done
head -c 4099 /dev/zero >"$tmp/zeros.bin"
head -c 48 /dev/zero >"$tmp/rep_end.bin"  # repeated lines up to the very end
# Over the 64 KiB read chunk: runs of repeated lines across chunk boundaries.
{ head -c 70000 /dev/urandom; head -c 131072 /dev/zero; head -c 5 /dev/urandom; } >"$tmp/chunks.bin"
printf "$(printf '\\%03o' $(seq 0 255))" >"$tmp/all.bin"
for f in r0 r1 r15 r16 r17 r4099 zeros rep_end chunks all; do
  run dump "$tmp/$f.bin"
  hexdump -C "$tmp/$f.bin" >"$tmp/want"
  check "dump $f.bin is byte-identical to hexdump -C" cmp -s "$tmp/want" "$tmp/out"
done

"${WFP[@]}" dump - <"$tmp/r17.bin" >"$tmp/out" 2>"$tmp/err"; rc=$?
hexdump -C "$tmp/r17.bin" >"$tmp/want"
check "dump - reads standard input" cmp -s "$tmp/want" "$tmp/out"

run dump "$tmp/all.bin" --format json
want_hex=$(od -An -tx1 -v "$tmp/all.bin" | tr -d ' \n')
check "dump --format json: size" test "$(jq .size "$tmp/out")" = 256
check "dump --format json: hex" test "$(jq -r .hex "$tmp/out")" = "$want_hex"
# A saved IPv4 original destination reads the same under Windows' and Linux's
# family numbers: its decoded address is printed once, in text and in JSON.
cp "$here/../data/sample.original-dst.bin" "$tmp/saved.original-dst.bin"
run dump --decode "$tmp/saved.original-dst.bin"
check "dump --decode: the original destination is decoded once" \
  test "$(grep -c '^decoded: SOCKADDR_IN$' "$tmp/out")" = 1
run dump --decode "$tmp/saved.original-dst.bin" --format json
check "dump --decode --format json: one decoding" test "$(jq '.decoded | length' "$tmp/out")" = 1
run dump "$tmp/chunks.bin" --format json
check "dump --format json: hex over several chunks" \
  test "$(jq -r .hex "$tmp/out")" = "$(od -An -tx1 -v "$tmp/chunks.bin" | tr -d ' \n')"
"${WFP[@]}" dump - <"$tmp/chunks.bin" >"$tmp/out" 2>"$tmp/err"
hexdump -C "$tmp/chunks.bin" >"$tmp/want"
check "dump - of several chunks is byte-identical to hexdump -C" cmp -s "$tmp/want" "$tmp/out"

run dump "$tmp/missing.bin"
check "dump: a missing file exits 6" test $rc -eq 6
check "dump: a missing file is named" has "missing.bin" err
check "dump: a missing file says why" grep -qi "no such file" "$tmp/err"
check "dump: a missing file's message is one line" test "$(wc -l <"$tmp/err")" -eq 1

run dump "$tmp"
check "dump: a directory exits 6" test $rc -eq 6
check "dump: a directory says so" grep -qi "directory" "$tmp/err"

run dump "$tmp/r1.bin/inside"
check "dump: a path through a file exits 6" test $rc -eq 6

if [ "$(id -u)" -ne 0 ]; then
  make_file locked.bin 10; chmod 000 "$tmp/locked.bin"
  run dump "$tmp/locked.bin"
  check "dump: an unreadable file exits 6" test $rc -eq 6
  check "dump: an unreadable file says why" grep -qi "permission" "$tmp/err"
else
  echo "note - running as root: an unreadable file cannot be made, that case is not checked"
fi

truncate -s $((16 * 1024 * 1024 + 1)) "$tmp/big.bin"
run dump "$tmp/big.bin"
check "dump: a file over 16 MiB exits 6" test $rc -eq 6
check "dump: a file over 16 MiB names the cap" grep -q "cap" "$tmp/err"

# --- one JSON shape: one document per line, whatever the command and count ---------
for args in "errors" "errors ENOENT" "doctor" "query --self" "query --self --count 2"; do
  # shellcheck disable=SC2086
  run $args --format json
  lines=$(wc -l <"$tmp/out")
  docs=$(jq -c . "$tmp/out" 2>/dev/null | wc -l)
  check "$args --format json: one document per line ($docs documents, $lines lines)" \
    test "$lines" -ge 1 -a "$lines" -eq "$docs"
done
check "query --self --count 2: the last line is the summary" test "$(tail -1 "$tmp/out" | jq -r .type)" = summary
run query --self --format json --pretty
check "--pretty indents the document" has '  "original_destination": {'
check "--pretty: the same document" test "$(jq -c 'del(.queries, .connection, .index)' "$tmp/out" | wc -l)" -eq 1
run query --self -j
check "query: original_destination says why there is none" \
  test "$(jq -r '.original_destination | (.address == null) and (.reason | length > 0)' "$tmp/out")" = true

# --- doctor ----------------------------------------------------------------------------
run doctor --format json
# The exit code follows verdict_code (README.md, "Exit codes").
vc=$(jq -r .verdict_code "$tmp/out" 2>/dev/null)
case $vc in
  ready | no-redirect-configured) want=0 ;;
  unknown | access-denied) want=1 ;;
  setup-failed) want=3 ;;
  unsupported) want=7 ;;
  misconfigured | possible-loop) want=10 ;;
  *) want=none ;;
esac
check "doctor --format json exits with its verdict_code's code ($vc: $want)" test "$rc" = "$want"
doctor_rc=$rc
os=$(jq -r .system.os "$tmp/out" 2>/dev/null)
check "doctor: names the system" bash -c "[ '$os' = linux ] || [ '$os' = windows ]"
check "doctor: a verdict and next steps" test "$(jq -r '(.verdict | length > 0) and (.next_steps | length > 0)' "$tmp/out")" = true
check "doctor: the loopback connection's report is attached" test "$(jq -r '.loopback.connection.side' "$tmp/out")" = accepted
if [ "$os" = windows ]; then
  check "doctor (Windows): records and context in three modes, plus the original destination" \
    test "$(jq '[.capabilities[] | select(.query != "original-dst")] | length' "$tmp/out")" = 6
  if [ "$(jq -r .system.under_wine "$tmp/out")" = true ]; then
    check "doctor under Wine: every redirect query is not-supported (WSAEOPNOTSUPP)" \
      test "$(jq '[.capabilities[] | select(.query != "original-dst" and .status == "not-supported")] | length' "$tmp/out")" = 6
    check "doctor under Wine: the verdict says so" grep -q "Wine" <<<"$(jq -r .verdict "$tmp/out")"
  fi
else
  check "doctor (Linux): the kernel release" test -n "$(jq -r .system.version "$tmp/out")"
  check "doctor (Linux): SO_ORIGINAL_DST was issued once, in sync mode, and answered" \
    test "$(jq -c '[.capabilities[] | select(.query == "original-dst") | [.mode, (.status == "answered" or .status == "error" or .status == "not-supported")]]' "$tmp/out")" = '[["sync",true]]'
  check "doctor (Linux): records and context are unavailable, with the reason" \
    test "$(jq '[.capabilities[] | select(.query != "original-dst" and .status == "unavailable" and (.detail | length > 0))] | length' "$tmp/out")" = 2
fi
run doctor
check "doctor (text) exits as --format json did" test "$rc" = "$doctor_rc"
check "doctor (text): capabilities and verdict" bash -c "grep -q '^capabilities:' '$tmp/out' && grep -q '^verdict: ' '$tmp/out'"
run doctor --lang fr
check "doctor --lang fr: French verdict" grep -q "^verdict"$'\u00a0'": " "$tmp/out"

# --- arguments ----------------------------------------------------------------------
run --version
check "--version exits 0 and prints the version" bash -c "[ $rc -eq 0 ] && grep -q 'wfpredir [0-9]' '$tmp/out'"
run
check "no subcommand is a usage error (2)" test $rc -eq 2
run frobnicate
check "an unknown subcommand is a usage error (2)" test $rc -eq 2
# Every command is named (the list comes from the CLI definition).
check "an unknown subcommand lists every command, connections included" \
  has "(commands: errors, dump, query, doctor, connections, relay, help)" err
run help frobnicate
check "help of an unknown command lists every command" bash -c "[ $rc -eq 2 ] && grep -qF 'connections, relay, help)' '$tmp/err'"
run --pretty --format json --version
check "--pretty --format json --version: indented JSON" \
  bash -c "[ $rc -eq 0 ] && [ \$(wc -l <'$tmp/out') -gt 3 ] && jq -e '.type == \"version\"' '$tmp/out' >/dev/null"
run --format json --version
check "--format json --version: one line" bash -c "[ $rc -eq 0 ] && [ \$(wc -l <'$tmp/out') -eq 1 ]"
run --pretty --version
check "--pretty --version: the text line" bash -c "[ $rc -eq 0 ] && grep -q '^wfpredir [0-9]' '$tmp/out'"
for sub in errors dump query doctor relay help; do
  run $sub --help
  check "$sub --help exits 0 with an example" bash -c "[ $rc -eq 0 ] && grep -q 'Example' '$tmp/out'"
done
run query --port 0
check "query --port 0 is a usage error (2)" test $rc -eq 2
run query --port 70000
check "query --port 70000 is a usage error (2)" test $rc -eq 2
run query --buffer 16777217
check "query --buffer over 16 MiB is a usage error (2)" test $rc -eq 2
run query --buffer lots
check "query --buffer lots is a usage error (2)" test $rc -eq 2
run query --connect nocolon
check "query --connect without a port is a usage error (2)" test $rc -eq 2
run query --connect ::1:80
check "query --connect with an unbracketed IPv6 is a usage error (2)" test $rc -eq 2
run query --expect sometimes
check "query --expect sometimes is a usage error (2)" test $rc -eq 2
run query --self --port 8080
check "query --self with --port is a usage error (2)" test $rc -eq 2
run query --bind 127.0.0.1
check "query --bind without --port is a usage error (2)" test $rc -eq 2
run dump
check "dump without a file is a usage error (2)" test $rc -eq 2

# --- conventions: short options, help, summary, --quiet, colour, width ----------------
for sub in errors dump query doctor; do
  "${WFP[@]}" $sub --help >"$tmp/want" 2>&1
  run help $sub
  check "help $sub is $sub --help" bash -c "[ $rc -eq 0 ] && cmp -s '$tmp/want' '$tmp/out'"
done
"${WFP[@]}" --help >"$tmp/want" 2>&1
run help
check "help alone is --help" bash -c "[ $rc -eq 0 ] && cmp -s '$tmp/want' '$tmp/out'"
run help frobnicate
check "help of an unknown command is a usage error (2)" test $rc -eq 2
run query --help
check "query --help lists --mode's values and says which are Windows-only" \
  bash -c "grep -q 'event (Windows only)' '$tmp/out' && grep -q 'apc (Windows only)' '$tmp/out'"
check "query --help lists --expect's forms" grep -q 'error:NAME' "$tmp/out"
check "query --help lists --color's values" grep -q 'auto.*always.*never' "$tmp/out"
check "query --help has the short options" bash -c "grep -q -- '-p,--port' '$tmp/out' && grep -q -- '-c,--count' '$tmp/out' && grep -q -- '-t,--timeout' '$tmp/out' && grep -q -- '-q,--quiet' '$tmp/out' && grep -q -- '-j ' '$tmp/out'"

run --version --format json
check "--version --format json: the version document" test "$(jq -r '.type + " " + .version' "$tmp/out" 2>/dev/null | cut -d' ' -f1)" = version
check "--version --format json: schema_version 1" test "$(jq .schema_version "$tmp/out" 2>/dev/null)" = 1

run query -c 2 -j --mode sync
check "query -c 2 -j: two connections then a summary (JSON Lines)" \
  test "$(jq -s -c '[.[] | .type]' "$tmp/out" 2>/dev/null)" = '["connection","connection","summary"]'
check "query -c 2 -j: the summary counts both, with the exit code and why the run ended" \
  test "$(jq -s -c --argjson rc $rc '.[-1] | [.connections, (.verdicts | add), .exit_code == $rc, .ended_by]' "$tmp/out" 2>/dev/null)" = '[2,2,true,"count"]'
run query -c 2 --mode sync
check "query -c 2 (text): ends with the summary line" \
  grep -qE '^2 connections: 2 (not-redirected|unsupported|unknown)$' <<<"$(tail -1 "$tmp/out")"
run query -c 3 -q --mode sync
check "query -q: one line per connection, then the summary, nothing else" test "$(wc -l <"$tmp/out")" -eq 4
check "query -q: each line is peer, verdict, original destination" \
  test "$(grep -cE '^127\.0\.0\.1:[0-9]+ (not-redirected|unsupported|unknown) -$' "$tmp/out")" -eq 3
run query -q --mode sync
check "query -q of one connection: one line, no summary" test "$(wc -l <"$tmp/out")" -eq 1

PYC=$(command -v python3 || true)
if [ -n "$PYC" ]; then
  free=$("$PYC" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  run query --connect "127.0.0.1:$free" -j
  check "query --connect refused -j: setup failed (3)" test $rc -eq 3
  check "query --connect refused -j: an error document with the connect's error object" \
    test "$(jq -r '[.type, .exit_code, (.operation | startswith("connect")), (.error.name | test("ECONNREFUSED"))] | map(tostring) | join(" ")' "$tmp/out" 2>/dev/null)" = "error 3 true true"
  run query -p "$free" -t 0.2 -c 2 -j
  check "query -p -t -c 2 -j with no client: exit 4, an error then a summary ended by the timeout" \
    test "$rc $(jq -s -c '[.[0].type, .[0].kind, .[1].type, .[1].ended_by, .[1].connections]' "$tmp/out" 2>/dev/null)" = '4 ["error","timed_out","summary","timeout",0]'
fi

run query --color always --mode sync
check "--color always: escape sequences even into a file" grep -q $'\x1b\[' "$tmp/out"
run --color=always query --mode sync
check "--color=always before the command (global)" grep -q $'\x1b\[' "$tmp/out"
run query --color never --mode sync
check "--color never: none" bash -c "! grep -q $'\x1b' '$tmp/out'"
run query --mode sync
check "--color auto into a file: none" bash -c "! grep -q $'\x1b' '$tmp/out'"
run query --color sometimes
check "--color sometimes is a usage error (2)" test $rc -eq 2

COLUMNS=40 run errors 10045 122
check "COLUMNS=40: every line fits in 40 columns, but for a single token longer than that" \
  test "$(awk 'length > 40 { sub(/^ +/, ""); if (index($0, " ")) print }' "$tmp/out" | wc -l)" -eq 0
check "COLUMNS=40: it was wrapped" test "$(wc -l <"$tmp/out")" -gt "$("${WFP[@]}" errors 10045 122 | wc -l)"
check "COLUMNS=40: no word was split" \
  test "$(tr -s ' \n' '\n\n' <"$tmp/out" | sort -u | md5sum)" = "$("${WFP[@]}" errors 10045 122 | tr -s ' \n' '\n\n' | sort -u | md5sum)"
run errors 10045
check "no COLUMNS, not a terminal: not wrapped" grep -qE '^  hint: .{100,}' "$tmp/out"

# The validator itself: documents of the wrong shape are refused.
run query -j --mode sync
cp "$tmp/out" "$tmp/good.json"
broken() { # broken NAME JQ-EDIT: the edited document must be refused
  jq "$2" "$tmp/good.json" >"$tmp/out"
  if python3 "$here/validate_json.py" "$tmp/out" 2>/dev/null; then fail "schema refuses $1"; else ok "schema refuses $1"; fi
}
broken "an attempt's error as a bare number (the 0.2.0 shape)" '.queries[-1].attempts[0].error = 2'
broken "a call's bytes under the old name" '.queries[-1].attempts[0].calls[0].bytes = 1024'
broken "a document without schema_version" 'del(.schema_version)'
broken "schema_version 2" '.schema_version = 2'
broken "an unknown verdict" '.verdict = "maybe"'
broken "an unknown mode" '.queries[0].mode = "overlapped"'
broken "an error object without its name" '.queries[-1].error |= del(.name)'
broken "an unknown field" '.surprise = true'
# A datagram document (query --udp -j, as a Linux run printed it), then broken copies.
cat >"$tmp/good.json" <<'JSON'
{"schema_version":1,"type":"datagram","tool":"wfpredir","version":"0.2.0","platform":"linux","index":1,"protocol":"udp","socket":{"family":"ipv4","local":"127.0.0.1:45353","transparent":false,"mechanism":"the IP_ORIGDSTADDR control message","options":[{"name":"IP_RECVORIGDSTADDR","level":0,"level_name":"SOL_IP","option":20,"ok":true,"ret":0}]},"datagram":{"mode":"sync","status":"ok","source":"127.0.0.1:40000","size":5,"flags":0,"data_truncated":false,"control_truncated":false,"control_offered":1024,"control_length":32,"control_hex":"200000000000000000000000140000000200b1297f0000010000000000000000","layout":"cmsghdr (Linux LP64)","pending":false,"calls":[{"function":"recvmsg","ret":5,"last_error":0,"bytes_returned_raw":32,"ms":0.05}]},"control_messages":[{"offset":0,"level":0,"level_name":"SOL_IP","type":20,"type_name":"IP_ORIGDSTADDR","length":32,"data_length":16,"data_hex":"0200b1297f0000010000000000000000","decoded":[{"layout":"SOCKADDR_IN","heuristic":false,"fields":[{"name":"original destination","offset":0,"size":16,"value":"127.0.0.1:45353"}]}]}],"original_dst":"127.0.0.1:45353","original_destination":{"address":"127.0.0.1","port":45353,"family":"ipv4","evidence":"ip_recvorigdstaddr"},"verdict":"not-redirected","verdict_reason":"the original destination 127.0.0.1:45353 (IP_ORIGDSTADDR) is the listener's own address"}
JSON
cp "$tmp/good.json" "$tmp/out"
valid "the validator accepts a well-formed datagram document" --type datagram
broken "a datagram with an unknown verdict" '.verdict = "maybe"'
broken "a datagram whose receive status is unknown" '.datagram.status = "lost"'
broken "a failed receive without its error" '.datagram.status = "error"'
broken "a datagram error as a bare number" '.datagram.status = "error" | .datagram.error = 10042'
broken "a control message without its type" '.control_messages[0] |= del(.type)'
broken "a datagram with an unknown field" '.datagram.surprise = true'
broken "a datagram document without its type" 'del(.type)'
broken "a datagram call with the old error key" '.datagram.calls[0] |= (.error = .last_error | del(.last_error))'
# A relay line (relay -j, a Linux run whose upstream refused), then broken copies.
cat >"$tmp/good.json" <<'JSON'
{"schema_version":1,"type":"connection","tool":"wfpredir","version":"0.2.0","platform":"linux","index":1,"connection":{"protocol":"tcp","family":"ipv4","side":"accepted","local":"127.0.0.1:51285","peer":"127.0.0.1:50314","listener":"127.0.0.1:51285"},"original_destination":{"address":null,"port":null,"family":null,"evidence":null,"reason":"SO_ORIGINAL_DST failed with ENOENT"},"skipped_modes":[{"mode":"event","reason":"event is a Windows overlapped-I/O mechanism (WSAOVERLAPPED with an event); Linux getsockopt is synchronous only"},{"mode":"apc","reason":"apc is a Windows overlapped-I/O mechanism (a completion routine run as an APC); Linux getsockopt is synchronous only"}],"queries":[{"query":"records","control_name":"SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS","control_code":"0x980000DC","mode":"sync","status":"skipped","skip_reason":"SIO_QUERY_WFP_* is a Windows control code; on Linux the original destination (SO_ORIGINAL_DST) is the redirect evidence"},{"query":"context","control_name":"SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT","control_code":"0x980000DD","mode":"sync","status":"skipped","skip_reason":"SIO_QUERY_WFP_* is a Windows control code; on Linux the original destination (SO_ORIGINAL_DST) is the redirect evidence"},{"query":"original-dst","control_name":"SO_ORIGINAL_DST","mode":"sync","status":"error","bytes":0,"error":{"code":2,"name":"ENOENT","domain":"posix","documented":false,"meaning":"For SO_ORIGINAL_DST: conntrack has no NAT entry for this connection, so it was not redirected by a REDIRECT/DNAT rule.","hint":"Expected for a direct connection. If it should have been redirected, check the nat rule (`nft list ruleset`) and that the client's traffic really crosses it.","system_text":"No such file or directory"},"attempts":[{"out_size":1024,"error":{"code":2,"name":"ENOENT","domain":"posix","documented":false,"meaning":"For SO_ORIGINAL_DST: conntrack has no NAT entry for this connection, so it was not redirected by a REDIRECT/DNAT rule.","hint":"Expected for a direct connection. If it should have been redirected, check the nat rule (`nft list ruleset`) and that the client's traffic really crosses it.","system_text":"No such file or directory"},"bytes":0,"pending":false,"timed_out":false,"interrupted":false,"calls":[{"function":"getsockopt","out_size":1024,"ret":-1,"last_error":2,"bytes_returned_raw":1024,"ms":0.014728,"note":"level SOL_IP, optname SO_ORIGINAL_DST (80)"}]}]}],"agreement":[],"verdict":"not-redirected","verdict_reason":"conntrack has no NAT entry for this connection (ENOENT)","relay":{"upstream":"127.0.0.1:36317","chosen_by":"--to","set_records":{"control_name":"SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS","control_code":"0x980000DE","issued":false,"skip_reason":"SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS is a Windows control code; on Linux the relay's upstream connections carry a mark instead"},"calls":[{"function":"socket","ret":0,"last_error":0,"ms":0.020659,"note":"the upstream socket (overlapped on Windows)"},{"function":"setsockopt","ret":0,"last_error":0,"ms":0.006262,"note":"level SOL_SOCKET, optname SO_MARK (36), the relay's mark"},{"function":"bind","ret":0,"last_error":0,"ms":0.013075,"note":"any address, port 0: got port 55485"},{"function":"connect","ret":-1,"last_error":111,"ms":0.104398,"note":"to 127.0.0.1:36317"}],"to_upstream":{"bytes":0,"seconds":0.0,"eof":false,"reset":false},"to_client":{"bytes":0,"seconds":0.0,"eof":false,"reset":false},"end":"upstream-refused","end_detail":"connect: Connection refused","error":{"code":111,"name":"ECONNREFUSED","domain":"posix","documented":false,"meaning":"A Linux errno value, reported by wfpredir's Linux backend; not a Winsock code.","hint":"","system_text":"Connection refused"},"seconds":0.000214246}}
JSON
cp "$tmp/good.json" "$tmp/out"
valid "the validator accepts a well-formed relay line" --type connection
broken "a relay error as a bare number (the old shape)" '.relay.error = 111'
broken "a relay error_name (the old shape)" '.relay.error_name = "ECONNREFUSED"'
broken "a relay error_domain (the old shape)" '.relay.error_domain = "posix"'
broken "a direction's error as a bare number" '.relay.to_client.error = 104'
broken "a SET error as a bare number" \
  '.relay.set_records |= {control_name, control_code, issued: true, input_bytes: 0, hex: "", ok: false, error: 10045, before_connect: true}'
broken "a relay error object without its meaning" '.relay.error |= del(.meaning)'
broken "a relay call with the old error key" '.relay.calls[0] |= (.error = .last_error | del(.last_error))'
jq '.relay.set_records |= {control_name, control_code, issued: true, input_bytes: 0, hex: "",
  ok: false, error: {code: 10045, name: "WSAEOPNOTSUPP", domain: "windows", documented: false,
  meaning: "m", hint: "", system_text: ""}, before_connect: true}' "$tmp/good.json" >"$tmp/out"
valid "the validator accepts a failed SET with its error object" --type connection
printf '{"schema_version":1,"type":"version","type":"version","tool":"wfpredir","version":"1.0.0","commit":"x","target":"t","compiler":"c"}' >"$tmp/out"
if python3 "$here/validate_json.py" "$tmp/out" 2>/dev/null; then fail "schema refuses a key given twice"; else ok "schema refuses a key given twice"; fi
printf '{"schema_version":1,"type":"version","tool":"wfpredir","version":"1.0.0","commit":"x","target":"t","compiler":"c"}' >"$tmp/out"
valid "the validator accepts a well-formed version document"

# --- the standard streams and signals ----------------------------------------------
# Wine is recognised by the .exe at the end of the command.
under_wine=false
case "${WFP[${#WFP[@]}-1]}" in *.exe) under_wine=true ;; esac
PY=$(command -v python3 || true)
if [ -n "$PY" ]; then
  # Standard output closed at start: the report must not go into the socket
  # that takes descriptor 1 (it did: the listener received the whole report).
  got=$("$PY" - "${WFP[@]}" <<'PYEOF'
import os, socket, subprocess, sys
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1); l.settimeout(60)
port = l.getsockname()[1]
p = subprocess.Popen(sys.argv[1:] + ["query", "--connect", f"127.0.0.1:{port}", "--what", "records"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(),
                     preexec_fn=lambda: os.close(1))
c, _ = l.accept(); c.settimeout(60)
data = b""
while True:
    try:
        d = c.recv(65536)
    except OSError:
        break
    if not d:
        break
    data += d
err = p.communicate(timeout=120)[1].decode(errors="replace")
print(p.returncode, len(data), err.strip().splitlines()[-1] if err.strip() else "")
PYEOF
)
  read -r rc_closed bytes_closed line_closed <<<"$got"
  rc=${rc_closed:-none}
  check "query --connect with stdout closed sends nothing into the socket" test "${bytes_closed:-x}" = 0
  check "query --connect with stdout closed exits 9 (output failed)" test "$rc" = 9
  check "query --connect with stdout closed says so on stderr" grep -qF "standard output is closed" <<<"$line_closed"

  # sig WANT SIGNAL: starts `query --port`, waits for its "waiting for" line,
  # sends the signal, and prints the exit code and the last stderr line.
  sig() {
    "$PY" - "$1" "${WFP[@]}" <<'PYEOF'
import signal, socket, subprocess, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
p = subprocess.Popen(sys.argv[2:] + ["query", "--port", str(port)], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
line = p.stderr.readline()  # "wfpredir: waiting for ..."
time.sleep(0.5)
p.send_signal(getattr(signal, sys.argv[1]))
err = p.stderr.read().decode(errors="replace").strip().splitlines()
p.wait(timeout=60)
print(p.returncode if p.returncode >= 0 else 128 - p.returncode, err[-1] if err else "")
PYEOF
  }
  read -r rc line <<<"$(sig SIGINT)"
  check "SIGINT while waiting exits 130" test "${rc:-x}" = 130
  check "SIGINT while waiting says it was interrupted" grep -qF "interrupted" <<<"$line"
  if $under_wine; then
    # Wine does not turn SIGTERM into anything a Windows program can see: the
    # process dies of the signal (143 seen from the shell) without a word.
    echo "skip - SIGTERM under Wine: the process is killed by the signal, nothing to test in wfpredir"
  else
    read -r rc line <<<"$(sig SIGTERM)"
    check "SIGTERM while waiting exits 143" test "${rc:-x}" = 143
    check "SIGTERM says terminated" grep -qF "terminated (SIGTERM)" <<<"$line"
  fi
else
  echo "skip - standard streams and signals: python3 not found"
fi

# --- options where a user puts them: before or after the command, with --version and help ----
run --lang fr errors 10045
check "--lang fr before the command: French" has "signification"
run errors 10045 --lang fr
check "--lang fr after the command: French" has "signification"
run --format json errors 10045
check "--format json before the command: JSON" test "$(jq -r '.errors[0].code' "$tmp/out" 2>/dev/null)" = 10045
run -j errors 10045
check "-j before the command: JSON" test "$(jq -r '.errors[0].code' "$tmp/out" 2>/dev/null)" = 10045
"${WFP[@]}" --format json errors 10045 --format text >"$tmp/out" 2>"$tmp/err"; rc=$?
check "the command's --format wins over the global one" bash -c "[ $rc -eq 0 ] && grep -q '^10045 ' '$tmp/out'"
run -q query --mode sync
check "-q before query: one line" test "$(grep -c . "$tmp/out")" = 1
run -V
check "-V is --version" bash -c "[ $rc -eq 0 ] && grep -q '^wfpredir [0-9]' '$tmp/out'"
for form in "--format json --version" "-j -V" "--version -j" "--version --format=json" "--lang fr --version --format json"; do
  run $form
  check "$form: the version document" test "$(jq -r .type "$tmp/out" 2>/dev/null)" = version
done
for form in "--lang fr --version" "--version --lang fr" "--color never --version" "--version --color always" "-q --version"; do
  run $form
  check "$form: the version line" bash -c "[ $rc -eq 0 ] && grep -q '^wfpredir [0-9]' '$tmp/out'"
done
run --version errors
check "--version with a command is a usage error (2)" test $rc -eq 2
run --help
check "the top-level help lists help" grep -qE '^ +help +' "$tmp/out"
check "the top-level help lists -V,--version" grep -q -- '-V,--version' "$tmp/out"
run help help
check "help help shows help's own help" bash -c "[ $rc -eq 0 ] && grep -q 'help \[OPTIONS\]' '$tmp/out'"
run --lang fr help query
check "--lang fr help query: French" bash -c "[ $rc -eq 0 ] && grep -q 'Exemples' '$tmp/out'"
run help query --lang fr
check "help query --lang fr: French" bash -c "[ $rc -eq 0 ] && grep -q 'Exemples' '$tmp/out'"
run --lang fr query --help
check "--lang fr query --help: French" bash -c "[ $rc -eq 0 ] && grep -q 'Exemples' '$tmp/out'"
run relay --help
check "relay --help has query's short options" bash -c "grep -q -- '-p,--port' '$tmp/out' && grep -q -- '-c,--count' '$tmp/out' && grep -q -- '-t,--timeout' '$tmp/out' && grep -q -- '-q,--quiet' '$tmp/out'"
# A port the system says is free now (a random one could be a client's
# ephemeral port: EADDRINUSE was seen on a loaded machine).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
run relay -p $port -t 0.1
check "relay -p PORT -t 0.1: no connection in time (4), not a usage error" test $rc -eq 4
# relay -q: one line for the connection (its upstream refused: port 1 listens nowhere).
port=$(free_port)
"${WFP[@]}" relay -q -p $port -c 1 -t 60 --to 127.0.0.1:1 >"$tmp/rq" 2>"$tmp/err" &
rpid=$!
# The client stays connected until the relay ends: one that leaves at once
# would end as client-left (its pending upstream connect cancelled).
for _ in $(seq 1 150); do { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null && break; sleep 0.2; done
wait $rpid; rc=$?
exec 3>&-
check "relay -q: one line, PEER VERDICT ORIGINAL END (exit 3, upstream refused)" \
  bash -c "[ $rc -eq 3 ] && [ \$(tr -d '\r' <'$tmp/rq' | grep -c .) -eq 1 ] && tr -d '\r' <'$tmp/rq' | grep -qE '^127\.0\.0\.1:[0-9]+ [a-z-]+ [^ ]+ upstream-refused$'"
run query --prot 8080
check "a misspelt option names the nearest one" bash -c "[ $rc -eq 2 ] && grep -qF 'did you mean --port?' '$tmp/err'"
run query --ud
check "an option's prefix names the option" bash -c "[ $rc -eq 2 ] && grep -qF 'did you mean --udp?' '$tmp/err'"
run --lang fr query --prot 8080
check "the nearest option, in French" grep -qF 'vouliez-vous dire --port' "$tmp/err"
"${WFP[@]}" errors 2>"$tmp/err" | head -n 1 >/dev/null; rc=${PIPESTATUS[0]}
check "errors | head: exit 0 or 141 (README, Exit codes), nothing on stderr" \
  bash -c "{ [ $rc -eq 0 ] || [ $rc -eq 141 ]; } && [ ! -s '$tmp/err' ]"

# --- query --udp: combinations that make no sense are usage errors, each named -------------
# udp_bad WANT ARGS...: exit 2 and one line on stderr that names WANT
udp_bad() {
  local want=$1
  shift
  run query --udp "$@"
  check "query --udp $*: usage error (2) naming $want" \
    eval '[ $rc -eq 2 ] && has "$want" err && [ "$(grep -c . "$tmp/err")" -eq 1 ]'
}
udp_bad "--connect" --connect 127.0.0.1:53
udp_bad "--self" --self
udp_bad "needs --port"
udp_bad "--what" --port 5353 --what records
udp_bad "--buffer" --port 5353 --buffer 64
udp_bad "--io-timeout" --port 5353 --io-timeout 1
udp_bad "--save" --port 5353 --save udp-saves

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
