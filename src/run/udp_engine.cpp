// The run loop of `query --udp` (udp_engine.h). The rules live in
// udp_verdict.cpp and cmsg.cpp; this file only sequences them, as engine.cpp
// does for TCP.
#include "run/udp_engine.h"

#include <fmt/format.h>

#include "analysis/udp_verdict.h"
#include "analysis/verdict.h"
#include "run/engine.h"
#include "text/i18n.h"

namespace wfpredir {

Mode udp_mode_for(unsigned index, const ModeChoice& asked, const std::vector<Mode>& have) {
  const std::vector<Mode> cycle = asked.all() ? have : asked.modes();
  if (cycle.empty()) return Mode::sync;
  return cycle[(index - 1) % cycle.size()];
}

Exit run_udp_query(Platform& platform, const QueryOptions& options, const UdpSink& sink,
                   std::FILE* status, std::optional<SetupError>* stopped_by) {
  // The CLI builds a listen target for --udp (it refuses --connect and --self).
  const auto* listen = std::get_if<ListenTarget>(&options.target);
  if (listen == nullptr) {
    fmt::print(status, "{}{}\n", tr("wfpredir: error: "), tr("UDP needs a port to listen on"));
    return Exit::usage;
  }
  platform.install_interrupt_handler();
  auto opened = platform.open_udp(*listen);
  if (auto* err = std::get_if<SetupError>(&opened)) {
    fmt::print(status, "{}{}\n", tr("wfpredir: error: "), describe(*err));
    if (stopped_by != nullptr) *stopped_by = *err;
    return exit_for(*err, platform);
  }
  UdpSource& source = *std::get<std::unique_ptr<UdpSource>>(opened);
  const UdpSocketInfo socket = source.info();
  const std::vector<Mode> have = platform.modes();

  const RunStep step = [&](unsigned n) -> std::variant<RunOutcome, RunRetry, SetupError, Exit> {
    auto received = source.receive(udp_mode_for(n, options.modes, have), options.timeout);
    if (auto* err = std::get_if<SetupError>(&received)) return std::move(*err);
    UdpReport report;
    report.index = n;
    report.socket = socket;
    report.datagram = std::get<Datagram>(std::move(received));
    conclude_udp(report, options.expect);
    // The kernel's records need the original destination the walk found;
    // with them the verdict is drawn again (docs/verdicts.md).
    if (source.kernel_records(report)) conclude_udp(report, options.expect);
    sink(report);
    return RunOutcome{report.verdict, report.expectation_held};
  };
  return drive_run(
      platform, options, status, stopped_by,
      [&] {
        say_waiting(status, source.waiting_for(), options,
                    tr(", one flow after another until Ctrl-C"));
      },
      step);
}

}  // namespace wfpredir
