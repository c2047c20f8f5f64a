#pragma once
/// \file fd.h
/// A file descriptor owned by the Linux backend: Owned<> (owned.h) with the
/// traits of a POSIX descriptor (-1 is none, close(2) releases it).

#include <unistd.h>

#include "platform/owned.h"

namespace wfpredir::linux_backend {

struct FdTraits {
  using value_type = int;
  static int invalid() { return -1; }
  static void close(int fd) { ::close(fd); }
};

/// Closes its descriptor exactly once; movable, not copyable.
using Fd = Owned<FdTraits>;

}  // namespace wfpredir::linux_backend
