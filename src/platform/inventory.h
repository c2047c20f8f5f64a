#pragma once
/// \file inventory.h
/// What the platform layer finds out about this machine for `doctor`,
/// `query` and `connections`: its redirect machinery (the model's
/// Inventory) and the owners of a listening port (PortOwner). One
/// implementation per platform: linux/inventory.cpp and linux/port_owner.cpp,
/// win32/inventory.cpp and win32/port_owner.cpp.

#include <cstdint>
#include <vector>

#include "model/inventory.h"
#include "model/port_owner.h"

namespace wfpredir {

/// Takes the inventory of this machine.
Inventory take_inventory();

/// The processes listening on TCP \p port (any address); empty when none is
/// found or the system does not say.
std::vector<PortOwner> find_port_owners(std::uint16_t port);

}  // namespace wfpredir
