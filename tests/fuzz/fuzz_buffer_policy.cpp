// Fuzz target: --buffer's parser (auto, probe, or a size up to 16 MiB).
#include "fuzz.h"
#include "run/engine.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (const auto p = parse_buffer_policy(fuzz::text(data, size))) {
    if (p->kind == BufferPolicyKind::fixed)
      WFPREDIR_FUZZ_CHECK(p->size >= 1 && p->size <= kFixedMaxSize);
  }
  return 0;
}
