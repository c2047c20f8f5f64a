// The startup warnings of query, query --udp and relay (analysis/listener_warnings.h):
// read the redirect rules doctor sees and say, before the first wait, which
// of them cannot deliver to this listener.
#include <cstdio>

#include "analysis/listener_warnings.h"
#include "cli/commands.h"
#include "model/inventory.h"
#include "platform/inventory.h"
#include "text/i18n.h"

namespace wfpredir::cli {

void warn_about_listener(const Platform& platform, const Target& target,
                         std::string_view protocol) {
  const auto* listen = std::get_if<ListenTarget>(&target);
  // Windows' inventory has no netfilter rules to compare with.
  if (listen == nullptr || platform.os() != Os::linux) return;
  for (const std::string& w : listener_warnings(*listen, protocol, take_inventory()))
    std::fprintf(stderr, "%s\n", trf("wfpredir: warning: {}", w).c_str());
  std::fflush(stderr);
}

}  // namespace wfpredir::cli
