// Fuzz target: wrap_text (text/terminal.h) on any text at any width. It may
// only turn spaces into line breaks and indents: every other byte comes out
// in the same order, and a line that fitted is left as it was.
#include <algorithm>
#include <string>

#include "fuzz.h"
#include "text/terminal.h"

using namespace wfpredir;

namespace {

std::string without_blanks(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n') out += c;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int width = 20 + data[0] % 200;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string out = wrap_text(text, width);
  WFPREDIR_FUZZ_CHECK(without_blanks(out) == without_blanks(text));
  // As many line breaks or more, never fewer.
  WFPREDIR_FUZZ_CHECK(std::count(out.begin(), out.end(), '\n') >=
                      std::count(text.begin(), text.end(), '\n'));
  WFPREDIR_FUZZ_CHECK(wrap_text(text, 100000) == text);
  return 0;
}
