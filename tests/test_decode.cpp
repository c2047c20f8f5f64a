// Unit tests for parse/decode: the records fingerprint, each context layout on
// a fabricated blob, and blobs that must decode to nothing.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parse/decode.h"

using namespace wfpredir;

namespace {

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

// A Windows SOCKADDR_IN at \p off: family 2 (LE), port (BE), address.
void put_v4(std::vector<std::uint8_t>& b, std::size_t off, std::uint8_t a0, std::uint8_t a1,
            std::uint8_t a2, std::uint8_t a3, std::uint16_t port) {
  b[off] = 2;
  b[off + 1] = 0;
  b[off + 2] = static_cast<std::uint8_t>(port >> 8);
  b[off + 3] = static_cast<std::uint8_t>(port & 0xff);
  b[off + 4] = a0, b[off + 5] = a1, b[off + 6] = a2, b[off + 7] = a3;
}

// A SOCKADDR_IN6 for 2001:db8::N with family number \p family.
void put_v6(std::vector<std::uint8_t>& b, std::size_t off, std::uint16_t family, std::uint8_t last,
            std::uint16_t port) {
  b[off] = static_cast<std::uint8_t>(family);
  b[off + 2] = static_cast<std::uint8_t>(port >> 8);
  b[off + 3] = static_cast<std::uint8_t>(port & 0xff);
  b[off + 8] = 0x20, b[off + 9] = 0x01, b[off + 10] = 0x0d, b[off + 11] = 0xb8;
  b[off + 23] = last;
}

}  // namespace

TEST_CASE("the records fingerprint is the first 16 hex digits of the blob's SHA-256", "[decode]") {
  CHECK(records_fingerprint(bytes("abc")) == "ba7816bf8f01cfea");
}

TEST_CASE("a WFPSampler context decodes to the original remote and local", "[decode]") {
  std::vector<std::uint8_t> blob(256, 0);
  put_v4(blob, 0, 93, 184, 216, 34, 443);
  put_v6(blob, 128, 23, 7, 50123);
  const auto ds = decode_context(blob);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].heuristic);
  CHECK_THAT(ds[0].layout, Catch::Contains("WFPSampler"));
  REQUIRE(ds[0].fields.size() == 2);
  CHECK(ds[0].fields[0].value == "93.184.216.34:443");
  CHECK(ds[0].fields[0].offset == 0);
  CHECK(ds[0].fields[1].value == "[2001:db8::7]:50123");
  CHECK(ds[0].fields[1].offset == 128);
}

TEST_CASE("one SOCKADDR_STORAGE, bare sockaddrs and a truncated copy", "[decode]") {
  std::vector<std::uint8_t> storage(128, 0);
  put_v4(storage, 0, 10, 1, 2, 3, 8443);
  auto ds = decode_context(storage);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].fields[0].value == "10.1.2.3:8443");

  std::vector<std::uint8_t> in(16, 0);
  put_v4(in, 0, 10, 1, 2, 3, 80);
  ds = decode_context(in);
  REQUIRE(ds.size() == 1);
  CHECK_THAT(ds[0].layout, Catch::Contains("SOCKADDR_IN"));

  std::vector<std::uint8_t> in6(28, 0);
  put_v6(in6, 0, 23, 1, 443);
  ds = decode_context(in6);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].fields[0].value == "[2001:db8::1]:443");

  std::vector<std::uint8_t> cut(28, 0);
  put_v6(cut, 0, 23, 1, 443);
  cut.resize(16);
  ds = decode_context(cut);
  REQUIRE(ds.size() == 1);
  CHECK_THAT(ds[0].layout, Catch::Contains("truncated"));
  CHECK(ds[0].fields.back().value == "2001:0db8:0000:0000:...");
  CHECK_FALSE(ds[0].note.empty());
}

TEST_CASE("eBPF-for-Windows audit entries are told apart by size", "[decode]") {
  std::vector<std::uint8_t> current = {7, 0, 0,   0,  0x92, 0x10, 0, 0,  1, 0,
                                       0, 0, 168, 63, 129,  16,   0, 80, 0, 0};
  auto ds = decode_context(current);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].fields[1].value == "4242");
  CHECK(ds[0].fields[3].value == "168.63.129.16");
  CHECK(ds[0].fields[4].value == "80");

  std::vector<std::uint8_t> legacy(24, 0);
  legacy[8] = 0x92, legacy[9] = 0x10;
  legacy[16] = 169, legacy[17] = 254, legacy[18] = 169, legacy[19] = 254;
  legacy[20] = 0, legacy[21] = 80;
  ds = decode_context(legacy);
  REQUIRE(ds.size() == 1);
  CHECK_THAT(ds[0].layout, Catch::Contains("legacy"));
  CHECK(ds[0].fields[3].value == "169.254.169.254");
}

TEST_CASE("other blobs: sockaddrs at aligned offsets, or no known layout", "[decode]") {
  std::vector<std::uint8_t> odd(40, 0);
  odd[0] = 0xEE;  // a header of some driver's own
  put_v4(odd, 8, 192, 0, 2, 1, 80);
  auto ds = decode_context(odd);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].fields[0].offset == 8);
  CHECK(ds[0].fields[0].value == "192.0.2.1:80");

  CHECK(decode_context(bytes("")).empty());
  CHECK(decode_context(bytes("\x02")).empty());
  CHECK(decode_context(std::vector<std::uint8_t>(37, 0)).empty());
  CHECK(decode_context(std::vector<std::uint8_t>(37, 0xff)).empty());
}

TEST_CASE("original destinations decode in either family numbering", "[decode]") {
  std::vector<std::uint8_t> v6(28, 0);
  put_v6(v6, 0, 10, 9, 80);
  CHECK_FALSE(decode_original_dst(v6, FamilyNumbers::windows));
  const auto d = decode_original_dst(v6, FamilyNumbers::linux);
  REQUIRE(d);
  CHECK_FALSE(d->heuristic);
  CHECK(d->fields[0].value == "[2001:db8::9]:80");
  v6.resize(27);
  CHECK_FALSE(decode_original_dst(v6, FamilyNumbers::linux));  // one byte short
}

TEST_CASE("a saved blob's name says its kind", "[decode]") {
  CHECK(blob_kind_from_name("out/1.records.bin") == BlobKind::records);
  CHECK(blob_kind_from_name("C:\\x\\12.context.bin") == BlobKind::context);
  CHECK(blob_kind_from_name("3.original-dst.bin") == BlobKind::original_dst);
  CHECK(blob_kind_from_name("blob.bin") == BlobKind::unknown);
}

TEST_CASE("decode_original_dst_any reads an IPv4 sockaddr once (AF_INET is 2 on both systems)",
          "[decode]") {
  // sockaddr_in: family 2 (little-endian), port 8443, 198.51.100.20, 8 zero bytes.
  const std::vector<std::uint8_t> v4 = {0x02, 0x00, 0x20, 0xfb, 198, 51, 100, 20,
                                        0,    0,    0,    0,    0,   0,  0,   0};
  const auto ds = decode_original_dst_any(v4);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].fields.at(0).value == "198.51.100.20:8443");
}
