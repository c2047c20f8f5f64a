// The run's language and the lookup of French text by its English key (see
// i18n.h). The tables are merged and sorted once, on first use.
#include "text/i18n.h"

#include <algorithm>
#include <atomic>
#include <vector>

namespace wfpredir {
namespace {

std::atomic<Lang> g_lang{Lang::en};

const std::vector<Phrase>& sorted_phrases() {
  static const std::vector<Phrase> all = [] {
    std::vector<Phrase> v;
    for (auto table : {i18n::fr_query(), i18n::fr_platform(), i18n::fr_doctor(), i18n::fr_cli(),
                       i18n::fr_relay(), i18n::fr_connections(), i18n::fr_conntrack()})
      v.insert(v.end(), table.begin(), table.end());
    std::stable_sort(v.begin(), v.end(),
                     [](const Phrase& a, const Phrase& b) { return a.en < b.en; });
    return v;
  }();
  return all;
}

}  // namespace

void set_language(Lang lang) noexcept { g_lang.store(lang, std::memory_order_relaxed); }
Lang language() noexcept { return g_lang.load(std::memory_order_relaxed); }

std::string_view tr(Lang lang, std::string_view en) {
  if (lang == Lang::en) return en;
  const auto& v = sorted_phrases();
  const auto it = std::lower_bound(
      v.begin(), v.end(), en, [](const Phrase& p, std::string_view key) { return p.en < key; });
  return it != v.end() && it->en == en ? it->fr : en;
}

std::string_view trn(Lang lang, std::string_view en_one, std::string_view en_other,
                     unsigned long n) {
  if (lang != Lang::en)
    for (const PluralPhrase& p : plural_phrases())
      if (p.en_one == en_one && p.en_other == en_other) return n <= 1 ? p.fr_one : p.fr_other;
  return n == 1 ? en_one : en_other;
}

std::span<const Phrase> phrases() { return sorted_phrases(); }
// A handful of entries: read in order, no index needed.
std::span<const PluralPhrase> plural_phrases() { return i18n::fr_query_plurals(); }

}  // namespace wfpredir
