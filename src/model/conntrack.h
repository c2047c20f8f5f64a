#pragma once
/// \file conntrack.h
/// A connection's conntrack entry as a value, and the two pure halves of
/// asking the kernel for it over ctnetlink: the request bytes and the parser
/// of the answer (docs/conntrack.md). The Linux backend
/// (platform/linux/conntrack.h) sends and receives; everything here is
/// portable and unit-tested from crafted bytes.
///
/// Reading an entry:
///  - `original` is the tuple of the first packet as conntrack saw it, before
///    any NAT; `reply` the tuple the answers are expected with, after NAT.
///  - A destination NAT (DNAT, REDIRECT) shows as reply.src != original.dst;
///    a source NAT (SNAT, MASQUERADE) as reply.dst != original.src. The
///    status bits IPS_DST_NAT / IPS_SRC_NAT say the same from the NAT engine.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/endpoint.h"

namespace wfpredir {

inline constexpr std::uint8_t kProtoTcp = 6;
inline constexpr std::uint8_t kProtoUdp = 17;

/// One direction of a connection: protocol number and both ends.
struct ConntrackTuple {
  std::uint8_t protocol = kProtoTcp;  ///< IPPROTO_TCP (6) / IPPROTO_UDP (17)
  IpEndpoint src;
  IpEndpoint dst;
  friend bool operator==(const ConntrackTuple&, const ConntrackTuple&) = default;
};

/// The status bits of an entry wfpredir reads (linux/netfilter/nf_conntrack_common.h, IPS_*).
inline constexpr std::uint32_t kCtSeenReply = 1u << 1;
inline constexpr std::uint32_t kCtAssured = 1u << 2;
inline constexpr std::uint32_t kCtConfirmed = 1u << 3;
inline constexpr std::uint32_t kCtSrcNat = 1u << 4;
inline constexpr std::uint32_t kCtDstNat = 1u << 5;

/// One conntrack entry as ctnetlink gave it.
struct ConntrackEntry {
  ConntrackTuple original;
  ConntrackTuple reply;
  std::uint32_t status = 0;           ///< IPS_* bits, host order
  std::optional<std::uint32_t> mark;  ///< CTA_MARK (absent without CONFIG_NF_CONNTRACK_MARK)
  std::uint16_t zone = 0;             ///< CTA_ZONE; 0 (the default zone) when absent
  std::optional<std::uint32_t> id;    ///< CTA_ID, as `conntrack -L -o id` prints it

  bool seen_reply() const { return (status & kCtSeenReply) != 0; }
  bool dst_nat_bit() const { return (status & kCtDstNat) != 0; }
  bool src_nat_bit() const { return (status & kCtSrcNat) != 0; }
  /// The reply comes from another address/port than the original destination: DNAT/REDIRECT.
  bool destination_rewritten() const;
  /// The reply goes to another address/port than the original source: SNAT/MASQUERADE.
  bool source_rewritten() const;
};

/// "SEEN_REPLY|ASSURED|CONFIRMED|DST_NAT" (the bits conntrack -L prints, in
/// its spelling; unknown bits as 0x...); "" for 0.
std::string status_names(std::uint32_t status);

/// How a lookup ended.
enum class ConntrackOutcome : std::uint8_t {
  found,       ///< `entry` holds the connection's entry
  no_entry,    ///< conntrack answered ENOENT: it does not track this connection
  cannot_ask,  ///< no answer: socket refused (EPERM, no nfnetlink), module missing, other error
};
std::string_view to_string(ConntrackOutcome o);  ///< "found", "no-entry", "cannot-ask"

/// The result of one lookup: the entry, or why there is none.
struct ConntrackLookup {
  ConntrackOutcome outcome = ConntrackOutcome::cannot_ask;
  std::optional<ConntrackEntry> entry;  ///< when found
  int error = 0;                        ///< errno (ENOENT for no_entry), 0 when found
  std::string operation;  ///< the call that failed ("socket", "sendto", "ctnetlink GET")
  std::string detail;     ///< what the bytes could not hold, for a malformed answer
};

/// The IPCTNL_MSG_CT_GET request (one netlink message, host byte order
/// header) asking for the entry one of whose directions is \p tuple, in
/// conntrack zone \p zone, with sequence number \p seq.
std::vector<std::uint8_t> conntrack_get_request(const ConntrackTuple& tuple, std::uint16_t zone,
                                                std::uint32_t seq);

/// Parses one datagram of ctnetlink's answer to that request: the entry
/// (IPCTNL_MSG_CT_NEW), or an NLMSG_ERROR whose code gives no_entry (ENOENT)
/// or cannot_ask. Bytes that are not a well-formed answer give cannot_ask
/// with `detail` saying what was wrong (error EPROTO).
ConntrackLookup parse_conntrack_reply(std::span<const std::uint8_t> datagram);

/// The IPCTNL_MSG_CT_GET request with NLM_F_DUMP: every entry of the
/// caller's namespace, both families and all zones (what `conntrack -L` reads).
std::vector<std::uint8_t> conntrack_dump_request(std::uint32_t seq);

/// How far one datagram of a dump's answer got.
struct ConntrackDumpStep {
  bool done = false;  ///< NLMSG_DONE seen: the dump is complete
  /// The dump failed (an error message, malformed bytes): why, as a lookup
  /// answered with it would say (cannot_ask, errno, operation "ctnetlink dump").
  std::optional<ConntrackLookup> failure;
};

/// Parses one datagram of a dump's answer, appending its entries to \p out.
ConntrackDumpStep parse_conntrack_dump(std::span<const std::uint8_t> datagram,
                                       std::vector<ConntrackEntry>& out);

/// A dump's entries, indexed by both directions' tuples, so that many sockets
/// are matched in memory with one request in all (`wfpredir connections`;
/// docs/conntrack.md). Or the failure of the dump, which every lookup answers.
class ConntrackTable {
 public:
  explicit ConntrackTable(std::vector<ConntrackEntry> entries);
  explicit ConntrackTable(ConntrackLookup failure);

  /// As the kernel's GET for \p tuple in the default zone would answer: the
  /// entry one of whose directions is \p tuple, no_entry (ENOENT) when there
  /// is none, or the dump's failure.
  ConntrackLookup find(const ConntrackTuple& tuple) const;
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<ConntrackEntry> entries_;
  std::unordered_map<std::string, std::size_t> index_;  ///< tuple key -> entries_ index
  std::optional<ConntrackLookup> failure_;
};

}  // namespace wfpredir
