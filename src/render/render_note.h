#pragma once
/// \file render_note.h
/// A call record's notes (model/note.h) in words: the one place each
/// NoteKind's phrase is written, as an English template that goes through
/// the catalog (text/i18n.h), so tests/i18n/lint.py sees every phrase and the
/// French tables must hold it.

#include <string>

#include "model/note.h"
#include "text/catalog.h"

namespace wfpredir {

/// \p n in \p lang: its kind's phrase with its facts filled in.
std::string note_text(const Note& n, Lang lang);

/// Every note of \p ns in \p lang, joined by "; " (in \p lang); "" for none.
std::string note_text(const Notes& ns, Lang lang);

}  // namespace wfpredir
