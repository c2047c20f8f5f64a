#pragma once
/// \file verdict.h
/// What a connection's answers prove, as small pure functions: each query's
/// evidence, the verdict drawn from them, whether the modes agree, and the
/// exit code a run's verdicts give. The rules are README.md's "Verdicts"; the
/// facts behind them are docs/winsock-contract.md#no-records-no-context and
/// docs/winsock-contract.md#original-destination.

#include <string>
#include <vector>

#include "model/exit_codes.h"
#include "model/reason.h"
#include "model/report.h"

namespace wfpredir {

/// What one query's final answer says about redirection.
enum class Evidence : std::uint8_t {
  redirected,    ///< redirect data, or an original destination other than this socket's
  nothing_here,  ///< an answer that means "no redirect here"
  unsupported,   ///< the socket's provider cannot answer this query
  stopped,       ///< no answer: timed out (--io-timeout) or cancelled
  inconclusive,  ///< an error that does not tell either way
  not_issued,    ///< skipped
};

/// One query's evidence and why, as a value (model/reason.h: the renderers
/// word it).
struct Finding {
  Evidence evidence = Evidence::not_issued;
  Reason reason;
};

/// Classifies \p q's final attempt on the connection \p c.
Finding classify(const QueryResult& q, const ConnectionInfo& c);

/// The verdict and its reasons (joined with "; " when worded).
struct VerdictResult {
  Verdict verdict = Verdict::unknown;
  Reasons reasons;
};

/// The connection's verdict. Any query with redirect evidence decides
/// `redirected`. Otherwise the deciding queries (records and context where any
/// ran, else the original destination) decide: any stopped or inconclusive
/// gives `unknown`; else any unsupported gives `unsupported`; else every one
/// answered "nothing here" and the verdict is `not-redirected`.
VerdictResult decide_verdict(const std::vector<QueryResult>& queries, const ConnectionInfo& c);

/// Rule E1 (docs/verdicts.md): a not-redirected \p v becomes unknown when
/// eBPF programs that can rewrite the destination reach the connection
/// (\p bpf, from bpf_reaching); other verdicts stay.
/// With \p client (a connection from a local process), the reason also names
/// the client and whether a program that can redirect it sits on its cgroup path. With
/// \p unlisted (the programs could not be listed), a not-redirected verdict
/// stays but its reason says that eBPF is not ruled out, and why.
void weigh_bpf(VerdictResult& v, const std::vector<BpfProgram>& bpf,
               const ClientLookup* client = nullptr, const InventoryError* unlisted = nullptr);

/// One Agreement per kind that ran in more than one mode.
std::vector<Agreement> agreement_of(const std::vector<QueryResult>& queries);

/// What a run's connections added up to, for its exit code.
struct RunTally {
  unsigned connections = 0;
  unsigned unknown = 0;
  unsigned unsupported = 0;
  unsigned expectation_failed = 0;
  void add(const ConnectionReport& report);
  void add(Verdict verdict, std::optional<bool> expectation_held);
};

/// The exit code of a run that got its connections (README.md, "Exit codes").
/// With --expect (\p expecting): ok or expectation_failed. Without: ok when
/// every verdict is redirected or not-redirected; unknown when any is unknown;
/// else unsupported when any is unsupported.
Exit exit_for(const RunTally& tally, bool expecting);

}  // namespace wfpredir
