// Output of `doctor`: text for people, JSON for a ticket. The loopback
// connection's report is written by the same code as `query`'s (render_text,
// json::write_report), embedded as an object.
#include <fmt/format.h>

#include <algorithm>

#include "render/render.h"
#include "render/render_bpf.h"
#include "render/render_json_writer.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir {
namespace {

std::string error_text(const InventoryError& e, Lang lang) {
  std::string out = e.operation;
  if (e.code != 0) out += trf(lang, ": error {}", e.code);
  if (!e.message.empty())
    out += std::string(e.code != 0 ? ", " : tr(lang, ": ")) + visible(e.message);
  if (e.access_denied) out += tr(lang, " (access denied)");
  return out;
}

// Each line through visible(): names, matches and messages come from other
// programs (nft, the Winsock catalog, WFP providers).
std::string visible_lines(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    out += visible(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    out += '\n';
    text.remove_prefix(nl + 1);
  }
  return out;
}

// A rule's statement as nft writes it: "redirect to :8080", "dnat to
// [::1]:8443", "tproxy to :8081"; a redirect without a port keeps the port.
std::string target_text(const NetfilterRule& r, Lang lang) {
  if (r.action.starts_with("xt:")) return r.action;
  std::string to = r.to_address;
  if (r.to_port != 0)
    to = (to.find(':') != std::string::npos ? "[" + to + "]" : to) + fmt::format(":{}", r.to_port);
  if (to.empty())
    return r.action == "redirect" ? r.action + std::string(tr(lang, " (same port)")) : r.action;
  return r.action + " to " + to;
}

std::string inventory_text(const Inventory& inv, Lang lang) {
  std::string out;
  if (inv.has_winsock) {
    out +=
        trf(lang, "\nwinsock catalog: {} entries{}\n", inv.winsock.size(),
            inv.winsock_error ? " (" + error_text(*inv.winsock_error, lang) + ")" : std::string());
    for (const WinsockEntry& e : inv.winsock) {
      const char* kind = e.chain_length == 0 ? "layered" : e.chain_length == 1 ? "base" : "chain";
      out += fmt::format("  {:>5} {:<7} af {:<2} type {} proto {:<4} {}{}{}\n", e.catalog_id,
                         tr(lang, kind), e.family, e.socket_type, e.protocol, e.name,
                         e.microsoft ? "" : tr(lang, "  [not Microsoft's]"),
                         e.path.empty() ? "" : "  " + e.path);
    }
  }
  if (inv.has_wfp) {
    out += trf(lang, "\nwfp redirect filters: {}\n",
               inv.wfp_error ? error_text(*inv.wfp_error, lang) : std::to_string(inv.wfp.size()));
    for (const WfpFilter& f : inv.wfp)
      out += trf(lang,
                 "  {:<24} filter {} \"{}\" provider \"{}\" callout \"{}\" weight {} sublayer "
                 "\"{}\"\n",
                 f.layer, f.filter_id, f.name,
                 f.provider_name.empty() ? std::string(tr(lang, "(none)")) : f.provider_name,
                 f.callout_name, f.weight, f.sublayer_name);
  }
  if (inv.has_netfilter) {
    out += trf(lang, "\nnetfilter redirect rules: {}\n",
               inv.netfilter_error ? error_text(*inv.netfilter_error, lang)
                                   : std::to_string(inv.netfilter.size()));
    for (const NetfilterRule& r : inv.netfilter)
      out += trf(lang, "  {} {} {} ({}): {} -> {}{}\n", r.family, r.table, r.chain,
                 r.hook.empty()  ? std::string(tr(lang, "no base chain reaches it"))
                 : r.via.empty() ? fmt::format("hook {}", r.hook)
                                 : trf(lang, "jump from {}, hook {}", r.via, r.hook),
                 r.match.empty() ? std::string(tr(lang, "(any)")) : r.match, target_text(r, lang),
                 r.mark ? trf(lang, ", mark {:#x}", *r.mark) : "");
    for (const RouteRule& rr : inv.route_rules)
      if (rr.fwmark)
        out += trf(lang, "  policy routing ({}): fwmark {:#x} lookup {}{}\n", rr.family, *rr.fwmark,
                   rr.table,
                   std::find(inv.local_route_tables.begin(), inv.local_route_tables.end(),
                             rr.table) != inv.local_route_tables.end()
                       ? tr(lang, " (local default route)")
                       : "");
    for (const NatCheck& c : inv.nat_checks)
      out += trf(lang, "  NAT tracking {}: {}\n", c.family,
                 !c.ran          ? trf(lang, "not checked ({})", c.detail)
                 : c.error == 0  ? std::string(tr(lang, "answers"))
                 : c.error == 92 ? std::string(tr(lang, "cannot answer (ENOPROTOOPT)"))
                 : c.error == 2
                     ? std::string(tr(lang, "answers (ENOENT: no entry for a direct connection)"))
                     : trf(lang, "error {}", c.error));
  }
  return out;
}

// A step of the inventory that failed. Not `error`: that key is the catalog's
// error object everywhere (common.schema.json).
template <class W>
void error_json(W& w, const std::optional<InventoryError>& e, std::string_view name = "failure") {
  if (!e) return;
  json::key(w, name);
  failure_object(w, *e, e->domain);
}

template <class W>
void inventory_json(W& w, const Inventory& inv) {
  if (inv.has_winsock) {
    json::key(w, "winsock_catalog");
    w.StartObject();
    error_json(w, inv.winsock_error);
    json::key(w, "entries");
    w.StartArray();
    for (const WinsockEntry& e : inv.winsock) {
      w.StartObject();
      json::field(w, "name", e.name);
      json::key(w, "catalog_id");
      w.Uint(e.catalog_id);
      json::key(w, "family");
      w.Int(e.family);
      json::key(w, "socket_type");
      w.Int(e.socket_type);
      json::key(w, "protocol");
      w.Int(e.protocol);
      json::key(w, "chain_length");
      w.Int(e.chain_length);
      json::key(w, "chain");
      w.StartArray();
      for (std::uint32_t id : e.chain) w.Uint(id);
      w.EndArray();
      json::field(w, "provider_id", e.provider_id);
      json::field(w, "path", e.path);
      json::key(w, "ifs_handles");
      w.Bool(e.ifs_handles);
      json::key(w, "microsoft");
      w.Bool(e.microsoft);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  if (inv.has_wfp) {
    json::key(w, "wfp");
    w.StartObject();
    error_json(w, inv.wfp_error);
    json::key(w, "filters");
    w.StartArray();
    for (const WfpFilter& f : inv.wfp) {
      w.StartObject();
      json::field(w, "layer", f.layer);
      json::key(w, "filter_id");
      w.Uint64(f.filter_id);
      json::field(w, "name", f.name);
      json::field(w, "provider_key", f.provider_key);
      json::field(w, "provider_name", f.provider_name);
      json::field(w, "callout_name", f.callout_name);
      json::field(w, "weight", f.weight);
      json::field(w, "sublayer_name", f.sublayer_name);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  if (inv.has_netfilter) {
    json::key(w, "netfilter");
    w.StartObject();
    error_json(w, inv.netfilter_error);
    json::key(w, "rules");
    w.StartArray();
    for (const NetfilterRule& r : inv.netfilter) json::write_netfilter_rule(w, r);
    w.EndArray();
    json::key(w, "policy_routing");
    w.StartArray();
    for (const RouteRule& rr : inv.route_rules) {
      if (!rr.fwmark) continue;
      w.StartObject();
      json::field(w, "family", rr.family);
      json::key(w, "fwmark");
      w.Uint(*rr.fwmark);
      json::field(w, "table", rr.table);
      json::key(w, "local_default_route");
      w.Bool(std::find(inv.local_route_tables.begin(), inv.local_route_tables.end(), rr.table) !=
             inv.local_route_tables.end());
      w.EndObject();
    }
    w.EndArray();
    error_json(w, inv.routing_error, "routing_failure");
    json::key(w, "nat_tracking");
    w.StartArray();
    for (const NatCheck& c : inv.nat_checks) {
      w.StartObject();
      json::field(w, "family", c.family);
      json::key(w, "ran");
      w.Bool(c.ran);
      json::key(w, "error_code");
      w.Int(c.error);
      json::field(w, "detail", c.detail);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
}

}  // namespace

std::string render_doctor_text(const DoctorReport& d, Lang lang, bool colour, bool verbose) {
  std::string out = fmt::format("wfpredir {} doctor\n", WFPREDIR_VERSION);
  out += trf(lang, "system: {} {} ({})\n", os_name(d.platform.os), visible(d.platform.version),
             visible(d.platform.detail));
  if (d.platform.under_wine) out += trf(lang, "wine:   {}\n", d.platform.wine_version);
  if (d.loopback) {
    out += trf(lang, "loopback connection: local {} peer {}\n\n",
               format_endpoint(d.loopback->connection.local),
               format_endpoint(d.loopback->connection.peer));
    out += tr(lang, "capabilities:\n");
    // The status in words; JSON keeps the token (answered, not-supported...).
    for (const Capability& c : d.capabilities)
      out += fmt::format("  {:<13} {:<6} {:<18} {}\n", to_string(c.kind), to_string(c.mode),
                         tr(lang, c.status), c.detail);
  }
  // The connection's own report before the findings, so that the doctor's
  // verdict is the last thing said.
  if (d.loopback && verbose) {
    out += "\n";
    out += render_text(*d.loopback, TextStyle{colour, false, lang});
  }
  if (d.inventory)
    out += visible_lines(inventory_text(*d.inventory, lang) + bpf_text(*d.inventory, lang));
  if (!d.inventory_findings.empty()) {
    out += tr(lang, "\nfindings:\n");
    // A TPROXY rule without its route is why nothing arrives: said first.
    std::vector<const InventoryFinding*> order;
    for (const InventoryFinding& f : d.inventory_findings)
      if (f.code == "tproxy-without-route") order.push_back(&f);
    for (const InventoryFinding& f : d.inventory_findings)
      if (f.code != "tproxy-without-route") order.push_back(&f);
    for (const InventoryFinding* f : order)
      out += fmt::format("  {}{}{}\n", f->code, tr(lang, ": "), visible(f->text));
  }
  out += fmt::format("\n{}{} ({})\n", tr(lang, "verdict: "), d.verdict, d.verdict_code);
  for (const std::string& s : d.next_steps) out += fmt::format("{}{}\n", tr(lang, "next:    "), s);
  return out;
}

std::string render_doctor_json(const DoctorReport& d, Lang lang, const std::string& platform) {
  json::Buffer buffer(nullptr, json::kBufferCapacity);
  json::Compact w(buffer);
  w.StartObject();
  json::write_header(w, "doctor");
  json::field(w, "tool", "wfpredir");
  json::field(w, "version", WFPREDIR_VERSION);
  json::field(w, "command", "doctor");
  json::key(w, "system");
  w.StartObject();
  json::field(w, "os", os_name(d.platform.os));
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
  json::field(w, "verdict_code", d.verdict_code);
  json::field(w, "verdict", d.verdict);
  json::key(w, "next_steps");
  w.StartArray();
  for (const std::string& s : d.next_steps) json::string(w, s);
  w.EndArray();
  if (!d.setup_error.empty()) json::field(w, "setup_error", d.setup_error);
  if (d.inventory) {
    inventory_json(w, *d.inventory);
    bpf_json(w, *d.inventory);
  }
  json::key(w, "findings");
  w.StartArray();
  for (const InventoryFinding& f : d.inventory_findings) {
    w.StartObject();
    json::field(w, "code", f.code);
    json::field(w, "text", f.text);
    json::field(w, "next", f.next);
    w.EndObject();
  }
  w.EndArray();
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
