#!/bin/bash
# Stands in for wfpredir when help2man writes the man page: --help prints the
# top-level help followed by every subcommand's, so the page documents them
# all from the same text the program prints (argv[0] set to plain "wfpredir").
bin="$1"
shift
if [ "${1:-}" = --version ]; then exec -a wfpredir "$bin" --version; fi
(exec -a wfpredir "$bin" --help)
for sub in query doctor errors dump; do
  printf '\n'
  (exec -a wfpredir "$bin" "$sub" --help)
done
