#pragma once
// Builds control buffers byte by byte under an explicit layout (parse/cmsg.h),
// for the walker's tests and the Windows fakes that deliver control messages.
#include <cstdint>
#include <optional>
#include <vector>

#include "parse/cmsg.h"

namespace wfpredir::test {

/// Appends one message: cmsg_len (\p length, or the header plus the data),
/// level, type, padding to the data, the data, and padding to the next header
/// unless \p last.
inline void put_cmsg(std::vector<std::uint8_t>& b, const CmsgLayout& l, int level, int type,
                     const std::vector<std::uint8_t>& data,
                     std::optional<std::uint64_t> length = std::nullopt, bool last = false) {
  const std::size_t start = b.size();
  const std::uint64_t len = length.value_or(l.data_offset() + data.size());
  for (std::size_t i = 0; i < l.len_size; ++i)
    b.push_back(static_cast<std::uint8_t>(len >> (8 * i)));
  for (int v : {level, type})
    for (int i = 0; i < 4; ++i)
      b.push_back(static_cast<std::uint8_t>(static_cast<std::uint32_t>(v) >> (8 * i)));
  b.resize(start + l.data_offset(), 0);
  b.insert(b.end(), data.begin(), data.end());
  if (!last)
    while ((b.size() - start) % l.next_align != 0) b.push_back(0);
}

/// A Linux sockaddr_in (family 2, port and address in network order).
inline std::vector<std::uint8_t> linux_sockaddr_in(std::uint8_t a, std::uint8_t b, std::uint8_t c,
                                                   std::uint8_t d, std::uint16_t port) {
  std::vector<std::uint8_t> s(16, 0);
  s[0] = 2;
  s[2] = static_cast<std::uint8_t>(port >> 8);
  s[3] = static_cast<std::uint8_t>(port & 0xff);
  s[4] = a, s[5] = b, s[6] = c, s[7] = d;
  return s;
}

}  // namespace wfpredir::test
