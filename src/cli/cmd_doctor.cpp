// `wfpredir doctor`: runs the checks on a loopback connection and prints the
// doctor's report.
#include <fmt/format.h>

#include "cli/commands.h"
#include "core/doctor.h"
#include "core/render.h"

namespace wfpredir::cli {

Exit run_doctor_command(const DoctorOptions& o) {
  auto platform = Platform::create();
  const DoctorReport d = run_doctor(*platform, o.common.lang);
  if (o.common.format == Format::json) {
    write_out(json_document(render_doctor_json(d, o.common.lang, platform->name()), o.common));
  } else {
    write_out(
        fit_width(render_doctor_text(d, o.common.lang, want_colour(o.common.colour), o.verbose)));
  }
  // The report is the result; only a failure to get a loopback connection at
  // all is an error of the run.
  if (!d.loopback) return Exit::setup_failed;
  return platform->interrupted() ? Exit::interrupted : Exit::ok;
}

}  // namespace wfpredir::cli
