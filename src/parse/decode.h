#pragma once
/// \file decode.h
/// Decoders for the blobs a query returns. They never replace what came back:
/// each Decoding names its layout, the offsets it read and whether it is a
/// heuristic (a layout guessed from public code, not a documented format).
/// Every read is bounds-checked; the decoders are fuzzed
/// (docs/winsock-contract.md#context-layouts says where each layout is from).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/control_message.h"
#include "model/endpoint.h"
#include "model/report.h"
#include "text/error_codes.h"

namespace wfpredir {

/// One value read from a blob.
struct DecodedField {
  std::string name;        ///< "original remote", "process id", ...
  std::size_t offset = 0;  ///< first byte read
  std::size_t size = 0;    ///< bytes read
  std::string value;       ///< as text: "10.1.2.3:443", "4242"
};

/// One reading of a blob under one layout.
struct Decoding {
  std::string layout;  ///< "WFPSampler SOCKADDR_STORAGE[2] (original remote, original local)"
  bool heuristic = true;
  std::vector<DecodedField> fields;
  std::string note;  ///< what the reading could not settle ("the address is cut after 8 bytes")
};

/// A sockaddr (SOCKADDR_IN / SOCKADDR_IN6, or the start of a SOCKADDR_STORAGE)
/// at \p offset, when the family is IPv4 or IPv6 and enough bytes are there.
std::optional<IpEndpoint> read_sockaddr(std::span<const std::uint8_t> blob, std::size_t offset,
                                        FamilyNumbers numbers);

/// The context blob under every known layout that fits (by exact size and
/// plausible content), then sockaddrs found at aligned offsets; empty when
/// nothing fits ("no known layout").
std::vector<Decoding> decode_context(std::span<const std::uint8_t> blob);

/// The original-destination blob (SO_ORIGINAL_DST): the address it holds.
std::optional<Decoding> decode_original_dst(std::span<const std::uint8_t> blob,
                                            FamilyNumbers numbers);

/// The original-destination blob read in both family numberings (a saved
/// blob does not say which system answered): each reading that fits.
std::vector<Decoding> decode_original_dst_any(std::span<const std::uint8_t> blob);

/// Records are opaque by contract: their size and a stable fingerprint, the
/// first 16 hex digits of their SHA-256, so that two reports can be compared.
std::string records_fingerprint(std::span<const std::uint8_t> blob);

/// The decodings shown under a query's blob: the context layouts for the
/// context, the address for the original destination (family numbers from the
/// platform that answered: \p domain posix means Linux); none for records,
/// which are opaque (records_fingerprint() identifies them instead).
std::vector<Decoding> decode_blob(QueryKind kind, std::span<const std::uint8_t> data,
                                  ErrorDomain domain);

/// What a saved blob is, from its --save name ("1.records.bin").
enum class BlobKind : std::uint8_t { records, context, original_dst, unknown };
BlobKind blob_kind_from_name(std::string_view file_name);

}  // namespace wfpredir
