// Unit tests for text/hexdump. The byte-for-byte comparison with the real
// `hexdump -C` is in e2e/cli.sh; here the layout is checked by hand-written
// expectations, so both sides are pinned independently.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <vector>

#include "text/hexdump.h"

using wfpredir::append_hex;
using wfpredir::hex_string;
using wfpredir::hexdump_canonical;
using wfpredir::HexdumpCanonical;

namespace {
std::vector<std::uint8_t> counting(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(i);
  return v;
}
std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}
}  // namespace

TEST_CASE("hexdump of empty input is empty, like hexdump -C", "[hexdump]") {
  CHECK(hexdump_canonical({}).empty());
  CHECK(hex_string({}).empty());
}

TEST_CASE("hexdump of one byte pads the line and ends with the length", "[hexdump]") {
  const std::vector<std::uint8_t> one{0x41};
  CHECK(hexdump_canonical(one) ==
        "00000000  41                                                |A|\n"
        "00000001\n");
}

TEST_CASE("hexdump pads a 15-byte last line and keeps the group gap", "[hexdump]") {
  const auto v = counting(15);
  CHECK(hexdump_canonical(v) ==
        "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e     |...............|\n"
        "0000000f\n");
}

TEST_CASE("hexdump of exactly 16 bytes is one full line", "[hexdump]") {
  const auto v = counting(16);
  CHECK(hexdump_canonical(v) ==
        "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|\n"
        "00000010\n");
}

TEST_CASE("hexdump of 17 bytes starts a second line", "[hexdump]") {
  const auto v = counting(17);
  CHECK(hexdump_canonical(v) ==
        "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|\n"
        "00000010  10                                                |.|\n"
        "00000011\n");
}

TEST_CASE("hexdump of 4099 distinct-line bytes has 257 lines plus the length", "[hexdump]") {
  std::vector<std::uint8_t> v(4099);
  // Every line differs from the one before (first byte is the line number),
  // so nothing is folded.
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<std::uint8_t>(i % 16 == 0 ? i / 16 : i);
  const std::string out = hexdump_canonical(v);
  CHECK(lines(out) == 257 + 1);
  CHECK(out.substr(out.size() - 9) == "00001003\n");
  CHECK(out.find("00001000  00 01 02") != std::string::npos);
}

TEST_CASE("hexdump folds repeated full lines into one star, as hexdump -C does", "[hexdump]") {
  const std::vector<std::uint8_t> zeros(4099, 0);
  CHECK(hexdump_canonical(zeros) ==
        "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
        "*\n"
        "00001000  00 00 00                                          |...|\n"
        "00001003\n");
}

TEST_CASE("hexdump shows every byte value and never a raw non-printable byte", "[hexdump]") {
  const auto all = counting(256);
  const std::string out = hexdump_canonical(all);
  for (char c : out) {
    const auto u = static_cast<unsigned char>(c);
    CHECK((c == '\n' || (u >= 0x20 && u <= 0x7e)));
  }
  CHECK(
      out.find("00000020  20 21 22 23 24 25 26 27  28 29 2a 2b 2c 2d 2e 2f  | !\"#$%&'()*+,-./|") !=
      std::string::npos);
  CHECK(
      out.find("00000070  70 71 72 73 74 75 76 77  78 79 7a 7b 7c 7d 7e 7f  |pqrstuvwxyz{|}~.|") !=
      std::string::npos);
  CHECK(
      out.find("000000f0  f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe ff  |................|") !=
      std::string::npos);
  CHECK(out.substr(out.size() - 9) == "00000100\n");
}

TEST_CASE("hex_string is lower-case pairs without separators", "[hexdump]") {
  const std::vector<std::uint8_t> v{0x00, 0x0a, 0xff, 0x7f};
  CHECK(hex_string(v) == "000aff7f");
  const auto all = counting(256);
  const std::string s = hex_string(all);
  CHECK(s.size() == 512);
  CHECK(s.substr(0, 6) == "000102");
  CHECK(s.substr(506) == "fdfeff");
}

TEST_CASE("hexdump folds repeated lines up to the end, then prints the length", "[hexdump]") {
  std::vector<std::uint8_t> v(48, 0x41);
  v[0] = 0x42;
  CHECK(hexdump_canonical(v) ==
        "00000000  42 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |BAAAAAAAAAAAAAAA|\n"
        "00000010  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|\n"
        "*\n"
        "00000030\n");
}

TEST_CASE("hexdump prints a repeated run once, then the next different line", "[hexdump]") {
  std::vector<std::uint8_t> v(64, 0);
  v[48] = 1;
  CHECK(hexdump_canonical(v) ==
        "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
        "*\n"
        "00000030  01 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
        "00000040\n");
}

TEST_CASE("streamed hexdump is the same whatever the chunk sizes", "[hexdump]") {
  // Runs of repeated lines that cross chunk boundaries, a distinct line, and
  // a partial last line.
  std::vector<std::uint8_t> v(5000, 0);
  for (std::size_t i = 1000; i < 1100; ++i) v[i] = static_cast<std::uint8_t>(i);
  v[4990] = 0x7f;
  const std::string whole = hexdump_canonical(v);
  const std::span<const std::uint8_t> all(v);
  for (std::size_t chunk : {1u, 7u, 16u, 17u, 1024u, 4999u}) {
    HexdumpCanonical dump;
    std::string out;
    for (std::size_t at = 0; at < all.size(); at += chunk)
      dump.feed(all.subspan(at, std::min(chunk, all.size() - at)), out);
    dump.feed({}, out);
    dump.finish(out);
    INFO("chunk " << chunk);
    CHECK(out == whole);
  }
  HexdumpCanonical nothing;
  std::string out;
  nothing.feed({}, out);
  nothing.finish(out);
  CHECK(out.empty());
}

TEST_CASE("append_hex adds to what is there", "[hexdump]") {
  std::string s = "x";
  const std::vector<std::uint8_t> v{0xab, 0x01};
  append_hex(v, s);
  append_hex({}, s);
  CHECK(s == "xab01");
}
