// The text and JSON of `wfpredir connections` (docs/schema/connections.schema.json).
#include <fmt/format.h>

#include "analysis/connections.h"
#include "render/render_bpf.h"
#include "render/render_json_writer.h"
#include "render/render_reason.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir {
namespace {

std::string processes_text(const SocketRow& r, Lang lang) {
  if (r.processes.empty()) return std::string(tr(lang, "process not visible"));
  std::string out;
  for (const SocketProcess& p : r.processes) {
    if (!out.empty()) out += ", ";
    out += fmt::format("pid {} {}", p.pid, visible(p.command));
  }
  return out;
}

std::string rule_text(const NetfilterRule& r, Lang lang) {
  return trf(lang, "{} {} {}: {} -> {} {}{}", r.family, r.table, r.chain,
             r.match.empty() ? std::string(tr(lang, "(any)")) : visible(r.match), r.action,
             visible(r.to_address), r.to_port != 0 ? fmt::format(":{}", r.to_port) : "");
}

std::string conntrack_text(const ConntrackWitness& ct, Lang lang) {
  if (ct.outcome == "found")
    return trf(lang, "  conntrack: {} -> {}, reply {} -> {}, {}{}, zone {}\n",
               format_endpoint(ct.original_src), format_endpoint(ct.original_dst),
               format_endpoint(ct.reply_src), format_endpoint(ct.reply_dst),
               ct.status.empty() ? "-" : ct.status,
               ct.mark ? trf(lang, ", mark {:#x}", *ct.mark) : "", ct.zone);
  if (ct.outcome == "no-entry") return std::string(tr(lang, "  conntrack: no entry\n"));
  if (ct.outcome == "cannot-ask")
    return trf(lang, "  conntrack: could not be asked ({}, errno {})\n", visible(ct.detail),
               ct.error);
  return {};
}

std::string confirm_text(const ConfirmWitness& c, Lang lang) {
  if (c.status == "not-asked") return {};
  if (c.status == "answered")
    return trf(lang, "  SO_ORIGINAL_DST on a duplicate of the socket: {}\n",
               format_endpoint(c.original_dst));
  if (c.status == "no-entry")
    return std::string(tr(lang, "  SO_ORIGINAL_DST on a duplicate of the socket: no entry\n"));
  return trf(lang, "  SO_ORIGINAL_DST not asked: {} failed, errno {} ({})\n", c.operation, c.error,
             c.status);
}

// Writes v in decimal at p and returns the end (at most 5 digits). Digits are
// produced into a local array first, so every store has a bound the compiler
// can see (std::to_chars into a shared buffer made GCC 12's -O2
// -Wstringop-overflow fire in the Release package build).
inline char* put_decimal(char* p, std::uint16_t v) {
  char digits[5];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v = static_cast<std::uint16_t>(v / 10);
  } while (v != 0);
  while (n > 0) *p++ = digits[--n];
  return p;
}

// An endpoint as format_endpoint() writes it. IPv4 (nearly every row) is
// formatted on the stack rather than through three std::string per endpoint
// (up to six endpoints a row): at most "255.255.255.255:65535", 21 bytes.
template <class W>
void endpoint(W& w, const IpEndpoint& e) {
  if (e.family != Family::ipv4) {
    json::string(w, format_endpoint(e));
    return;
  }
  char buf[24];
  char* p = buf;
  for (std::size_t i = 0; i < 4; ++i) {
    if (i > 0) *p++ = '.';
    p = put_decimal(p, e.address[i]);
  }
  *p++ = ':';
  p = put_decimal(p, e.port);
  json::string(w, std::string_view(buf, static_cast<std::size_t>(p - buf)));
}

template <class W>
void endpoint_field(W& w, std::string_view k, const IpEndpoint& e) {
  json::key(w, k);
  endpoint(w, e);
}

template <class W>
void endpoint_or_null(W& w, std::string_view k, const std::optional<IpEndpoint>& e) {
  json::key(w, k);
  if (e) {
    endpoint(w, *e);
  } else {
    w.Null();
  }
}

