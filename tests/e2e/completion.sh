#!/usr/bin/env bash
# Shell completion written by `wfpredir completion bash|zsh|powershell` from the
# CLI definition --help prints: bash's is run through bash-completion's
# _command_offset (as a user's TAB runs it) for every command, option and
# enumerated value; every option each command's --help lists must be offered.
# zsh's is parsed by zsh and its entries read; PowerShell's is read (and run
# when pwsh is installed). Usage: completion.sh WFPREDIR-COMMAND...
set -u
WFP=("$@")
[ ${#WFP[@]} -gt 0 ] || { echo "usage: completion.sh WFPREDIR-COMMAND..."; exit 2; }
bc=/usr/share/bash-completion/bash_completion
if [ ! -f "$bc" ]; then
  echo "completion.sh needs bash-completion ($bc)"
  [ "${CI:-}" = true ] && exit 1
  exit 125
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok()   { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

for shell in bash zsh powershell; do
  "${WFP[@]}" completion $shell >"$tmp/$shell" 2>"$tmp/err" || fail "completion $shell exits 0 ($(cat "$tmp/err"))"
done
[ -s "$tmp/bash" ] && ok "completion bash writes a script" || fail "completion bash writes a script"

# shellcheck disable=SC1090
source "$bc"
source "$tmp/bash"
mkdir -p "$tmp/here/captures"
touch "$tmp/here/blob.bin"

# comp WORD...: what TAB offers after `wfpredir WORD...` (the last word is the
# one being completed), one per line, sorted.
comp() {
  COMP_WORDS=(wfpredir "$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="${COMP_WORDS[*]}"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _command_offset 0
  printf '%s\n' "${COMPREPLY[@]}" | sort -u
}
# offers NAME WANT WORD...: TAB after WORD... offers WANT (a word)
offers() {
  local name=$1 want=$2; shift 2
  if comp "$@" | grep -qxF -- "$want"; then ok "$name"; else fail "$name (got: $(comp "$@" | tr '\n' ' '))"; fi
}
# exactly NAME WANT WORD...: TAB offers exactly WANT (space-separated, sorted)
exactly() {
  local name=$1 want=$2; shift 2
  local got; got=$(comp "$@" | tr '\n' ' ' | sed 's/ $//')
  if [ "$got" = "$want" ]; then ok "$name"; else fail "$name (got: '$got', want '$want')"; fi
}

exactly "wfpredir <TAB>: the commands (completion stays hidden)" "connections doctor dump errors help query relay" ""
offers "query --ud<TAB>: --udp" --udp query --ud
offers "wfpredir --c<TAB>: --color" --color --c
offers "wfpredir --v<TAB>: --version" --version --v
offers "relay -<TAB>: -p" -p relay -
exactly "errors --domain <TAB>: windows posix" "posix windows" errors --domain ""
exactly "--format <TAB>" "json text" query --format ""
exactly "global --format <TAB>" "json text" --format ""
exactly "--mode <TAB>" "all apc event sync" query --mode ""
exactly "--what <TAB>" "both context records" relay --what ""
exactly "--buffer <TAB>" "auto probe" query --buffer ""
exactly "--color <TAB>" "always auto never" doctor --color ""
exactly "--lang <TAB>" "en fr" errors --lang ""
exactly "relay --set <TAB>" "always auto never" relay --set ""
exactly "query --expect <TAB>" "error: not-redirected redirected" query --expect ""
exactly "query --port <TAB>: a number, nothing offered" "" query --port ""
exactly "help <TAB>: the commands" "connections doctor dump errors help query relay" help ""
offers "dump <TAB>: file names" "$tmp/here/blob.bin" dump "$tmp/here/b"
exactly "query --save <TAB>: directories" "$tmp/here/captures" query --save "$tmp/here/"
offers "a global option's value is skipped: --lang fr query --m<TAB>" --mode --lang fr query --m

# Every option that a command's --help lists is offered after the command.
for sub in "" errors dump query doctor relay help; do
  # shellcheck disable=SC2086
  "${WFP[@]}" $sub --help >"$tmp/help" 2>&1
  # The option column: an indented line's text before its first double space.
  names=$(grep -E '^ +-' "$tmp/help" | sed -E 's/^ +//; s/  .*//' |
          grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z-]*' | tr -d ' ,' | sort -u)
  [ -n "$names" ] || fail "${sub:-top level}: no option found in --help"
  missing=""
  for n in $names; do
    # shellcheck disable=SC2086
    comp $sub "${n:0:2}" | grep -qxF -- "$n" || missing+=" $n"
  done
  if [ -z "$missing" ]; then ok "${sub:-top level}: every option of --help is offered ($(echo $names | wc -w))"
  else fail "${sub:-top level}: not offered:$missing"; fi
done

# zsh: the script parses, and lists every option of every command.
if command -v zsh >/dev/null; then
  if zsh -n "$tmp/zsh" 2>"$tmp/err"; then ok "zsh: the script parses"; else fail "zsh: $(cat "$tmp/err")"; fi
  head -n 1 "$tmp/zsh" | grep -qx '#compdef wfpredir' && ok "zsh: #compdef wfpredir" || fail "zsh: no #compdef line"
  grep -qF "'--domain[" "$tmp/zsh" && grep -qF "(windows posix)" "$tmp/zsh" &&
    ok "zsh: errors --domain offers windows posix" || fail "zsh: errors --domain values"
  grep -qF "'--udp[" "$tmp/zsh" && ok "zsh: query --udp" || fail "zsh: query --udp missing"
else
  echo "skip - zsh not installed"
fi

# PowerShell: the table holds every command and the enumerated values.
grep -q 'Register-ArgumentCompleter -Native -CommandName wfpredir, wfpredir.exe' "$tmp/powershell" &&
  ok "powershell: registers a native completer" || fail "powershell: no Register-ArgumentCompleter"
for want in "'relay' = @{" "'--domain' = @('windows', 'posix')" "'--mode' = @('sync', 'event', 'apc', 'all')"; do
  grep -qF -- "$want" "$tmp/powershell" && ok "powershell: $want" || fail "powershell: lacks $want"
done
if command -v pwsh >/dev/null; then
  got=$(pwsh -NoProfile -Command ". '$tmp/powershell'; (TabExpansion2 -inputScript 'wfpredir errors --domain ' -cursorColumn 25).CompletionMatches.CompletionText -join ' '")
  [ "$got" = "windows posix" ] && ok "pwsh: errors --domain <TAB>" || fail "pwsh: errors --domain <TAB> gave '$got'"
else
  echo "skip - pwsh not installed: the PowerShell script is read, not run"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
