// Conntrack evidence in text and JSON (render_conntrack.h).
#include "render/render_conntrack.h"

#include <fmt/format.h>

#include "render/render.h"
#include "render/render_bpf.h"
#include "render/render_json_writer.h"
#include "text/error_names.h"
#include "text/visible.h"

namespace wfpredir {
namespace {

std::string tuple_text(const ConntrackTuple& t) {
  return fmt::format("{} {} -> {}", t.protocol == kProtoUdp ? "udp" : "tcp", format_endpoint(t.src),
                     format_endpoint(t.dst));
}

// "destination NAT", "source NAT", both, or "no NAT" (the words in the text and JSON's `proves`).
std::vector<std::string_view> proves(const ConntrackEntry& e) {
  std::vector<std::string_view> out;
  if (e.destination_rewritten()) out.push_back("dnat");
  if (e.source_rewritten()) out.push_back("snat");
  return out;
}

}  // namespace

std::string render_conntrack_text(const ConnectionInfo& c, const std::string& disagree, Lang lang) {
  std::string out;
  if (c.conntrack) {
    const ConntrackLookup& ct = *c.conntrack;
    out += std::string(tr(lang, "conntrack (ctnetlink)")) + "\n";
    if (ct.outcome == ConntrackOutcome::found) {
      const ConntrackEntry& e = *ct.entry;
      out += trf(lang, "  original {}\n", tuple_text(e.original));
      out += trf(lang, "  reply    {}\n", tuple_text(e.reply));
      out += trf(lang, "  status {}  mark {}  zone {}\n",
                 e.status == 0 ? std::string("0") : status_names(e.status),
                 e.mark ? fmt::format("0x{:x}", *e.mark) : std::string("-"), e.zone);
      const auto nat = proves(e);
      if (nat.empty())
        out += std::string(tr(lang, "  proves: no NAT (the reply tuple mirrors the original)\n"));
      for (const std::string_view n : nat)
        out += n == "dnat"
                   ? std::string(tr(lang,
                                    "  proves: destination NAT (DNAT or REDIRECT): the reply "
                                    "source is not the original destination\n"))
                   : std::string(tr(lang,
                                    "  proves: source NAT (SNAT or MASQUERADE): the reply "
                                    "destination is not the original source\n"));
    } else if (ct.outcome == ConntrackOutcome::no_entry) {
      out += std::string(tr(lang,
                            "  no entry (ENOENT): conntrack does not track this connection here "
                            "(no NAT rule loaded, notrack, or another network namespace)\n"));
    } else {
      out += trf(lang, "  cannot ask: {} failed with {}{}\n", ct.operation,
                 named_number(error_name(ErrorDomain::posix, ct.error), ct.error),
                 ct.detail.empty() ? std::string() : " (" + ct.detail + ")");
    }
  }
  if (c.local_assigned && c.local)
    out += *c.local_assigned
               ? trf(lang, "  local address {} is assigned to an interface here\n",
                     format_address(*c.local))
               : trf(lang,
                     "  local address {} is NOT assigned to any interface here (TPROXY "
                     "evidence)\n",
                     format_address(*c.local));
  if (!disagree.empty()) out += trf(lang, "  witnesses DISAGREE: {}\n", disagree);
  // Rule E1 (docs/verdicts.md): the programs that could have redirected it unseen.
  for (const BpfProgram& p : c.bpf)
    out += trf(lang, "  eBPF program {} \"{}\" ({} on {})\n", p.id, visible(p.name), p.attach_type,
               visible(p.attach_point));
  if (c.bpf_error)
    out += trf(lang, "  eBPF programs not listed (no verdict weighs them): {}\n",
               failure_text(*c.bpf_error));
  if (c.client) {
    const std::optional<ClientProcess>& p = c.client->process;
    out += p ? trf(lang, "  client process: pid {} ({}), cgroup {}\n", p->pid, visible(p->command),
                   p->cgroup.empty() ? c.client->reason : visible(p->cgroup))
             : trf(lang, "  client process: not found ({})\n", c.client->reason);
  }
  return out;
}

namespace json {
namespace {

template <class W>
void write_tuple(W& w, std::string_view name, const ConntrackTuple& t) {
  key(w, name);
  w.StartObject();
  field(w, "protocol", t.protocol == kProtoUdp ? "udp" : "tcp");
  field(w, "src", format_endpoint(t.src));
  field(w, "dst", format_endpoint(t.dst));
  w.EndObject();
}

}  // namespace

template <class W>
void write_conntrack(W& w, const ConnectionInfo& c, Lang lang) {
  if (c.conntrack) {
    const ConntrackLookup& ct = *c.conntrack;
    key(w, "conntrack");
    w.StartObject();
    field(w, "outcome", to_string(ct.outcome));
    if (ct.outcome == ConntrackOutcome::found) {
      const ConntrackEntry& e = *ct.entry;
      write_tuple(w, "original", e.original);
      write_tuple(w, "reply", e.reply);
      key(w, "status");
      w.Uint(e.status);
      field(w, "status_names", status_names(e.status));
      key(w, "seen_reply");
      w.Bool(e.seen_reply());
      key(w, "dst_nat");
      w.Bool(e.dst_nat_bit());
      key(w, "src_nat");
      w.Bool(e.src_nat_bit());
      if (e.mark) {
        key(w, "mark");
        w.Uint(*e.mark);
      }
      key(w, "zone");
      w.Uint(e.zone);
      if (e.id) {
        key(w, "id");
        w.Uint(*e.id);
      }
      key(w, "proves");
      w.StartArray();
      for (const std::string_view n : proves(e)) string(w, n);
      w.EndArray();
    } else {
      field(w, "operation", ct.operation);
      key(w, "error");
      write_error(w, ErrorDomain::posix, ct.error, lang, ErrorContext::socket_call);
      if (!ct.detail.empty()) field(w, "detail", ct.detail);
    }
    w.EndObject();
  }
  if (c.local_assigned) {
    key(w, "local_assigned");
    w.Bool(*c.local_assigned);
  }
  if (!c.bpf.empty()) {
    key(w, "ebpf");
    bpf_programs_json(w, c.bpf);  // the object doctor and connections write
  }
  if (c.bpf_error) failure_json(w, "ebpf_error", c.bpf_error.get());
  if (c.client) {
    key(w, "client_process");
    if (const std::optional<ClientProcess>& p = c.client->process) {
      w.StartObject();
      key(w, "pid");
      w.Uint(p->pid);
      field(w, "command", p->command);
      field(w, "cgroup", p->cgroup);
      key(w, "on_path");
      w.Bool(c.client->on_path);
      w.EndObject();
    } else {
      w.Null();
    }
    if (!c.client->reason.empty()) field(w, "client_process_reason", c.client->reason);
  }
}

template void write_conntrack(Compact&, const ConnectionInfo&, Lang);
template void write_conntrack(Pretty&, const ConnectionInfo&, Lang);

}  // namespace json
}  // namespace wfpredir
