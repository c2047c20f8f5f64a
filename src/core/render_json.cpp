// JSON output. The field list is documented in README.md ("JSON output");
// fields are only ever added, never renamed.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/hexdump.h"
#include "core/render.h"

namespace wfpredir {
namespace {

using nlohmann::ordered_json;

std::string hex32(std::uint32_t v) { return fmt::format("0x{:08X}", v); }

ordered_json explanation_json(const Explanation& e) {
  ordered_json j;
  j["code"] = e.code;
  j["name"] = e.name;
  j["domain"] = e.domain == ErrorDomain::windows ? "windows" : "posix";
  j["documented"] = e.documented;
  j["meaning"] = e.meaning;
  j["hint"] = e.hint;
  j["system_text"] = e.system_text;
  return j;
}

ordered_json call_json(const CallRecord& c) {
  ordered_json j;
  j["function"] = c.function;
  if (c.control_code) j["control_code"] = hex32(*c.control_code);
  if (c.out_size) j["out_size"] = *c.out_size;
  j["ret"] = c.ret;
  j["error"] = c.error;
  if (c.bytes) j["bytes"] = *c.bytes;
  j["ms"] = c.ms;
  if (!c.note.empty()) j["note"] = c.note;
  return j;
}

ordered_json attempt_json(const Attempt& a) {
  ordered_json j;
  j["out_size"] = a.out_size;
  j["error"] = a.error;
  j["bytes"] = a.bytes;
  j["pending"] = a.pending;
  j["timed_out"] = a.timed_out;
  j["interrupted"] = a.interrupted;
  if (a.apc) {
    j["apc"] = {{"ran", a.apc->ran},
                {"thread_id", a.apc->thread_id},
                {"on_calling_thread", a.apc->on_calling_thread},
                {"error", a.apc->error},
                {"bytes", a.apc->bytes},
                {"flags", a.apc->flags}};
  }
  ordered_json calls = ordered_json::array();
  for (const CallRecord& c : a.calls) calls.push_back(call_json(c));
  j["calls"] = std::move(calls);
  return j;
}

ordered_json query_json(const QueryResult& q, Lang lang) {
  ordered_json j;
  j["query"] = to_string(q.kind);
  j["control_name"] = control_name(q.kind);
  if (q.kind == QueryKind::records) j["control_code"] = hex32(kSioQueryRedirectRecords);
  if (q.kind == QueryKind::context) j["control_code"] = hex32(kSioQueryRedirectContext);
  j["mode"] = to_string(q.mode);
  j["status"] = to_string(status_of(q));
  if (q.skipped) {
    j["skip_reason"] = q.skip_reason;
    return j;
  }
  const Attempt& a = *q.final_attempt();
  j["bytes"] = a.bytes;
  if (a.error == 0) {
    j["hex"] = hex_string(a.data);
    if (a.original_dst) j["address"] = format_endpoint(*a.original_dst);
    if (!a.mechanism.empty()) j["mechanism"] = a.mechanism;
  } else {
    j["error"] = explanation_json(explain(a.domain, a.error, lang, context_of(q.kind)));
  }
  if (!q.policy_note.empty()) j["buffer_note"] = q.policy_note;
  if (!q.saved_to.empty()) j["saved_to"] = q.saved_to;
  ordered_json attempts = ordered_json::array();
  for (const Attempt& at : q.attempts) attempts.push_back(attempt_json(at));
  j["attempts"] = std::move(attempts);
  return j;
}

}  // namespace

std::string render_json(const ConnectionReport& r, Lang lang, const std::string& platform, bool pretty) {
  ordered_json j;
  j["tool"] = "wfpredir";
  j["version"] = WFPREDIR_VERSION;
  j["platform"] = platform;
  j["index"] = r.index;
  j["connection"] = {{"protocol", r.connection.protocol},
                     {"family", to_string(r.connection.family)},
                     {"side", r.connection.side},
                     {"local", format_endpoint(r.connection.local)},
                     {"peer", format_endpoint(r.connection.peer)}};
  if (r.connection.listener) j["connection"]["listener"] = format_endpoint(r.connection.listener);
  if (r.connection.resets_before_accept > 0)
    j["connection"]["resets_before_accept"] = r.connection.resets_before_accept;
  if (!r.skipped_modes.empty()) {
    ordered_json skipped = ordered_json::array();
    for (const SkippedMode& m : r.skipped_modes) skipped.push_back({{"mode", to_string(m.mode)}, {"reason", m.reason}});
    j["skipped_modes"] = std::move(skipped);
  }
  ordered_json queries = ordered_json::array();
  for (const QueryResult& q : r.queries) queries.push_back(query_json(q, lang));
  j["queries"] = std::move(queries);
  ordered_json agreement = ordered_json::array();
  for (const Agreement& a : r.agreement)
    agreement.push_back({{"query", to_string(a.kind)}, {"agree", a.agree}, {"differences", a.differences}});
  j["agreement"] = std::move(agreement);
  j["verdict"] = to_string(r.verdict);
  j["verdict_reason"] = r.verdict_reason;
  if (r.expectation_held) j["expect"] = {{"wanted", r.expectation}, {"held", *r.expectation_held}};
  // Blobs are hex, texts come from our tables or the OS: replace rather than
  // throw on an invalid UTF-8 sequence in a system message.
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string render_catalog_json(std::span<const Explanation> entries) {
  ordered_json list = ordered_json::array();
  for (const Explanation& e : entries) list.push_back(explanation_json(e));
  return list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string render_dump_json(const std::string& file, std::span<const std::uint8_t> bytes) {
  ordered_json j;
  j["file"] = file;
  j["size"] = bytes.size();
  j["hex"] = hex_string(bytes);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace wfpredir
