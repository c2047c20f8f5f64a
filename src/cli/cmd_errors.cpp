#include <fmt/format.h>

#include "cli/commands.h"
#include "core/render.h"

namespace wfpredir::cli {

Exit run_errors(const ErrorsOptions& o) {
  std::vector<Explanation> list;
  if (o.codes.empty()) {
    for (const DocumentedError& d : documented_errors()) list.push_back(explain(ErrorDomain::windows, d.code, o.common.lang));
  }
  for (const std::string& text : o.codes) {
    const auto code = parse_error_code(text);
    if (!code) {
      fmt::print(stderr, "wfpredir: error: errors: '{}' is neither a number (decimal or 0x hex) nor a known error name\n", text);
      return Exit::usage;
    }
    list.push_back(explain(ErrorDomain::windows, *code, o.common.lang));
  }
  if (o.common.format == Format::json) {
    fmt::print("{}\n", render_catalog_json(list));
  } else {
    for (std::size_t i = 0; i < list.size(); ++i)
      fmt::print("{}{}", i == 0 ? "" : "\n", render_explanation_text(list[i], o.common.lang));
  }
  return Exit::ok;
}

}  // namespace wfpredir::cli
