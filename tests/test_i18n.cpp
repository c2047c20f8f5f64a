// Unit tests for the French tables (src/text/i18n.h): every English entry has
// a French one that differs and takes the same arguments, and tr()/trf()
// follow the language.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <set>
#include <string>

#include "text/i18n.h"

using wfpredir::Lang;
using wfpredir::Phrase;

namespace {

// The replacement fields of an fmt template, as "index:spec" in argument
// order ("{}" is the next index, "{1}" index 1), so that "{} a {}" and
// "{1} b {0}" compare unequal and "{0} x {1}" equal to the first.
std::multiset<std::string> fields(std::string_view t) {
  std::multiset<std::string> out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && i + 1 < t.size() && t[i + 1] == '{') {
      ++i;
      continue;
    }
    if (t[i] != '{') continue;
    const std::size_t end = t.find('}', i);
    REQUIRE(end != std::string_view::npos);
    const std::string_view inside = t.substr(i + 1, end - i - 1);
    const std::size_t colon = inside.find(':');
    const std::string_view index = inside.substr(0, colon);
    const std::string spec(colon == std::string_view::npos ? "" : inside.substr(colon));
    out.insert((index.empty() ? std::to_string(next++) : std::string(index)) + spec);
    i = end;
  }
  return out;
}

}  // namespace

TEST_CASE("every English entry has a French one that differs", "[i18n]") {
  const auto all = wfpredir::phrases();
  REQUIRE(all.size() > 300);
  std::set<std::string_view> seen;
  for (const Phrase& p : all) {
    INFO(p.en);
    CHECK(!p.en.empty());
    CHECK(!p.fr.empty());
    CHECK(p.fr != p.en);
    CHECK(seen.insert(p.en).second);  // one entry per English text
  }
}

TEST_CASE("each French template takes the same arguments as its English one", "[i18n]") {
  for (const Phrase& p : wfpredir::phrases()) {
    INFO(p.en << " / " << p.fr);
    CHECK(fields(p.fr) == fields(p.en));
  }
}

TEST_CASE("fields() reads indices and specs", "[i18n]") {
  CHECK(fields("{} a {:.1f}") == std::multiset<std::string>{"0", "1:.1f"});
  CHECK(fields("{1:.1f} b {0}") == std::multiset<std::string>{"0", "1:.1f"});
  CHECK(fields("{{literal}} {:#x}") == std::multiset<std::string>{"0:#x"});
}

TEST_CASE("tr and trf follow the language", "[i18n]") {
  CHECK(wfpredir::tr(Lang::en, "verdict: ") == "verdict: ");
  CHECK(wfpredir::tr(Lang::fr, "verdict: ") == "verdict\u00a0: ");
  CHECK(wfpredir::tr(Lang::fr, "not-redirected") == "non redirigée");
  CHECK(wfpredir::trf(Lang::fr, "{} bytes", 24) == "24 octets");
  // A text without an entry is printed as it is (i18n/lint.py keeps the
  // sources from relying on that).
  CHECK(wfpredir::tr(Lang::fr, "no such entry") == "no such entry");
  const Lang before = wfpredir::language();
  wfpredir::set_language(Lang::fr);
  CHECK(wfpredir::tr("skipped") == "ignorée");
  wfpredir::set_language(Lang::en);
  CHECK(wfpredir::tr("skipped") == "skipped");
  wfpredir::set_language(before);
}

TEST_CASE("trn picks the form for the count: English 1, French 0 and 1 singular", "[i18n]") {
  using wfpredir::trn;
  CHECK(trn(Lang::en, "unknown", "unknown", 2) == "unknown");
  CHECK(trn(Lang::fr, "unknown", "unknown", 0) == "indéterminée");
  CHECK(trn(Lang::fr, "unknown", "unknown", 1) == "indéterminée");
  CHECK(trn(Lang::fr, "unknown", "unknown", 2) == "indéterminées");
  CHECK(trn(Lang::fr, "unsupported", "unsupported", 3) == "non prises en charge");
  // English picks by the count even without an entry; so does the fallback.
  CHECK(trn(Lang::en, "file", "files", 1) == "file");
  CHECK(trn(Lang::en, "file", "files", 0) == "files");
  CHECK(trn(Lang::fr, "file", "files", 1) == "file");
  CHECK(trn(Lang::fr, "file", "files", 2) == "files");
  // The key is the pair: one English form alone finds nothing.
  CHECK(trn(Lang::fr, "unknown", "unknowns", 2) == "unknowns");
}

TEST_CASE("every counted word has four forms, one entry, and the singular table's French",
          "[i18n]") {
  const auto all = wfpredir::plural_phrases();
  REQUIRE(all.size() >= 4);
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (const wfpredir::PluralPhrase& p : all) {
    INFO(p.en_one << " / " << p.en_other);
    CHECK(!p.en_one.empty());
    CHECK(!p.en_other.empty());
    CHECK(!p.fr_one.empty());
    CHECK(!p.fr_other.empty());
    CHECK(p.fr_one != p.fr_other);
    CHECK(seen.insert({p.en_one, p.en_other}).second);
    // Where the English singular is also a plain entry (a verdict in the
    // report), both say it the same way.
    const std::string_view plain = wfpredir::tr(Lang::fr, p.en_one);
    if (plain != p.en_one) CHECK(plain == p.fr_one);
  }
}
