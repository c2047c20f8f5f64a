#pragma once
/// \file relay.h
/// `relay`: the report model of one relayed connection (the `query` report
/// plus the relay's part), the options, the run summary and the exit code.
/// The upstream step sequence: relay_plan.h; the loop guard: loop_guard.h;
/// the summary in words: render/render_relay.h. No OS header: the event loop
/// lives in src/platform (relay_loop.cpp, relay_steps.h).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/query_options.h"
#include "model/exit_codes.h"
#include "model/reason.h"

namespace wfpredir {

inline constexpr std::uint32_t kSioSetRedirectRecords = 0x980000DEu;
/// The mark the relay's own upstream connections carry on Linux (SO_MARK), so
/// that an nft rule placed before the redirect lets them through: "wfpr" in
/// ASCII. README.md, "relay", gives the rule.
inline constexpr std::uint32_t kDefaultRelayMark = 0x77667072u;

/// Whether the records queried are set on the upstream socket.
enum class SetPolicy : std::uint8_t {
  automatic,  ///< when the records query returned bytes (what a proxy in a chain does)
  always,     ///< also when it returned none: SET with the 0 bytes that came back
  never,      ///< never (reproduces a proxy that breaks the chain)
};

struct RelayOptions {
  QueryOptions query;                  ///< target (listen), count, timeout, what, modes, ...
  std::optional<std::string> to_host;  ///< --to: upstream instead of the original destination
  std::uint16_t to_port = 0;
  SetPolicy set = SetPolicy::automatic;
  bool strict = false;  ///< refuse (close the client) when the records cannot be handed on
  std::uint32_t mark = kDefaultRelayMark;  ///< Linux: SO_MARK on upstream sockets (0: none)
  unsigned threads = 0;                    ///< --threads: forwarding threads (0: one per core)
  /// --connect-timeout: an upstream connect still pending after this ends as upstream-timeout.
  std::uint32_t connect_timeout_ms = 5000;
  /// --idle-timeout: a pair where neither side sent for this long ends as idle-timeout (0: off).
  std::uint32_t idle_timeout_ms = 0;
  /// --drain: on Ctrl-C/SIGTERM, connections in flight get this long to finish before the reset.
  std::uint32_t drain_ms = 0;
};

/// How a relayed connection ended.
enum class RelayEnd : std::uint8_t {
  closed,                ///< both sides closed (half-closes passed on)
  client_reset,          ///< the client reset (or a write to it failed)
  upstream_reset,        ///< the upstream reset (or a write to it failed)
  upstream_refused,      ///< connect: refused
  upstream_unreachable,  ///< connect: network/host unreachable, timed out
  upstream_failed,       ///< connect or socket setup: another error
  strict_refused,        ///< --strict: the records could not be handed on
  loop_refused,          ///< the upstream would be (or came back to) the relay itself
  no_destination,        ///< no original destination and no --to
  query_abandoned,       ///< a query still pending on the socket: never handed to the loop
  interrupted,           ///< Ctrl-C or SIGTERM while it was relaying (ended with a reset)
  upstream_timeout,      ///< connect: no answer within --connect-timeout
  idle_timeout,          ///< neither side sent for --idle-timeout
  client_left,           ///< the client left while the upstream connect was pending
  no_descriptors,        ///< out of file descriptors (sockets) for its upstream: reset, shed
};
std::string_view to_string(RelayEnd e);  ///< "closed", "client-reset", ...
/// What named a connection's upstream.
enum class UpstreamChoice : std::uint8_t {
  none,          ///< not chosen: the connection ended before (an abandoned query, a loop)
  original_dst,  ///< the connection's original destination
  to_option,     ///< --to
};
/// "original-dst", "--to" (a token, not a word); "" for none.
std::string_view to_string(UpstreamChoice c);

/// Whether \p e counts as a failure to set the upstream connection up.
bool is_setup_failure(RelayEnd e);

/// Bytes and time of one direction.
struct RelayFlow {
  std::uint64_t bytes = 0;
  double seconds = 0;  ///< from the start of forwarding to this direction's end
  bool eof = false;    ///< its reader saw the end of the stream (read returned 0)
  bool reset = false;  ///< it ended with a reset or a failed read/write
  int error = 0;       ///< that error, in the platform's domain
};

/// The relay's part of a connection's report.
struct RelayPart {
  std::optional<IpEndpoint> upstream;               ///< where it connected (or would have)
  UpstreamChoice chosen_by = UpstreamChoice::none;  ///< what named the upstream
  std::optional<IpEndpoint> upstream_local;         ///< the upstream socket's own address
  /// The records handed on: issued (set_call), or why not.
  std::optional<Reason> set_skip_reason;  ///< not issued: why (render/render_reason.h words it)
  /// Which of `calls` is SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS; -1 when not
  /// issued. An index rather than a copy: each open connection keeps its
  /// report, and a CallRecord is over 100 bytes.
  int set_call_at = -1;
  std::vector<std::uint8_t> set_input;  ///< the bytes it was given (the records as queried)
  std::vector<CallRecord> calls;  ///< every upstream call, in order (mark, SET, bind, connect)
  RelayFlow to_upstream;          ///< client -> upstream
  RelayFlow to_client;            ///< upstream -> client
  RelayEnd end = RelayEnd::closed;
  /// What ended it, as a value (model/reason.h); the renderers word it as
  /// `end_detail`. None for strict_refused: the renderer words that from
  /// set_call or set_skip_reason (render_relay.h, end_detail_text).
  std::optional<Reason> end_reason;
  /// Its upstream connection came back to the relay's own listener (a loop):
  /// the end became loop_refused, and end_reason is what happened first.
  bool looped_back = false;
  ErrorDomain domain = ErrorDomain::posix;
  int error = 0;       ///< the error that ended it, 0 when none
  double seconds = 0;  ///< hand-over to the end

