// Text output for people. Every label and sentence follows --lang (i18n.h),
// as do the catalog's meanings and hints. Colour codes are added only when the CLI asks; text
// from outside (system messages, skip reasons, paths) is made visible.
#include <fmt/format.h>

#include <set>

#include "platform/system.h"
#include "render/render.h"
#include "render/render_conntrack.h"
#include "render/render_note.h"
#include "render/render_reason.h"
#include "text/hexdump.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir {
namespace {

class Painter {
 public:
  explicit Painter(bool on) : on_(on) {}
  std::string ok(std::string_view s) const { return wrap("32", s); }
  std::string bad(std::string_view s) const { return wrap("31", s); }
  std::string warn(std::string_view s) const { return wrap("33", s); }
  std::string bold(std::string_view s) const { return wrap("1", s); }

 private:
  std::string wrap(std::string_view sgr, std::string_view s) const {
    return on_ ? fmt::format("\x1b[{}m{}\x1b[0m", sgr, s) : std::string(s);
  }
  bool on_;
};

// An endpoint as a person reads it: an IPv4 client of a dual-stack socket as
// IPv4, with the mapped form the socket gave beside it.
std::string endpoint_words(const std::optional<IpEndpoint>& e) {
  if (!e || !e->is_v4_mapped()) return format_endpoint(e);
  return fmt::format("{} ({})", format_endpoint(e->normalised()), format_endpoint(e));
}

// Every Windows control-code query of the report was skipped (a Linux run):
// they exist only on Windows, and nine "skipped" lines say nothing more.
bool windows_queries_absent(const ConnectionReport& r) {
  bool any = false;
  for (const QueryResult& q : r.queries) {
    if (q.kind == QueryKind::original_dst) continue;
    if (!q.skipped) return false;
    any = true;
  }
  return any;
}

// The verdict in words; in English the words are the JSON token itself.
std::string_view verdict_words(Verdict v, Lang lang) { return tr(lang, to_string(v)); }

}  // namespace

std::string indent(const std::string& block, std::string_view pad) {
  std::string out;
  std::size_t start = 0;
  while (start < block.size()) {
    const std::size_t end = block.find('\n', start);
    const std::size_t stop = end == std::string::npos ? block.size() : end;
    out += fmt::format("{}{}\n", pad, std::string_view(block).substr(start, stop - start));
    start = stop + 1;
  }
  return out;
}

std::string error_label(int code, std::string_view name, Lang lang) {
  return name.empty() ? trf(lang, "error {}", code) : trf(lang, "error {} {}", code, name);
}

std::string error_label(ErrorDomain domain, int code, Lang lang) {
  return error_label(code, error_name(domain, code), lang);
}

std::string named_number(std::string_view name, int number) {
  return name.empty() ? fmt::format("{}", number) : fmt::format("{} ({})", name, number);
}

std::string call_line(const CallRecord& c, Lang lang) {
  std::string args;
  if (c.control_code) args += fmt::format("0x{:08X}", *c.control_code);
  if (c.out_size)
    args += fmt::format("{}{}", args.empty() ? "" : ", ", trf(lang, "size {}", *c.out_size));
  std::string line =
      fmt::format("{}({}) = {}, {}", c.function, args, c.ret, trf(lang, "error {}", c.error));
  if (c.bytes) line += trf(lang, ", bytes {}", *c.bytes);
  line += fmt::format(", {:.3f} ms", c.ms);
  if (!c.notes.empty()) line += fmt::format(" [{}]", visible(note_text(c.notes, lang)));
  return line;
}

