// `wfpredir doctor`: runs the checks on a loopback connection and prints the
// doctor's report.
#include <fmt/format.h>

#include "cli/commands.h"
#include "render/render.h"
#include "run/doctor_run.h"

namespace wfpredir::cli {

Exit run_doctor_command(const DoctorOptions& o) {
  auto platform = Platform::create();
  const DoctorReport d = run_doctor(*platform, o.common.lang);
  if (o.common.format == Format::json) {
    write_out(json_document(
        render_doctor_json(d, o.common.lang, std::string(os_name(platform->os()))), o.common));
  } else {
    write_out(
        fit_width(render_doctor_text(d, o.common.lang, want_colour(o.common.colour), o.verbose)));
  }
  // The exit code follows the verdict_code, so a script can act on it
  // without parsing the report (README.md, "Exit codes").
  if (platform->interrupted()) return Exit::interrupted;
  return doctor_exit(d.verdict_code);
}

}  // namespace wfpredir::cli
