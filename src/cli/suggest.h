#pragma once
/// \file suggest.h
/// The nearest known name to a mistyped one ("--prot" -> "--port"), for the
/// usage error that names an unknown option or command. No CLI11 here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wfpredir::cli {

/// Optimal string alignment distance (Levenshtein plus the swap of two
/// neighbouring characters, so "--prot" is 1 from "--port").
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The name of \p known nearest to \p typed: the one that \p typed starts
/// (a prefix such as "--ud" for "--udp", when only one name has it), or
/// else the closest one within a third of its length (at least 2). nullopt
/// when nothing is close enough.
std::optional<std::string> nearest(std::string_view typed, const std::vector<std::string>& known);

}  // namespace wfpredir::cli
