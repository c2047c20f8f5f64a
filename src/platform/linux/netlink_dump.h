#pragma once
/// \file netlink_dump.h
/// The answers to a netlink dump request (NLM_F_DUMP), read as inet_diag
/// (sock_diag.cpp) and tc's filter list (tc_filters.cpp) both read them: one
/// datagram at a time, each message handed on whole.

#include <linux/netlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace wfpredir::linux_backend {

/// Sends the dump request \p type (NLM_F_REQUEST | NLM_F_DUMP) numbered
/// \p seq, with \p body after its header, on \p fd; false with errno set
/// when send failed.
template <class Body>
bool send_dump(int fd, std::uint16_t type, std::uint32_t seq, const Body& body) {
  struct {
    nlmsghdr nh;
    Body body;
  } req{};
  req.nh.nlmsg_len = sizeof req;
  req.nh.nlmsg_type = type;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.nh.nlmsg_seq = seq;
  req.body = body;
  return ::send(fd, &req, sizeof req, 0) >= 0;
}

/// What a message's reader says next, and how the walk ended.
enum class DumpStep : unsigned char {
  next,         ///< go on with the next message
  done,         ///< the dump is complete (or the socket was closed)
  failed,       ///< the reader, or a message cut short, ends it
  recv_failed,  ///< recv failed, with errno set
};

/// Reads the answers to the dump just sent on \p fd and calls
/// \p each(const nlmsghdr&, const char* body, std::size_t body_len) on every
/// message, NLMSG_DONE and NLMSG_ERROR included, until it returns anything
/// but `next`. A message longer than what is left of its datagram ends the
/// walk (`failed`) when \p cut_fails, else only that datagram.
template <class Each>
DumpStep walk_dump(int fd, bool cut_fails, Each&& each) {
  // 32 KiB holds some 300 sockets per datagram; the kernel fills each one.
  alignas(nlmsghdr) static thread_local char buf[32768];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return DumpStep::recv_failed;
    }
    if (n == 0) return DumpStep::done;
    // NLMSG_OK/NLMSG_NEXT/NLMSG_DATA, spelt without their C casts.
    std::size_t at = 0;
    const auto len = static_cast<std::size_t>(n);
    while (at + sizeof(nlmsghdr) <= len) {
      nlmsghdr h;
      std::memcpy(&h, buf + at, sizeof h);
      if (h.nlmsg_len < sizeof(nlmsghdr) || at + h.nlmsg_len > len) {
        if (cut_fails) return DumpStep::failed;
        break;
      }
      const char* body = buf + at + NLMSG_HDRLEN;
      const std::size_t body_len = h.nlmsg_len - NLMSG_HDRLEN;
      at += NLMSG_ALIGN(h.nlmsg_len);
      const DumpStep step = each(h, body, body_len);
      if (step != DumpStep::next) return step;
    }
  }
}

}  // namespace wfpredir::linux_backend
