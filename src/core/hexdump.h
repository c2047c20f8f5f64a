#pragma once
/// \file hexdump.h
/// Renders opaque blobs. Nothing here ever emits a byte of the blob as is.

#include <cstdint>
#include <span>
#include <string>

namespace wfpredir {

/// The canonical layout of `hexdump -C`: 8-digit offset, 16 bytes in two
/// groups of 8, `|ascii|` with '.' for anything outside 0x20-0x7e, and a final
/// line with the total length. Byte-identical to `hexdump -C`, including its
/// folding of repeated full lines into a single "*" line, and the empty string
/// for empty input (hexdump -C prints nothing for an empty file).
std::string hexdump_canonical(std::span<const std::uint8_t> bytes);

/// Lower-case hex pairs with no separator ("0a1b..."), for JSON and scripts.
std::string hex_string(std::span<const std::uint8_t> bytes);

}  // namespace wfpredir
