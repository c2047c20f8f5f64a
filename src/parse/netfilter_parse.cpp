// Parsers for the JSON that nftables and iproute2 print (`nft -j list
// ruleset`, `ip -j rule show`, `ip -j route show`): pure functions over text,
// so the Linux inventory is tested with fixtures and fuzzed without root.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <tuple>

#include "model/inventory.h"

namespace wfpredir {
namespace {

using nlohmann::json;
using ChainKey = std::tuple<std::string, std::string, std::string>;  // family, table, chain

// The string at \p key of object \p j, or \p fallback when it is missing or
// not a string: json::value() throws on a key of another type, and this input
// comes from another program.
std::string text_at(const json& j, const char* key, std::string fallback = {}) {
  if (!j.is_object()) return fallback;
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// A value as `nft list ruleset` writes it: an address or a symbol bare
// (ip daddr 10.0.0.1, meta l4proto tcp), an interface name quoted
// (iifname "eth0"), a set in spaced braces ({ 80, 443 }), a range a-b.
std::string value_text(const json& v, bool quoted) {
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_string()) return quoted ? "\"" + v.get<std::string>() + "\"" : v.get<std::string>();
  if (v.is_object() && v.contains("set") && v["set"].is_array()) {
    std::string out;
    for (const json& e : v["set"]) out += (out.empty() ? "" : ", ") + value_text(e, quoted);
    return "{ " + out + " }";
  }
  if (v.is_object() && v.contains("range") && v["range"].is_array() && v["range"].size() == 2)
    return value_text(v["range"][0], quoted) + "-" + value_text(v["range"][1], quoted);
  if (v.is_object() && v.contains("prefix") && v["prefix"].is_object()) {
    const json& p = v["prefix"];
    return (p.contains("addr") && p["addr"].is_string() ? p["addr"].get<std::string>() : "?") +
           "/" + (p.contains("len") ? value_text(p["len"], false) : "?");
  }
  return v.dump();
}

// nft quotes the values of the interface-name keys only.
bool quotes_values(std::string_view left) {
  return left.ends_with("name") || left == "iif" || left == "oif";
}

std::string left_text(const json& l, std::string& protocol, bool& is_dport) {
  is_dport = false;
  if (l.is_object() && l.contains("payload") && l["payload"].is_object()) {
    const json& p = l["payload"];
    const std::string proto = text_at(p, "protocol");
    const std::string field = text_at(p, "field");
    if (proto == "tcp" || proto == "udp") protocol = proto;
    is_dport = field == "dport";
    return proto.empty() ? field : proto + " " + field;
  }
  if (l.is_object() && l.contains("meta") && l["meta"].is_object())
    return text_at(l["meta"], "key", "meta");
  if (l.is_object() && l.contains("ct") && l["ct"].is_object())
    return "ct " + text_at(l["ct"], "key");
  return l.dump();
}

void collect_ports(const json& v, NetfilterRule& out) {
  if (v.is_number_integer()) out.dports.push_back(v.get<int>());
  if (v.is_object() && v.contains("range") && v["range"].is_array() && v["range"].size() == 2 &&
      v["range"][0].is_number_integer() && v["range"][1].is_number_integer())
    out.dport_ranges.emplace_back(v["range"][0].get<int>(), v["range"][1].get<int>());
  if (v.is_object() && v.contains("set") && v["set"].is_array())
    for (const json& e : v["set"]) collect_ports(e, out);
}

std::optional<std::uint32_t> mark_value(const json& v) {
  if (v.is_number_unsigned() || v.is_number_integer())
    return static_cast<std::uint32_t>(v.get<long long>());
  return std::nullopt;
}

// One rule: matches, then the first redirecting statement.
std::optional<NetfilterRule> read_rule(const json& r,
                                       const std::map<ChainKey, std::string>& hooks) {
  if (!r.is_object() || !r.contains("expr") || !r["expr"].is_array()) return std::nullopt;
  NetfilterRule out;
  out.family = text_at(r, "family");
  out.table = text_at(r, "table");
  out.chain = text_at(r, "chain");
  if (const auto it = hooks.find({out.family, out.table, out.chain}); it != hooks.end())
    out.hook = it->second;
  bool redirects = false;
  for (const json& e : r["expr"]) {
    if (!e.is_object() || e.empty()) continue;
    // Each expression is an object with one key: the statement's name.
    const std::string key = e.begin().key();
    const json& body = e.begin().value();
    if (key == "match" && body.is_object() && body.contains("left") && body.contains("right")) {
      bool is_dport = false;
      const std::string left = left_text(body["left"], out.protocol, is_dport);
      const std::string op = text_at(body, "op", "==");
      if (left == "l4proto" && body["right"].is_string())
        out.protocol = body["right"].get<std::string>();
      if (is_dport && op == "==") collect_ports(body["right"], out);
      out.match += (out.match.empty() ? "" : " ") + left +
                   (op == "==" || op == "in" ? " " : " " + op + " ") +
                   value_text(body["right"], quotes_values(left));
    } else if (key == "redirect" || key == "dnat" || key == "tproxy") {
      redirects = true;
      out.action = key;
      if (body.is_object()) {
        if (body.contains("addr"))
          out.to_address = body["addr"].is_string() ? body["addr"].get<std::string>()
                                                    : value_text(body["addr"], false);
        if (body.contains("port") && body["port"].is_number_integer())
          out.to_port = body["port"].get<int>();
      }
    } else if (key == "xt" && body.is_object()) {
      const std::string name = text_at(body, "name");
      if (name == "REDIRECT" || name == "DNAT" || name == "TPROXY") {
        redirects = true;
        out.action = "xt:" + name;
      }
    } else if (key == "mangle" && body.is_object() && body.contains("key") &&
               body["key"].is_object() && body["key"].contains("meta") &&
               body["key"]["meta"].is_object() && text_at(body["key"]["meta"], "key") == "mark" &&
               body.contains("value")) {
      out.mark = mark_value(body["value"]);
    }
  }
  if (!redirects) return std::nullopt;
  return out;
}

}  // namespace

bool matches_dport(const NetfilterRule& r, int port) {
  return std::find(r.dports.begin(), r.dports.end(), port) != r.dports.end() ||
         std::any_of(
             r.dport_ranges.begin(), r.dport_ranges.end(),
             [&](const std::pair<int, int>& x) { return x.first <= port && port <= x.second; });
}

std::optional<std::vector<NetfilterRule>> parse_nft_ruleset(const std::string& text,
                                                            std::string& error) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("nftables") ||
      !doc["nftables"].is_array()) {
    error = "not nftables JSON (no \"nftables\" array)";
    return std::nullopt;
  }
  std::map<ChainKey, std::string> hooks;
  for (const json& o : doc["nftables"]) {
    if (!o.is_object() || !o.contains("chain") || !o["chain"].is_object()) continue;
    const json& c = o["chain"];
    if (c.contains("hook") && c["hook"].is_string())
      hooks[{text_at(c, "family"), text_at(c, "table"), text_at(c, "name")}] =
          c["hook"].get<std::string>();
  }
  // Which chain jumps (or goes) to which: a rule in a regular chain runs at
  // the hook of the base chain that reaches it.
  std::map<ChainKey, ChainKey> reached_from;
  for (const json& o : doc["nftables"]) {
    if (!o.is_object() || !o.contains("rule") || !o["rule"].is_object()) continue;
    const json& r = o["rule"];
    if (!r.contains("expr") || !r["expr"].is_array()) continue;
    const ChainKey from{text_at(r, "family"), text_at(r, "table"), text_at(r, "chain")};
    for (const json& e : r["expr"])
      for (const char* verb : {"jump", "goto"})
        if (e.is_object() && e.contains(verb))
          if (const std::string to = text_at(e[verb], "target"); !to.empty())
            reached_from.emplace(ChainKey{std::get<0>(from), std::get<1>(from), to}, from);
  }
  std::vector<NetfilterRule> rules;
  for (const json& o : doc["nftables"]) {
    if (!o.is_object() || !o.contains("rule")) continue;
    auto r = read_rule(o["rule"], hooks);
    if (!r) continue;
    // Up the jumps to a base chain; a bound on the walk, as chains may loop
    // in text nft would refuse to load.
    ChainKey at{r->family, r->table, r->chain};
    for (int step = 0; r->hook.empty() && step < 16; ++step) {
      const auto up = reached_from.find(at);
      if (up == reached_from.end()) break;
      at = up->second;
      if (const auto h = hooks.find(at); h != hooks.end()) {
        r->hook = h->second;
        r->via = std::get<2>(at);
      }
    }
    rules.push_back(std::move(*r));
  }
  return rules;
}

