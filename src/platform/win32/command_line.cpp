// The command line split by the documented rules (command_line.h).
#include "platform/win32/command_line.h"

namespace wfpredir::win32 {
namespace {

bool blank(wchar_t c) { return c == L' ' || c == L'\t'; }

}  // namespace

std::vector<std::wstring> split_command_line(std::wstring_view line) {
  std::vector<std::wstring> out;
  std::size_t i = 0;
  const std::size_t n = line.size();
  // The program name: quotes only group, backslashes are plain characters.
  std::wstring program;
  for (bool quoted = false; i < n && (quoted || !blank(line[i])); ++i) {
    if (line[i] == L'"')
      quoted = !quoted;
    else
      program += line[i];
  }
  out.push_back(std::move(program));
  for (;;) {
    while (i < n && blank(line[i])) ++i;
    if (i >= n) break;
    std::wstring arg;
    bool quoted = false;
    while (i < n && (quoted || !blank(line[i]))) {
      if (line[i] == L'\\') {
        std::size_t run = 0;
        while (i < n && line[i] == L'\\') ++run, ++i;
        if (i < n && line[i] == L'"') {
          arg.append(run / 2, L'\\');
          if (run % 2 == 1) {
            arg += L'"';
            ++i;
          }
        } else {
          arg.append(run, L'\\');
        }
      } else if (line[i] == L'"') {
        if (quoted && i + 1 < n && line[i + 1] == L'"') {
          arg += L'"';
          i += 2;
          quoted = false;
        } else {
          quoted = !quoted;
          ++i;
        }
      } else {
        arg += line[i++];
      }
    }
    out.push_back(std::move(arg));
  }
  return out;
}

}  // namespace wfpredir::win32
