#pragma once
/// \file next_step.h
/// The `next:` lines of `query`: what to do, derived from the evidence of the
/// run (how it ended, who holds the port, the machine's redirect rules, the
/// last verdict). Pure: the caller gathers the facts (port_owner.h,
/// inventory.h), so every branch is unit-tested with fabricated facts.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "model/endpoint.h"
#include "model/inventory.h"
#include "model/port_owner.h"
#include "model/reason.h"
#include "model/report.h"

namespace wfpredir {

struct NextStepFacts {
  std::optional<IpEndpoint> listener;  ///< where query listened (--port); none for --connect/--self
  bool transparent = false;            ///< the listener was a TPROXY one
  bool address_in_use = false;         ///< bind failed: the port is taken
  bool timed_out = false;              ///< no connection arrived within --timeout
  std::optional<std::chrono::milliseconds> timeout;
  std::vector<PortOwner> owners;         ///< when address_in_use: who holds the port
  const Inventory* inventory = nullptr;  ///< the machine's redirect rules, when they were read
  std::optional<Verdict> verdict;        ///< the last connection's verdict, when one was queried
  /// Every connection's verdict, in order (connection n at n - 1): with more
  /// than one, the steps speak per verdict and name the connections.
  std::vector<Verdict> verdicts;
};

/// Zero or more one-sentence next steps, most useful first, as values
/// (model/reason.h: the `next_*` kinds); render/render_reason.h words them
/// in the run's language.
Reasons next_steps(const NextStepFacts& facts);

}  // namespace wfpredir
