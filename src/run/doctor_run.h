#pragma once
/// \file doctor_run.h
/// The run of `wfpredir doctor`: queries a --self loopback connection in every
/// mode (engine.h) and takes the system's inventory, then judges them with
/// doctor.h's rules.

#include "analysis/doctor.h"

namespace wfpredir {

/// Runs doctor on this system (platform_info() describes it), inventory included.
DoctorReport run_doctor(Platform& platform, Lang lang);
/// Runs doctor with \p info standing for the system (tests use a fake one).
/// The Windows rules apply when platform.os() is Os::windows, else Linux's.
DoctorReport run_doctor(Platform& platform, const PlatformInfo& info, Lang lang);

}  // namespace wfpredir
