// The Linux implementation of platform.h: what it offers (sync mode, the
// original destination) and why not the rest, the targets it opens
// (sources.h), and Ctrl-C (interrupt.h). getsockopt has no overlapped form,
// so the only mode is sync; the WFP control codes do not exist here.
#include <fmt/format.h>

#include "model/platform.h"
#include "platform/linux/interrupt.h"
#include "platform/linux/sources.h"
#include "platform/linux/udp.h"
#include "platform/system.h"
#include "text/i18n.h"

namespace wfpredir {
namespace {

class LinuxPlatform final : public Platform {
 public:
  Os os() const override { return Os::linux; }
  std::vector<Mode> modes() const override { return {Mode::sync}; }
  std::vector<QueryKind> kinds() const override { return {QueryKind::original_dst}; }

  Reason why_not(QueryKind) const override { return reason(ReasonKind::wfp_code_not_on_linux); }
  Reason why_not(Mode mode) const override {
    return reason(mode == Mode::apc ? ReasonKind::apc_not_on_linux
                                    : ReasonKind::event_not_on_linux);
  }

  std::variant<std::unique_ptr<Source>, SetupError> open(const Target& target) override {
    if (const auto* listen = std::get_if<ListenTarget>(&target))
      return linux_backend::open_listen(*listen);
    if (const auto* connect = std::get_if<ConnectTarget>(&target))
      return linux_backend::open_connect(*connect);
    return linux_backend::open_self();
  }
  std::variant<std::unique_ptr<UdpSource>, SetupError> open_udp(
      const ListenTarget& target) override {
    return linux_backend::open_udp(target);
  }

  void install_interrupt_handler() override { linux_backend::install_interrupt_handler(); }
  bool interrupted() const override { return linux_backend::interrupted(); }
  bool terminated() const override { return stop_cause() == StopCause::terminate; }
};

}  // namespace

std::unique_ptr<Platform> Platform::create() { return std::make_unique<LinuxPlatform>(); }

}  // namespace wfpredir
