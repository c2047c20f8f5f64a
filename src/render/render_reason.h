#pragma once
/// \file render_reason.h
/// A Reason (model/reason.h) in words: the one place each ReasonKind's phrase
/// is written, as an English template that goes through the catalog
/// (text/i18n.h), so tests/i18n/lint.py sees every phrase and the French
/// tables must hold it.

#include <string>

#include "model/reason.h"
#include "text/catalog.h"

namespace wfpredir {

/// \p r in \p lang: its kind's phrase with its facts filled in.
std::string reason_text(const Reason& r, Lang lang);

/// Every reason of \p rs in \p lang, joined by "; " (in \p lang); "" for none.
std::string reason_text(const Reasons& rs, Lang lang);

}  // namespace wfpredir
