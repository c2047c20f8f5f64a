// The original-destination query of the Windows backend (query.h):
// getsockopt(SO_ORIGINAL_DST), recorded as it returned and decoded as a
// SOCKADDR_IN/SOCKADDR_IN6 (docs/winsock-contract.md#original-destination).
#include <cstring>
#include <vector>

#include "platform/win32/query.h"
#include "platform/win32/sockets.h"

namespace wfpredir::win32 {
namespace {

// Not in MinGW-w64's headers (docs/winsock-contract.md#control-codes).
constexpr int kSolIp = 0xFFFB;
constexpr int kSolIpv6 = 0xFFFA;
constexpr int kSoOriginalDst = 0x300F;
// The smallest optlen asked: any address the option can hold fits.
constexpr std::uint32_t kMinOptlen = sizeof(SOCKADDR_STORAGE);

}  // namespace

namespace {

// One getsockopt(SO_ORIGINAL_DST) at \p level, recorded as it returned.
CallRecord ask(SOCKET s, int level, std::vector<std::uint8_t>& buffer, int& len) {
  const std::uint32_t size = static_cast<std::uint32_t>(buffer.size());
  len = static_cast<int>(size);
  CallRecord c;
  c.function = "getsockopt";
  c.out_size = size;
  WSASetLastError(0);
  const auto t0 = Clock::now();
  const int ret =
      provider().get_option(s, level, kSoOriginalDst, reinterpret_cast<char*>(buffer.data()), &len);
  c.error = WSAGetLastError();
  c.ms = ms_since(t0);
  c.ret = ret;
  c.bytes = static_cast<std::uint32_t>(std::max(len, 0));
  const bool v6 = level == kSolIpv6;
  c.notes = note(NoteKind::odst_level_windows, static_cast<std::uint32_t>(level),
                 static_cast<std::uint32_t>(kSoOriginalDst), v6 ? 1 : 0);
  return c;
}

}  // namespace

Attempt query_original_dst(SOCKET s, int family, bool v4_mapped, std::uint32_t out_size,
                           Mode mode) {
  Attempt a;
  const std::uint32_t size = std::max(out_size, kMinOptlen);
  a.out_size = size;
  a.domain = ErrorDomain::windows;
  // The level follows the connection's IP version, not the socket's family:
  // an IPv4 client of a dual-stack listener is asked at SOL_IP first, then
  // at SOL_IPV6 (docs/winsock-contract.md#original-destination).
  const bool v6_first = family == AF_INET6 && !v4_mapped;
  std::vector<int> levels{v6_first ? kSolIpv6 : kSolIp};
  if (family == AF_INET6) levels.push_back(v4_mapped ? kSolIpv6 : kSolIp);
  std::vector<std::uint8_t> buffer(size);
  int len = 0;
  int ret = SOCKET_ERROR;
  for (std::size_t i = 0; i < levels.size() && ret != 0; ++i) {
    CallRecord c = ask(s, levels[i], buffer, len);
    ret = c.ret;
    if (i == 0 && v4_mapped) c.notes.add(note(NoteKind::v4_mapped_ipv4_first));
    if (i > 0) c.notes.add(note(NoteKind::other_level));
    if (size != out_size) c.notes.add(note(NoteKind::optlen_storage, size, out_size));
    // getsockopt has no overlapped form.
    if (mode != Mode::sync)
      c.notes.add(note(NoteKind::synchronous_although, static_cast<std::uint32_t>(mode)));
    // optlen is in/out: a failure that left it alone reported no byte count.
    if (ret != 0 && len == static_cast<int>(size))
      c.notes.add(note(NoteKind::optlen_left, static_cast<std::uint32_t>(len)));
    a.error = ret == 0 ? 0 : c.error;
    a.calls.push_back(std::move(c));
  }
  const bool len_reported = ret == 0 || len != static_cast<int>(size);
  a.bytes = len_reported ? static_cast<std::uint32_t>(std::max(len, 0)) : 0;
  if (a.error == 0) {
    const std::size_t n = std::min<std::size_t>(a.bytes, buffer.size());
    a.data.assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
    a.mechanism = "SO_ORIGINAL_DST";
    sockaddr_storage ss{};
    if (n > 0) std::memcpy(&ss, a.data.data(), std::min(n, sizeof ss));
    a.original_dst = to_endpoint(ss, static_cast<int>(n));
    if (!a.original_dst) a.calls.back().notes.add(note(NoteKind::answer_not_sockaddr_windows));
  }
  return a;
}

}  // namespace wfpredir::win32
