// Output of `doctor`: text for people, JSON for a ticket. The loopback
// connection's report is written by the same code as `query`'s (render_text,
// json::write_report), embedded as an object.
#include <fmt/format.h>

#include "core/render.h"
#include "core/render_json_writer.h"

namespace wfpredir {
namespace {

std::string_view tr(Lang lang, std::string_view en, std::string_view fr) {
  return lang == Lang::fr ? fr : en;
}

}  // namespace

std::string render_doctor_text(const DoctorReport& d, Lang lang, bool colour) {
  std::string out = fmt::format("wfpredir {} doctor\n", WFPREDIR_VERSION);
  out += fmt::format("system: {} {} ({})\n", d.platform.os, d.platform.version, d.platform.detail);
  if (d.platform.under_wine) out += fmt::format("wine:   {}\n", d.platform.wine_version);
  if (d.loopback) {
    out += fmt::format("loopback connection: local {} peer {}\n\n",
                       format_endpoint(d.loopback->connection.local),
                       format_endpoint(d.loopback->connection.peer));
    out += "capabilities:\n";
    for (const Capability& c : d.capabilities)
      out += fmt::format("  {:<13} {:<6} {:<14} {}\n", to_string(c.kind), to_string(c.mode),
                         c.status, c.detail);
  }
  out += fmt::format("\n{}{}\n", tr(lang, "verdict: ", "verdict : "), d.verdict);
  for (const std::string& s : d.next_steps)
    out += fmt::format("{}{}\n", tr(lang, "next:    ", "ensuite : "), s);
  if (d.loopback) {
    out += "\n";
    out += render_text(*d.loopback, TextStyle{colour, false, lang});
  }
  return out;
}

std::string render_doctor_json(const DoctorReport& d, Lang lang, const std::string& platform) {
  json::Buffer buffer(nullptr, json::kBufferCapacity);
  json::Pretty w(buffer);
  w.StartObject();
  json::field(w, "tool", "wfpredir");
  json::field(w, "version", WFPREDIR_VERSION);
  json::field(w, "command", "doctor");
  json::key(w, "system");
  w.StartObject();
  json::field(w, "os", d.platform.os);
  json::field(w, "version", d.platform.version);
  json::field(w, "detail", d.platform.detail);
  json::key(w, "under_wine");
  w.Bool(d.platform.under_wine);
  json::field(w, "wine_version", d.platform.wine_version);
  w.EndObject();
  json::key(w, "capabilities");
  w.StartArray();
  for (const Capability& c : d.capabilities) {
    w.StartObject();
    json::field(w, "query", to_string(c.kind));
    json::field(w, "mode", to_string(c.mode));
    json::field(w, "status", c.status);
    json::field(w, "detail", c.detail);
    w.EndObject();
  }
  w.EndArray();
  json::field(w, "verdict", d.verdict);
  json::key(w, "next_steps");
  w.StartArray();
  for (const std::string& s : d.next_steps) json::string(w, s);
  w.EndArray();
  if (!d.setup_error.empty()) json::field(w, "setup_error", d.setup_error);
  json::key(w, "loopback");
  if (d.loopback) {
    json::write_report(w, *d.loopback, lang, platform);
  } else {
    w.Null();
  }
  w.EndObject();
  return json::text(buffer);
}

}  // namespace wfpredir
