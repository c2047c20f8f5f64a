// Text and JSON output of `query --udp` (render_udp.h): the socket and its
// options, the datagram, each control message with its bytes and their
// decodings (as the TCP blobs, render_decode.cpp), the verdict.
#include "render/render_udp.h"
#include "parse/cmsg.h"

#include <fmt/format.h>

#include "platform/system.h"
#include "render/render_conntrack.h"
#include "render/render_json_writer.h"
#include "render/render_reason.h"
#include "text/hexdump.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir {
namespace {

// A datagram's kernel evidence (conntrack, TPROXY's local address, eBPF and
// the sender's process) as the TCP report carries it, so that one renderer
// (render_conntrack.h) writes that block for both.
ConnectionInfo kernel_view(const UdpReport& r) {
  ConnectionInfo k;
  k.conntrack = r.conntrack;
  k.bpf = r.bpf;
  k.client = r.client;
  k.bpf_error = r.bpf_error;
  k.local = r.original_dst;
  k.local_assigned = r.local_assigned;
  return k;
}

ErrorDomain domain_of(const UdpReport& r) {
  return r.datagram.layout.numbers == FamilyNumbers::linux ? ErrorDomain::posix
                                                           : ErrorDomain::windows;
}

// "error 10042 WSAENOPROTOOPT: An unknown, invalid ... ", the system's text visible.
std::string error_text(ErrorDomain domain, int code, Lang lang) {
  std::string out = error_label(domain, code, lang);
  const std::string system = system_error_text(domain, code);
  if (!system.empty()) out += std::string(tr(lang, ": ")) + visible(system);
  return out;
}

// The TCP query kind whose blob a message's data is, for the decoders' output.
std::optional<QueryKind> kind_of(CmsgMeaning m) {
  switch (m) {
    case CmsgMeaning::wfp_records:
      return QueryKind::records;
    case CmsgMeaning::wfp_context:
      return QueryKind::context;
    case CmsgMeaning::original_dst:
      return QueryKind::original_dst;
    case CmsgMeaning::other:
      break;
  }
  return std::nullopt;
}

}  // namespace

std::string_view udp_mechanism_text(UdpMechanism m, Lang lang) {
  switch (m) {
    case UdpMechanism::wfp_control_messages:
      return tr(lang,
                "the WFP redirect control messages of the first datagram, read with WSARecvMsg");
    case UdpMechanism::tproxy_origdstaddr:
      return tr(lang, "TPROXY (IP_TRANSPARENT) and the IP_ORIGDSTADDR control message");
    case UdpMechanism::origdstaddr:
      return tr(lang,
                "the IP_ORIGDSTADDR control message (no IP_TRANSPARENT: a tproxy rule cannot hand "
                "this socket datagrams)");
    case UdpMechanism::count:
      break;
  }
  return {};
}

std::string render_udp_text(const UdpReport& r, const TextStyle& style) {
  const Lang lang = style.lang;
  const FamilyNumbers numbers = r.datagram.layout.numbers;
  const ErrorDomain domain = domain_of(r);
  const Datagram& d = r.datagram;
  std::string out = trf(lang, "datagram {}: udp {}, {}\n", r.index, to_string(r.socket.family),
                        to_string(d.mode));
  out += trf(lang, "  socket {}{}: {}\n", format_endpoint(r.socket.local),
             r.socket.transparent ? tr(lang, " (transparent)") : "",
             udp_mechanism_text(r.socket.mechanism, lang));
  for (const UdpOption& o : r.socket.options) {
    out += fmt::format("  setsockopt {} {} = {}",
                       named_number(cmsg_level_name(numbers, o.level), o.level),
                       named_number(o.name, o.option), o.call.ret);
    out += o.ok() ? ", ok\n" : ", " + error_text(domain, o.call.error, lang) + "\n";
  }
  if (d.error != 0) {
    out += std::string(tr(lang, "  receive failed: ")) + error_text(d.domain, d.error, lang) + "\n";
  } else {
    out +=
        trf(lang, "  from {}, {} bytes, flags 0x{:X}", format_endpoint(d.source), d.size, d.flags);
    if (d.pending) out += tr(lang, ", after WSA_IO_PENDING");
    if (d.data_truncated) out += tr(lang, ", MSG_TRUNC (payload cut)");
    if (d.control_truncated) out += tr(lang, ", MSG_CTRUNC (control messages cut)");
    out += "\n";
  }
  if (d.apc)
    out +=
        "  " + (d.apc->ran ? trf(lang,
                                 "completion routine ran on thread {}{} with error {}, {} bytes, "
                                 "flags 0x{:x}\n",
                                 d.apc->thread_id,
                                 tr(lang, d.apc->on_calling_thread ? " (the calling thread)"
                                                                   : " (NOT the calling thread)"),
                                 d.apc->error, d.apc->bytes, d.apc->flags)
                           : std::string(tr(lang, "completion routine did not run\n")));
  if (style.trace)
    for (const CallRecord& c : d.calls)
      out += "  " + std::string(tr(lang, "call ")) + call_line(c, lang) + "\n";
  out += trf(lang, "  control: {} of {} bytes, {}\n", d.control.size(), d.control_offered,
             d.layout.name);
  if (r.messages.empty() && d.error == 0) out += tr(lang, "  no control messages\n");
  unsigned n = 0;
  for (const ControlMessage& m : r.messages) {
    ++n;
    if (m.problem == CmsgProblem::truncated_header) {
      out += trf(lang, "  message {} at {}: truncated header, {} bytes left (a header is {})\n", n,
                 m.offset, m.bytes_left, d.layout.header_size());
      continue;
    }
    // The problem is a token (JSON `problem`), kept as it is.
    out += trf(
        lang, "  message {} at {}: level {}, type {}, length {}, {} data bytes{}\n", n, m.offset,
        named_number(cmsg_level_name(numbers, m.level), m.level),
        named_number(cmsg_type_name(numbers, m.level, m.type), m.type), m.length, m.data.size(),
        m.problem == CmsgProblem::none ? std::string() : ", " + std::string(to_string(m.problem)));
    if (m.data.empty()) continue;
    out += indent(hexdump_canonical(m.data), "    ");
    if (auto kind = kind_of(meaning_of(numbers, m.level, m.type)))
      out += render_decodings_text(*kind, m.data, decode_control(numbers, m), "    ");
  }
  if (r.original_dst)
    out += trf(lang, "  original destination {}\n", format_endpoint(r.original_dst));
  {
    const std::string kernel = render_conntrack_text(kernel_view(r), std::string(), lang);
    if (!kernel.empty()) out += "\n" + kernel;
  }
  // The verdict in words, as for `query` (render_text.cpp): in English the
  // words are the JSON token itself.
  out += fmt::format("\n{} {} ({})\n", tr(lang, "verdict:"), tr(lang, to_string(r.verdict)),
                     reason_text(r.verdict_reason, lang));
  if (r.expectation_held)
    out += trf(lang, "expectation {}: {}\n", r.expectation,
               tr(lang, *r.expectation_held ? "held" : "FAILED"));
  return out;
}

