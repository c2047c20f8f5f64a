#pragma once
/// \file interrupt.h
/// SIGINT and SIGTERM for the Linux backend: a handler that only sets a flag,
/// installed without SA_RESTART so that a blocking call returns EINTR and the
/// waits of sockets.h see the flag at once (or within one slice, when the
/// signal lands between their check and the call).

namespace wfpredir::linux_backend {

/// Installs the handler for SIGINT and SIGTERM (again is harmless).
void install_interrupt_handler();
/// The flag the handler sets; stays set.
bool interrupted();
/// Sets the flag as the handler would, without a signal. For tests.
void raise_interrupt();
/// Clears the flag. For tests: a real interrupt is never taken back.
void clear_interrupt();

}  // namespace wfpredir::linux_backend
