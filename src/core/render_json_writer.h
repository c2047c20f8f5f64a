#pragma once
/// \file render_json_writer.h
/// The JSON writer the renderers share (not a public header: only render_*.cpp
/// include it). Documents are streamed through RapidJSON's Writer, never built
/// as a tree first.
///
/// Why RapidJSON: measured with callgrind on this project's Linux report
/// (about 2 KB of JSON), writing one document costs about 49k instructions with
/// RapidJSON's Writer, 58k with Boost.JSON 1.81 (which must first build a
/// json::value: its serializer takes no stream of events) and 230k with
/// nlohmann-json's ordered_json DOM. RapidJSON is also the one of the three
/// that can leave a string open while its contents are written in chunks
/// (`dump --format json`).

// RapidJSON copies the runs of a string that need no escaping 16 bytes at a
// time with SSE2, which every x86-64 processor has.
#if (defined(__SSE2__) || defined(_M_X64)) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>

#include "core/catalog.h"
#include "core/report.h"

namespace wfpredir::json {

using Buffer = rapidjson::StringBuffer;
/// Room for a whole report, so the buffer does not grow while it is written.
inline constexpr std::size_t kBufferCapacity = 8192;
/// JSON Lines: one object on one line.
using Compact = rapidjson::Writer<Buffer>;
/// Indented by two spaces; make one with pretty().
using Pretty = rapidjson::PrettyWriter<Buffer>;

/// Sets the project's indentation (two spaces) on a pretty writer.
inline Pretty& pretty(Pretty& w) {
  w.SetIndent(' ', 2);
  return w;
}

/// The buffer's text as a std::string.
inline std::string text(const Buffer& b) { return std::string(b.GetString(), b.GetSize()); }

/// Writes \p s as a JSON string. Texts come from our tables or from the OS: an
/// invalid UTF-8 sequence in a system message is replaced by U+FFFD rather than
/// making the document invalid. Control characters, quotes and backslashes are
/// escaped by the writer.
template <class W>
void string(W& w, std::string_view s);

/// A key followed by a string value.
template <class W>
void field(W& w, const char* key, std::string_view value) {
  w.Key(key);
  string(w, value);
}

/// The `errors[]` / `queries[].error` object.
template <class W>
void write_explanation(W& w, const Explanation& e);

/// The report of one connection, as README.md ("JSON output") documents it.
template <class W>
void write_report(W& w, const ConnectionReport& r, Lang lang, std::string_view platform);

}  // namespace wfpredir::json
