// The relay's loop guard (loop_guard.h).
#include "analysis/loop_guard.h"

#include <algorithm>

namespace wfpredir {

void LoopGuard::add(std::uint16_t local_port, unsigned index) {
  std::lock_guard lock(m_);
  ports_[local_port] = Own{index, std::nullopt};
}

void LoopGuard::set_address(std::uint16_t local_port, const IpEndpoint& local) {
  std::lock_guard lock(m_);
  const auto it = ports_.find(local_port);
  if (it != ports_.end()) it->second.address = local.normalised();
}

void LoopGuard::remove(std::uint16_t local_port) {
  std::lock_guard lock(m_);
  ports_.erase(local_port);
}

std::optional<unsigned> LoopGuard::came_back(const IpEndpoint& peer) {
  std::lock_guard lock(m_);
  const auto it = ports_.find(peer.port);
  if (it == ports_.end()) return std::nullopt;
  if (it->second.address && !same_endpoint(*it->second.address, peer.normalised()))
    return std::nullopt;
  looped_.push_back(it->second.index);
  return it->second.index;
}

bool LoopGuard::looped(unsigned index) const {
  std::lock_guard lock(m_);
  return std::find(looped_.begin(), looped_.end(), index) != looped_.end();
}

}  // namespace wfpredir
