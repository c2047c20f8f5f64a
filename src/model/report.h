#pragma once
/// \file report.h
/// The data model of a `query` run: what each system call returned, exactly
/// as it came back. Platform files fill Attempts; the engine (engine.h) builds
/// QueryResults and ConnectionReports and derives the verdict; the renderers
/// (render.h) turn them into text or JSON. No interpretation happens while
/// recording: a field holds what the call returned, or is absent.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/box.h"
#include "model/conntrack.h"
#include "model/endpoint.h"
#include "model/inventory.h"
#include "model/note.h"
#include "model/reason.h"
#include "text/error_codes.h"

namespace wfpredir {

/// What is asked of the socket.
enum class QueryKind : std::uint8_t {
  records,       ///< SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS (Windows)
  context,       ///< SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT (Windows)
  original_dst,  ///< SO_ORIGINAL_DST getsockopt (Windows 0x300F; Linux 80)
};

/// How the call waits. Only `sync` exists on Linux.
enum class Mode : std::uint8_t {
  sync,   ///< no overlapped structure, no completion routine
  event,  ///< WSAOVERLAPPED with an event, WSAGetOverlappedResult
  apc,    ///< completion routine run during an alertable wait
};

inline constexpr std::uint32_t kSioQueryRedirectRecords = 0x980000DCu;
inline constexpr std::uint32_t kSioQueryRedirectContext = 0x980000DDu;

std::string_view to_string(QueryKind kind);  ///< "records", "context", "original-dst"
std::string_view to_string(Mode mode);       ///< "sync", "event", "apc"
/// Full control-code name for records/context; "SO_ORIGINAL_DST" otherwise.
std::string_view control_name(QueryKind kind);
/// The catalog context for errors of this kind (getsockopt for original_dst).
ErrorContext context_of(QueryKind kind);

/// One system call as it was made and as it returned.
struct CallRecord {
  /// "WSAIoctl", "WSAGetOverlappedResult", "CancelIoEx", "getsockopt", ...:
  /// always a string literal, so a view (a report is kept per open relayed
  /// connection, docs/relay.md, "Memory per idle connection").
  std::string_view function;
  std::optional<std::uint32_t> control_code;  ///< dwIoControlCode, for WSAIoctl
  std::optional<std::uint32_t> out_size;      ///< cbOutBuffer / optlen passed in
  std::int64_t ret = 0;  ///< the function's return value as returned (BOOL, int, SOCKET_ERROR = -1)
  int error = 0;         ///< WSAGetLastError()/GetLastError()/errno read right after the call
  std::optional<std::uint32_t> bytes;  ///< *lpcbBytesReturned / optlen out / cbTransfer
  double ms = 0;                       ///< wall time the call took
  /// Facts the fields cannot hold ("completed immediately", "level SOL_IP,
  /// ..."), as values (model/note.h); render/render_note.h words them.
  Notes notes;
};

/// What a completion routine was handed (apc mode).
struct ApcInfo {
  bool ran = false;
  std::uint32_t thread_id = 0;     ///< thread the routine ran on
  bool on_calling_thread = false;  ///< that thread is the one that issued the call
  std::uint32_t error = 0;         ///< dwError argument
  std::uint32_t bytes = 0;         ///< cbTransferred argument
  std::uint32_t flags = 0;         ///< dwFlags argument
};

/// One query issued once with one output-buffer size in one mode, followed to
/// its final status. Filled by the platform's Connection::issue.
struct Attempt {
  std::uint32_t out_size = 0;                 ///< the output buffer size really passed
  std::vector<CallRecord> calls;              ///< every call made for this attempt, in order
  int error = 0;                              ///< final status: 0 success, else the error code
  ErrorDomain domain = ErrorDomain::windows;  ///< number space of `error`
  std::uint32_t bytes = 0;                    ///< final byte count as the system reported it
  std::vector<std::uint8_t>
      data;                  ///< on success, the first min(bytes, out_size) bytes of the buffer
  bool pending = false;      ///< the call first answered WSA_IO_PENDING
  bool timed_out = false;    ///< still pending after --io-timeout, so it was cancelled
  bool interrupted = false;  ///< Ctrl-C while pending, so it was cancelled
  /// Its end was never seen (not even after the cancel grace): the system may
  /// still write its OVERLAPPED and buffer, which were left allocated.
  bool abandoned = false;
  std::optional<ApcInfo> apc;              ///< apc mode: what the routine received
  std::optional<IpEndpoint> original_dst;  ///< original_dst: the destination the answer holds
  std::string mechanism;  ///< original_dst: which mechanism answered ("SO_ORIGINAL_DST", ...)
};

enum class BufferPolicyKind : std::uint8_t { automatic, probe, fixed };

struct BufferPolicy {
  BufferPolicyKind kind = BufferPolicyKind::automatic;
  std::uint32_t size = 0;  ///< fixed: the exact size
};
inline constexpr std::uint32_t kAutoStartSize = 1024;
inline constexpr std::uint32_t kAutoMaxSize = 64 * 1024;
inline constexpr std::uint32_t kFixedMaxSize = 16 * 1024 * 1024;

/// One query kind in one mode, with every attempt the buffer policy made.
struct QueryResult {
  QueryKind kind = QueryKind::records;
  Mode mode = Mode::sync;
  bool skipped = false;  ///< not issued; skip_reason says why
  Reason skip_reason;
  std::vector<Attempt> attempts;
  Reasons policy_note;  ///< why the policy stopped or retried, when it did
  /// --save: the file the blob was written to. Boxed: rarely set, and a
  /// relayed connection keeps its queries while it lasts (model/box.h).
  Box<std::string> saved_to;

