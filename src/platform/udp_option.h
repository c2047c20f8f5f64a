#pragma once
/// \file udp_option.h
/// An option the UDP backends turn on before the first datagram, as the
/// report keeps it (UdpOption): the record both backends' set_bool fill.

#include <cstdint>

#include "model/udp_report.h"
#include "platform/wait.h"

namespace wfpredir {

/// The setsockopt call \p call makes (\p level, \p option, named \p name,
/// with a value of \p size bytes), timed: what it returned, and the error
/// \p last_error reads right after it when it failed.
template <class Call, class LastError>
UdpOption timed_setsockopt(const char* name, int level, int option, std::uint32_t size, Call&& call,
                           LastError&& last_error) {
  UdpOption o;
  o.name = name;
  o.level = level;
  o.option = option;
  o.call.function = "setsockopt";
  o.call.out_size = size;
  const auto t0 = Clock::now();
  o.call.ret = call();
  o.call.error = o.call.ret == 0 ? 0 : last_error();
  o.call.ms = ms_since(t0);
  return o;
}

}  // namespace wfpredir
