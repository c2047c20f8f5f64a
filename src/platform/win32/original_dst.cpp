// The original-destination query of the Windows backend (query.h):
// getsockopt(SO_ORIGINAL_DST), recorded as it returned and decoded as a
// SOCKADDR_IN/SOCKADDR_IN6 (docs/winsock-contract.md#original-destination).
#include <cstring>
#include <vector>

#include "core/i18n.h"
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

Attempt query_original_dst(SOCKET s, int family, std::uint32_t out_size, Mode mode) {
  Attempt a;
  const std::uint32_t size = std::max(out_size, kMinOptlen);
  a.out_size = size;
  a.domain = ErrorDomain::windows;
  const bool v6 = family == AF_INET6;
  std::vector<std::uint8_t> buffer(size);
  int len = static_cast<int>(size);
  CallRecord c;
  c.function = "getsockopt";
  c.out_size = size;
  WSASetLastError(0);
  const auto t0 = Clock::now();
  const int ret = provider().get_option(s, v6 ? kSolIpv6 : kSolIp, kSoOriginalDst,
                                        reinterpret_cast<char*>(buffer.data()), &len);
  c.error = WSAGetLastError();
  c.ms = ms_since(t0);
  c.ret = ret;
  c.bytes = static_cast<std::uint32_t>(std::max(len, 0));
  c.note = trf("level {} (0x{:X}), optname SO_ORIGINAL_DST (0x{:X})", v6 ? "SOL_IPV6" : "SOL_IP",
               v6 ? kSolIpv6 : kSolIp, kSoOriginalDst);
  if (size != out_size)
    c.note +=
        trf("; optlen {} (sizeof(SOCKADDR_STORAGE)) rather than the {} asked: a smaller one "
            "is refused with WSAEFAULT",
            size, out_size);
  // getsockopt has no overlapped form.
  if (mode != Mode::sync)
    c.note += trf("; issued synchronously although {} mode was asked", to_string(mode));
  a.error = ret == 0 ? 0 : c.error;
  // optlen is in/out: a failure that left it alone reported no byte count.
  const bool len_reported = ret == 0 || len != static_cast<int>(size);
  a.bytes = len_reported ? *c.bytes : 0;
  if (!len_reported) c.note += trf("; optlen left at {}", len);
  if (a.error == 0) {
    const std::size_t n = std::min<std::size_t>(a.bytes, buffer.size());
    a.data.assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
    a.mechanism = "SO_ORIGINAL_DST";
    sockaddr_storage ss{};
    if (n > 0) std::memcpy(&ss, a.data.data(), std::min(n, sizeof ss));
    a.original_dst = to_endpoint(ss, static_cast<int>(n));
    if (!a.original_dst) c.note += tr("; the answer is not an IPv4 or IPv6 SOCKADDR");
  }
  a.calls.push_back(std::move(c));
  return a;
}

}  // namespace wfpredir::win32
