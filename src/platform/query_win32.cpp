// PLACEHOLDER: the backend is not written yet.
#include "core/platform.h"

namespace wfpredir {
namespace {
class NoPlatform final : public Platform {
 public:
  std::string name() const override { return "none"; }
  std::vector<Mode> modes() const override { return {}; }
  std::vector<QueryKind> kinds() const override { return {}; }
  std::string why_not(QueryKind) const override { return "this platform has no backend yet"; }
  std::string why_not(Mode) const override { return "this platform has no backend yet"; }
  std::variant<std::unique_ptr<Source>, SetupError> open(const Target&) override {
    SetupError e;
    e.kind = SetupError::Kind::usage;
    e.message = "this platform has no query backend yet";
    return e;
  }
  void install_interrupt_handler() override {}
  bool interrupted() const override { return false; }
};
}  // namespace
std::unique_ptr<Platform> Platform::create() { return std::make_unique<NoPlatform>(); }
}  // namespace wfpredir
