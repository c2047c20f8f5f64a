#pragma once
/// \file completion.h
/// Shell completion generated from the CLI11 definition that --help prints
/// (`wfpredir completion bash|zsh|powershell`), so that a new command,
/// option or value cannot be left out of it.

#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace wfpredir::cli {

/// The completion script for \p shell ("bash", "zsh" or "powershell") of
/// every visible command of \p app, its options and their values: the values
/// an option's IsMember check lists, or the words of a type name written
/// "a|b|N" (upper-case words are placeholders; "error:NAME" offers "error:");
/// FILE completes file names and DIR directories.
std::string completion_script(const CLI::App& app, std::string_view shell);

}  // namespace wfpredir::cli
