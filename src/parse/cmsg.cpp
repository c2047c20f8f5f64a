// The control-message walk (cmsg.h): one loop for every layout, each read
// checked against the buffer's end before it happens, and the names and
// decodings of the types wfpredir knows.
#include "parse/cmsg.h"

namespace wfpredir {
namespace {

// Level numbers: IPPROTO_IP / SOL_IP is 0 and IPPROTO_IPV6 / SOL_IPV6 is 41
// on both systems; SOL_SOCKET is 0xffff on Windows and 1 on Linux.
constexpr int kLevelIp = 0;
constexpr int kLevelIpv6 = 41;
constexpr int kWinSolSocket = 0xffff;
constexpr int kLinuxSolSocket = 1;

// Windows (ws2ipdef.h): the WFP types are the same numbers at both IP levels.
constexpr int kWinWfpRecords = 60;
constexpr int kWinWfpContext = 70;
// Linux (linux/in.h, linux/in6.h).
constexpr int kLinuxIpOrigDst = 20;
constexpr int kLinuxIpv6OrigDst = 74;

std::size_t align_up(std::size_t n, std::size_t a) { return a <= 1 ? n : (n + a - 1) / a * a; }

std::uint64_t read_le(std::span<const std::uint8_t> b, std::size_t at, std::size_t size) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < size; ++i) v |= std::uint64_t{b[at + i]} << (8 * i);
  return v;
}

int read_int(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<int>(static_cast<std::int32_t>(read_le(b, at, 4)));
}

}  // namespace

std::string_view to_string(CmsgProblem p) {
  switch (p) {
    case CmsgProblem::none:
      return "";
    case CmsgProblem::truncated_header:
      return "truncated-header";
    case CmsgProblem::length_below_header:
      return "length-below-header";
    case CmsgProblem::length_past_end:
      return "length-past-end";
  }
  return "";
}

std::vector<ControlMessage> walk_control(std::span<const std::uint8_t> buffer,
                                         const CmsgLayout& layout) {
  std::vector<ControlMessage> out;
  const std::size_t header = layout.header_size();
  const std::size_t data_at = layout.data_offset();
  std::size_t pos = 0;
  // Each step moves at least data_at (> 0) bytes, so the loop ends.
  while (pos < buffer.size()) {
    ControlMessage m;
    m.offset = pos;
    const std::size_t left = buffer.size() - pos;
    if (left < header) {
      m.problem = CmsgProblem::truncated_header;
      m.bytes_left = left;
      out.push_back(std::move(m));
      break;
    }
    m.length = read_le(buffer, pos, layout.len_size);
    m.level = read_int(buffer, pos + layout.len_size);
    m.type = read_int(buffer, pos + layout.len_size + 4);
    if (m.length < data_at) {
      // Linux's CMSG_NXTHDR stops here too (a length under the header).
      m.problem = CmsgProblem::length_below_header;
      out.push_back(std::move(m));
      break;
    }
    if (m.length > left) {
      m.problem = CmsgProblem::length_past_end;
      if (data_at < left) m.data.assign(buffer.begin() + pos + data_at, buffer.end());
      out.push_back(std::move(m));
      break;
    }
    const auto len = static_cast<std::size_t>(m.length);  // <= left: fits
    m.data.assign(buffer.begin() + pos + data_at, buffer.begin() + pos + len);
    out.push_back(std::move(m));
    const std::size_t step = align_up(len, layout.next_align);
    if (step >= left) break;  // the padding of the last message, or exactly its end
    pos += step;
  }
  return out;
}

std::string_view cmsg_level_name(FamilyNumbers numbers, int level) {
  const bool win = numbers == FamilyNumbers::windows;
  if (level == kLevelIp) return win ? "IPPROTO_IP" : "SOL_IP";
  if (level == kLevelIpv6) return win ? "IPPROTO_IPV6" : "SOL_IPV6";
  if (level == (win ? kWinSolSocket : kLinuxSolSocket)) return "SOL_SOCKET";
  return "";
}

std::string_view cmsg_type_name(FamilyNumbers numbers, int level, int type) {
  if (numbers == FamilyNumbers::windows) {
    if (level == kLevelIp) {
      switch (type) {
        case 3:
          return "IP_TOS";
        case 4:
          return "IP_TTL";
        case 19:
          return "IP_PKTINFO";
        case 21:
          return "IP_HOPLIMIT";
        case 25:
          return "IP_RECVDSTADDR";
        case 50:
          return "IP_ECN";
        case kWinWfpRecords:
          return "IP_WFP_REDIRECT_RECORDS";
        case kWinWfpContext:
          return "IP_WFP_REDIRECT_CONTEXT";
        default:
          return "";
      }
    }
    if (level == kLevelIpv6) {
      switch (type) {
        case 19:
          return "IPV6_PKTINFO";
        case 21:
          return "IPV6_HOPLIMIT";
        case 39:
          return "IPV6_TCLASS";
        case 50:
          return "IPV6_ECN";
        case kWinWfpRecords:
          return "IPV6_WFP_REDIRECT_RECORDS";
        case kWinWfpContext:
          return "IPV6_WFP_REDIRECT_CONTEXT";
        default:
          return "";
      }
    }
    return "";
  }
  if (level == kLevelIp) {
    switch (type) {
      case 1:
        return "IP_TOS";
      case 2:
        return "IP_TTL";
      case 8:
        return "IP_PKTINFO";
      case kLinuxIpOrigDst:
        return "IP_ORIGDSTADDR";
      default:
        return "";
    }
  }
  if (level == kLevelIpv6) {
    switch (type) {
      case 50:
        return "IPV6_PKTINFO";
      case 52:
        return "IPV6_HOPLIMIT";
      case 67:
        return "IPV6_TCLASS";
      case kLinuxIpv6OrigDst:
        return "IPV6_ORIGDSTADDR";
      default:
        return "";
    }
  }
  return "";
}

CmsgMeaning meaning_of(FamilyNumbers numbers, int level, int type) {
  if (level != kLevelIp && level != kLevelIpv6) return CmsgMeaning::other;
  if (numbers == FamilyNumbers::windows) {
    if (type == kWinWfpRecords) return CmsgMeaning::wfp_records;
    if (type == kWinWfpContext) return CmsgMeaning::wfp_context;
    return CmsgMeaning::other;
  }
  if ((level == kLevelIp && type == kLinuxIpOrigDst) ||
      (level == kLevelIpv6 && type == kLinuxIpv6OrigDst))
    return CmsgMeaning::original_dst;
  return CmsgMeaning::other;
}

std::vector<Decoding> decode_control(FamilyNumbers numbers, const ControlMessage& m) {
  if (m.problem == CmsgProblem::truncated_header) return {};
  switch (meaning_of(numbers, m.level, m.type)) {
    case CmsgMeaning::wfp_context:
      return decode_context(m.data);
    case CmsgMeaning::original_dst:
      if (auto d = decode_original_dst(m.data, numbers)) return {std::move(*d)};
      return {};
    case CmsgMeaning::wfp_records:
    case CmsgMeaning::other:
      break;
  }
  return {};
}

}  // namespace wfpredir
