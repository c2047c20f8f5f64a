// Fuzz target: visible(). Whatever comes in, what goes out is valid UTF-8
// with no control character at all (C0, DEL, C1), and printable ASCII comes
// out unchanged.
#include "fuzz.h"
#include "text/visible.h"

using namespace wfpredir;

namespace {

bool clean_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20 || b == 0x7F) return false;
    if (b < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
    if (len == 0 || s.size() - i < len) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    if (b == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) return false;  // C1
    i += len;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text(data, size);
  const std::string shown = visible(text);
  WFPREDIR_FUZZ_CHECK(clean_utf8(shown));
  if (printable_ascii(text)) WFPREDIR_FUZZ_CHECK(shown == text);
  return 0;
}
