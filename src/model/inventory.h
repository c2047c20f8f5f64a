#pragma once
/// \file inventory.h
/// What on this machine redirects connections, as plain data: the Winsock
/// catalog and the WFP redirect filters (Windows), the netfilter rules that
/// redirect and the policy routing TPROXY needs (Linux). Each platform fills
/// it in one file (src/platform/win32, src/platform/linux); the analysis
/// (analyse_inventory) is portable and pure, so tests drive it with fakes.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "text/error_codes.h"

namespace wfpredir {

/// A call that failed while taking the inventory, kept as the system gave it.
struct InventoryError {
  std::string operation;  ///< "FwpmEngineOpen0", "nft -j list ruleset"
  ErrorDomain domain = ErrorDomain::windows;
  int code = 0;                ///< 0 when the failure has no code (a missing program)
  std::string message;         ///< the system's or the program's own words
  bool access_denied = false;  ///< the usual cause: not elevated / not root
};

/// One entry of the Winsock catalog (WSAEnumProtocolsW).
struct WinsockEntry {
  std::string name;  ///< szProtocol
  std::uint32_t catalog_id = 0;
  int family = 0, socket_type = 0, protocol = 0;
  int chain_length = 0;              ///< 0 layered provider, 1 base provider, >1 a chain
  std::vector<std::uint32_t> chain;  ///< catalog ids, top first
  std::string provider_id;           ///< the provider GUID
  std::string path;                  ///< WSCGetProviderPath, environment variables not expanded
  bool ifs_handles = false;          ///< XP1_IFS_HANDLES: socket handles are kernel file handles
  bool microsoft = false;            ///< the DLL is Windows' own (mswsock.dll)
};

/// One WFP filter at a redirect layer (Fwpm enumeration).
struct WfpFilter {
  std::string layer;  ///< "ALE_CONNECT_REDIRECT_V4", ...
  std::uint64_t filter_id = 0;
  std::string name;
  std::string provider_key;   ///< GUID, empty when the filter names none
  std::string provider_name;  ///< display name, or the lookup's failure
  std::string callout_name;   ///< for callout actions
  std::string weight;         ///< as text: the FWP_VALUE0 can be several types
  std::string sublayer_name;
};

/// One netfilter rule that redirects (nftables' view, iptables-nft included).
struct NetfilterRule;
/// Whether \p r matches destination port \p port: one of its ports or
/// ranges (a rule that names none matches none here: "any" is not assumed).
bool matches_dport(const NetfilterRule& r, int port);

struct NetfilterRule {
  std::string family;  ///< "ip", "ip6", "inet"
  std::string table, chain;
  /// The hook of the rule's base chain; for a regular chain, that of the base
  /// chain whose jump or goto reaches it ("" when none does).
  std::string hook;
  std::string via;          ///< that base chain, for a rule in a regular chain ("" otherwise)
  std::string action;       ///< "redirect", "dnat", "tproxy", or "xt:TPROXY" for iptables targets
  std::string protocol;     ///< "tcp", "udp", "" when the rule does not say
  std::string match;        ///< the rule's matches, as text ("tcp dport 80", "iifname \"eth0\"")
  std::vector<int> dports;  ///< destination ports matched (empty, and no range: any)
  std::vector<std::pair<int, int>> dport_ranges;  ///< ranges matched (tcp dport 8000-8100)
  std::string to_address;                         ///< target address, "" for redirect / local
  int to_port = 0;                                ///< target port, 0 when unchanged
  std::optional<std::uint32_t> mark;              ///< meta mark set by the rule (TPROXY)
};

/// A policy-routing rule (`ip rule`), as far as TPROXY cares.
struct RouteRule {
  std::string family;  ///< "ipv4" / "ipv6"
  std::optional<std::uint32_t> fwmark;
  std::string table;  ///< table looked up
};

/// Whether conntrack answers SO_ORIGINAL_DST in one family, tried on a
/// loopback connection of that family (Linux).
struct NatCheck {
  std::string family;  ///< "ipv4" / "ipv6"
  int error =
      0;  ///< 0: it answered (an address); else the errno (ENOENT: tracking works, no entry)
  std::string detail;  ///< what was tried, or why the check could not run
  bool ran = false;    ///< false when the loopback connection itself failed
};

/// One eBPF program that can redirect a connection without netfilter (Linux):
/// a cgroup sock_addr program (rewrites the address at connect/sendmsg), an
/// sk_lookup program (picks the receiving socket), a tc program (can steer a
/// packet to a socket with bpf_sk_assign). docs/verdicts.md, "eBPF".
struct BpfProgram {
  std::uint32_t id = 0;
  std::string name;  ///< the kernel's name (at most 15 characters), may be empty
  std::string type;  ///< "cgroup_sock_addr", "sk_lookup", "sched_cls", "sched_act"
  /// "connect4", "connect6", "sendmsg4", "sendmsg6", "getpeername4", ...,
  /// "sk_lookup"; "" when not attached or not determined (tc).
  std::string attach_type;
  /// The cgroup path (relative to the cgroup2 mount, as /proc/PID/cgroup
  /// writes it), "netns" for this network namespace, "" when not determined.
  std::string attach_point;
  /// Why attach_point is empty: "not-attached" (sock_addr: on no cgroup;
  /// sk_lookup: not in this namespace), "interface-not-determined" (tc).
  std::string attach_note;
};

/// Whether \p p is attached where it can rewrite a connection's destination
/// (a connect4/6 or sendmsg4/6 program on a cgroup, sk_lookup in this netns).
bool can_redirect(const BpfProgram& p);

struct Inventory {
  // Windows
  bool has_winsock = false;
  std::vector<WinsockEntry> winsock;
  std::optional<InventoryError> winsock_error;
  bool has_wfp = false;
  std::vector<WfpFilter> wfp;
  std::optional<InventoryError> wfp_error;
  // Linux
  bool has_netfilter = false;
  std::vector<NetfilterRule> netfilter;
  std::optional<InventoryError> netfilter_error;
  std::vector<RouteRule> route_rules;
  /// Tables that hold a `local` default route (what a TPROXY mark must lead to).
  std::vector<std::string> local_route_tables;
  std::optional<InventoryError> routing_error;
  std::vector<NatCheck> nat_checks;
  bool has_bpf = false;
  std::vector<BpfProgram> bpf;
  std::optional<InventoryError> bpf_error;  ///< access_denied: no CAP_SYS_ADMIN/CAP_BPF
};

/// What the inventory means, for doctor's verdict_code and next steps.
struct InventoryFinding {
  std::string
      code;  ///< "access-denied", "possible-loop", "lsp-present", "tproxy-without-route", ...
  std::string text;  ///< one sentence, English
  std::string next;  ///< the next step, English; may be empty
};

/// Pure: providers redirecting at the same layer (a possible loop), layered
/// providers that are not Microsoft's, TPROXY rules without their policy
/// routing, enumeration refused.
std::vector<InventoryFinding> analyse_inventory(const Inventory& inv);

/// Parses `nft -j list ruleset` output; keeps only the rules that redirect
/// (redirect, dnat, tproxy, and iptables-nft's xt targets of those names).
/// Throws nothing: returns nullopt and sets \p error on malformed input.
std::optional<std::vector<NetfilterRule>> parse_nft_ruleset(const std::string& json,
                                                            std::string& error);

/// Parses `ip -j rule show` output (IPv4 or IPv6, named by \p family).
std::optional<std::vector<RouteRule>> parse_ip_rules(const std::string& json,
                                                     const std::string& family, std::string& error);

/// Whether `ip -j route show table T type local` output holds a default
/// (0.0.0.0/0 or ::/0, "default") local route.
bool has_local_default_route(const std::string& json);

}  // namespace wfpredir
