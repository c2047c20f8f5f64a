// The check of `query` options against the platform (see query_options.h).
#include "core/query_options.h"

#include <fmt/format.h>

#include "core/endpoint.h"
#include "core/i18n.h"

#include <algorithm>

namespace wfpredir {

std::optional<std::string> validate(const Platform& platform, const QueryOptions& options) {
  const auto have = platform.modes();
  for (Mode m : options.modes) {
    if (std::find(have.begin(), have.end(), m) == have.end()) {
      std::string list;
      for (Mode h : have) list += (list.empty() ? "" : ", ") + std::string(to_string(h));
      return trf("--mode {}: {}; this platform has: {}", to_string(m), platform.why_not(m),
                 list.empty() ? std::string(tr("none")) : list);
    }
  }
  if (options.target.kind == Target::Kind::listen && options.target.port == 0)
    return std::string(tr("--port must be 1-65535"));
  if (options.target.kind == Target::Kind::listen && !parse_ip_literal(options.target.bind, 0))
    return trf("--bind {}: not an IPv4 or IPv6 address literal (e.g. 127.0.0.1, ::1, 0.0.0.0)",
               options.target.bind);
  return std::nullopt;
}

}  // namespace wfpredir
