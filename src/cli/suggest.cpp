// The nearest known name to a mistyped option or command (suggest.h).
#include "cli/suggest.h"

#include <algorithm>
#include <string>

namespace wfpredir::cli {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows: the swap looks two rows back.
  std::vector<std::size_t> back(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], back[j - 2] + 1);
    }
    back.swap(prev);
    prev.swap(cur);
  }
  return prev[b.size()];
}

std::optional<std::string> nearest(std::string_view typed, const std::vector<std::string>& known) {
  if (typed.empty()) return std::nullopt;
  const std::string* prefixed = nullptr;
  int prefixes = 0;
  for (const std::string& k : known)
    if (k.size() > typed.size() && k.starts_with(typed) && typed != "-" && typed != "--")
      prefixed = &k, ++prefixes;
  if (prefixes == 1) return *prefixed;
  const std::string* best = nullptr;
  std::size_t best_d = 0;
  for (const std::string& k : known) {
    const std::size_t d = edit_distance(typed, k);
    if (best == nullptr || d < best_d) best = &k, best_d = d;
  }
  const std::size_t limit = std::max<std::size_t>(2, typed.size() / 3);
  if (best == nullptr || best_d > limit || best_d == 0) return std::nullopt;
  return *best;
}

}  // namespace wfpredir::cli
