// The documents about a whole run (see render_run.h): summary, setup error,
// version, and the one line per connection of `query --quiet`.
#include "run/render_run.h"

#include <fmt/format.h>

#include <iterator>

#include "platform/system.h"
#include "render/render_json_writer.h"
#include "run/engine.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir {
namespace {

constexpr Verdict kVerdicts[] = {Verdict::redirected, Verdict::not_redirected, Verdict::unknown,
                                 Verdict::unsupported};

// A verdict counted in the summary line (French agrees it with the count).
std::string_view counted(Verdict v, unsigned n, Lang lang) {
  switch (v) {
    case Verdict::redirected:
      return trn(lang, "redirected", "redirected", n);
    case Verdict::not_redirected:
      return trn(lang, "not-redirected", "not-redirected", n);
    case Verdict::unknown:
      return trn(lang, "unknown", "unknown", n);
    case Verdict::unsupported:
      return trn(lang, "unsupported", "unsupported", n);
  }
  return to_string(v);
}

}  // namespace

std::string_view to_string(RunEnd e) {
  switch (e) {
    case RunEnd::count:
      return "count";
    case RunEnd::timeout:
      return "timeout";
    case RunEnd::interrupted:
      return "interrupted";
    case RunEnd::terminated:
      return "terminated";
    case RunEnd::error:
      break;
  }
  return "error";
}

void RunSummary::add(const ConnectionReport& r) {
  ++connections;
  ++verdicts[static_cast<std::size_t>(r.verdict)];
}

RunEnd run_end_of(Exit rc, const SetupError* stopped_by) {
  if (rc == Exit::interrupted) return RunEnd::interrupted;
  if (rc == Exit::terminated) return RunEnd::terminated;
  if (stopped_by != nullptr)
    return stopped_by->kind == SetupError::Kind::timed_out ? RunEnd::timeout : RunEnd::error;
  if (rc == Exit::input_error) return RunEnd::error;
  return RunEnd::count;
}

std::string render_summary_text(const RunSummary& s, Lang lang) {
  std::string out =
      fmt::format("{} {}", s.connections, trn(lang, "connection", "connections", s.connections));
  bool first = true;
  for (Verdict v : kVerdicts) {
    const unsigned n = s.verdicts[static_cast<std::size_t>(v)];
    if (n == 0) continue;
    out += fmt::format("{}{} {}", first ? tr(lang, ": ") : ", ", n, counted(v, n, lang));
    first = false;
  }
  switch (s.ended_by) {
    case RunEnd::count:
      break;
    case RunEnd::timeout:
      out += tr(lang, "; then no connection within --timeout");
      break;
    case RunEnd::interrupted:
      out += tr(lang, "; interrupted (Ctrl-C)");
      break;
    case RunEnd::terminated:
      out += tr(lang, "; terminated");
      break;
    case RunEnd::error:
      out += tr(lang, "; stopped by an error (see above)");
      break;
  }
  return out + "\n";
}

std::string render_summary_json(const RunSummary& s) {
  json::Buffer buffer(nullptr, 512);
  json::Compact w(buffer);
  w.StartObject();
  json::write_header(w, "summary");
  json::key(w, "connections");
  w.Uint(s.connections);
  json::key(w, "verdicts");
  w.StartObject();
  for (Verdict v : kVerdicts) {
    json::key(w, to_string(v));
    w.Uint(s.verdicts[static_cast<std::size_t>(v)]);
  }
  w.EndObject();
  json::key(w, "exit_code");
  w.Int(s.exit_code);
  json::key(w, "elapsed_ms");
  w.Double(s.elapsed_ms);
  json::field(w, "ended_by", to_string(s.ended_by));
  w.EndObject();
  return json::text(buffer);
}

namespace {

template <class W>
void write_setup_error(W& w, const SetupError& e, Exit rc, Lang lang) {
  static constexpr std::string_view kKinds[] = {"failed", "timed_out", "interrupted", "usage",
                                                "unsupported"};
  static_assert(std::size(kKinds) == static_cast<std::size_t>(SetupError::Kind::unsupported) + 1,
                "one JSON name per SetupError::Kind");
  w.StartObject();
  json::write_header(w, "error");
  json::field(w, "tool", "wfpredir");
  json::field(w, "version", WFPREDIR_VERSION);
  json::key(w, "exit_code");
  w.Int(code(rc));
  json::field(w, "kind", kKinds[static_cast<std::size_t>(e.kind)]);
  json::field(w, "operation", e.operation);
  if (e.code != 0) {
    // The same object as queries[].error. The catalog's meanings are about
    // the control codes, not about bind or connect: the meaning names the
    // step that failed instead.
    Explanation x;
    x.domain = e.domain;
    x.code = e.code;
    x.name = std::string(error_name(e.domain, e.code));
    x.meaning = fmt::format("{}{}", tr(lang, "Setup step failed: "), e.operation);
    x.system_text = system_error_text(e.domain, e.code);
    json::key(w, "error");
    json::write_explanation(w, x);
  }
  json::field(w, "message", describe(e));
  w.EndObject();
}

}  // namespace

std::string render_setup_error_json(const SetupError& e, Exit rc, Lang lang, bool pretty) {
  json::Buffer buffer(nullptr, 1024);
  json::with_writer(buffer, pretty, [&](auto& w) { write_setup_error(w, e, rc, lang); });
  return json::text(buffer);
}

std::string render_version_json(const BuildInfo& b) {
  json::Buffer buffer(nullptr, 512);
  json::Compact w(buffer);
  w.StartObject();
  json::write_header(w, "version");
  json::field(w, "tool", "wfpredir");
  json::field(w, "version", b.version);
  json::field(w, "commit", b.commit);
  json::field(w, "target", b.target);
  json::field(w, "compiler", b.compiler);
  w.EndObject();
  return json::text(buffer);
}

std::string render_quiet_line(const ConnectionReport& r) {
  std::string original = "-";
  for (const QueryResult& q : r.queries) {
    const Attempt* a = q.final_attempt();
    if (q.kind == QueryKind::original_dst && a != nullptr && a->error == 0 && a->original_dst)
      original = format_endpoint(*a->original_dst);
  }
  return fmt::format("{} {} {}\n", format_endpoint(r.connection.peer), to_string(r.verdict),
                     original);
}

}  // namespace wfpredir
