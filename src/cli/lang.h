#pragma once
/// \file lang.h
/// The language of meanings and hints when --lang is not given: read from the
/// environment at the CLI edge, so the catalog stays free of OS calls.

#include "core/catalog.h"

namespace wfpredir::cli {

/// LC_ALL, then LC_MESSAGES, then LANG (the first one set and non-empty
/// decides, as POSIX says); English when none names French.
Lang lang_from_environment();

}  // namespace wfpredir::cli
