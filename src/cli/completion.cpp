// Shell completion scripts written from the CLI11 definition (completion.h):
// the app is read into a plain model first, then each shell's script is
// written from the model.
#include "cli/completion.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace wfpredir::cli {
namespace {

enum class ValueKind { none, free, words, file, dir };

struct Arg {
  std::vector<std::string> names;  // "--port", "-p"; empty for a positional
  ValueKind kind = ValueKind::none;
  std::vector<std::string> words;  // kind == words
  std::string help;                // the first sentence, plain
};

struct Command {
  std::string name;  // empty: the top level
  std::string help;
  std::vector<Arg> options;
  std::optional<Arg> positional;
};

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(sep, start), text.size());
    parts.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// A help text cut to its first clause, without the characters the shells'
// quoting would have to escape.
std::string plain(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n' || c == '(' || c == ';') break;
    if (c == '[' || c == ']' || c == ':' || c == '\'' || c == '"' || c == '`' || c == '$' ||
        c == '\\')
      continue;
    out += c;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ',')) out.pop_back();
  return out;
}

Arg arg_of(const CLI::Option& o) {
  Arg a;
  for (const std::string& l : o.get_lnames()) a.names.push_back("--" + l);
  for (const std::string& s : o.get_snames()) a.names.push_back("-" + s);
  a.help = plain(o.get_description());
  if (o.get_expected_max() == 0) return a;  // a flag
  a.kind = ValueKind::free;
  // The type name carries each check's description after a ':', and IsMember
  // describes itself as "{a,b,c}".
  const std::string type = o.get_type_name();
  if (const auto open = type.find('{'); open != std::string::npos && type.back() == '}') {
    a.kind = ValueKind::words;
    a.words = split(std::string_view(type).substr(open + 1, type.size() - open - 2), ',');
    return a;
  }
  if (type == "FILE") a.kind = ValueKind::file;
  if (type == "DIR") a.kind = ValueKind::dir;
  if (type.find('|') != std::string::npos) {
    for (std::string w : split(type, '|')) {
      if (const auto colon = w.find(':'); colon != std::string::npos) w.erase(colon + 1);
      if (std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        a.words.push_back(w);
    }
    a.kind = ValueKind::words;
  }
  return a;
}

Command command_of(const CLI::App& app, bool top) {
  Command c;
  if (!top) c.name = app.get_name();
  c.help = plain(app.get_description());
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_positional()) {
      c.positional = arg_of(*o);
      c.positional->names.clear();
    } else {
      c.options.push_back(arg_of(*o));
    }
  }
  return c;
}

std::vector<Command> model(const CLI::App& app) {
  std::vector<Command> all{command_of(app, true)};
  for (const CLI::App* sub : app.get_subcommands({}))
    if (!sub->get_group().empty()) all.push_back(command_of(*sub, false));
  return all;
}

std::string joined(const std::vector<std::string>& words) {
  return fmt::format("{}", fmt::join(words, " "));
}

std::vector<std::string> all_names(const Command& c) {
  std::vector<std::string> names;
  for (const Arg& a : c.options) names.insert(names.end(), a.names.begin(), a.names.end());
  return names;
}

// --- bash ------------------------------------------------------------------------

std::string action_bash(const Arg& a) {
  switch (a.kind) {
    case ValueKind::words:
      return fmt::format("COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))", joined(a.words));
    case ValueKind::file:
      return "_filedir";
    case ValueKind::dir:
      return "_filedir -d";
    default:
      return ":";
  }
}

std::string bash(const std::vector<Command>& cmds) {
  std::vector<std::string> names;
  for (const Command& c : cmds)
    if (!c.name.empty()) names.push_back(c.name);
  std::string s =
      "# bash completion for wfpredir, written by `wfpredir completion bash` from the\n"
      "# definition --help prints.\n"
      "_wfpredir() {\n"
      "  local cur prev words cword\n"
      "  _init_completion || return\n"
      "  local cmd=\"\" i\n"
      "  for ((i = 1; i < cword; i++)); do\n"
      "    case \"${words[i]}\" in\n";
  // Skip the values of the top level's options while looking for the command.
  std::vector<std::string> valued;
  for (const Arg& a : cmds.front().options)
    if (a.kind != ValueKind::none) valued.insert(valued.end(), a.names.begin(), a.names.end());
  s += fmt::format("      {}) ((i++)) ;;\n", fmt::join(valued, " | "));
  s += fmt::format("      {}) cmd=\"${{words[i]}}\"; break ;;\n", fmt::join(names, " | "));
  s += "    esac\n  done\n  case \"$cmd\" in\n";
  for (const Command& c : cmds) {
    s += fmt::format("    \"{}\")\n      case \"$prev\" in\n", c.name);
    for (const Arg& a : c.options)
      if (a.kind != ValueKind::none)
        s += fmt::format("        {}) {}; return ;;\n", fmt::join(a.names, " | "), action_bash(a));
    s += "      esac\n";
    std::string words = joined(all_names(c)) + " --help";
    if (c.name.empty()) words += " " + joined(names);
    s += "      if [[ \"$cur\" == -* ]]; then\n";
    s += fmt::format("        COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))\n", words);
    if (c.name.empty()) {
      s += fmt::format(
          "      elif [ -z \"$cmd\" ]; then\n        COMPREPLY=($(compgen -W \"{}\" -- "
          "\"$cur\"))\n",
          joined(names));
    } else if (c.positional && c.positional->kind != ValueKind::free) {
      s += fmt::format("      else\n        {}\n", action_bash(*c.positional));
    }
    s += "      fi ;;\n";
  }
  s += "  esac\n}\ncomplete -F _wfpredir wfpredir wfpredir.exe\n";
  return s;
}

