// Fuzz target: the control-message walk (parse/cmsg.h) under every layout,
// the decodings of each message and the UDP verdict and renderers over the
// result. Every message lies inside the buffer, each step moves forward, and
// ASan sees any read outside the input.
#include "analysis/udp_verdict.h"
#include "fuzz.h"
#include "parse/cmsg.h"
#include "render/render_udp.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> buffer(data, size);
  for (const CmsgLayout* l : {&kWindowsX64Cmsg, &kWindowsX86Cmsg, &kLinux64Cmsg, &kLinux32Cmsg}) {
    const auto ms = walk_control(buffer, *l);
    std::size_t previous_end = 0;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      const ControlMessage& m = ms[i];
      WFPREDIR_FUZZ_CHECK(m.offset < size);
      WFPREDIR_FUZZ_CHECK(m.offset >= previous_end);
      WFPREDIR_FUZZ_CHECK(m.offset + m.data.size() <= size);
      // Only the last message may carry a problem: the walk stops there.
      WFPREDIR_FUZZ_CHECK(m.problem == CmsgProblem::none || i + 1 == ms.size());
      if (m.problem == CmsgProblem::none)
        WFPREDIR_FUZZ_CHECK(m.length == l->data_offset() + m.data.size());
      previous_end = m.offset + l->data_offset();
      for (const Decoding& d : decode_control(l->numbers, m))
        for (const DecodedField& f : d.fields)
          WFPREDIR_FUZZ_CHECK(f.offset + f.size <= m.data.size() || f.size == 0);
      (void)cmsg_level_name(l->numbers, m.level);
      (void)cmsg_type_name(l->numbers, m.level, m.type);
    }
    UdpReport r;
    r.datagram.layout = *l;
    r.datagram.control.assign(buffer.begin(), buffer.end());
    conclude_udp(r, {});
    WFPREDIR_FUZZ_CHECK(!r.verdict_reason.empty());
    WFPREDIR_FUZZ_CHECK(!render_udp_json(r, Lang::en, "fuzz").empty());
    WFPREDIR_FUZZ_CHECK(fuzz::no_control(render_udp_text(r, TextStyle{})));
  }
  return 0;
}
