// Fuzz target: the blob decoders (parse/decode.h). Every reading stays within
// the blob: a field's bytes lie inside it, and nothing reads past its end
// (ASan sees any read outside the input).
#include "fuzz.h"
#include "parse/decode.h"

using namespace wfpredir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> blob(data, size);
  for (const auto& ds :
       {decode_context(blob), decode_blob(QueryKind::original_dst, blob, ErrorDomain::posix),
        decode_blob(QueryKind::original_dst, blob, ErrorDomain::windows)}) {
    for (const Decoding& d : ds) {
      WFPREDIR_FUZZ_CHECK(!d.layout.empty());
      for (const DecodedField& f : d.fields)
        WFPREDIR_FUZZ_CHECK(f.offset + f.size <= size || f.size == 0);
    }
  }
  WFPREDIR_FUZZ_CHECK(records_fingerprint(blob).size() == 16);
  return 0;
}
