#!/usr/bin/env bash
# The bad-input matrix: every command and option given malformed, hostile or
# out-of-range values, and the ways the output can be lost (closed stdout, a
# closed pipe, a full disk). Runs the real executable given as "$@" (natively,
# or `env WINEPREFIX=... wine64 x.exe`). Each case checks the documented exit
# code, exactly one line on stderr that starts "wfpredir: error:" and names the
# problem, no raw control byte (C0 but line ends, DEL, C1, ESC) or invalid
# UTF-8 on stdout or stderr, and no crash (an exit code from 128 up other than
# 130 and 143). Prints the totals: tried, clear, crashed, raw-byte leaks.
set -u
WFP=("$@")
[ ${#WFP[@]} -gt 0 ] || { echo "usage: bad_input.sh WFPREDIR-COMMAND..."; exit 2; }
command -v perl >/dev/null || { echo "bad_input.sh needs perl"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tried=0 clear=0 crashed=0 leaks=0

# Under Wine, a wineserver that outlives each run: otherwise every one of the
# hundred-odd starts also starts the server (seconds each on a loaded machine).
for w in "${WFP[@]}"; do
  case "$w" in WINEPREFIX=*) export "$w" ;; */wine64 | */wine) wineserver_bin="$(dirname "$w")/wineserver" ;; esac
done
# Its streams are not ours: ctest waits for every holder of the test's output.
if [ -n "${WINEPREFIX:-}" ] && [ -x "${wineserver_bin:-}" ]; then "$wineserver_bin" -p 30 </dev/null >/dev/null 2>&1; fi
ESC=$'\e'

# Exit 0 when the file is valid UTF-8 without a control character other than
# a line feed (or the CR of a CRLF line end: stderr is in text mode on Windows).
clean() {
  perl -e 'use Encode; local $/; my $b = <STDIN>;
           my $t = eval { Encode::decode("UTF-8", $b, Encode::FB_CROAK) };
           exit 1 unless defined $t;
           $t =~ s/\r\n/\n/g;
           exit($t =~ /[\x00-\x09\x0b-\x1f\x7f-\x9f]/ ? 1 : 0);' <"$1"
}

# report NAME WANT PATTERN: judges the run whose results are in $rc, $tmp/out, $tmp/err.
report() {
  local name=$1 want=$2 pattern=$3 why=""
  tried=$((tried + 1))
  if [ "$rc" -ge 128 ] && [ "$rc" -ne 130 ] && [ "$rc" -ne 143 ]; then
    crashed=$((crashed + 1)); why+=" crashed (rc=$rc)"
  fi
  if ! clean "$tmp/out" || ! clean "$tmp/err"; then leaks=$((leaks + 1)); why+=" raw control byte"; fi
  [ "$rc" -eq "$want" ] || why+=" rc=$rc, want $want"
  local lines
  lines=$(tr -d '\r' <"$tmp/err" | grep -c '')
  [ "$lines" -eq 1 ] || why+=" $lines lines on stderr"
  head -n 1 "$tmp/err" | grep -q '^wfpredir: error: ' || why+=" no 'wfpredir: error:' prefix"
  grep -qF -- "$pattern" "$tmp/err" || why+=" does not name '$pattern'"
  if [ -z "$why" ]; then
    clear=$((clear + 1)); echo "ok   - $name"
  else
    echo "FAIL - $name:$why; stderr: $(head -c 300 "$tmp/err" | cat -v)"
  fi
}

# bad NAME WANT PATTERN ARGS...: runs with stdin from /dev/null.
bad() {
  local name=$1 want=$2 pattern=$3; shift 3
  "${WFP[@]}" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"; rc=$?
  report "$name" "$want" "$pattern"
}

# --- the command line as a whole --------------------------------------------------
bad "no command" 2 "command is required"
bad "unknown command" 2 "'frob'" frob
bad "unknown command with an escape" 2 '\e[31m' $'\e[31mfrob'
bad "unknown option before the command" 2 "--bogus" --bogus
bad "a misspelt command names the nearest one" 2 "did you mean query?" qurey
bad "a misspelt option names the nearest one" 2 "did you mean --port?" query --prot 8080
bad "a misspelt relay option names the nearest one" 2 "did you mean --strict?" relay -p 8080 --stirct
bad "a misspelt global option names the nearest one" 2 "did you mean --lang?" --lagn fr errors
bad "--quiet before a command without a one-line form" 2 "--quiet" -q errors
bad "--version with a command" 2 "--version" --version errors
bad "C1 control as a command" 2 '\u{009b}' $'\xc2\x9b'

# --- errors ----------------------------------------------------------------------
bad "errors: unknown name" 2 NOT_AN_ERROR errors NOT_AN_ERROR
bad "errors: name with an escape" 2 '\e[31mX' errors $'\e[31mX'
bad "errors: name with a title escape" 2 '\e]0;pwned\x07' errors $'\e]0;pwned\a'
bad "errors: decimal out of range" 2 "out of range" errors 99999999999
bad "errors: hex out of range" 2 "out of range" errors 0x1FFFFFFFFF
bad "errors: empty code" 2 "''" errors ""
bad "errors: negative number" 2 "'-5'" errors -5
bad "errors: C1 CSI" 2 '\u{009b}' errors $'\xc2\x9b31m'
bad "errors: DEL" 2 '\x7f' errors $'A\x7fB'
bad "errors: bidi override" 2 '\u{202e}' errors $'\xe2\x80\xaeabc'
bad "errors: unknown format" 2 xml errors --format xml
bad "errors: format with an escape" 2 '\e[2J' errors --format $'\e[2J'
bad "errors: unknown language" 2 de errors --lang de
bad "errors: unknown option" 2 "--bogus" errors --bogus
bad "errors: unknown option with an escape" 2 '\e[1m' errors $'--x\e[1m'

# --- dump ------------------------------------------------------------------------
printf 'abc' >"$tmp/blob.bin"
head -c $((16 * 1024 * 1024 + 1)) /dev/zero >"$tmp/big.bin"
mkdir -p "$tmp/dir"
bad "dump: no file" 2 "file" dump
bad "dump: missing file" 6 "no-such-file" dump "$tmp/no-such-file"
bad "dump: path with an escape" 6 '\e[31m' dump "$tmp/x"$'\e[31m'
bad "dump: path with a newline" 6 'a\nb' dump "$tmp/a"$'\n'"b"
bad "dump: path with a C1 control" 6 '\u{0085}' dump "$tmp/x"$'\xc2\x85'
bad "dump: a directory" 6 "directory" dump "$tmp/dir"
bad "dump: over the 16 MiB cap" 6 "cap" dump "$tmp/big.bin"
bad "dump: extra argument" 2 "extra" dump "$tmp/blob.bin" extra
bad "dump: extra argument with an escape" 2 '\e[5m' dump "$tmp/blob.bin" $'\e[5m'
bad "dump: unknown format" 2 yaml dump --format yaml "$tmp/blob.bin"
"${WFP[@]}" dump - <"$tmp/big.bin" >"$tmp/out" 2>"$tmp/err"; rc=$?
report "dump: standard input over the cap" 6 "cap"

# --- relay ------------------------------------------------------------------------
bad "relay: no --port" 2 "needs --port" relay
bad "relay: port out of range" 2 "'70000'" relay --port 70000
bad "relay: --to without a port" 2 "--to 'host'" relay --port 8080 --to host
bad "relay: --to with an escape" 2 '\e[31m' relay --port 8080 --to $'\e[31mx:80'
bad "relay: --mark not a number" 2 "--mark 'zz'" relay --port 8080 --mark zz
bad "relay: --mark too large" 2 "4294967295" relay --port 8080 --mark 0x1ffffffff
bad "relay: unknown --set" 2 "sometimes" relay --port 8080 --set sometimes
bad "relay: bad --count" 2 "--count" relay --port 8080 --count -1

# --- query: numbers ----------------------------------------------------------------
for v in 1e10 1e308 nan inf -inf infinity 1e-9 0 0.0004 -1 abc "" 0x10 " 5" "5 " +-1 $'\xef\xbc\x95'; do
  bad "query --timeout '$v'" 2 "--timeout" query --timeout "$v"
done
for v in 1e308 nan 0 -5; do
  bad "query --io-timeout '$v'" 2 "--io-timeout" query --io-timeout "$v"
done
bad "query --timeout without a value" 2 "--timeout" query --timeout
for v in -1 1e3 1000001 99999999999999999999 $'\xef\xbc\x95' x; do
  bad "query --count '$v'" 2 "--count" query --count "$v"
done
for v in 0 65536 -1 abc 99999999999999999999 $'\xef\xbc\x98\xef\xbc\x90' "8080 "; do
  bad "query --port '$v'" 2 "--port" query --port "$v"
done
for v in -1 16777217 big 0x10 $'\xef\xbc\x94' $'\e[31m'; do
  bad "query --buffer '$(printf %q "$v")'" 2 "--buffer" query --buffer "$v"
done

# --- query: addresses ---------------------------------------------------------------
bad "query --bind full-width digits" 2 "--bind" query --port 47999 --bind $'\xef\xbc\x91\xef\xbc\x92\xef\xbc\x97.0.0.1'
bad "query --bind with an escape" 2 '\e[31m' query --port 47999 --bind $'\e[31m'
bad "query --bind a host name" 2 "--bind" query --port 47999 --bind localhost
bad "query --bind 256.0.0.1" 2 "--bind" query --port 47999 --bind 256.0.0.1
bad "query --bind without --port" 2 "--port" query --bind 127.0.0.1
bad "query --bind not on this host" 3 "192.0.2.1" query --port 47999 --bind 192.0.2.1
bad "query --connect without a port" 2 "HOST:PORT" query --connect example
bad "query --connect empty port" 2 "port" query --connect host:
bad "query --connect empty host" 2 "empty" query --connect :80
bad "query --connect unclosed bracket" 2 "[addr]:port" query --connect "[::1"
bad "query --connect bad IPv6" 2 "IPv6" query --connect "[zz]:80"
bad "query --connect bare IPv6" 2 "[addr]:port" query --connect "::1:80"
bad "query --connect port out of range" 2 "99999" query --connect 127.0.0.1:99999
bad "query --connect port 0" 2 "'0'" query --connect 127.0.0.1:0
bad "query --connect full-width port" 2 "--connect" query --connect 127.0.0.1:$'\xef\xbc\x98'
bad "query --connect host with an escape" 2 '\e[31m' query --connect $'h\e[31m:80'
bad "query --connect host with a space" 2 "a b" query --connect "a b:80"
bad "query --connect port with an escape" 2 '\e' query --connect $'127.0.0.1:8\e'

# --- query: keywords and combinations --------------------------------------------------
bad "query --expect empty" 2 "--expect" query --expect ""
bad "query --expect unknown" 2 "maybe" query --expect maybe
bad "query --expect unknown error name" 2 "NOPE" query --expect error:NOPE
bad "query --expect with an escape" 2 '\e[31m' query --expect $'error:\e[31m'
bad "query --what with an escape" 2 '\e[31m' query --what $'\e[31m'
bad "query --what unknown" 2 "all" query --what all
bad "query --mode unknown" 2 "fast" query --mode fast
# A lone 0x9b is not UTF-8: shown as \x9b natively; Wine hands the program
# U+FFFD in its place.
bad "query --format C1" 2 "--format" query --format $'\x9b'
bad "query --lang unknown" 2 "xx" query --lang xx
bad "query --save empty" 2 "--save" query --save ""
bad "query --self with --port" 2 "--port" query --self --port 80
bad "query --port with --connect" 2 "--connect" query --port 80 --connect 127.0.0.1:80
bad "query --transparent without --port" 2 "--port" query --transparent
bad "query extra argument with an escape" 2 '\e' query $'extra\e'
bad "query unknown option" 2 "--frob" query --frob

# --- doctor -------------------------------------------------------------------------
bad "doctor --format unknown" 2 "xml" doctor --format xml
bad "doctor extra argument" 2 "extra" doctor extra

# --- output that cannot be written -------------------------------------------------------
"${WFP[@]}" errors 10045 >&- 2>"$tmp/err"; rc=$?; : >"$tmp/out"
report "errors with standard output closed" 9 "standard output is closed"
"${WFP[@]}" dump "$tmp/blob.bin" >&- 2>"$tmp/err"; rc=$?
report "dump with standard output closed" 9 "standard output is closed"
if [ -w /dev/full ]; then
  "${WFP[@]}" errors >/dev/full 2>"$tmp/err"; rc=$?
  report "errors to a full disk (/dev/full)" 9 "cannot write"
  "${WFP[@]}" dump "$tmp/blob.bin" >/dev/full 2>"$tmp/err"; rc=$?
  report "dump to a full disk (/dev/full)" 9 "cannot write"
fi
# A pipe whose reader has gone before the program starts: perl makes the pipe,
# closes its read end, and runs the program with stdout on the write end, so
# the first write fails (EPIPE) every time, whatever the machine's load.
closed_pipe() {
  perl -e 'pipe(my $r, my $w) or die; close $r; open(STDOUT, ">&", $w) or die; exec @ARGV' \
    -- "${WFP[@]}" "$@" 2>"$tmp/err"; rc=$?
}
# quiet_end NAME: the run ended as a closed pipe ends (exit 141, README "Exit
# codes"), with nothing on stderr: the reader went away, no error to report.
quiet_end() {
  tried=$((tried + 1))
  if [ "$rc" -eq 141 ] && [ ! -s "$tmp/err" ]; then
    clear=$((clear + 1)); echo "ok   - $1"
  else
    echo "FAIL - $1: rc=$rc, want 141 and an empty stderr; stderr: $(head -c 300 "$tmp/err" | cat -v)"
  fi
}
closed_pipe errors
quiet_end "errors into a closed pipe ends quietly (141)"
closed_pipe dump "$tmp/blob.bin"
quiet_end "dump into a closed pipe ends quietly (141)"
closed_pipe --help
quiet_end "--help into a closed pipe ends quietly (141)"

echo "bad input: tried $tried, clear $clear, crashed $crashed, raw-byte leaks $leaks"
[ "$clear" -eq "$tried" ] && [ "$crashed" -eq 0 ] && [ "$leaks" -eq 0 ]
