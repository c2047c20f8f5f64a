// A netfilter rule as JSON, written once for `doctor` (its inventory) and
// `connections` (the rules that send traffic to a listener).
#include "model/inventory.h"
#include "render/render_json_writer.h"

namespace wfpredir::json {

template <class W>
void write_netfilter_rule(W& w, const NetfilterRule& r) {
  w.StartObject();
  field(w, "family", r.family);
  field(w, "table", r.table);
  field(w, "chain", r.chain);
  field(w, "hook", r.hook);
  field(w, "via", r.via);
  field(w, "action", r.action);
  field(w, "protocol", r.protocol);
  field(w, "match", r.match);
  key(w, "dports");
  w.StartArray();
  for (int p : r.dports) w.Int(p);
  w.EndArray();
  key(w, "dport_ranges");
  w.StartArray();
  for (const auto& [first, last] : r.dport_ranges) {
    w.StartArray();
    w.Int(first);
    w.Int(last);
    w.EndArray();
  }
  w.EndArray();
  field(w, "to_address", r.to_address);
  key(w, "to_port");
  w.Int(r.to_port);
  key(w, "mark");
  if (r.mark) {
    w.Uint(*r.mark);
  } else {
    w.Null();
  }
  w.EndObject();
}

template void write_netfilter_rule(Compact&, const NetfilterRule&);
template void write_netfilter_rule(Pretty&, const NetfilterRule&);

}  // namespace wfpredir::json
