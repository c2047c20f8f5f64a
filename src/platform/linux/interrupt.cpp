// SIGINT/SIGTERM as a flag the Linux backend's waits look at (interrupt.h).
#include "platform/linux/interrupt.h"

#include <signal.h>

#include <csignal>

#include "platform/system.h"

namespace wfpredir::linux_backend {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

// The cause is recorded for the exit code: SIGTERM ends with 143, SIGINT 130.
void on_interrupt(int sig) {
  g_interrupted = 1;
  note_stop(sig == SIGTERM ? StopCause::terminate : StopCause::interrupt);
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  // No SA_RESTART: a blocking accept/poll returns EINTR and the flag is seen at once.
  sa.sa_flags = 0;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

bool interrupted() { return g_interrupted != 0; }
void raise_interrupt() { g_interrupted = 1; }
void clear_interrupt() { g_interrupted = 0; }

}  // namespace wfpredir::linux_backend
