// Fuzz target: the numeric options (--timeout, --io-timeout, --count,
// --port). Accepted values are in their documented ranges; the arithmetic
// on them is checked by UBSan.
#include "cli/args.h"
#include "fuzz.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text(data, size);
  std::string why;
  if (const auto ms = cli::parse_seconds(text, why)) {
    WFPREDIR_FUZZ_CHECK(ms->count() >= 1 && ms->count() <= 1000000000LL);
  } else {
    WFPREDIR_FUZZ_CHECK(!why.empty());
  }
  if (const auto n = cli::parse_count(text, why)) WFPREDIR_FUZZ_CHECK(*n <= cli::kMaxCount);
  if (const auto p = cli::parse_port(text, why)) WFPREDIR_FUZZ_CHECK(*p >= 1);
  return 0;
}