  /// SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS's record, or nullptr when not issued.
  const CallRecord* set_call() const {
    return set_call_at >= 0 && static_cast<std::size_t>(set_call_at) < calls.size()
               ? &calls[static_cast<std::size_t>(set_call_at)]
               : nullptr;
  }
  /// The records were handed on with SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS
  /// (whatever it returned).
  bool set_issued() const { return set_call() != nullptr; }
};

struct RelayReport {
  ConnectionReport query;
  RelayPart relay;
};

/// Whether \p code (in \p domain) says the process or the system ran out of
/// descriptors or socket buffers: EMFILE, ENFILE, ENOBUFS, ENOMEM;
/// WSAEMFILE, WSAENOBUFS.
bool out_of_descriptors(ErrorDomain domain, int code);

// --- the run ----------------------------------------------------------------------

struct RelaySummary {
  unsigned connections = 0;
  std::map<RelayEnd, unsigned> ends;
  std::uint64_t bytes_to_upstream = 0, bytes_to_client = 0;
  unsigned set_issued = 0, set_failed = 0;
  unsigned peak_concurrent = 0;
  /// Times accepting paused because the process or system ran out of
  /// descriptors (EMFILE/ENFILE/ENOBUFS/ENOMEM, WSAEMFILE/WSAENOBUFS), and for how long.
  unsigned accept_pauses = 0;
  double paused_seconds = 0;
  /// Connections closed with a reset for lack of descriptors (no_descriptors).
  unsigned shed = 0;
  /// Reports not written because the writer's queue was full (stdout not drained).
  std::uint64_t reports_dropped = 0;
  void add(const RelayReport& r);
};

/// 0 when every connection closed cleanly; setup_failed when any upstream
/// could not be set up (refused, unreachable, strict, loop, no destination);
/// else unknown when any was reset mid-stream; then --expect (5) as query.
Exit relay_exit(const RelaySummary& s, unsigned expectation_failed, bool expecting);

}  // namespace wfpredir
