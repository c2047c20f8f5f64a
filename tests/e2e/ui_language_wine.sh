#!/usr/bin/env bash
# Under Wine: with LC_ALL, LC_MESSAGES and LANG unset in the Windows process,
# wfpredir.exe takes its language from GetUserDefaultUILanguage. Wine derives
# the UI language from the Unix locale it starts in, and only from a locale
# the host has compiled: this script compiles fr_FR.UTF-8 into a private
# directory (LOCPATH), starts Wine in it, and unsets LANG and LOCPATH inside
# the Windows process (cmd's `set LANG=`) before wfpredir.exe runs.
# Usage: ui_language_wine.sh WINE-RUNNER... WFPREDIR.EXE
# Exits 125 (skipped) without localedef or the fr_FR locale source.
set -u
source "$(dirname "$0")/wine_lib.sh"
wine_lib_init ui_language_wine.sh "$@" -- localedef
[ ${#WFP[@]} -ge 2 ] || { echo "usage: ui_language_wine.sh WINE-RUNNER... WFPREDIR.EXE"; exit 2; }
RUNNER=("${WFP[@]:0:${#WFP[@]}-1}")
exe=${WFP[-1]}
if [ ! -f /usr/share/i18n/locales/fr_FR ]; then
  echo "skipped: needs /usr/share/i18n/locales/fr_FR (Debian: locales)"
  exit 125
fi
localedef -i fr_FR -f UTF-8 "$tmp/fr_FR.UTF-8" >/dev/null 2>&1 || true
[ -d "$tmp/fr_FR.UTF-8" ] || { echo "FAIL - localedef could not compile fr_FR.UTF-8"; exit 1; }
winexe="Z:$(echo "$exe" | tr / '\\')"

# wine_in LOCALE INSIDE... : Wine started in LOCALE; INSIDE is run by cmd
# after LANG and LOCPATH are removed from the Windows environment.
wine_in() {
  local locale=$1; shift
  env -u LC_ALL -u LC_MESSAGES LOCPATH="$tmp" LANG="$locale" "${RUNNER[@]}" cmd /c \
    "set LANG=&& set LOCPATH=&& $*" 2>&1 | tr -d '\r'
}

# French labels put a no-break space before the colon (the lint asks for it).
nb=$'\u00a0'
out=$(wine_in fr_FR.UTF-8 "(set LANG & $winexe errors 10045)")
if echo "$out" | grep -q "^  signification${nb}: " && ! echo "$out" | grep -q "^LANG="; then
  ok "Wine in fr_FR, no locale variable in the process: French from the UI language"
else
  fail "French from the UI language: $out"
fi
# english NAME LOCALE INSIDE: what INSIDE prints, Wine started in LOCALE, is English.
english() {
  local name=$1; shift
  out=$(wine_in "$@")
  if echo "$out" | grep -q "^  meaning: "; then ok "$name"; else fail "$name: $out"; fi
}
english "Wine in C.UTF-8: English" C.UTF-8 "$winexe errors 10045"
english "LANG=en_US in the process wins over a French UI" \
  fr_FR.UTF-8 "set LANG=en_US.UTF-8&& $winexe errors 10045"
english "--lang en wins over a French UI" fr_FR.UTF-8 "$winexe errors 10045 --lang en"
wine_lib_end
