// `wfpredir doctor`'s run (doctor_run.h): the loopback connection queried in
// every mode and the system's inventory, judged by doctor.h's rules.
#include "run/doctor_run.h"

#include "platform/inventory.h"
#include "platform/system.h"
#include "render/render_reason.h"
#include "run/engine.h"

namespace wfpredir {

DoctorReport run_doctor(Platform& platform, Lang lang) {
  DoctorReport d = run_doctor(platform, platform_info(), lang);
  attach_inventory(d, take_inventory());
  return d;
}

DoctorReport run_doctor(Platform& platform, const PlatformInfo& info, Lang lang) {
  DoctorReport d;
  d.platform = info;
  platform.install_interrupt_handler();
  auto opened = platform.open(SelfTarget{});
  if (auto* err = std::get_if<SetupError>(&opened)) {
    d.setup_error = describe(*err);
  } else {
    auto next = std::get<std::unique_ptr<Source>>(opened)->next(Millis{10000});
    if (auto* err2 = std::get_if<SetupError>(&next)) {
      d.setup_error = describe(*err2);
    } else {
      QueryOptions options;  // both kinds, every mode, automatic buffer
      d.loopback =
          query_connection(platform, *std::get<std::unique_ptr<Connection>>(next), options, 1);
    }
  }
  judge_doctor(d, platform.os() == Os::windows, lang,
               [lang](const Reasons& rs) { return reason_text(rs, lang); });
  return d;
}

}  // namespace wfpredir
