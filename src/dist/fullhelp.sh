#!/bin/bash
# Stands in for wfpredir when help2man writes the man page: --help prints the
# top-level help, then each command's (every command `wfpredir help` lists) as
# help2man sections of their own: "Command NAME" (what it does and its
# usage), "NAME options" and "NAME examples" (one example a paragraph), so
# the page documents them all from the same text the program prints (argv[0]
# set to plain "wfpredir").
bin="$1"
shift
if [ "${1:-}" = --version ]; then exec -a wfpredir "$bin" --lang en --version; fi
(exec -a wfpredir "$bin" --lang en --help)
# The commands, as the top-level help lists them (indented names under its
# "Subcommands:" heading).
cmds=$( (exec -a wfpredir "$bin" --lang en --help) | awk '/^[A-Za-z]+:$/ { in_sub = ($0 == "Subcommands:"); next }
                                               in_sub && /^  [a-z]/ { print $1 }')
for sub in $cmds; do
  printf '\n'
  (exec -a wfpredir "$bin" --lang en "$sub" --help) | awk -v cmd="$sub" '
    NR == 1 { print "Command " cmd ":"; print "  " $0; next }
    /^Usage:/ { print "  " $0; next }
    /^[A-Za-z]+:$/ { section = $0; sub(/:$/, "", section); print cmd " " tolower(section) ":"; ex = (section == "Examples"); next }
    /^Example: / { print cmd " example:"; print "  " substr($0, 10); next }
    ex && /^  / { print; print ""; next }
    { print }'
done
