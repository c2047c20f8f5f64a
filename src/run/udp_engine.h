#pragma once
/// \file udp_engine.h
/// The run loop of `query --udp`: opens the platform's UDP socket, receives
/// the first datagram of each flow in turn (the modes taking turns under
/// --mode all), concludes each (udp_verdict.h) and hands it to a sink.

#include <cstdio>
#include <functional>
#include <optional>

#include "analysis/query_options.h"
#include "model/exit_codes.h"
#include "model/platform.h"
#include "model/udp_report.h"

namespace wfpredir {

using UdpSink = std::function<void(const UdpReport&)>;

/// The mode datagram \p index (1-based) is received in: the one asked for,
/// or under "all" the platform's modes (\p have) in turn.
Mode udp_mode_for(unsigned index, const ModeChoice& asked, const std::vector<Mode>& have);

/// The whole `query --udp` command: the same status lines, errors and exit
/// codes as run_query (engine.h); --count counts datagrams, --timeout bounds
/// each wait for one.
Exit run_udp_query(Platform& platform, const QueryOptions& options, const UdpSink& sink,
                   std::FILE* status, std::optional<SetupError>* stopped_by = nullptr);

}  // namespace wfpredir
