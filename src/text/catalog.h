#pragma once
/// \file catalog.h
/// The error catalog: every error the reference page documents for
/// SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, with its meaning for this control
/// code and a support hint, in English and French; the original-destination
/// query's errors; and explanations for codes the pages do not document. Pure
/// data and lookups, no OS call: the system's own text is attached by callers
/// (system_error_text in system.h), the language is chosen at the CLI edge.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "text/error_codes.h"
#include "text/error_names.h"
#include "text/language.h"

namespace wfpredir {

struct DocumentedError {
  int code;
  std::string_view name;
  std::string_view meaning_en, meaning_fr;  ///< what the page says it means here
  std::string_view hint_en, hint_fr;        ///< what usually causes it, what to check
};

/// All twelve documented errors, in the reference page's table order.
std::span<const DocumentedError> documented_errors();
/// The Linux errno values a report explains (SO_ORIGINAL_DST's), in the
/// order `errors` lists them after the documented Windows codes.
std::vector<int> linux_report_codes();

/// The documented entry for \p code, or nullptr.
const DocumentedError* find_documented(int code);

/// Everything the tool says about one error.
struct Explanation {
  ErrorDomain domain = ErrorDomain::windows;
  int code = 0;
  std::string name;         ///< symbolic name, empty when unknown
  bool documented = false;  ///< in the reference page's table for this code
  std::string meaning;      ///< page meaning, or a plain "not documented" line
  std::string hint;         ///< support hint; empty for undocumented codes
  std::string system_text;  ///< the OS's own text: left empty by explain(), set by the caller
};

/// The catalog's name, meaning and hint for \p code returned by the call that
/// \p context names. Pure: `system_text` is left empty for the caller to fill.
Explanation explain(ErrorDomain domain, int code, Lang lang,
                    ErrorContext context = ErrorContext::control_code);

}  // namespace wfpredir
