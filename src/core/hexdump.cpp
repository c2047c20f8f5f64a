#include "core/hexdump.h"

#include <algorithm>
#include <cstring>

namespace wfpredir {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

void put_hex8(std::string& out, std::size_t value) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = kDigits[value & 0xF];
    value >>= 4;
  }
  out.append(buf, 8);
}

// One line as hexdump -C prints it: offset, two spaces, 16 "xx " cells with
// an extra space after the eighth, padded when short, then "|ascii|".
void put_line(std::string& out, std::size_t offset, const std::uint8_t* p, std::size_t n) {
  put_hex8(out, offset);
  out += "  ";
  for (std::size_t i = 0; i < 16; ++i) {
    if (i < n) {
      out += kDigits[p[i] >> 4];
      out += kDigits[p[i] & 0xF];
      out += ' ';
    } else {
      out += "   ";
    }
    if (i == 7) out += ' ';
  }
  out += " |";
  for (std::size_t i = 0; i < n; ++i) {
    out += (p[i] >= 0x20 && p[i] <= 0x7e) ? static_cast<char>(p[i]) : '.';
  }
  out += "|\n";
}

}  // namespace

std::string hexdump_canonical(std::span<const std::uint8_t> bytes) {
  std::string out;
  if (bytes.empty()) return out;
  out.reserve((bytes.size() / 16 + 2) * 79);
  bool squeezing = false;
  for (std::size_t off = 0; off < bytes.size(); off += 16) {
    const std::size_t n = std::min<std::size_t>(16, bytes.size() - off);
    // hexdump folds a full line equal to the one before it into one "*".
    if (off >= 16 && n == 16 && std::memcmp(&bytes[off], &bytes[off - 16], 16) == 0) {
      if (!squeezing) out += "*\n";
      squeezing = true;
      continue;
    }
    squeezing = false;
    put_line(out, off, &bytes[off], n);
  }
  put_hex8(out, bytes.size());
  out += '\n';
  return out;
}

std::string hex_string(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

}  // namespace wfpredir
