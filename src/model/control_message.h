#pragma once
/// \file control_message.h
/// What a datagram's control messages are, as the model holds them: the
/// layout of a system's headers, each message walked from the buffer, what it
/// means, and which family numbers a sockaddr uses. The walk and the
/// decoders: cmsg.h and decode.h.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace wfpredir {

/// Which numbers a blob's sockaddr families use: Windows (AF_INET6 = 23) or
/// Linux (AF_INET6 = 10). AF_INET is 2 on both.
enum class FamilyNumbers : std::uint8_t { windows, linux };

/// How one system lays out a control-message header: `cmsg_len` (a size_t /
/// SIZE_T of \p len_size bytes, little-endian), then the int level and the int
/// type; the header is padded to the length field's alignment.
struct CmsgLayout {
  static constexpr std::size_t align(std::size_t n, std::size_t a) {
    return a <= 1 ? n : (n + a - 1) / a * a;
  }

  std::string_view name;       ///< "WSACMSGHDR (x64)", ...
  std::size_t len_size = 8;    ///< bytes of cmsg_len: 8 on 64-bit systems, 4 on 32-bit
  std::size_t next_align = 8;  ///< the next header starts at offset + align(cmsg_len, this)
  std::size_t data_align = 8;  ///< the data starts at align(header size, this)
  FamilyNumbers numbers = FamilyNumbers::windows;  ///< which system's level/type numbers

  /// sizeof the header struct: the length, two ints, padded to the length's size.
  std::size_t header_size() const { return align(len_size + 8, len_size); }
  /// Where the data starts in a message (WSA_CMSG_DATA / CMSG_DATA minus the header's address).
  std::size_t data_offset() const { return align(header_size(), data_align); }
};

/// Windows x64: SIZE_T cmsg_len; WSA_CMSGHDR_ALIGN is the header's alignment
/// (8) and WSA_CMSGDATA_ALIGN is MAX_NATURAL_ALIGNMENT (sizeof(ULONGLONG), 8).
inline constexpr CmsgLayout kWindowsX64Cmsg{"WSACMSGHDR (Windows x64)", 8, 8, 8,
                                            FamilyNumbers::windows};
/// Windows x86: SIZE_T is 4 bytes, the header 12 and MAX_NATURAL_ALIGNMENT
/// sizeof(ULONG) (4).
inline constexpr CmsgLayout kWindowsX86Cmsg{"WSACMSGHDR (Windows x86)", 4, 4, 4,
                                            FamilyNumbers::windows};
/// Linux LP64: size_t cmsg_len; CMSG_ALIGN rounds to sizeof(size_t) (8).
inline constexpr CmsgLayout kLinux64Cmsg{"cmsghdr (Linux LP64)", 8, 8, 8, FamilyNumbers::linux};
/// Linux ILP32: size_t is 4 bytes.
inline constexpr CmsgLayout kLinux32Cmsg{"cmsghdr (Linux ILP32)", 4, 4, 4, FamilyNumbers::linux};

/// What is wrong with one message, when something is.
enum class CmsgProblem : std::uint8_t {
  none,
  truncated_header,     ///< fewer bytes left than a header: level, type and length are unknown
  length_below_header,  ///< cmsg_len is smaller than the header itself: the walk cannot go on
  length_past_end,      ///< cmsg_len reaches past the buffer: the data is cut at its end
};

/// One control message as found.
struct ControlMessage {
  std::size_t offset = 0;    ///< of its header in the buffer
  std::uint64_t length = 0;  ///< cmsg_len as written (header included); 0 when the header is cut
  int level = 0;             ///< cmsg_level; 0 when the header is cut
  int type = 0;              ///< cmsg_type; 0 when the header is cut
  std::vector<std::uint8_t> data;  ///< the data bytes that lie inside the buffer
  std::size_t bytes_left = 0;      ///< truncated_header: the bytes there were
  CmsgProblem problem = CmsgProblem::none;
};

/// What a message's data is, when wfpredir knows the type.
enum class CmsgMeaning : std::uint8_t {
  other,
  wfp_records,   ///< IP_WFP_REDIRECT_RECORDS / IPV6_WFP_REDIRECT_RECORDS (Windows)
  wfp_context,   ///< IP_WFP_REDIRECT_CONTEXT / IPV6_WFP_REDIRECT_CONTEXT (Windows)
  original_dst,  ///< IP_ORIGDSTADDR / IPV6_ORIGDSTADDR (Linux)
};

}  // namespace wfpredir