std::optional<std::vector<RouteRule>> parse_ip_rules(const std::string& text,
                                                     const std::string& family,
                                                     std::string& error) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) {
    error = "not `ip -j rule` JSON (no array)";
    return std::nullopt;
  }
  std::vector<RouteRule> out;
  for (const json& r : doc) {
    if (!r.is_object()) continue;
    RouteRule rr;
    rr.family = family;
    if (r.contains("fwmark")) {
      // iproute2 prints the mark as text, "0x1" or "1".
      const json& m = r["fwmark"];
      if (m.is_string()) {
        try {
          rr.fwmark = static_cast<std::uint32_t>(std::stoul(m.get<std::string>(), nullptr, 0));
        } catch (const std::exception&) {
        }
      } else if (m.is_number()) {
        rr.fwmark = mark_value(m);
      }
    }
    if (r.contains("table"))
      rr.table = r["table"].is_string() ? r["table"].get<std::string>() : r["table"].dump();
    out.push_back(std::move(rr));
  }
  return out;
}

bool has_local_default_route(const std::string& text) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) return false;
  for (const json& r : doc) {
    if (!r.is_object()) continue;
    const std::string dst = text_at(r, "dst");
    const std::string type = text_at(r, "type", "local");
    if (type == "local" && (dst == "default" || dst == "0.0.0.0/0" || dst == "::/0")) return true;
  }
  return false;
}

}  // namespace wfpredir
