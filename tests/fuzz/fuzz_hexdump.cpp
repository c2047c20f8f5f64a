// Fuzz target: the dump renderers (hexdump -C layout, hex string, JSON) on
// any blob. They must never copy a control byte of the blob to the output.
#include "core/hexdump.h"
#include "core/render.h"
#include "fuzz.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const std::string dump = hexdump_canonical(bytes);
  WFPREDIR_FUZZ_CHECK(fuzz::no_control(dump));
  WFPREDIR_FUZZ_CHECK(size == 0 ? dump.empty() : dump.back() == '\n');
  const std::string hex = hex_string(bytes);
  WFPREDIR_FUZZ_CHECK(hex.size() == 2 * size);
  const std::string json = render_dump_json("blob.bin", bytes);
  WFPREDIR_FUZZ_CHECK(fuzz::no_control(json));
  return 0;
}
