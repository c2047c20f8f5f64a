// The buffer policy (see buffer_policy.h): auto grows from 1024 bytes on a
// "too small" answer, probe asks with 0 bytes first, N asks once.
#include "analysis/buffer_policy.h"

#include <charconv>

namespace wfpredir {
namespace {

bool stopped(const Attempt& a) { return a.timed_out || a.interrupted; }

}  // namespace

std::optional<BufferPolicy> parse_buffer_policy(std::string_view text) {
  if (text == "auto") return BufferPolicy{BufferPolicyKind::automatic, 0};
  if (text == "probe") return BufferPolicy{BufferPolicyKind::probe, 0};
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  if (n == 0) return BufferPolicy{BufferPolicyKind::probe, 0};
  if (n > kFixedMaxSize) return std::nullopt;
  return BufferPolicy{BufferPolicyKind::fixed, static_cast<std::uint32_t>(n)};
}

// docs/winsock-contract.md#buffer-sizes: public code expects any of these.
bool says_too_small(const Attempt& a) {
  if (a.domain != ErrorDomain::windows) return false;
  if (a.error == codes::insufficient_buffer || a.error == codes::wsaenobufs) return true;
  return (a.error == codes::wsaefault || a.error == codes::wsaeinval) && a.bytes > a.out_size;
}

QueryResult run_one(Connection& connection, QueryKind kind, Mode mode, const BufferPolicy& policy,
                    Millis io_timeout) {
  QueryResult r;
  r.kind = kind;
  r.mode = mode;
  auto issue = [&](std::uint32_t size) -> const Attempt& {
    r.attempts.push_back(connection.issue(kind, mode, size, io_timeout));
    return r.attempts.back();
  };
  switch (policy.kind) {
    case BufferPolicyKind::fixed:
      issue(policy.size);
      break;
    case BufferPolicyKind::probe: {
      const Attempt& probe = issue(0);
      if (stopped(probe)) break;
      if (probe.error != 0 && probe.bytes > kFixedMaxSize) {
        // The count is the provider's word: a garbage one must not become a
        // 4 GiB allocation (docs/winsock-contract.md#buffer-sizes).
        r.policy_note = {reason(ReasonKind::probe_over_cap, probe.bytes, kFixedMaxSize)};
      } else if (probe.error != 0 && probe.bytes > 0) {
        const std::uint32_t need = probe.bytes;
        r.policy_note = {reason(ReasonKind::probe_asked_again, need, need)};
        issue(need);
      } else if (probe.error != 0) {
        r.policy_note = {reason(ReasonKind::probe_no_size)};
      }
      break;
    }
    case BufferPolicyKind::automatic: {
      std::uint32_t size = kAutoStartSize;
      for (;;) {
        const Attempt a = issue(size);  // a copy: the next issue() may move the vector
        if (a.error == 0 || stopped(a) || !says_too_small(a)) break;
        // Sizes only grow, and are capped, so this loop ends.
        const std::uint64_t next =
            a.bytes > size ? std::uint64_t{a.bytes} : std::uint64_t{size} * 2;
        if (next > kAutoMaxSize) {
          r.policy_note.push_back(reason(ReasonKind::auto_over_cap, size, next, kAutoMaxSize));
          break;
        }
        r.policy_note.push_back(reason(
            a.bytes > size ? ReasonKind::auto_retried_returned : ReasonKind::auto_retried_doubled,
            size, next));
        size = static_cast<std::uint32_t>(next);
      }
      break;
    }
  }
  return r;
}

}  // namespace wfpredir
