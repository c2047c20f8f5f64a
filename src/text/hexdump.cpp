// The `hexdump -C` layout and plain hex strings. Lines are written straight
// into the output string through lookup tables: `dump` of a 16 MiB file is
// about a million lines, and this loop is all of its CPU time.
#include "text/hexdump.h"

#include <algorithm>
#include <cstring>

namespace wfpredir {
namespace {

constexpr char kDigits[] = "0123456789abcdef";
constexpr std::size_t kLine = 79;  // "00000000  " + 16 cells + gap + " |" + 16 + "|\n"

struct Tables {
  char pair[256][2];
  char shown[256];
};

constexpr Tables make_tables() {
  Tables t{};
  for (int b = 0; b < 256; ++b) {
    t.pair[b][0] = kDigits[b >> 4];
    t.pair[b][1] = kDigits[b & 0xF];
    t.shown[b] = b >= 0x20 && b <= 0x7e ? static_cast<char>(b) : '.';
  }
  return t;
}
constexpr Tables kTables = make_tables();

// hexdump prints the offset with "%08x": at least 8 digits.
char* put_offset(char* o, std::uint64_t value) {
  int digits = 8;
  while (digits < 16 && (value >> (4 * digits)) != 0) ++digits;
  for (int i = digits - 1; i >= 0; --i) *o++ = kDigits[(value >> (4 * i)) & 0xF];
  return o;
}

// One line as hexdump -C prints it: offset, two spaces, 16 "xx " cells with an
// extra space after the eighth, padded when short, then "|ascii|".
char* put_line(char* o, std::uint64_t offset, const std::uint8_t* p, std::size_t n) {
  o = put_offset(o, offset);
  *o++ = ' ';
  *o++ = ' ';
  for (std::size_t i = 0; i < 16; ++i) {
    if (i < n) {
      std::memcpy(o, kTables.pair[p[i]], 2);
    } else {
      o[0] = ' ';
      o[1] = ' ';
    }
    o[2] = ' ';
    o += 3;
    if (i == 7) *o++ = ' ';
  }
  *o++ = ' ';
  *o++ = '|';
  for (std::size_t i = 0; i < n; ++i) *o++ = kTables.shown[p[i]];
  *o++ = '|';
  *o++ = '\n';
  return o;
}

}  // namespace

char* HexdumpCanonical::full_line(char* o, const std::uint8_t* line) {
  // hexdump folds a full line equal to the one before it into one "*".
  if (offset_ != 0 && std::memcmp(line, previous_.data(), 16) == 0) {
    if (!squeezing_) {
      *o++ = '*';
      *o++ = '\n';
    }
    squeezing_ = true;
  } else {
    squeezing_ = false;
    o = put_line(o, offset_, line, 16);
    std::memcpy(previous_.data(), line, 16);
  }
  offset_ += 16;
  return o;
}

void HexdumpCanonical::feed(std::span<const std::uint8_t> bytes, std::string& out) {
  if (bytes.empty()) return;  // and an empty span's data() may be null, never memcpy'd
  const std::size_t lines = (partial_size_ + bytes.size()) / 16;
  const std::size_t start = out.size();
  // Offsets past 32 bits take up to 8 more digits.
  out.resize(start + lines * (kLine + 8));
  char* o = out.data() + start;
  const std::uint8_t* p = bytes.data();
  const std::uint8_t* const end = p + bytes.size();
  if (partial_size_ > 0) {
    const std::size_t take = std::min<std::size_t>(16 - partial_size_, bytes.size());
    std::memcpy(partial_.data() + partial_size_, p, take);
    partial_size_ += take;
    p += take;
    if (partial_size_ < 16) {
      out.resize(start);
      return;
    }
    o = full_line(o, partial_.data());
    partial_size_ = 0;
  }
  for (; end - p >= 16; p += 16) o = full_line(o, p);
  out.resize(static_cast<std::size_t>(o - out.data()));
  partial_size_ = static_cast<std::size_t>(end - p);
  std::memcpy(partial_.data(), p, partial_size_);
}

void HexdumpCanonical::finish(std::string& out) {
  const std::uint64_t total = offset_ + partial_size_;
  if (total == 0) return;
  const std::size_t start = out.size();
  out.resize(start + 2 * (kLine + 8));
  char* o = out.data() + start;
  if (partial_size_ > 0) o = put_line(o, offset_, partial_.data(), partial_size_);
  o = put_offset(o, total);
  *o++ = '\n';
  out.resize(static_cast<std::size_t>(o - out.data()));
  offset_ = total;
  partial_size_ = 0;
}

std::string hexdump_canonical(std::span<const std::uint8_t> bytes) {
  std::string out;
  HexdumpCanonical dump;
  dump.feed(bytes, out);
  dump.finish(out);
  return out;
}

void append_hex(std::span<const std::uint8_t> bytes, std::string& out) {
  const std::size_t start = out.size();
  out.resize(start + 2 * bytes.size());
  char* o = out.data() + start;
  for (std::uint8_t b : bytes) {
    std::memcpy(o, kTables.pair[b], 2);
    o += 2;
  }
}

std::string hex_string(std::span<const std::uint8_t> bytes) {
  std::string out;
  append_hex(bytes, out);
  return out;
}

}  // namespace wfpredir
