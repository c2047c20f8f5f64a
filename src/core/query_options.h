#pragma once
/// \file query_options.h
/// What a `query` run was asked to do, and the check of those options against
/// what the platform has.

#include <optional>
#include <string>
#include <vector>

#include "core/expectation.h"
#include "core/platform.h"

namespace wfpredir {

struct QueryOptions {
  Target target;
  unsigned count = 1;             ///< connections to handle; 0 = until interrupted
  std::optional<Millis> timeout;  ///< wait for each connection; nullopt = forever
  std::vector<QueryKind> what = {QueryKind::records, QueryKind::context};
  std::vector<Mode> modes;  ///< empty = every mode ("all")
  BufferPolicy buffer;
  Millis io_timeout{5000};
  std::string save_dir;  ///< empty = do not save
  Expectation expect;
};

/// Checks the options against what the platform has. Returns the usage error
/// message, or nullopt when they are acceptable (an explicit mode the platform
/// lacks is an error; "all" just skips it).
std::optional<std::string> validate(const Platform& platform, const QueryOptions& options);

}  // namespace wfpredir
