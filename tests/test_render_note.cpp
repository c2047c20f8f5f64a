// A call record's notes as values (model/note.h), worded only by
// render/render_note.h in the run's language.
#include <catch2/catch.hpp>

#include <string>

#include "model/note.h"
#include "model/report.h"
#include "render/render.h"
#include "render/render_note.h"
#include "support.h"
#include "text/i18n.h"

using namespace wfpredir;
using wfpredir::test::ep;

TEST_CASE("every note kind has its phrase, in French through the catalog", "[note][i18n]") {
  // The platform names a kind; its phrase is written once, in
  // render_note.cpp. Reworded there without its French entry, the French
  // stays English and this fails (as does tests/i18n/lint.py).
  for (int i = 1; i < static_cast<int>(NoteKind::count); ++i) {
    const auto kind = static_cast<NoteKind>(i);
    // The structures' own field names and a number: the same in every language.
    if (kind == NoteKind::msg_flags || kind == NoteKind::wsamsg_fields) continue;
    const Note n{kind, 7, 8, 1, ep("10.0.0.5:80")};
    const std::string en = note_text(n, Lang::en);
    const std::string fr = note_text(n, Lang::fr);
    INFO("kind " << i << ": " << en);
    CHECK_FALSE(en.empty());
    CHECK(fr != en);
  }
}

TEST_CASE("a note's facts are filled in where its phrase cites them", "[note]") {
  CHECK(note_text(note(NoteKind::upstream_bind, 58853), Lang::en) ==
        "any address, port 0: got port 58853");
  CHECK(note_text(note_at(NoteKind::upstream_connect, ep("[::1]:8080")), Lang::en) ==
        "to [::1]:8080");
  CHECK(note_text(note(NoteKind::odst_level_windows, 0xFFFA, 0x300F, 1), Lang::en) ==
        "level SOL_IPV6 (0xFFFA), optname SO_ORIGINAL_DST (0x300F)");
  CHECK(note_text(note(NoteKind::synchronous_although, static_cast<std::uint32_t>(Mode::apc)),
                  Lang::en) == "issued synchronously although apc mode was asked");
  CHECK(note_text(note(NoteKind::set_after_bind, 10022), Lang::en) ==
        "refused before bind (WSAEINVAL), so set after bind: a datagram that arrived in between "
        "may have come without its records");
  CHECK(note_text(note(NoteKind::wsamsg_fields, 0x20, 56, 16), Lang::fr) ==
        "WSAMSG dwFlags 0x20, Control.len 56, namelen 16");
  CHECK(note_number(-1) == 0);
  CHECK(note_number(std::int64_t{1} << 40) == 0xFFFFFFFFu);
}

TEST_CASE("a call's notes keep their order, the first inline, and join in the run's language",
          "[note][i18n]") {
  Notes ns;
  CHECK(ns.empty());
  CHECK(note_text(ns, Lang::en).empty());
  ns.add(Note{});  // none: not a note
  CHECK(ns.empty());
  ns.add(note(NoteKind::odst_level_ip));
  ns.add(note(NoteKind::optlen_as_passed, 16));
  ns.add(note(NoteKind::answer_short));
  REQUIRE(ns.size() == 3);
  CHECK(ns[0].kind == NoteKind::odst_level_ip);
  CHECK(ns[2].kind == NoteKind::answer_short);
  CHECK(ns[1] == note(NoteKind::optlen_as_passed, 16));
  CHECK(note_text(ns, Lang::en) ==
        "level SOL_IP, optname SO_ORIGINAL_DST (80); optlen came back as passed, the kernel wrote "
        "a 16-byte sockaddr; the answer is shorter than a socket address of its family");
  const Notes copy = ns;  // copies deeply: the notes past the first are not shared
  CHECK(&copy[1] != &ns[1]);
  ns.add(note(NoteKind::other_level));
  CHECK(copy.size() == 3);
  CHECK(copy[2].kind == NoteKind::answer_short);
  REQUIRE(ns.size() == 4);
  CHECK(note_text(copy, Lang::fr) != note_text(ns, Lang::fr));
  CHECK(note_text(copy, Lang::fr) ==
        std::string(tr(Lang::fr, "level SOL_IP, optname SO_ORIGINAL_DST (80)")) +
            std::string(tr(Lang::fr, "; ")) +
            trf(Lang::fr, "optlen came back as passed, the kernel wrote a {}-byte sockaddr", 16) +
            std::string(tr(Lang::fr, "; ")) +
            std::string(tr(Lang::fr, "the answer is shorter than a socket address of its family")));
}

TEST_CASE("a call's trace line words its notes in the run's language", "[note][i18n]") {
  // Recorded once; shown in English or French by the renderer, never fixed
  // at record time in the language of the process.
  const CallRecord c{"bind", std::nullopt, std::nullopt, 0,
                     0,      std::nullopt, 0.01,         note(NoteKind::upstream_bind, 40000)};
  const std::string en = call_line(c, Lang::en);
  const std::string fr = call_line(c, Lang::fr);
  CHECK_THAT(en, Catch::EndsWith("[any address, port 0: got port 40000]"));
  CHECK(fr != en);
  CHECK_THAT(fr, Catch::Contains(trf(Lang::fr, "any address, port 0: got port {}", 40000)));
}
