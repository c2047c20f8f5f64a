// How the Linux backend's failures become SetupError values (failure.h).
#include "platform/linux/failure.h"

#include <fmt/format.h>

#include <chrono>
#include <utility>
#include "text/i18n.h"

namespace wfpredir::linux_backend {

SetupError failed(std::string operation, int error, std::string message) {
  return SetupError{SetupError::Kind::failed, std::move(operation), ErrorDomain::posix, error,
                    std::move(message)};
}

SetupError timed_out(std::string operation, Clock::time_point start, std::string_view what) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return SetupError{SetupError::Kind::timed_out, std::move(operation), ErrorDomain::posix, 0,
                    trf("gave up after {:.1f} s waiting for {}", seconds, what)};
}

SetupError interrupted_while(std::string_view what) {
  return SetupError{SetupError::Kind::interrupted, "", ErrorDomain::posix, 0,
                    trf("interrupted while waiting for {}", what)};
}

SetupError unusable(std::string message) {
  return SetupError{SetupError::Kind::usage, "", ErrorDomain::posix, 0, std::move(message)};
}

}  // namespace wfpredir::linux_backend
