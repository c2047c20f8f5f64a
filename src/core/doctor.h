#pragma once
/// \file doctor.h
/// `wfpredir doctor`: the one command support asks a customer to run. It
/// describes the system, queries a --self loopback connection in every mode,
/// and turns the answers into a short verdict with next steps.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog.h"
#include "core/exit_codes.h"
#include "core/inventory.h"
#include "core/platform.h"
#include "core/system.h"

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

/// The report's text and JSON are written by the renderers (render.h).
/// Runs doctor on this system (platform_info() describes it), inventory included.
DoctorReport run_doctor(Platform& platform, Lang lang);
/// Runs doctor with \p info standing for the system (tests use a fake one).
/// The Windows rules apply when platform.name() is "windows", else Linux's.
DoctorReport run_doctor(Platform& platform, const PlatformInfo& info, Lang lang);

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
