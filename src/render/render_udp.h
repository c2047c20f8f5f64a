#pragma once
/// \file render_udp.h
/// `query --udp` reports as text for people and JSON for scripts (README.md,
/// "query --udp"). The same conventions as render.h: labels in English, text
/// from outside made visible, fields only ever added.

#include <string>

#include "model/udp_report.h"
#include "render/render.h"

namespace wfpredir {

/// \p m in words, in \p lang: the one place a mechanism's phrase is written
/// (the JSON's `mechanism` carries it in English, the text in the run's language).
std::string_view udp_mechanism_text(UdpMechanism m, Lang lang);

std::string render_udp_text(const UdpReport& report, const TextStyle& style);
/// One JSON object (no trailing newline): on one line, or indented when \p pretty;
/// the errors' meanings in \p lang.
std::string render_udp_json(const UdpReport& report, Lang lang, const std::string& platform,
                            bool pretty = false);

}  // namespace wfpredir