template <class W>
void row_json(W& w, const SocketRow& r) {
  w.StartObject();
  json::field(w, "protocol", r.protocol);
  json::field(w, "state", r.state);
  endpoint_field(w, "local", r.local);
  endpoint_or_null(w, "remote", r.remote);
  json::key(w, "inode");
  w.Uint64(r.inode);
  json::key(w, "uid");
  w.Uint(r.uid);
  json::key(w, "processes");
  w.StartArray();
  for (std::size_t i = 0; i < r.processes.size(); ++i) {
    w.StartObject();
    json::key(w, "pid");
    w.Uint(r.processes[i].pid);
    json::field(w, "command", r.processes[i].command);
    json::field(w, "cgroup", r.processes[i].cgroup);
    json::key(w, "fd");
    if (i < r.fds.size()) {
      w.Int(r.fds[i]);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  if (r.verdict.empty()) {
    json::key(w, "connections");
    w.Int(r.connections);
    json::key(w, "rules");
    w.StartArray();
    for (const NetfilterRule& n : r.rules) json::write_netfilter_rule(w, n);
    w.EndArray();
    w.EndObject();
    return;
  }
  json::field(w, "verdict", r.verdict);
  json::field(w, "reason", reason_text(r.reason, Lang::en));  // English, as documented
  endpoint_or_null(w, "original_destination", r.original_destination);
  json::key(w, "local_assigned");
  w.Bool(r.local_assigned);
  json::key(w, "witnesses_disagree");
  w.Bool(r.witnesses_disagree);
  json::key(w, "ebpf");
  bpf_programs_json(w, r.bpf);
  const ConntrackWitness& ct = r.conntrack;
  json::key(w, "conntrack");
  w.StartObject();
  json::field(w, "outcome", ct.outcome);
  if (ct.outcome == "found") {
    endpoint_field(w, "original_src", ct.original_src);
    endpoint_field(w, "original_dst", ct.original_dst);
    endpoint_field(w, "reply_src", ct.reply_src);
    endpoint_field(w, "reply_dst", ct.reply_dst);
    json::field(w, "status", ct.status);
    json::key(w, "mark");
    if (ct.mark) {
      w.Uint(*ct.mark);
    } else {
      w.Null();
    }
    json::key(w, "zone");
    w.Uint(ct.zone);
    json::key(w, "destination_rewritten");
    w.Bool(ct.destination_rewritten);
    json::key(w, "source_rewritten");
    w.Bool(ct.source_rewritten);
  } else {
    json::key(w, "errno");
    w.Int(ct.error);
    json::field(w, "detail", ct.detail);
  }
  w.EndObject();
  json::key(w, "confirm");
  w.StartObject();
  json::field(w, "status", r.confirm.status);
  endpoint_or_null(w, "original_dst", r.confirm.original_dst);
  json::key(w, "errno");
  w.Int(r.confirm.error);
  json::field(w, "operation", r.confirm.operation);
  w.EndObject();
  w.EndObject();
}

}  // namespace

std::string render_connections_text(const ConnectionsReport& r, Lang lang) {
  std::string out;
  if (r.sockets_error) out += trf(lang, "sockets not read: {}\n", failure_text(*r.sockets_error));
  if (r.netfilter_error)
    out += trf(lang, "netfilter rules not read: {}\n", failure_text(*r.netfilter_error));
  if (r.bpf_error)
    out += trf(lang, "eBPF programs not listed (no verdict weighs them): {}\n",
               failure_text(*r.bpf_error));
  int listeners = 0, connections = 0;
  for (const SocketRow& s : r.sockets) {
    if (s.verdict.empty() && (s.state == "listen" || !s.remote)) {
      ++listeners;
      const auto n = static_cast<unsigned long>(s.connections);
      out += trf(lang, "listener {} {} ({}): {} {}\n", s.protocol, format_endpoint(s.local),
                 processes_text(s, lang), n, trn(lang, "connection", "connections", n));
      for (const NetfilterRule& rule : s.rules)
        out += trf(lang, "  sent here by: {}\n", rule_text(rule, lang));
      continue;
    }
    if (s.verdict.empty()) continue;  // neither: a TCP socket closing without a peer
    ++connections;
    out += trf(lang, "connection {} {} -> {} {} ({}): {}", s.protocol, format_endpoint(s.remote),
               format_endpoint(s.local), s.state, processes_text(s, lang), tr(lang, s.verdict));
    if (s.original_destination)
      out += trf(lang, ", original destination {}", format_endpoint(s.original_destination));
    out += '\n';
    out += trf(lang, "  because {}\n", reason_text(s.reason, lang));
    for (const BpfProgram& p : s.bpf)
      out += trf(lang, "  eBPF program {} \"{}\" ({} on {})\n", p.id, visible(p.name),
                 p.attach_type, visible(p.attach_point));
    out += conntrack_text(s.conntrack, lang);
    out += confirm_text(s.confirm, lang);
    if (s.witnesses_disagree)
      out += tr(lang,
                "  the two witnesses disagree: conntrack and SO_ORIGINAL_DST name different "
                "original destinations\n");
  }
  if (!r.confirm_refused.empty()) out += trf(lang, "--confirm: {}\n", tr(lang, r.confirm_refused));
  if (!r.records_note.empty()) out += std::string(tr(lang, r.records_note)) + "\n";
  if (r.processes_partial)
    out += tr(lang, "some processes are not visible to this user (run as root to see them all)\n");
  out += trf(lang, "listeners: {}, connections: {}\n", listeners, connections);
  return out;
}

void render_connections_json(const ConnectionsReport& r,
                             const std::function<void(std::string_view)>& sink) {
  // Room for the whole document (a row with a verdict is about 1 KB
  // pretty-printed), so the buffer is not copied as it grows.
  json::Buffer buffer(nullptr, json::kBufferCapacity + r.sockets.size() * 1280);
  json::Pretty w(buffer);
  w.StartObject();
  json::write_header(w, "connections");
  json::field(w, "tool", "wfpredir");
  json::field(w, "version", WFPREDIR_VERSION);
  json::field(w, "platform", r.platform);
  json::key(w, "filter");
  w.StartObject();
  json::key(w, "port");
  if (r.filter.port) {
    w.Uint(*r.filter.port);
  } else {
    w.Null();
  }
  json::key(w, "pid");
  if (r.filter.pid) {
    w.Uint(*r.filter.pid);
  } else {
    w.Null();
  }
  json::key(w, "confirm");
  w.Bool(r.filter.confirm);
  w.EndObject();
  json::key(w, "processes_partial");
  w.Bool(r.processes_partial);
  json::field(w, "confirm_refused", r.confirm_refused);
  json::field(w, "records_note", r.records_note);
  failure_json(w, "sockets_error", r.sockets_error);
  failure_json(w, "netfilter_error", r.netfilter_error);
  if (r.bpf_error) failure_json(w, "ebpf_error", r.bpf_error);
  json::key(w, "sockets");
  w.StartArray();
  for (const SocketRow& s : r.sockets) row_json(w, s);
  w.EndArray();
  w.EndObject();
  buffer.Put('\n');
  sink(std::string_view(buffer.GetString(), buffer.GetSize()));
}

std::string render_connections_json(const ConnectionsReport& r) {
  std::string out;
  render_connections_json(r, [&out](std::string_view text) { out.assign(text); });
  return out;
}

}  // namespace wfpredir
