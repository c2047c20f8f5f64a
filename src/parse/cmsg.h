#pragma once
/// \file cmsg.h
/// The control messages of a received datagram (WSAMSG::Control on Windows,
/// msghdr::msg_control on Linux), walked from a plain byte buffer with an
/// explicit layout, so that both systems' layouts are tested and fuzzed on
/// every platform. The walk never reads past the buffer: a cut header, a
/// length that points past the end or below the header, are reported as what
/// they are (docs/winsock-contract.md#udp says where each layout is from).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "model/control_message.h"
#include "parse/decode.h"

namespace wfpredir {

/// "", "truncated-header", "length-below-header", "length-past-end"
std::string_view to_string(CmsgProblem p);

/// Every message of \p buffer under \p layout, in order. Ends at the buffer's
/// end, or at the first message the walk cannot step over (a problem).
std::vector<ControlMessage> walk_control(std::span<const std::uint8_t> buffer,
                                         const CmsgLayout& layout);

/// The level's name ("IPPROTO_IP", "SOL_IPV6", "SOL_SOCKET"), "" when unknown.
std::string_view cmsg_level_name(FamilyNumbers numbers, int level);
/// The type's name at that level ("IP_WFP_REDIRECT_RECORDS", "IP_ORIGDSTADDR"),
/// "" when unknown.
std::string_view cmsg_type_name(FamilyNumbers numbers, int level, int type);

/// What the message at \p level and \p type carries, in \p numbers.
CmsgMeaning meaning_of(FamilyNumbers numbers, int level, int type);

/// The decodings of a message's data, as the TCP blobs are decoded
/// (decode.h): the context layouts, the original destination's address; none
/// for records (opaque: records_fingerprint names them) and unknown types.
std::vector<Decoding> decode_control(FamilyNumbers numbers, const ControlMessage& m);

}  // namespace wfpredir
