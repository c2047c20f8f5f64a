// A conntrack dump matched in memory (conntrack.h, ConntrackTable).
#include <utility>

#include "model/conntrack.h"

namespace wfpredir {
namespace {

constexpr int kEnoent = 2;

// Protocol, then each end normalised (a v4-mapped address is the IPv4 one,
// as the GET request writes it): family, the 16 address bytes, the port.
// The scope is not part of a conntrack tuple.
std::string key_of(const ConntrackTuple& t) {
  std::string k;
  k.reserve(1 + 2 * 19);
  k.push_back(static_cast<char>(t.protocol));
  append_key(k, t.src);
  append_key(k, t.dst);
  return k;
}

}  // namespace

ConntrackTable::ConntrackTable(std::vector<ConntrackEntry> entries) : entries_(std::move(entries)) {
  index_.reserve(2 * entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    // A GET without a zone asks the default zone: entries of other zones
    // are not what it would find.
    if (entries_[i].zone != 0) continue;
    index_.emplace(key_of(entries_[i].original), i);
    index_.emplace(key_of(entries_[i].reply), i);
  }
}

ConntrackTable::ConntrackTable(ConntrackLookup failure) : failure_(std::move(failure)) {}

ConntrackLookup ConntrackTable::find(const ConntrackTuple& tuple) const {
  if (failure_) return *failure_;
  ConntrackLookup r;
  const auto it = index_.find(key_of(tuple));
  if (it == index_.end()) {
    r.outcome = ConntrackOutcome::no_entry;
    r.error = kEnoent;
    r.operation = "ctnetlink dump";
    return r;
  }
  r.outcome = ConntrackOutcome::found;
  r.entry = entries_[it->second];
  return r;
}

}  // namespace wfpredir
