// JSON output of `query` and `errors`, streamed through the shared writer
// (render_json_writer.h; its strings: render_json_strings.cpp). The field list is documented in
// README.md ("JSON output"); fields are only ever added, never renamed.
#include <fmt/format.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cassert>
#include <cstring>
#include <vector>

#include "analysis/original_destination.h"
#include "platform/system.h"
#include "render/render.h"
#include "render/render_conntrack.h"
#include "render/render_json_writer.h"
#include "render/render_reason.h"
#include "text/hexdump.h"

namespace wfpredir::json {
namespace {

template <class W>
void write_attempt(W& w, const Attempt& a, QueryKind kind, Lang lang) {
  w.StartObject();
  key(w, "out_size");
  w.Uint(a.out_size);
  // The same error object as the query's (absent on success).
  if (a.error != 0) {
    key(w, "error");
    write_error(w, a.domain, a.error, lang, context_of(kind));
  }
  key(w, "bytes");
  w.Uint(a.bytes);
  key(w, "pending");
  w.Bool(a.pending);
  key(w, "timed_out");
  w.Bool(a.timed_out);
  key(w, "interrupted");
  w.Bool(a.interrupted);
  write_completion(w, a.apc, a.calls, true, lang);
  w.EndObject();
}

template <class W>
void write_query(W& w, const QueryResult& q, Lang lang) {
  w.StartObject();
  field(w, "query", to_string(q.kind));
  field(w, "control_name", control_name(q.kind));
  if (q.kind == QueryKind::records) hex32(w, "control_code", kSioQueryRedirectRecords);
  if (q.kind == QueryKind::context) hex32(w, "control_code", kSioQueryRedirectContext);
  field(w, "mode", to_string(q.mode));
  field(w, "status", to_string(status_of(q)));
  if (q.skipped) {
    field(w, "skip_reason", reason_text(q.skip_reason, lang));
    w.EndObject();
    return;
  }
  const Attempt& a = *q.final_attempt();
  key(w, "bytes");
  w.Uint(a.bytes);
  if (a.error == 0) {
    field(w, "hex", hex_string(a.data));
    if (!a.data.empty()) write_decodings(w, q.kind, a.data, decode_blob(q.kind, a.data, a.domain));
    if (a.original_dst) field(w, "address", format_endpoint(*a.original_dst));
    if (!a.mechanism.empty()) field(w, "mechanism", a.mechanism);
  } else {
    key(w, "error");
    write_error(w, a.domain, a.error, lang, context_of(q.kind));
  }
  if (!q.policy_note.empty()) field(w, "buffer_note", reason_text(q.policy_note, lang));
  if (q.saved_to) field(w, "saved_to", *q.saved_to);
  key(w, "attempts");
  w.StartArray();
  for (const Attempt& at : q.attempts) write_attempt(w, at, q.kind, lang);
  w.EndArray();
  w.EndObject();
}

}  // namespace

template <class W>
void write_explanation(W& w, const Explanation& e) {
  w.StartObject();
  key(w, "code");
  w.Int(e.code);
  field(w, "name", e.name);
  field(w, "domain", e.domain == ErrorDomain::windows ? "windows" : "posix");
  key(w, "documented");
  w.Bool(e.documented);
  field(w, "meaning", e.meaning);
  field(w, "hint", e.hint);
  field(w, "system_text", e.system_text);
  w.EndObject();
}

template <class W>
void write_original_destination(W& w, const OriginalDestination& o) {
  key(w, "original_destination");
  w.StartObject();
  if (o.endpoint) {
    // An IPv4 client of a dual-stack socket is an IPv4 destination; the form
    // the socket gave stays beside it.
    const IpEndpoint plain = o.endpoint->normalised();
    field(w, "address", format_address(plain));
    key(w, "port");
    w.Uint(plain.port);
    field(w, "family", to_string(plain.family));
    if (o.endpoint->is_v4_mapped()) field(w, "mapped", format_address(*o.endpoint));
    field(w, "evidence", o.evidence);
  } else {
    for (const char* k : {"address", "port", "family", "evidence"}) {
      key(w, k);
      w.Null();
    }
    field(w, "reason",
          o.not_asked
              ? trf("SO_ORIGINAL_DST was not asked: {}", reason_text(*o.not_asked, language()))
              : o.reason);
  }
  w.EndObject();
}

template <class W>
void write_report(W& w, const ConnectionReport& r, Lang lang, std::string_view platform) {
  w.StartObject();
  write_report_opening(w, "connection", platform, r.index);
  key(w, "connection");
  w.StartObject();
  field(w, "protocol", r.connection.protocol);
  field(w, "family", to_string(r.connection.family));
  field(w, "side", r.connection.side);
  field(w, "local", format_endpoint(r.connection.local));
  field(w, "peer", format_endpoint(r.connection.peer));
  if (r.connection.listener) field(w, "listener", format_endpoint(*r.connection.listener));
  if (r.connection.resets_before_accept > 0) {
    key(w, "resets_before_accept");
    w.Uint(r.connection.resets_before_accept);
  }
  if (r.connection.transparent) {
    key(w, "transparent");
    w.Bool(true);
  }
  write_conntrack(w, r.connection, lang);
  w.EndObject();
  write_original_destination(w, original_destination_of(r));
  if (!r.skipped_modes.empty()) {
    key(w, "skipped_modes");
    w.StartArray();
    for (const SkippedMode& m : r.skipped_modes) {
      w.StartObject();
      field(w, "mode", to_string(m.mode));
      field(w, "reason", reason_text(m.reason, lang));
      w.EndObject();
    }
    w.EndArray();
  }
  key(w, "queries");
  w.StartArray();
  for (const QueryResult& q : r.queries) write_query(w, q, lang);
  w.EndArray();
  key(w, "agreement");
  w.StartArray();
  for (const Agreement& a : r.agreement) {
    w.StartObject();
    field(w, "query", to_string(a.kind));
    key(w, "agree");
    w.Bool(a.agree);
    key(w, "differences");
    w.StartArray();
    for (const Reason& d : a.differences) string(w, reason_text(d, lang));
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  field(w, "verdict", to_string(r.verdict));
  field(w, "verdict_reason", reason_text(r.verdict_reason, lang));
  if (!r.witnesses_disagree.empty())
    field(w, "witnesses_disagree", reason_text(r.witnesses_disagree, lang));
  write_expect(w, r.expectation, r.expectation_held);
  w.EndObject();
}

// The two writers the renderers use (render_doctor.cpp embeds reports too).
template void write_explanation(Compact&, const Explanation&);
template void write_explanation(Pretty&, const Explanation&);
template void write_original_destination(Compact&, const OriginalDestination&);
template void write_original_destination(Pretty&, const OriginalDestination&);
template void write_report(Compact&, const ConnectionReport&, Lang, std::string_view);
template void write_report(Pretty&, const ConnectionReport&, Lang, std::string_view);

}  // namespace wfpredir::json

namespace wfpredir {

std::string render_json(const ConnectionReport& r, Lang lang, const std::string& platform,
                        bool pretty) {
  json::Buffer buffer(nullptr, json::kBufferCapacity);
  json::with_writer(buffer, pretty, [&](auto& w) { json::write_report(w, r, lang, platform); });
  return json::text(buffer);
}

std::string pretty_json(std::string_view compact) {
  json::Buffer buffer(nullptr, compact.size() * 2 + 64);
  json::Pretty w(buffer);
  rapidjson::Reader reader;
  rapidjson::MemoryStream in(compact.data(), compact.size());
  // Our own documents always parse; anything else is left as it was.
  if (!reader.Parse<rapidjson::kParseFullPrecisionFlag>(in, w)) return std::string(compact);
  return json::text(buffer);
}

std::string render_catalog_json(std::span<const Explanation> entries) {
  json::Buffer buffer(nullptr, json::kBufferCapacity);
  json::Compact w(buffer);
  w.StartObject();
  json::write_header(w, "errors");
  json::key(w, "errors");
  w.StartArray();
  for (const Explanation& e : entries) json::write_explanation(w, e);
  w.EndArray();
  w.EndObject();
  return json::text(buffer);
}

namespace {

template <class W>
std::string dump_envelope(json::Buffer& buffer, W& w, std::string_view file, std::uint64_t size,
                          std::string& tail) {
  // The hex string's digits are written by the caller in chunks: write the
  // document with an empty string there, and cut it between the two quotes.
  w.StartObject();
  json::write_header(w, "dump");
  json::field(w, "file", file);
  json::key(w, "size");
  w.Uint64(size);
  json::key(w, "hex");
  w.RawValue("\"\"", 2, rapidjson::kStringType);
  const std::size_t cut = buffer.GetSize() - 1;
  w.EndObject();
  std::string text = json::text(buffer);
  tail = text.substr(cut);
  text.resize(cut);
  return text;
}

}  // namespace

std::string render_dump_json_envelope(std::string_view file, std::uint64_t size, std::string& tail,
                                      bool pretty) {
  json::Buffer buffer(nullptr, json::kBufferCapacity);
  return json::with_writer(buffer, pretty,
                           [&](auto& w) { return dump_envelope(buffer, w, file, size, tail); });
}

}  // namespace wfpredir
