#pragma once
/// \file i18n.h
/// The language of every sentence and label the tool prints. The English text
/// is the key (as gettext's msgid): a call site writes its English sentence or
/// fmt template and gets the French one from the tables in i18n_fr_*.cpp when
/// the language is French. Tokens for scripts (JSON keys, enum values, error
/// names) never go through here.

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "text/language.h"

namespace wfpredir {

/// Sets the language of the whole run; the CLI calls it once, before
/// building anything that prints (CLI11's help text included).
void set_language(Lang lang) noexcept;
Lang language() noexcept;

/// \p en in \p lang: the French entry for \p en, or \p en itself in English
/// and when the tables have no entry (tests/i18n/lint.py keeps that from happening).
std::string_view tr(Lang lang, std::string_view en);
/// tr() in the run's language.
inline std::string_view tr(std::string_view en) { return tr(language(), en); }

/// fmt::format of the translated template: the French template may use the
/// arguments in another order ({1} before {0}).
template <class... A>
std::string trf(Lang lang, std::string_view en, A&&... args) {
  return fmt::format(fmt::runtime(tr(lang, en)), std::forward<A>(args)...);
}
template <class... A>
std::string trf(std::string_view en, A&&... args) {
  return trf(language(), en, std::forward<A>(args)...);
}

/// A counted word in \p lang, keyed by its two English forms: in English
/// \p en_one when \p n is 1, else \p en_other; in French the entry for that
/// pair, singular for 0 and 1 (French counts 0 as singular), plural from 2.
/// The English form when the tables have no entry (i18n lint keeps that from
/// happening).
std::string_view trn(Lang lang, std::string_view en_one, std::string_view en_other,
                     unsigned long n);

/// One English sentence, label or template and its French.
struct Phrase {
  std::string_view en, fr;
};

/// A counted word: its English singular and plural (the key), and its French.
struct PluralPhrase {
  std::string_view en_one, en_other, fr_one, fr_other;
};

/// Every entry of the tables, in no particular order (for the tests).
std::span<const Phrase> phrases();
/// Every counted word of the tables (for the tests).
std::span<const PluralPhrase> plural_phrases();

namespace i18n {
// The tables, one per area, each in its own file.
std::span<const Phrase> fr_query();
std::span<const Phrase> fr_platform();
std::span<const Phrase> fr_doctor();
std::span<const Phrase> fr_cli();
std::span<const PluralPhrase> fr_query_plurals();
std::span<const Phrase> fr_relay();        ///< `query --udp` and `relay`
std::span<const Phrase> fr_connections();  ///< `connections`
std::span<const Phrase> fr_conntrack();    ///< the conntrack evidence and its verdict rules
}  // namespace i18n

}  // namespace wfpredir
