#!/usr/bin/env bash
# finding: no shell32 (and no user32) in wfpredir.exe's import table. A console
# process that loads user32/gdi32 or calls Shell functions does not receive
# CTRL_LOGOFF_EVENT / CTRL_SHUTDOWN_EVENT (SetConsoleCtrlHandler's page;
# docs/winsock-contract.md#console-events).
#   imports_win32.sh path/to/wfpredir.exe [objdump]
set -euo pipefail
exe=$1
objdump=${2:-}
if [ -z "$objdump" ]; then
  for o in x86_64-w64-mingw32-objdump objdump; do
    command -v "$o" >/dev/null && { objdump=$o; break; }
  done
fi
if [ -z "$objdump" ]; then
  echo "imports_win32: no objdump" >&2
  [ "${CI:-}" = true ] && exit 1
  exit 125
fi
dlls=$("$objdump" -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr '[:lower:]' '[:upper:]')
[ -n "$dlls" ] || { echo "imports_win32: no import table read from $exe" >&2; exit 1; }
echo "imports: $(echo $dlls)"
bad=0
for forbidden in SHELL32.DLL USER32.DLL GDI32.DLL; do
  if grep -qx "$forbidden" <<<"$dlls"; then
    echo "imports_win32: $exe imports $forbidden" >&2
    bad=1
  fi
done
exit $bad
