// Fuzz target: the /proc/net/tcp{,6} parser behind the port-owner lookup
// (model/port_owner.h): any text, listeners only on the port asked for.
#include "fuzz.h"
#include "model/port_owner.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text(data, size);
  for (const ProcTcpListener& l : parse_proc_net_tcp(text, 8080))
    WFPREDIR_FUZZ_CHECK(l.port == 8080);
  return 0;
}
