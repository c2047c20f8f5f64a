// The original-destination query of the Linux backend (original_dst.h).
#include "platform/linux/original_dst.h"

// After <netinet/in.h> (through sockaddr.h), whose definitions these reuse.
#include <linux/netfilter_ipv4.h>             // SO_ORIGINAL_DST, at SOL_IP
#include <linux/netfilter_ipv6/ip6_tables.h>  // IP6T_SO_ORIGINAL_DST, at SOL_IPV6

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "platform/linux/sockopt_seam.h"
#include "platform/wait.h"

namespace wfpredir::linux_backend {
namespace {

// The size of the one sockaddr netfilter writes for \p family; 0 for another family.
std::size_t sockaddr_size(int family) {
  if (family == AF_INET) return sizeof(sockaddr_in);
  if (family == AF_INET6) return sizeof(sockaddr_in6);
  return 0;
}

// Reads the answer out of \p buffer, of which the call said \p len bytes are
// valid, into \p a and notes on \p call what the fields cannot hold.
void take_answer(const std::vector<std::uint8_t>& buffer, socklen_t len, Attempt& a,
                 CallRecord& call) {
  // A provider cannot have written past the buffer, whatever optlen says.
  std::size_t got = std::min<std::size_t>(len, buffer.size());
  if (got != len) call.notes.add(note(NoteKind::optlen_larger, static_cast<std::uint32_t>(got)));
  SockAddr dst;
  std::memcpy(&dst.storage, buffer.data(), std::min(got, sizeof dst.storage));
  // netfilter copies one sockaddr and leaves optlen as it was passed
  // (docs/winsock-contract.md#original-destination), so the blob is that
  // sockaddr, not the whole buffer; the call keeps the raw optlen.
  const std::size_t written = sockaddr_size(dst.family());
  if (written != 0 && written < got) {
    call.notes.add(note(NoteKind::optlen_as_passed, static_cast<std::uint32_t>(written)));
    got = written;
  }
  a.bytes = static_cast<std::uint32_t>(got);
  a.data.assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(got));
  dst.len = static_cast<socklen_t>(got);
  a.original_dst = to_endpoint(dst);
  if (!a.original_dst)
    call.notes.add(note(written == 0 ? NoteKind::answer_not_sockaddr : NoteKind::answer_short));
}

// TPROXY does not NAT, so conntrack has no original destination to give: the
// connection's local address (read when it was accepted) is the destination
// the client asked for. Whether it differs from the listener's is the engine's call.
void tproxy_answer(const ConnectionFacts& facts, Attempt& a) {
  if (facts.local_call) {
    CallRecord call = *facts.local_call;
    call.notes = note(NoteKind::tproxy_local_address);
    a.calls.push_back(std::move(call));
  }
  const auto here = to_endpoint(facts.local);
  if (!here) return;  // the getsockopt error stays the attempt's status
  a.error = 0;
  a.bytes = facts.local.len;
  const auto* raw = reinterpret_cast<const std::uint8_t*>(&facts.local.storage);
  a.data.assign(raw, raw + facts.local.len);
  a.original_dst = here;
  a.mechanism = kTproxyMechanism;
}

}  // namespace

Attempt query_original_dst(int fd, const ConnectionFacts& facts, std::uint32_t out_size) {
  Attempt a;
  a.out_size = out_size;
  a.domain = ErrorDomain::posix;
  const bool v4 = is_ipv4(facts.local);
  // Sized exactly as asked: out_size 0 really passes optlen 0.
  std::vector<std::uint8_t> buffer(out_size);
  socklen_t len = out_size;
  const auto start = Clock::now();
  const int ret = sockopt_provider().get_option(
      fd, v4 ? SOL_IP : SOL_IPV6, v4 ? SO_ORIGINAL_DST : IP6T_SO_ORIGINAL_DST, buffer.data(), &len);
  const int error = ret == 0 ? 0 : errno;
  CallRecord call{"getsockopt",    std::nullopt,
                  out_size,        ret,
                  error,           len,
                  ms_since(start), note(v4 ? NoteKind::odst_level_ip : NoteKind::odst_level_ipv6)};
  a.error = error;
  if (ret == 0) {
    take_answer(buffer, len, a, call);
    a.mechanism = v4 ? "SO_ORIGINAL_DST" : "IP6T_SO_ORIGINAL_DST";
  }
  a.calls.push_back(std::move(call));
  // ENOPROTOOPT when conntrack is not even loaded.
  if (facts.transparent && (error == ENOENT || error == ENOPROTOOPT)) tproxy_answer(facts, a);
  return a;
}

}  // namespace wfpredir::linux_backend
