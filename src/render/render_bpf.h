#pragma once
/// \file render_bpf.h
/// doctor's eBPF section (Inventory::bpf), text and JSON, kept apart from
/// render_doctor.cpp. JSON keys: docs/schema/doctor.schema.json, "ebpf".

#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "model/inventory.h"
#include "render/render_json_writer.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir {

/// A listing's failure in one line ("operation: errno N, message"), as
/// `connections` and the per-connection reports print it.
inline std::string failure_text(const InventoryError& e) {
  return fmt::format("{}: {}{}", e.operation, e.code != 0 ? fmt::format("errno {}, ", e.code) : "",
                     visible(e.message));
}

/// A listing's failure as a JSON object: {operation, code, message,
/// access_denied}, with `domain` after the operation when \p domain is given
/// (doctor's inventory, docs/schema/doctor.schema.json).
template <class W>
void failure_object(W& w, const InventoryError& e, std::optional<ErrorDomain> domain) {
  w.StartObject();
  json::field(w, "operation", e.operation);
  if (domain) json::field(w, "domain", *domain == ErrorDomain::windows ? "windows" : "posix");
  json::key(w, "code");
  w.Int(e.code);
  json::field(w, "message", e.message);
  json::key(w, "access_denied");
  w.Bool(e.access_denied);
  w.EndObject();
}

/// The same as JSON, under \p k: {operation, code, message, access_denied},
/// or null when \p e is (docs/schema/common.schema.json#/$defs/failure).
template <class W>
void failure_json(W& w, std::string_view k, const InventoryError* e) {
  json::key(w, k);
  if (e == nullptr) {
    w.Null();
    return;
  }
  failure_object(w, *e, std::nullopt);
}
template <class W>
void failure_json(W& w, std::string_view k, const std::optional<InventoryError>& e) {
  failure_json(w, k, e ? &*e : nullptr);
}

inline std::string bpf_attach_text(const BpfProgram& p, Lang lang) {
  if (p.attach_note == "not-attached") return std::string(tr(lang, "not attached here"));
  if (p.attach_note == "interface-not-determined")
    return std::string(tr(lang, "tc: interface not determined"));
  if (p.attach_point == "netns") return std::string(tr(lang, "this network namespace"));
  if (p.attach_type.starts_with("tc-")) return "dev " + visible(p.attach_point);  // tc's word
  return "cgroup " + visible(p.attach_point);  // the kernel's word, the same in French
}

inline std::string bpf_text(const Inventory& inv, Lang lang) {
  if (!inv.has_bpf) return {};
  std::string out;
  if (inv.bpf_error) {
    out += trf(lang, "\neBPF programs that can redirect: not listed ({}: {}{})\n",
               inv.bpf_error->operation, inv.bpf_error->message,
               inv.bpf_error->access_denied ? tr(lang, ", access denied") : "");
    return out;
  }
  out += trf(lang, "\neBPF programs that can redirect: {}\n", inv.bpf.size());
  for (const BpfProgram& p : inv.bpf)
    out += fmt::format("  {:>6} {:<16} {:<16} {:<12} {}\n", p.id,
                       p.name.empty() ? "-" : visible(p.name), p.type,
                       p.attach_type.empty() ? "-" : p.attach_type, bpf_attach_text(p, lang));
  return out;
}

/// \p programs as a JSON array (common.schema.json, ebpf_program): doctor's
/// inventory and each of connections' sockets write the same object.
template <class W>
void bpf_programs_json(W& w, const std::vector<BpfProgram>& programs) {
  w.StartArray();
  for (const BpfProgram& p : programs) {
    w.StartObject();
    json::key(w, "id");
    w.Uint(p.id);
    json::field(w, "name", p.name);
    json::field(w, "type", p.type);
    json::field(w, "attach_type", p.attach_type);
    json::field(w, "attach_point", p.attach_point);
    json::field(w, "attach_note", p.attach_note);
    json::key(w, "can_redirect");
    w.Bool(can_redirect(p));
    w.EndObject();
  }
  w.EndArray();
}

template <class W>
void bpf_json(W& w, const Inventory& inv) {
  if (!inv.has_bpf) return;
  json::key(w, "ebpf");
  w.StartObject();
  if (inv.bpf_error) {
    json::key(w, "failure");
    failure_object(w, *inv.bpf_error, ErrorDomain::posix);
  }
  json::key(w, "programs");
  bpf_programs_json(w, inv.bpf);
  w.EndObject();
}

}  // namespace wfpredir
