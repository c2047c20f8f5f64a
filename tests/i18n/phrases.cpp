// Prints the English phrases that must not appear in `--lang fr` output, one
// per line, for tests/e2e/french.sh (grep -F -f). They are collected from the
// tables, not chosen by hand: every English entry of the i18n tables and every
// English meaning and hint of the error catalog, cut into runs of three words
// (so a wrapped line still matches), with placeholders as cuts. A run that
// also occurs in some French text (a token, a command, a name) is left out.
#include <fmt/format.h>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "text/catalog.h"
#include "text/i18n.h"

namespace {

using wfpredir::ErrorContext;
using wfpredir::ErrorDomain;
using wfpredir::Lang;

struct Pair {
  std::string en, fr;
};

// The pieces of a template between its replacement fields and line breaks.
std::vector<std::string> segments(std::string_view text) {
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const std::size_t end = text.find('}', i);
      if (end == std::string_view::npos) break;
      i = end;
      out.emplace_back();
    } else if (text[i] == '\n') {
      out.emplace_back();
    } else {
      out.back() += text[i];
    }
  }
  return out;
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s + " ") {
    if (c == ' ') {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  return out;
}

bool has_letters(const std::string& s, std::size_t n) {
  std::size_t letters = 0;
  for (unsigned char c : s) letters += std::isalpha(c) != 0;
  return letters >= n;
}

}  // namespace

int main() {
  std::vector<Pair> pairs;
  for (const wfpredir::Phrase& p : wfpredir::phrases())
    pairs.push_back({std::string(p.en), std::string(p.fr)});
  // The catalog in every context it is read in: documented codes, the
  // original-destination table, undocumented and Linux codes.
  std::vector<std::pair<ErrorDomain, int>> codes = {
      {ErrorDomain::windows, 1},     {ErrorDomain::posix, 2},      {ErrorDomain::posix, 92},
      {ErrorDomain::posix, 22},      {ErrorDomain::posix, 107},    {ErrorDomain::windows, 10022},
      {ErrorDomain::windows, 10042}, {ErrorDomain::windows, 10014}};
  for (const wfpredir::DocumentedError& d : wfpredir::documented_errors())
    codes.emplace_back(ErrorDomain::windows, d.code);
  for (auto [domain, code] : codes)
    for (ErrorContext context : {ErrorContext::control_code, ErrorContext::context_code,
                                 ErrorContext::original_dst, ErrorContext::socket_call}) {
      const auto en = wfpredir::explain(domain, code, Lang::en, context);
      const auto fr = wfpredir::explain(domain, code, Lang::fr, context);
      pairs.push_back({en.meaning, fr.meaning});
      pairs.push_back({en.hint, fr.hint});
    }

  std::string all_french;
  for (const Pair& p : pairs) all_french += p.fr + "\n";

  std::set<std::string> out;
  for (const Pair& p : pairs) {
    for (const std::string& segment : segments(p.en)) {
      const std::vector<std::string> w = words(segment);
      std::vector<std::string> runs;
      if (w.size() < 3) {
        std::string whole;
        for (const std::string& x : w) whole += (whole.empty() ? "" : " ") + x;
        // A lone label ("skipped", "held") is kept only when it is a real
        // word, not punctuation or a number.
        if (has_letters(whole, 4)) runs.push_back(whole);
      } else {
        for (std::size_t i = 0; i + 3 <= w.size(); ++i)
          runs.push_back(w[i] + " " + w[i + 1] + " " + w[i + 2]);
      }
      for (const std::string& r : runs)
        if (has_letters(r, 4) && all_french.find(r) == std::string::npos) out.insert(r);
    }
  }
  for (const std::string& r : out) fmt::print("{}\n", r);
  return 0;
}
