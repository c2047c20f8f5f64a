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

/// Checks the options against what the platform has: an explicit mode the
/// platform lacks is an error ("all" just skips it). Returns why, about the
/// value ("event: ...; this platform has: sync"), for the caller to put after
/// the flag's name; nullopt when the options are acceptable. Everything else
/// (ports, addresses) is typed and was checked at the CLI edge.
std::optional<std::string> validate(const Platform& platform, const QueryOptions& options);

}  // namespace wfpredir
