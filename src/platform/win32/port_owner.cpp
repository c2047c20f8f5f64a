// Windows: who listens on a TCP port, from GetExtendedTcpTable's owning PID
// (IPv4 and IPv6 listener tables) and the process image name.
#ifndef NOMINMAX
#define NOMINMAX
#endif
// winsock2.h must come before windows.h, and windows.h before iphlpapi.h.
#include <winsock2.h>
#include <ws2tcpip.h>

#include <windows.h>

#include <iphlpapi.h>

#include <cstring>
#include <type_traits>
#include <vector>

#include "model/endpoint.h"
#include "model/port_owner.h"
#include "platform/inventory.h"
#include "platform/win32/names.h"
#include "text/i18n.h"

namespace wfpredir {
namespace {

void name_process(PortOwner& o) {
  std::uint32_t error = 0;
  o.process = win32::process_image(o.pid, error);
  if (error != 0)
    o.why_unknown =
        trf("the process name is not readable (error {}; try an elevated prompt)", error);
}

template <class Table, class Row>
void collect(ULONG family, std::uint16_t port, std::vector<PortOwner>& out) {
  DWORD size = 0;
  GetExtendedTcpTable(nullptr, &size, FALSE, family, TCP_TABLE_OWNER_PID_LISTENER, 0);
  std::vector<std::uint8_t> buffer(size + 1024);
  size = static_cast<DWORD>(buffer.size());
  if (GetExtendedTcpTable(buffer.data(), &size, FALSE, family, TCP_TABLE_OWNER_PID_LISTENER, 0) !=
      NO_ERROR)
    return;
  const auto* table = reinterpret_cast<const Table*>(buffer.data());
  for (DWORD i = 0; i < table->dwNumEntries; ++i) {
    const Row& r = table->table[i];
    if (ntohs(static_cast<u_short>(r.dwLocalPort)) != port) continue;
    PortOwner o;
    o.pid = r.dwOwningPid;
    if constexpr (std::is_same_v<Row, MIB_TCPROW_OWNER_PID>) {
      std::uint8_t b[4];
      std::memcpy(b, &r.dwLocalAddr, 4);
      o.listening_on = format_endpoint(IpEndpoint::v4(b, port));
    } else {
      std::uint8_t b[16];
      std::memcpy(b, r.ucLocalAddr, 16);
      o.listening_on = format_endpoint(IpEndpoint::v6(b, port, r.dwLocalScopeId));
    }
    name_process(o);
    out.push_back(std::move(o));
  }
}

}  // namespace

std::vector<PortOwner> find_port_owners(std::uint16_t port) {
  std::vector<PortOwner> out;
  collect<MIB_TCPTABLE_OWNER_PID, MIB_TCPROW_OWNER_PID>(AF_INET, port, out);
  collect<MIB_TCP6TABLE_OWNER_PID, MIB_TCP6ROW_OWNER_PID>(AF_INET6, port, out);
  return out;
}

}  // namespace wfpredir
