#pragma once
/// \file hexdump.h
/// Renders opaque blobs. Nothing here ever emits a byte of the blob as is.

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace wfpredir {

/// The canonical layout of `hexdump -C`, streamed: 8-digit offset, 16 bytes in
/// two groups of 8, `|ascii|` with '.' for anything outside 0x20-0x7e, and a
/// final line with the total length. Byte-identical to `hexdump -C`,
/// including its folding of repeated full lines into a single "*" line, and
/// nothing at all for empty input. Holds at most one line of input, so a
/// caller that writes out what it is given keeps its memory constant.
class HexdumpCanonical {
 public:
  /// Appends to \p out the lines that \p bytes complete; the bytes may come in
  /// chunks of any size (a partial line waits for the next call).
  void feed(std::span<const std::uint8_t> bytes, std::string& out);
  /// Appends the last, partial line (if any) and the final offset line.
  void finish(std::string& out);

 private:
  // Appends one full line at offset_, or "*" when it repeats the line before.
  char* full_line(char* o, const std::uint8_t* line);

  std::uint64_t offset_ = 0;  ///< bytes in complete lines so far
  std::array<std::uint8_t, 16> previous_{};
  std::array<std::uint8_t, 16> partial_{};
  std::size_t partial_size_ = 0;
  bool squeezing_ = false;
};

/// The whole of \p bytes through HexdumpCanonical.
std::string hexdump_canonical(std::span<const std::uint8_t> bytes);

/// Appends lower-case hex pairs with no separator ("0a1b...") to \p out.
void append_hex(std::span<const std::uint8_t> bytes, std::string& out);
/// The same as a new string, for JSON and scripts.
std::string hex_string(std::span<const std::uint8_t> bytes);

}  // namespace wfpredir