  /// The last attempt (the one whose status is the query's), or nullptr if skipped.
  const Attempt* final_attempt() const;
  bool succeeded() const;  ///< issued, and the final attempt's error is 0
};

/// How a query ended, derived from its final attempt.
enum class QueryStatus : std::uint8_t { ok, error, timeout, interrupted, skipped };
QueryStatus status_of(const QueryResult& q);
std::string_view to_string(QueryStatus s);  ///< "ok", "error", "timeout", "interrupted", "skipped"

/// Linux, accepted connection from a local client: the process that holds
/// the client's socket (sock_diag, the reversed 4-tuple; docs/verdicts.md, E1).
struct ClientProcess {
  std::uint32_t pid = 0;
  std::string command;  ///< /proc/PID/comm
  std::string cgroup;   ///< cgroup v2 path ("0::" of /proc/PID/cgroup); "" unreadable
};
struct ClientLookup {
  std::optional<ClientProcess> process;  ///< nullopt: not found, reason says why
  std::string reason;                    ///< English, why process is nullopt (or its cgroup "")
  /// A connect4/6 program that can redirect sits on the process's cgroup path.
  bool on_path = false;
};

struct ConnectionInfo {
  std::string protocol = "tcp";
  Family family = Family::ipv4;        ///< the socket's own family (a dual-stack socket is ipv6)
  std::string side;                    ///< "accepted" (we listened) / "connected" (we connected)
  std::optional<IpEndpoint> local;     ///< getsockname, as the system gave it
  std::optional<IpEndpoint> peer;      ///< getpeername, as the system gave it
  std::optional<IpEndpoint> listener;  ///< accepted: the address the listener is bound to
  /// accepted: clients that reset before accept() took them (skipped, Windows'
  /// WSAECONNRESET) since the previous connection
  unsigned resets_before_accept = 0;
  bool transparent = false;  ///< accepted on an IP_TRANSPARENT (TPROXY) listener (Linux)
  /// Linux: the connection's conntrack entry, or why there is none
  /// (model/conntrack.h); absent where it was not asked (Windows, fakes).
  std::optional<ConntrackLookup> conntrack;
  /// Linux, transparent listener: whether the local address is assigned to an
  /// interface of the socket's network namespace (absent: not asked, or getifaddrs failed).
  std::optional<bool> local_assigned;
  /// Linux: the eBPF programs that can redirect attached where they reach
  /// this connection (analysis/bpf_reach.h); any of them turns not-redirected
  /// into unknown (docs/verdicts.md, E1).
  std::vector<BpfProgram> bpf;
  /// Linux, accepted connection whose peer is local, when eBPF programs that
  /// can redirect are listed: its client process, or why it is not known.
  Box<ClientLookup> client;
  /// Linux: why the eBPF programs could not be listed (EPERM without
  /// CAP_SYS_ADMIN/CAP_BPF): then no verdict weighs them, and the report says so.
  Box<InventoryError> bpf_error;
};

/// What a connection's queries show (README.md, "Verdicts"; rules in verdict.h).
enum class Verdict : std::uint8_t {
  redirected,      ///< positive evidence of a redirect
  not_redirected,  ///< positive evidence of none: answers that mean "nothing here"
  unknown,         ///< a query timed out, was cancelled, or failed with an error that does not tell
  unsupported,     ///< the socket's provider cannot answer the question
};
/// "redirected", "not-redirected", "unknown", "unsupported"
std::string_view to_string(Verdict v);

/// Whether the modes that ran for one kind returned the same thing.
struct Agreement {
  QueryKind kind = QueryKind::records;
  bool agree = true;
  Reasons differences;  ///< one per mode ("event: error 10045 (WSAEOPNOTSUPP)", "sync: 24 bytes")
};

struct SkippedMode {
  Mode mode = Mode::sync;
  Reason reason;  ///< why this platform has no such mode
};

struct ConnectionReport {
  unsigned index = 0;  ///< 1-based, in order of arrival
  ConnectionInfo connection;
  std::vector<SkippedMode> skipped_modes;  ///< asked for (by "all") but not on this platform
  std::vector<QueryResult> queries;
  std::vector<Agreement> agreement;  ///< one per kind that ran in more than one mode
  Verdict verdict = Verdict::unknown;
  Reasons verdict_reason;  ///< why (model/reason.h: the renderers word it)
  /// Linux: where conntrack's entry and SO_ORIGINAL_DST say different things, what differs.
  Reasons witnesses_disagree;
  std::optional<bool> expectation_held;  ///< set when --expect was given
  std::string expectation;               ///< the --expect text
};

}  // namespace wfpredir
