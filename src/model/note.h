#pragma once
/// \file note.h
/// What a call record says beyond its fields ("completed immediately", "level
/// SOL_IP, optname SO_ORIGINAL_DST (80)", "got port 58853"), as values: a
/// NoteKind and the numbers or the endpoint it cites, in no language. Only
/// render/render_note.h words them, in the run's language (README.md,
/// "Design"), as model/reason.h does for the reasons of a verdict.
///
/// Smaller than a Reason on purpose: a note cites at most three numbers or
/// one endpoint, so it holds them inline, and Notes keeps its first note
/// inline too. The relay keeps every call record of each open connection,
/// and notes as strings were five heap blocks per connection
/// (docs/relay.md, "Memory per idle connection").

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/box.h"
#include "model/endpoint.h"

namespace wfpredir {

/// What a note says; its English phrase is in render/render_note.cpp.
enum class NoteKind : std::uint8_t {
  none,  ///< no note
  // Linux getsockopt(SO_ORIGINAL_DST), getsockname and the TPROXY answer
  // (platform/linux/original_dst.cpp, connection.cpp).
  odst_level_ip,         ///< -
  odst_level_ipv6,       ///< -
  optlen_larger,         ///< a: the bytes read
  optlen_as_passed,      ///< a: the sockaddr's size
  answer_not_sockaddr,   ///< -
  answer_short,          ///< -
  tproxy_local_address,  ///< -
  local_address,         ///< -
  msg_flags,             ///< a: recvmsg's msg_flags (platform/linux/udp.cpp)
  // The relay's upstream calls (platform/relay_session.cpp, */relay_upstream.cpp).
  upstream_socket,           ///< -
  upstream_mark,             ///< -
  not_a_linux_call,          ///< -
  upstream_set_records,      ///< a: input bytes
  upstream_bind,             ///< a: the port it got
  upstream_connect,          ///< endpoint
  upstream_connect_timeout,  ///< endpoint
  // Windows overlapped I/O (platform/win32/overlapped*.cpp, udp.cpp).
  completed_immediately,     ///< -
  failed_routine_ran,        ///< -
  failed_no_routine,         ///< -
  completed_routine_queued,  ///< -
  routine_wait_interrupted,  ///< -
  routine_wait_timed_out,    ///< a: milliseconds
  routine_wait_failed,       ///< -
  it_did_not_run,            ///< -
  routine_did_not_run,       ///< -
  wait_alertable_failed,     ///< -
  wait_event_failed,         ///< -
  cancel_interrupted,        ///< -
  cancel_timed_out,          ///< a: milliseconds
  cancel_wait_failed,        ///< -
  cancel_no_datagram,        ///< - (query --udp)
  cancel_wait_failed_short,  ///< - (query --udp)
  event_not_signalled,       ///< -
  not_complete_waiting,      ///< -
  after_incomplete,          ///< a: how many WSA_IO_INCOMPLETE answers
  left_allocated,            ///< a: the buffer's size
  overlapped_result_flags,   ///< a: the flags
  select_readable,           ///< a: slices waited
  wsamsg_fields,             ///< a: dwFlags, b: Control.len, c: namelen
  set_before_bind,           ///< -
  set_after_bind,            ///< a: the Windows error refused before bind
  // Windows getsockopt(SO_ORIGINAL_DST) (platform/win32/original_dst.cpp).
  odst_level_windows,           ///< a: level, b: optname, c: 1 for SOL_IPV6
  v4_mapped_ipv4_first,         ///< -
  other_level,                  ///< -
  optlen_storage,               ///< a: optlen passed, b: optlen asked
  synchronous_although,         ///< a: the mode asked (model Mode)
  optlen_left,                  ///< a: optlen
  answer_not_sockaddr_windows,  ///< -
  count,                        ///< how many kinds there are (no note)
};

/// One note: its kind and the facts its phrase cites.
struct Note {
  NoteKind kind = NoteKind::none;
  std::uint32_t a = 0, b = 0, c = 0;  ///< the numbers it cites, in the phrase's order
  IpEndpoint endpoint;                ///< the endpoint it cites, for the kinds that cite one
  bool operator==(const Note&) const = default;
};

/// note(NoteKind::upstream_bind, port)
inline Note note(NoteKind kind, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0) {
  return Note{kind, a, b, c, {}};
}
/// \p v as a note's number: clamped to what the field holds (a timeout in
/// milliseconds over 49 days, a negative count: never in practice).
inline std::uint32_t note_number(std::int64_t v) {
  return v < 0 ? 0 : v > 0xFFFFFFFF ? 0xFFFFFFFFu : static_cast<std::uint32_t>(v);
}
/// note_at(NoteKind::upstream_connect, upstream)
inline Note note_at(NoteKind kind, const IpEndpoint& endpoint) {
  return Note{kind, 0, 0, 0, endpoint};
}

/// A call record's notes, in order; worded one after the other with "; "
/// between them. The first is kept inline: most calls have none or one.
class Notes {
 public:
  Notes() = default;
  Notes(const Note& n) { add(n); }  // NOLINT: a record built with one note
  void add(const Note& n) {
    if (n.kind == NoteKind::none) return;
    if (first_.kind == NoteKind::none) {
      first_ = n;
      return;
    }
    if (!rest_) rest_ = std::vector<Note>{};
    rest_->push_back(n);
  }
  bool empty() const { return first_.kind == NoteKind::none; }
  std::size_t size() const { return empty() ? 0 : 1 + (rest_ ? rest_->size() : 0); }
  const Note& operator[](std::size_t i) const { return i == 0 ? first_ : (*rest_)[i - 1]; }

 private:
  Note first_;
  Box<std::vector<Note>> rest_;
};

}  // namespace wfpredir
