#pragma once
/// \file doctor.h
/// `wfpredir doctor`'s report and rules: the one command support asks a
/// customer to run. What the system, a --self loopback connection queried in
/// every mode (doctor_run.h) and the inventory show, turned into a short
/// verdict with next steps.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/exit_codes.h"
#include "model/inventory.h"
#include "model/platform.h"
#include "model/reason.h"
#include "model/system.h"
#include "text/catalog.h"

namespace wfpredir {

/// How one query kind fared in one mode on the loopback connection.
struct Capability {
  QueryKind kind = QueryKind::records;
  Mode mode = Mode::sync;
  /// "answered" (returned data), "error" (the provider handled the call and
  /// answered with an error), "not-supported" (an answer that means the
  /// provider cannot answer: WSAEOPNOTSUPP, ENOPROTOOPT; verdict.h),
  /// "unavailable" (not on this platform), "no-completion" (timed out or
  /// interrupted).
  std::string status;
  std::string detail;  ///< "error 10045 WSAEOPNOTSUPP", "16 bytes", skip reason
};

struct DoctorReport {
  PlatformInfo platform;
  std::optional<ConnectionReport> loopback;  ///< absent when the self connection failed
  std::string setup_error;                   ///< why it failed
  std::vector<Capability> capabilities;
  std::string verdict;  ///< one line, in the catalog's language
  /// Which branch the verdict took, for scripts and tests: "no-loopback",
  /// Windows "wine-unsupported", "provider-unsupported", "provider-answers",
  /// Linux "not-queried", "conntrack-own-address", "conntrack-no-entry",
  /// "conntrack-missing"; both "loopback-redirected", "unknown".
  std::string finding;
  std::vector<std::string> next_steps;  ///< in the catalog's language
  /// What redirects on this machine (Winsock catalog and WFP filters, or the
  /// netfilter rules), when it was taken, and what it means.
  std::optional<Inventory> inventory;
  std::vector<InventoryFinding> inventory_findings;
  /// The conclusion for scripts, one of: "ready", "unsupported",
  /// "possible-loop", "access-denied", "misconfigured",
  /// "no-redirect-configured", "unknown", "setup-failed" (README, "doctor").
  std::string verdict_code;
};

/// The report's text and JSON are written by the renderers (render.h); the
/// run that fills it: doctor_run.h.

/// Judges \p d once its loopback connection was queried (or not, with
/// setup_error): capabilities, verdict, finding, next steps and verdict_code;
/// the Windows rules when \p windows, else Linux's. The verdict quotes the
/// loopback's reasons as \p words words them in \p lang (the run passes
/// render/render_reason.h's reason_text: this layer holds reasons as values).
void judge_doctor(DoctorReport& d, bool windows, Lang lang, const ReasonWords& words);

/// Adds \p inventory to \p d: its findings, their next steps, and the
/// verdict_code, which weighs the loopback verdict first, then the findings.
/// Pure (tests pass fabricated inventories).
void attach_inventory(DoctorReport& d, Inventory inventory);

/// The verdict_code of \p d from its loopback verdict and inventory findings.
std::string verdict_code_of(const DoctorReport& d);

/// doctor's exit code, which follows \p verdict_code (README.md, "Exit codes"):
/// ready and no-redirect-configured 0; unknown and access-denied 1 (what
/// redirects could not be seen); setup-failed 3; unsupported 7;
/// misconfigured and possible-loop 10.
Exit doctor_exit(std::string_view verdict_code);

}  // namespace wfpredir
