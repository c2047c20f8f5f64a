// Fuzz target: --connect's HOST:PORT parser. What it accepts is a port from
// 1 to 65535 and a host that is a literal or an ASCII name, never anything
// with a control character in it.
#include "cli/args.h"
#include "fuzz.h"
#include "text/visible.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string why;
  const auto hp = cli::parse_host_port(fuzz::text(data, size), why);
  if (hp) {
    WFPREDIR_FUZZ_CHECK(hp->second >= 1);
    WFPREDIR_FUZZ_CHECK(!hp->first.empty());
    WFPREDIR_FUZZ_CHECK(printable_ascii(hp->first));
  } else {
    WFPREDIR_FUZZ_CHECK(!why.empty());
    WFPREDIR_FUZZ_CHECK(fuzz::no_control(why) && why.find('\n') == std::string::npos);
  }
  return 0;
}
