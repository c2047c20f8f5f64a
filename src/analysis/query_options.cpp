// The check of --mode against the platform (see query_options.h).
#include "analysis/query_options.h"

#include <fmt/format.h>

#include "text/i18n.h"

#include <algorithm>

namespace wfpredir {

std::vector<Mode> ModeChoice::modes() const {
  if (only_) return {*only_};
  return {Mode::sync, Mode::event, Mode::apc};
}

std::variant<ModeChoice, std::string> choose_modes(const Platform& platform,
                                                   std::optional<Mode> asked,
                                                   const ReasonWords& words) {
  if (!asked) return ModeChoice{};
  const auto have = platform.modes();
  if (std::find(have.begin(), have.end(), *asked) != have.end()) return ModeChoice{*asked};
  std::string list;
  for (Mode h : have) list += (list.empty() ? "" : ", ") + std::string(to_string(h));
  return trf("{}: {}; this platform has: {}", to_string(*asked), words({platform.why_not(*asked)}),
             list.empty() ? std::string(tr("none")) : list);
}

}  // namespace wfpredir
