#pragma once
/// \file render_json_writer.h
/// The JSON writer the renderers share (not a public header: only render_*.cpp
/// include it). Documents are streamed through RapidJSON's Writer, never built
/// as a tree first.
///
/// Why RapidJSON (measured with callgrind): writing this project's Linux report
/// (about 2 KB) costs about 49k instructions with RapidJSON's Writer, 58k with
/// Boost.JSON 1.81 (whose serializer takes a json::value: a tree must be built
/// first) and 230k with the nlohmann-json ordered_json tree used before. It is
/// also the one of the three that can leave a string open while its contents
/// are written in chunks (`dump --format json`). With the plain-text path of
/// string() (render_json.cpp), `query --format json` went from 232k to 34k
/// instructions per connection on Linux (render_json: 215k to 22k).

// Not RAPIDJSON_SSE2: in RapidJSON 1.1.0 its SSE2 string scan lets the
// control characters 0x1A-0x1F through unescaped (test_render.cpp catches it).
#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "analysis/original_destination.h"
#include "model/inventory.h"
#include "model/report.h"
#include "parse/decode.h"
#include "text/catalog.h"

namespace wfpredir::json {

using Buffer = rapidjson::StringBuffer;
/// Room for a whole report, so the buffer does not grow while it is written.
inline constexpr std::size_t kBufferCapacity = 8192;
/// JSON Lines: one object on one line.
class Compact : public rapidjson::Writer<Buffer> {
 public:
  explicit Compact(Buffer& b) : rapidjson::Writer<Buffer>(b) {}
  /// The buffer written to, for string() to append text that needs no escaping.
  Buffer& buffer() { return *os_; }
};

/// Indented by two spaces.
class Pretty : public rapidjson::PrettyWriter<Buffer> {
 public:
  explicit Pretty(Buffer& b) : rapidjson::PrettyWriter<Buffer>(b) { SetIndent(' ', 2); }
  Buffer& buffer() { return *os_; }
};

/// The buffer's text as a std::string.
inline std::string text(const Buffer& b) { return std::string(b.GetString(), b.GetSize()); }

/// Writes \p s as a JSON string. Texts come from our tables or from the OS: an
/// invalid UTF-8 sequence in a system message is replaced by U+FFFD rather than
/// making the document invalid. Control characters, quotes and backslashes are
/// escaped by the writer; a text with none of them (nor any byte over 0x7f) is
/// copied as it is.
template <class W>
void string(W& w, std::string_view s);

/// Writes an object's key: one of ours, which needs no escaping (printable
/// ASCII without quote or backslash; checked in debug builds).
template <class W>
void key(W& w, std::string_view k);

/// A key followed by a string value.
template <class W>
void field(W& w, std::string_view k, std::string_view value) {
  key(w, k);
  string(w, value);
}

/// The version of the JSON contract every document carries as
/// `schema_version` (README.md, "The JSON contract"; docs/schema/). Raised only when
/// a field is renamed, removed or changes type; adding a field keeps it.
inline constexpr int kSchemaVersion = 1;

/// The first two members of every document: `schema_version` and `type`
/// ("connection", "summary", "error", "errors", "dump", "doctor", "version",
/// "datagram", "relay-summary"; docs/schema/README.md).
template <class W>
void write_header(W& w, std::string_view type) {
  key(w, "schema_version");
  w.Int(kSchemaVersion);
  field(w, "type", type);
}

/// The opening of a report of one connection or one datagram: the header
/// (write_header), then `tool`, `version`, `platform` and `index`.
template <class W>
void write_report_opening(W& w, std::string_view type, std::string_view platform, unsigned index) {
  write_header(w, type);
  field(w, "tool", "wfpredir");
  field(w, "version", WFPREDIR_VERSION);
  field(w, "platform", platform);
  key(w, "index");
  w.Uint(index);
}

/// Calls \p write with a writer on \p buffer, Pretty (indented) or Compact
/// as \p pretty says, and returns what it returns.
template <class F>
decltype(auto) with_writer(Buffer& buffer, bool pretty, F&& write) {
  if (pretty) {
    Pretty w(buffer);
    return write(w);
  }
  Compact w(buffer);
  return write(w);
}

/// The `errors[]` / `queries[].error` / `attempts[].error` object.
template <class W>
void write_explanation(W& w, const Explanation& e);

/// The catalog's explanation of \p code in \p lang with the system's text,
/// kept for the run (a `query --count N` run meets the same few codes on every
/// connection; render_json_parts.cpp).
Explanation explain_cached(ErrorDomain domain, int code, Lang lang, ErrorContext context);

/// The error object (common.schema.json#/$defs/error) of \p code returned by
/// the call \p context names, wherever a document has an `error`.
template <class W>
void write_error(W& w, ErrorDomain domain, int code, Lang lang, ErrorContext context) {
  write_explanation(w, explain_cached(domain, code, lang, context));
}

/// \p name: "0x%08X" of \p v (a control code), as a member of the object being written.
template <class W>
void hex32(W& w, std::string_view name, std::uint32_t v) {
  char buf[16];
  const auto* end = fmt::format_to(buf, "0x{:08X}", v);
  key(w, name);
  w.String(buf, static_cast<rapidjson::SizeType>(end - buf));
}

/// A `calls` array, the same shape in the three documents that have calls:
/// each call's `last_error` (what WSAGetLastError()/errno said right after
/// it) and `bytes_returned_raw` (the count it left behind, which need not be
/// the query's or the datagram's size). \p with_out_size: `query`'s calls
/// also carry the size passed in; `query --udp`'s and `relay`'s have none.
/// Each call's notes are worded in \p lang.
template <class W>
void write_calls(W& w, std::span<const CallRecord> calls, bool with_out_size, Lang lang);

/// The `apc` object: whether the routine ran, on which thread, and its
/// arguments under their documented names (`dw_error`, `cb_transferred`,
/// `dw_flags`), in `query` and `query --udp` alike.
template <class W>
void write_apc(W& w, const ApcInfo& apc);

/// How an overlapped call ended, as `query`'s attempts and `query --udp`'s
/// datagram both end: the `apc` object when a completion routine was asked
/// for, then the `calls` array.
template <class W>
void write_completion(W& w, const std::optional<ApcInfo>& apc, std::span<const CallRecord> calls,
                      bool with_out_size, Lang lang) {
  if (apc) {
    key(w, "apc");
    write_apc(w, *apc);
  }
  key(w, "calls");
  write_calls(w, calls, with_out_size, lang);
}

/// The `expect` object when --expect was given (\p held set): the text
/// \p wanted and whether it held.
template <class W>
void write_expect(W& w, std::string_view wanted, const std::optional<bool>& held) {
  if (!held) return;
  key(w, "expect");
  w.StartObject();
  field(w, "wanted", wanted);
  key(w, "held");
  w.Bool(*held);
  w.EndObject();
}

/// The `fingerprint` (records) and `decoded` fields of a blob (decode.h),
/// written as members of the object being written.
template <class W>
void write_decodings(W& w, QueryKind kind, std::span<const std::uint8_t> data,
                     const std::vector<Decoding>& decodings);

/// The `original_destination` member (common.schema.json): address, port,
/// family and evidence, or the four null and the reason.
template <class W>
void write_original_destination(W& w, const OriginalDestination& o);

/// One redirecting netfilter rule, as an object (common.schema.json,
/// netfilter_rule): doctor's inventory and connections' listeners write it.
template <class W>
void write_netfilter_rule(W& w, const NetfilterRule& r);

/// The report of one connection, as README.md ("JSON output") documents it.
template <class W>
void write_report(W& w, const ConnectionReport& r, Lang lang, std::string_view platform);

}  // namespace wfpredir::json
