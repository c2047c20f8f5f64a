// Windows: `wfpredir connections` lists the TCP table with each socket's
// owning process (GetExtendedTcpTable, TCP_TABLE_OWNER_PID_ALL, IPv4 and
// IPv6; the image name from QueryFullProcessImageNameW). A connection's
// redirect records and context can be read only by a socket of the process
// that accepted it (SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS is asked on the
// socket itself), so no verdict is given here: the report says so and points
// to `query --port` and `relay`.
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
#include <unordered_map>
#include <vector>

#include "analysis/connections.h"
#include "platform/win32/names.h"

namespace wfpredir {
namespace {

// The image path, or "" (and the report partial) when the process cannot be
// read.
std::string image_of(DWORD pid, bool& partial) {
  std::uint32_t error = 0;
  std::string path = win32::process_image(pid, error);
  if (error != 0) partial = true;
  return path;
}

// MIB_TCP_STATE values (tcpmib.h), in the Linux spelling the report uses.
const char* state_name(DWORD s) {
  switch (s) {
    case MIB_TCP_STATE_LISTEN:
      return "listen";
    case MIB_TCP_STATE_SYN_SENT:
      return "syn-sent";
    case MIB_TCP_STATE_SYN_RCVD:
      return "syn-recv";
    case MIB_TCP_STATE_ESTAB:
      return "established";
    case MIB_TCP_STATE_FIN_WAIT1:
      return "fin-wait-1";
    case MIB_TCP_STATE_FIN_WAIT2:
      return "fin-wait-2";
    case MIB_TCP_STATE_CLOSE_WAIT:
      return "close-wait";
    case MIB_TCP_STATE_CLOSING:
      return "closing";
    case MIB_TCP_STATE_LAST_ACK:
      return "last-ack";
    case MIB_TCP_STATE_TIME_WAIT:
      return "time-wait";
    case MIB_TCP_STATE_DELETE_TCB:
      return "delete-tcb";
    default:
      return "closed";
  }
}

template <class Table, class Row>
bool collect(ULONG family, std::vector<SocketRow>& out, InventoryError& error) {
  DWORD size = 0;
  DWORD rc = ERROR_INSUFFICIENT_BUFFER;
  std::vector<std::uint8_t> buffer;
  // The table can grow between the two calls: ask again while it does.
  for (int tries = 0; tries < 4 && rc == ERROR_INSUFFICIENT_BUFFER; ++tries) {
    buffer.resize(size + 4096);
    size = static_cast<DWORD>(buffer.size());
    rc = GetExtendedTcpTable(buffer.data(), &size, FALSE, family, TCP_TABLE_OWNER_PID_ALL, 0);
  }
  if (rc != NO_ERROR) {
    error = {"GetExtendedTcpTable", ErrorDomain::windows, static_cast<int>(rc),
             "TCP_TABLE_OWNER_PID_ALL", rc == ERROR_ACCESS_DENIED};
    return false;
  }
  const auto* table = reinterpret_cast<const Table*>(buffer.data());
  for (DWORD i = 0; i < table->dwNumEntries; ++i) {
    const Row& r = table->table[i];
    // Time-wait and closed rows have no process to name.
    if (r.dwState == MIB_TCP_STATE_TIME_WAIT || r.dwState == MIB_TCP_STATE_CLOSED) continue;
    SocketRow s;
    s.protocol = "tcp";
    s.state = state_name(r.dwState);
    const auto lport = ntohs(static_cast<u_short>(r.dwLocalPort));
    const auto rport = ntohs(static_cast<u_short>(r.dwRemotePort));
    if constexpr (std::is_same_v<Row, MIB_TCPROW_OWNER_PID>) {
      std::uint8_t l[4], m[4];
      std::memcpy(l, &r.dwLocalAddr, 4);
      std::memcpy(m, &r.dwRemoteAddr, 4);
      s.local = IpEndpoint::v4(l, lport);
      if (r.dwState != MIB_TCP_STATE_LISTEN) s.remote = IpEndpoint::v4(m, rport);
    } else {
      std::uint8_t l[16], m[16];
      std::memcpy(l, r.ucLocalAddr, 16);
      std::memcpy(m, r.ucRemoteAddr, 16);
      s.local = IpEndpoint::v6(l, lport, r.dwLocalScopeId);
      if (r.dwState != MIB_TCP_STATE_LISTEN) s.remote = IpEndpoint::v6(m, rport, r.dwRemoteScopeId);
    }
    s.processes.push_back({static_cast<std::uint32_t>(r.dwOwningPid), {}, {}});
    out.push_back(std::move(s));
  }
  return true;
}

}  // namespace

ConnectionsReport take_connections(const ConnectionsFilter& filter) {
  ConnectionsReport report;
  report.filter = filter;
  report.platform = "windows";
  report.records_note =
      "redirect records can be read only by the process that owns the connection: run "
      "`wfpredir query --port N` or `wfpredir relay --port N` in the proxy's place to see them";
  InventoryError error;
  if (!collect<MIB_TCPTABLE_OWNER_PID, MIB_TCPROW_OWNER_PID>(AF_INET, report.sockets, error) ||
      !collect<MIB_TCP6TABLE_OWNER_PID, MIB_TCP6ROW_OWNER_PID>(AF_INET6, report.sockets, error)) {
    report.sockets_error = error;
    return report;
  }
  attach_listeners(report, {});
  apply_filter(report);
  std::unordered_map<std::uint32_t, std::string> images;
  for (SocketRow& s : report.sockets) {
    for (SocketProcess& p : s.processes) {
      auto [it, fresh] = images.try_emplace(p.pid);
      if (fresh) it->second = image_of(p.pid, report.processes_partial);
      p.command = it->second;
    }
    if (!s.remote) continue;
    // No witness can be read from outside the owning process.
    s.verdict = "unknown";
    s.reason = {reason(ReasonKind::conn_records_owner_only)};
  }
  if (filter.confirm)
    report.confirm_refused =
        "it exists on Linux only: Windows gives no way to read another process's "
        "redirect records";
  return report;
}

}  // namespace wfpredir
