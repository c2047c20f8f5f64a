// `wfpredir errors`: explains error codes given by number or name, or the
// whole documented table.
#include <fmt/format.h>

#include "cli/commands.h"
#include "platform/system.h"
#include "render/render.h"
#include "text/i18n.h"

namespace wfpredir::cli {
namespace {

// The catalog is pure; the system's own text is attached here, at the edge.
Explanation explained(ErrorDomain domain, int code, Lang lang) {
  Explanation x = explain(domain, code, lang);
  x.system_text = system_error_text(domain, code);
  return x;
}

}  // namespace

Exit run_errors(const ErrorsOptions& o) {
  std::vector<Explanation> list;
  if (o.codes.empty()) {
    for (const DocumentedError& d : documented_errors())
      list.push_back(explained(ErrorDomain::windows, d.code, o.common.lang));
    // Then the Linux codes the reports explain, each with its domain.
    for (int code : linux_report_codes())
      list.push_back(explained(ErrorDomain::posix, code, o.common.lang));
  }
  for (const std::string& text : o.codes) {
    // A number can be both a Windows code and a Linux errno (2 is
    // ERROR_FILE_NOT_FOUND and ENOENT): each match is shown with its domain,
    // unless --domain picks one. The problem text shows the argument through
    // visible().
    const ErrorLookup found = lookup_error(text, o.domain);
    if (found.matches.empty()) return usage_error(std::string(tr("errors: ")) + found.problem);
    for (const ErrorRef& m : found.matches)
      list.push_back(explained(m.domain, m.code, o.common.lang));
  }
  if (o.common.format == Format::json) {
    write_out(json_document(render_catalog_json(list), o.common));
  } else {
    for (std::size_t i = 0; i < list.size(); ++i)
      write_out((i == 0 ? "" : "\n") + fit_width(render_explanation_text(list[i], o.common.lang)));
  }
  return Exit::ok;
}

}  // namespace wfpredir::cli