std::string render_explanation_text(const Explanation& e, Lang lang) {
  // The domain is named: the same number can be a Windows code and a Linux errno.
  const std::string_view domain =
      e.domain == ErrorDomain::windows ? "Windows" : tr(lang, "Linux errno");
  std::string out = fmt::format("{} ({:#x}) {} ({})\n", e.code, static_cast<unsigned>(e.code),
                                e.name.empty() ? tr(lang, "(unknown name)") : e.name, domain);
  out += fmt::format("  {}{}\n", tr(lang, "meaning: "), e.meaning);
  if (!e.hint.empty()) out += fmt::format("  {}{}\n", tr(lang, "hint:    "), e.hint);
  out += fmt::format("  {}{}\n", tr(lang, "system:  "),
                     e.system_text.empty()
                         ? std::string(tr(lang, "(the system has no text for this code)"))
                         : visible(e.system_text));
  return out;
}

std::string render_text(const ConnectionReport& r, const TextStyle& style) {
  const Painter p(style.colour);
  std::string out;
  const ConnectionInfo& c = r.connection;
  const Lang lang = style.lang;
  // A dual-stack socket's IPv4 client is an IPv4 connection.
  const bool mapped = c.peer && c.peer->is_v4_mapped();
  out += p.bold(trf(lang, "connection {}: {} {}, {}", r.index, c.protocol,
                    mapped ? std::string(tr(lang, "ipv4 (on a dual-stack ipv6 socket)"))
                           : std::string(to_string(c.family)),
                    tr(lang, c.side))) +
         "\n";
  const bool show_listener = c.listener && !(c.local && *c.listener == *c.local);
  out += trf(lang, "  local {}  peer {}", endpoint_words(c.local), endpoint_words(c.peer)) +
         (show_listener ? trf(lang, "  listener {}", format_endpoint(c.listener)) : std::string()) +
         "\n";
  if (c.resets_before_accept > 0)
    out += trf(lang, "  {} client(s) reset before accept() took them, skipped\n",
               c.resets_before_accept);

  const bool brief = !style.verbose && windows_queries_absent(r);
  if (brief) {
    out += "  " +
           std::string(r.skipped_modes.empty()
                           ? tr(lang,
                                "the Windows control codes (SIO_QUERY_WFP_*) do not exist here "
                                "(--verbose shows them)")
                           : tr(lang,
                                "the Windows control codes (SIO_QUERY_WFP_*) and the event and "
                                "apc modes do not exist here (--verbose shows them)")) +
           "\n";
  } else {
    for (const SkippedMode& m : r.skipped_modes)
      out += "  " + p.warn(trf(lang, "mode {} skipped", to_string(m.mode))) +
             std::string(tr(lang, ": ")) + visible(reason_text(m.reason, lang)) + "\n";
  }

  // An explanation is printed once per report: records and context in three
  // modes often share one error, and six copies of its hint bury the verdict.
  std::set<std::string> explained, hints;
  const QueryResult* previous = nullptr;
  for (const QueryResult& q : r.queries) {
    if (brief && q.kind != QueryKind::original_dst) continue;
    if (previous == nullptr || previous->kind != q.kind) {
      out += "\n";
      if (q.kind == QueryKind::records || q.kind == QueryKind::context)
        out += p.bold(fmt::format("{} (0x{:08X})", control_name(q.kind),
                                  q.kind == QueryKind::records ? kSioQueryRedirectRecords
                                                               : kSioQueryRedirectContext)) +
               "\n";
      else
        out += p.bold(tr(lang, "original destination (SO_ORIGINAL_DST)")) + "\n";
    }
    previous = &q;
    const std::string mode = fmt::format("  {:<6} ", to_string(q.mode));
    const std::string pad(mode.size(), ' ');
    const Attempt* a = q.final_attempt();
    if (a == nullptr) {
      out += mode + p.warn(tr(lang, "skipped")) + std::string(tr(lang, ": ")) +
             visible(reason_text(q.skip_reason, lang)) + "\n";
      continue;
    }
    std::string how;
    if (a->pending) how = tr(lang, ", after WSA_IO_PENDING");
    if (a->timed_out) how += tr(lang, ", still pending after --io-timeout, cancelled");
    if (a->interrupted) how += tr(lang, ", interrupted by Ctrl-C, cancelled");
    if (a->error == 0) {
      std::string line = p.ok("ok") + trf(lang, ", {} bytes", a->bytes) + how;
      if (a->original_dst)
        line +=
            fmt::format("{}{} ({})", tr(lang, ": "), endpoint_words(a->original_dst), a->mechanism);
      out += mode + line + "\n";
    } else {
      Explanation x = explain(a->domain, a->error, style.lang, context_of(q.kind));
      x.system_text = system_error_text(a->domain, a->error);
      const std::string label = error_label(x.code, x.name, lang);
      out += mode + (a->timed_out || a->interrupted ? p.warn(label) : p.bad(label)) +
             trf(lang, ", {} bytes", a->bytes) + how + "\n";
      // A hint the report already gave is not repeated (records and context
      // share their hints; their meanings name their own control code).
      if (!x.hint.empty() && !hints.insert(x.hint).second) x.hint.clear();
      std::string text = render_explanation_text(x, style.lang);
      if (explained.insert(text).second) out += indent(text, pad);
    }
    if (a->apc) {
      const ApcInfo& apc = *a->apc;
      out += pad + (apc.ran ? trf(lang,
                                  "completion routine ran on thread {}{} with error {}, {} "
                                  "bytes, flags 0x{:x}\n",
                                  apc.thread_id,
                                  tr(lang, apc.on_calling_thread ? " (the calling thread)"
                                                                 : " (NOT the calling thread)"),
                                  apc.error, apc.bytes, apc.flags)
                            : std::string(tr(lang, "completion routine did not run\n")));
    }
    if (!q.policy_note.empty())
      out += pad + std::string(tr(lang, "buffer: ")) + reason_text(q.policy_note, lang) + "\n";
    if (style.trace) {
      for (const Attempt& at : q.attempts)
        for (const CallRecord& call : at.calls)
          out += pad + std::string(tr(lang, "call ")) + call_line(call, lang) + "\n";
    }
    // The original destination's bytes say again what the line above says:
    // shown with --verbose (JSON always carries them).
    const bool same_again = q.kind == QueryKind::original_dst && a->original_dst && !style.verbose;
    if (a->error == 0 && !a->data.empty() && !same_again) {
      out += indent(hexdump_canonical(a->data), pad);
      out += render_decodings_text(q.kind, a->data, decode_blob(q.kind, a->data, a->domain), pad);
    }
    if (q.saved_to) out += pad + std::string(tr(lang, "saved to ")) + visible(*q.saved_to) + "\n";
  }

  // The kernel's records (Linux), next to the verdict they decide.
  const std::string kernel =
      render_conntrack_text(c, reason_text(r.witnesses_disagree, lang), lang);
  if (!kernel.empty()) out += "\n" + kernel;

  if (!r.agreement.empty()) out += "\n";
  for (const Agreement& ag : r.agreement) {
    if (ag.agree) {
      out += trf(lang, "modes agree for {}\n", to_string(ag.kind));
    } else {
      out += p.warn(trf(lang, "modes DISAGREE for {}:", to_string(ag.kind)));
      for (const Reason& d : ag.differences) out += " " + reason_text(d, lang) + ";";
      out.back() = '\n';
    }
  }
  out += "\n";
  // The verdict in words (the JSON `verdict` and the exit code are for
  // scripts), set apart at the end, where the eye lands.
  const std::string verdict(verdict_words(r.verdict, lang));
  out += p.bold(std::string(tr(lang, "verdict:"))) + " " +
         (r.verdict == Verdict::redirected ? p.ok(verdict)
          : r.verdict == Verdict::unknown  ? p.warn(verdict)
                                           : verdict) +
         " (" + reason_text(r.verdict_reason, lang) + ")\n";
  if (r.expectation_held)
    out += trf(lang, "expectation {}: {}\n", r.expectation,
               *r.expectation_held ? p.ok(tr(lang, "held")) : p.bad(tr(lang, "FAILED")));
  return out;
}

}  // namespace wfpredir
