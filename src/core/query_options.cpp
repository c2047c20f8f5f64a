// The check of `query` options against the platform (see query_options.h).
#include "core/query_options.h"

#include <fmt/format.h>

#include "core/i18n.h"

#include <algorithm>

namespace wfpredir {

std::optional<std::string> validate(const Platform& platform, const QueryOptions& options) {
  const auto have = platform.modes();
  for (Mode m : options.modes) {
    if (std::find(have.begin(), have.end(), m) == have.end()) {
      std::string list;
      for (Mode h : have) list += (list.empty() ? "" : ", ") + std::string(to_string(h));
      return trf("{}: {}; this platform has: {}", to_string(m), platform.why_not(m),
                 list.empty() ? std::string(tr("none")) : list);
    }
  }
  return std::nullopt;
}

}  // namespace wfpredir
