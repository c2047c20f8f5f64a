#pragma once
/// \file query_options.h
/// What a `query` run was asked to do, and the check of --mode against what
/// the platform has, made once at the CLI edge.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "analysis/expectation.h"
#include "model/platform.h"

namespace wfpredir {

/// The modes a run issues its queries in: "all" (every mode; those the
/// platform lacks are skipped, saying why) or one mode the platform has.
/// Only choose_modes() makes the second, so the engine never meets a mode it
/// would have to refuse.
class ModeChoice {
 public:
  ModeChoice() = default;  ///< all
  bool all() const { return !only_; }
  /// The modes to try, in order: sync, event, apc under "all"; else the one.
  std::vector<Mode> modes() const;

 private:
  friend std::variant<ModeChoice, std::string> choose_modes(const Platform&, std::optional<Mode>,
                                                            const ReasonWords&);
  explicit ModeChoice(Mode only) : only_(only) {}
  std::optional<Mode> only_;
};

/// --mode checked against \p platform: nullopt asks for all, which every
/// platform accepts; a mode the platform lacks is refused with why, about the
/// value ("event: ...; this platform has: sync"), for the caller to put after
/// the flag's name; \p words words the platform's reason (Platform::why_not).
std::variant<ModeChoice, std::string> choose_modes(const Platform& platform,
                                                   std::optional<Mode> asked,
                                                   const ReasonWords& words);

struct QueryOptions {
  Target target;
  unsigned count = 1;             ///< connections to handle; 0 = until interrupted
  std::optional<Millis> timeout;  ///< wait for each connection; nullopt = forever
  std::vector<QueryKind> what = {QueryKind::records, QueryKind::context};
  ModeChoice modes;  ///< all unless choose_modes() gave one
  BufferPolicy buffer;
  Millis io_timeout{5000};
  std::string save_dir;  ///< empty = do not save
  Expectation expect;
};

}  // namespace wfpredir
