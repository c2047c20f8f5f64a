// Fuzz target: IPv4/IPv6 literal parsing (model/endpoint.h, used by both
// backends' --bind and by --connect). An accepted literal formats to text
// that parses back to the same endpoint.
#include "cli/args.h"
#include "fuzz.h"
#include "model/endpoint.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text(data, size);
  const auto e = parse_ip_literal(text, 8080);
  if (e) {
    const std::string address = format_address(*e);
    const auto again = parse_ip_literal(address, 8080);
    WFPREDIR_FUZZ_CHECK(again.has_value());
    WFPREDIR_FUZZ_CHECK(same_endpoint(*again, *e));
    (void)format_endpoint(*e);
    (void)e->is_wildcard();
    (void)e->normalised();
  }
  std::string why;
  const auto bound = cli::parse_bind(text, 1, why);
  WFPREDIR_FUZZ_CHECK(bound.has_value() || !why.empty());
  return 0;
}
