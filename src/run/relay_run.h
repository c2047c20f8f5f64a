#pragma once
/// \file relay_run.h
/// The run of `relay`: accepts as `query --port` does, queries each connection
/// on its native socket (engine.h), chooses the upstream (relay.h), then hands
/// the socket to the event loop that forwards (platform/relay_loop.h), and
/// waits for the connections to end.

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <variant>

#include "analysis/relay.h"
#include "model/platform.h"
#include "platform/relay_loop.h"

namespace wfpredir {

/// The whole `relay` command. Status lines and warnings go to \p status;
/// \p summary receives the tally (also on Ctrl-C). Returns the exit code
/// (README.md, "relay").
Exit run_relay(Platform& platform, const RelayOptions& options, const RelaySink& sink,
               std::FILE* status, RelaySummary& summary);

}  // namespace wfpredir
