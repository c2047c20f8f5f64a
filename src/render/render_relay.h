#pragma once
/// \file render_relay.h
/// `relay` output: each connection's `query` report followed by the relay's
/// part (text), or the query's JSON object with a `relay` member (one line per
/// connection); and the run's summary. README.md, "relay", documents both.

#include <string>

#include "analysis/relay.h"
#include "render/render.h"

namespace wfpredir {

std::string render_relay_text(const RelayReport& r, const TextStyle& style);
/// One line: the query's object (render_json) with `relay` added.
std::string render_relay_json(const RelayReport& r, Lang lang, const std::string& platform);

/// How the connection ended, in words: its end_reason, or for a --strict
/// refusal (which has none), what the SET returned or why
/// there were no records to hand on.
std::string end_detail_text(const RelayPart& p, Lang lang);

/// "100 connections relayed: 98 closed cleanly, 2 upstream refused; 200 MiB
/// each way", in the run's language (set_language()).
std::string summary_line(const RelaySummary& s);
/// "summary: 100 connections relayed: ..." and the peak.
std::string render_relay_summary_text(const RelaySummary& s, Lang lang);
/// One line: {"tool":"wfpredir","summary":{...}}.
std::string render_relay_summary_json(const RelaySummary& s, const std::string& platform);

}  // namespace wfpredir
