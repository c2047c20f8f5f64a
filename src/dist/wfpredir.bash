# bash completion for wfpredir (installed by the .deb as
# /usr/share/bash-completion/completions/wfpredir).
_wfpredir() {
  local cur prev words cword
  _init_completion || return
  local common="--format -j --lang --color --help"
  local sub="" i
  for ((i = 1; i < cword; i++)); do
    case "${words[i]}" in
      errors | dump | query | doctor | relay | connections | help) sub="${words[i]}"; break ;;
    esac
  done
  case "$prev" in
    --format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
    --lang) COMPREPLY=($(compgen -W "en fr" -- "$cur")); return ;;
    --what) COMPREPLY=($(compgen -W "records context both" -- "$cur")); return ;;
    --mode) COMPREPLY=($(compgen -W "sync event apc all" -- "$cur")); return ;;
    --buffer) COMPREPLY=($(compgen -W "auto probe 1024 2048 8192" -- "$cur")); return ;;
    --expect) COMPREPLY=($(compgen -W "redirected not-redirected error:" -- "$cur")); return ;;
    --set) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --save) _filedir -d; return ;;
    --port | -p | --bind | --connect | --count | -c | --timeout | -t | --io-timeout | --mark | --to) return ;;
  esac
  case "$sub" in
    "") COMPREPLY=($(compgen -W "errors dump query doctor relay connections help --version --help" -- "$cur")) ;;
    help) COMPREPLY=($(compgen -W "errors dump query doctor relay connections" -- "$cur")) ;;
    errors) COMPREPLY=($(compgen -W "$common --domain WSAEOPNOTSUPP WSAEINVAL WSAEFAULT ERROR_INSUFFICIENT_BUFFER ENOENT ENOPROTOOPT" -- "$cur")) ;;
    dump)
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$common --decode" -- "$cur")); else _filedir; fi ;;
    query)
      COMPREPLY=($(compgen -W "$common --self --port --bind --connect --transparent --count --timeout --what --mode \
        --buffer --io-timeout --save --expect --trace --quiet" -- "$cur")) ;;
    doctor) COMPREPLY=($(compgen -W "$common" -- "$cur")) ;;
    connections) COMPREPLY=($(compgen -W "$common --port --pid --confirm" -- "$cur")) ;;
    relay)
      COMPREPLY=($(compgen -W "$common --port --bind --transparent --to --count --timeout --set --strict --mark \
        --what --mode --buffer --io-timeout --save --expect --trace" -- "$cur")) ;;
  esac
}
complete -F _wfpredir wfpredir