// --- zsh -------------------------------------------------------------------------

std::string action_zsh(const Arg& a) {
  switch (a.kind) {
    case ValueKind::words:
      return fmt::format(":value:({})", joined(a.words));
    case ValueKind::file:
      return ":file:_files";
    case ValueKind::dir:
      return ":directory:_files -/";
    case ValueKind::free:
      return ":value: ";
    default:
      return "";
  }
}

std::string zsh_specs(const Command& c, std::string_view indent) {
  std::string s;
  for (const Arg& a : c.options)
    for (const std::string& n : a.names)
      s += fmt::format("{}'{}[{}]{}' \\\n", indent, n, a.help, action_zsh(a));
  s += fmt::format("{}'(-h --help)'{{-h,--help}}'[Print the help]' \\\n", indent);
  return s;
}

std::string zsh(const std::vector<Command>& cmds) {
  std::string s =
      "#compdef wfpredir\n"
      "# zsh completion for wfpredir, written by `wfpredir completion zsh` from the\n"
      "# definition --help prints.\n"
      "_wfpredir() {\n"
      "  local curcontext=\"$curcontext\" state line\n"
      "  typeset -A opt_args\n"
      "  _arguments -C \\\n";
  s += zsh_specs(cmds.front(), "    ");
  s += "    '1:command:->command' \\\n    '*::argument:->argument'\n";
  s += "  case $state in\n    command)\n      local -a commands=(\n";
  for (const Command& c : cmds)
    if (!c.name.empty()) s += fmt::format("        '{}:{}'\n", c.name, c.help);
  s += "      )\n      _describe -t commands command commands ;;\n";
  s += "    argument)\n      case $line[1] in\n";
  for (const Command& c : cmds) {
    if (c.name.empty()) continue;
    s += fmt::format("        {})\n          _arguments \\\n", c.name);
    s += zsh_specs(c, "            ");
    if (c.positional) {
      std::string action = action_zsh(*c.positional);
      if (action.empty() || c.positional->kind == ValueKind::free) action = ":value: ";
      s += fmt::format("            '*{}'", action);
    } else {
      s += "            ";
    }
    s += " ;;\n";
  }
  s += "      esac ;;\n  esac\n}\n_wfpredir \"$@\"\n";
  return s;
}

// --- PowerShell ------------------------------------------------------------------

std::string ps_list(const std::vector<std::string>& words) {
  std::vector<std::string> quoted;
  for (const std::string& w : words) quoted.push_back("'" + w + "'");
  return "@(" + fmt::format("{}", fmt::join(quoted, ", ")) + ")";
}

std::string powershell(const std::vector<Command>& cmds) {
  std::vector<std::string> names;
  for (const Command& c : cmds)
    if (!c.name.empty()) names.push_back(c.name);
  std::string s =
      "# PowerShell completion for wfpredir, written by `wfpredir completion powershell`\n"
      "# from the definition --help prints. Load it with: . .\\wfpredir.ps1\n"
      "$wfpredirCompletion = @{\n";
  for (const Command& c : cmds) {
    s += fmt::format("  '{}' = @{{\n    Options = {}\n    Values = @{{\n", c.name, ps_list([&] {
                       auto v = all_names(c);
                       v.push_back("--help");
                       return v;
                     }()));
    for (const Arg& a : c.options)
      if (a.kind != ValueKind::none)
        for (const std::string& n : a.names)
          s += fmt::format("      '{}' = {}\n", n, ps_list(a.words));
    s += "    }\n";
    if (c.name.empty())
      s += fmt::format("    Positional = {}\n", ps_list(names));
    else if (c.positional && c.positional->kind == ValueKind::words)
      s += fmt::format("    Positional = {}\n", ps_list(c.positional->words));
    else
      s += "    Positional = @()\n";
    s += "  }\n";
  }
  s += "}\n";
  s += R"(Register-ArgumentCompleter -Native -CommandName wfpredir, wfpredir.exe -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $tokens = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
  if ($wordToComplete -ne '' -and $tokens.Count -gt 0) { $tokens = @($tokens[0..($tokens.Count - 2)]) }
  $command = ''
  $skip = $false
  foreach ($t in $tokens) {
    if ($skip) { $skip = $false; continue }
    if ($wfpredirCompletion[''].Values.ContainsKey($t)) { $skip = $true; continue }
    if ($wfpredirCompletion.ContainsKey($t) -and $t -ne '') { $command = $t; break }
  }
  $entry = $wfpredirCompletion[$command]
  $prev = if ($tokens.Count -gt 0) { $tokens[-1] } else { '' }
  if ($entry.Values.ContainsKey($prev)) {
    $candidates = $entry.Values[$prev]
  } elseif ($wordToComplete.StartsWith('-')) {
    $candidates = $entry.Options
  } else {
    $candidates = $entry.Positional
  }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
)";
  return s;
}

}  // namespace

std::string completion_script(const CLI::App& app, std::string_view shell) {
  const std::vector<Command> cmds = model(app);
  if (shell == "zsh") return zsh(cmds);
  if (shell == "powershell") return powershell(cmds);
  return bash(cmds);
}

}  // namespace wfpredir::cli
