// `wfpredir errors`: explains error codes given by number or name, or the
// whole documented table.
#include <fmt/format.h>

#include "cli/commands.h"
#include "core/render.h"
#include "core/visible.h"

namespace wfpredir::cli {
namespace {

// "12345678901" or "0x1FFFFFFFF": a number, just too large for a code.
bool looks_numeric(std::string_view text) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    return text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
  }
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

Exit run_errors(const ErrorsOptions& o) {
  std::vector<Explanation> list;
  if (o.codes.empty()) {
    for (const DocumentedError& d : documented_errors())
      list.push_back(explain(ErrorDomain::windows, d.code, o.common.lang));
  }
  for (const std::string& text : o.codes) {
    const auto code = parse_error_code(text);
    if (!code) {
      return usage_error(
          looks_numeric(text)
              ? fmt::format("errors: '{}' is out of range for an error code", visible(text))
              : fmt::format(
                    "errors: '{}' is neither a number (decimal or 0x hex) nor a known error name",
                    visible(text)));
    }
    list.push_back(explain(ErrorDomain::windows, *code, o.common.lang));
  }
  if (o.common.format == Format::json) {
    write_out(render_catalog_json(list) + "\n");
  } else {
    for (std::size_t i = 0; i < list.size(); ++i)
      write_out((i == 0 ? "" : "\n") + render_explanation_text(list[i], o.common.lang));
  }
  return Exit::ok;
}

}  // namespace wfpredir::cli