namespace json {
namespace {

template <class W>
void write_udp(W& w, const UdpReport& r, Lang lang, std::string_view platform) {
  const FamilyNumbers numbers = r.datagram.layout.numbers;
  const ErrorDomain domain = domain_of(r);
  const Datagram& d = r.datagram;
  w.StartObject();
  write_report_opening(w, "datagram", platform, r.index);
  field(w, "protocol", "udp");
  key(w, "socket");
  w.StartObject();
  field(w, "family", to_string(r.socket.family));
  field(w, "local", format_endpoint(r.socket.local));
  key(w, "transparent");
  w.Bool(r.socket.transparent);
  field(w, "mechanism", udp_mechanism_text(r.socket.mechanism, Lang::en));
  key(w, "options");
  w.StartArray();
  for (const UdpOption& o : r.socket.options) {
    w.StartObject();
    field(w, "name", o.name);
    key(w, "level");
    w.Int(o.level);
    field(w, "level_name", cmsg_level_name(numbers, o.level));
    key(w, "option");
    w.Int(o.option);
    key(w, "ok");
    w.Bool(o.ok());
    key(w, "ret");
    w.Int64(o.call.ret);
    if (!o.ok()) {
      key(w, "error");
      write_error(w, domain, o.call.error, lang, ErrorContext::socket_call);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();

  key(w, "datagram");
  w.StartObject();
  field(w, "mode", to_string(d.mode));
  field(w, "status", d.error == 0 ? "ok" : "error");
  if (d.error != 0) {
    key(w, "error");
    write_error(w, d.domain, d.error, lang, ErrorContext::socket_call);
  }
  field(w, "source", format_endpoint(d.source));
  key(w, "size");
  w.Uint(d.size);
  key(w, "flags");
  w.Uint(d.flags);
  key(w, "data_truncated");
  w.Bool(d.data_truncated);
  key(w, "control_truncated");
  w.Bool(d.control_truncated);
  key(w, "control_offered");
  w.Uint(d.control_offered);
  key(w, "control_length");
  w.Uint64(d.control.size());
  field(w, "control_hex", hex_string(d.control));
  field(w, "layout", d.layout.name);
  key(w, "pending");
  w.Bool(d.pending);
  write_completion(w, d.apc, d.calls, false, lang);
  w.EndObject();

  key(w, "control_messages");
  w.StartArray();
  for (const ControlMessage& m : r.messages) {
    w.StartObject();
    key(w, "offset");
    w.Uint64(m.offset);
    if (m.problem == CmsgProblem::truncated_header) {
      field(w, "problem", to_string(m.problem));
      key(w, "bytes_left");
      w.Uint64(m.bytes_left);
      w.EndObject();
      continue;
    }
    key(w, "level");
    w.Int(m.level);
    field(w, "level_name", cmsg_level_name(numbers, m.level));
    key(w, "type");
    w.Int(m.type);
    field(w, "type_name", cmsg_type_name(numbers, m.level, m.type));
    key(w, "length");
    w.Uint64(m.length);
    key(w, "data_length");
    w.Uint64(m.data.size());
    field(w, "data_hex", hex_string(m.data));
    if (m.problem != CmsgProblem::none) field(w, "problem", to_string(m.problem));
    if (auto kind = kind_of(meaning_of(numbers, m.level, m.type)); kind && !m.data.empty())
      write_decodings(w, *kind, m.data, decode_control(numbers, m));
    w.EndObject();
  }
  w.EndArray();
  if (r.original_dst) field(w, "original_dst", format_endpoint(*r.original_dst));
  write_conntrack(w, kernel_view(r), lang);
  write_original_destination(w, original_destination_of(r));
  field(w, "verdict", to_string(r.verdict));
  field(w, "verdict_reason", reason_text(r.verdict_reason, lang));
  write_expect(w, r.expectation, r.expectation_held);
  w.EndObject();
}

}  // namespace
}  // namespace json

std::string render_udp_json(const UdpReport& r, Lang lang, const std::string& platform,
                            bool pretty) {
  json::Buffer b;
  json::with_writer(b, pretty, [&](auto& w) { json::write_udp(w, r, lang, platform); });
  return json::text(b);
}

}  // namespace wfpredir
