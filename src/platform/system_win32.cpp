// Windows implementation of system.h. PLACEHOLDER: to be written (issue 2/3).
#include "core/system.h"

namespace wfpredir {
std::string system_error_text(ErrorDomain, int) { return {}; }
std::string platform_name() { return "windows"; }
PlatformInfo platform_info() { return PlatformInfo{"windows", "", "", false, ""}; }
bool stdout_is_terminal() { return false; }
}  // namespace wfpredir
