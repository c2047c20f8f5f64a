#pragma once
/// \file port_owner.h
/// Who holds a TCP port: when `query --port` cannot bind because the port is
/// in use, the next step names the process, where the system tells
/// (Linux: /proc/net/tcp{,6} and /proc/PID/fd; Windows: GetExtendedTcpTable).
/// One implementation per platform (src/platform/linux/port_owner.cpp,
/// src/platform/win32/port_owner.cpp); the /proc text parser is portable so that it is tested
/// anywhere.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wfpredir {

struct PortOwner {
  std::uint32_t pid = 0;  ///< 0 when the socket was found but not its process
  std::string process;    ///< "nginx", "C:\\Program Files\\Contoso\\proxy.exe"; empty when unknown
  std::string listening_on;  ///< the owner's local address ("0.0.0.0:8080")
  std::string why_unknown;   ///< when pid is 0: why the process could not be named
};

/// One listening socket of /proc/net/tcp or tcp6: its local address and inode.
struct ProcTcpListener {
  std::string local;  ///< "127.0.0.1:8080", "[::]:8080"
  std::uint16_t port = 0;
  std::uint64_t inode = 0;
};

/// Parses the text of /proc/net/tcp or /proc/net/tcp6; keeps LISTEN sockets
/// (state 0A) on \p port. Malformed lines are skipped.
std::vector<ProcTcpListener> parse_proc_net_tcp(std::string_view text, std::uint16_t port);

}  // namespace wfpredir
