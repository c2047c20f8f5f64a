// Fuzz target: the dump renderers (hexdump -C layout, streamed or whole, hex
// string, JSON, --decode) on
// any blob. They must never copy a control byte of the blob to the output.
#include "fuzz.h"
#include "render/render.h"
#include "text/hexdump.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const std::string dump = hexdump_canonical(bytes);
  WFPREDIR_FUZZ_CHECK(fuzz::no_control(dump));
  WFPREDIR_FUZZ_CHECK(size == 0 ? dump.empty() : dump.back() == '\n');
  const std::string hex = hex_string(bytes);
  WFPREDIR_FUZZ_CHECK(hex.size() == 2 * size);
  std::string tail;
  const std::string json = render_dump_json_envelope("blob.bin", size, tail) + hex + tail;
  WFPREDIR_FUZZ_CHECK(fuzz::no_control(json));
  // The streamed dump (chunks of any split) is the same as the whole one.
  HexdumpCanonical streamed;
  std::string out;
  const std::size_t half = size / 2;
  streamed.feed(bytes.subspan(0, half), out);
  streamed.feed(bytes.subspan(half), out);
  streamed.finish(out);
  WFPREDIR_FUZZ_CHECK(out == dump);
  WFPREDIR_FUZZ_CHECK(fuzz::no_control(render_dump_decoded_text(BlobKind::unknown, bytes)));
  return 0;
}
