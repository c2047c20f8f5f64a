#pragma once
/// \file render.h
/// Turns reports and catalog entries into text for people and JSON for
/// scripts. The only place that knows the output formats; README.md documents
/// the JSON fields.

#include <span>
#include <string>

#include "core/catalog.h"
#include "core/report.h"

namespace wfpredir {

struct TextStyle {
  bool colour = false;  ///< ANSI colour; the CLI decides (terminal, NO_COLOR)
  bool trace = false;   ///< print every CallRecord
  Lang lang = Lang::en;
};

std::string render_text(const ConnectionReport& report, const TextStyle& style);
/// One JSON object (no trailing newline): on one line (JSON Lines), or
/// indented by two spaces when \p pretty.
std::string render_json(const ConnectionReport& report, Lang lang, const std::string& platform,
                        bool pretty = false);

std::string render_explanation_text(const Explanation& e, Lang lang);
std::string render_catalog_json(std::span<const Explanation> entries);

/// `dump` output.
std::string render_dump_json(const std::string& file, std::span<const std::uint8_t> bytes);

}  // namespace wfpredir
