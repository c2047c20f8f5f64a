// Unit tests for parse/cmsg: the control-message walk under every layout (the
// Windows and Linux ones, 64- and 32-bit) on fabricated buffers, each
// malformation reported as what it is, and the names and decodings.
#include <catch2/catch.hpp>

#include "cmsg_builder.h"
#include "parse/cmsg.h"

using namespace wfpredir;
using wfpredir::test::put_cmsg;

namespace {

const std::vector<std::uint8_t> kRecords{0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9};

}  // namespace

TEST_CASE("the layouts have the header sizes and data offsets their headers define", "[cmsg]") {
  CHECK(kWindowsX64Cmsg.header_size() == 16);
  CHECK(kWindowsX64Cmsg.data_offset() == 16);
  CHECK(kLinux64Cmsg.header_size() == 16);
  CHECK(kLinux64Cmsg.data_offset() == 16);
  CHECK(kWindowsX86Cmsg.header_size() == 12);
  CHECK(kWindowsX86Cmsg.data_offset() == 12);
  CHECK(kLinux32Cmsg.header_size() == 12);
  CHECK(kLinux32Cmsg.data_offset() == 12);
}

TEST_CASE("several messages are walked in order under every layout", "[cmsg]") {
  for (const CmsgLayout* l : {&kWindowsX64Cmsg, &kWindowsX86Cmsg, &kLinux64Cmsg, &kLinux32Cmsg}) {
    INFO(l->name);
    std::vector<std::uint8_t> b;
    put_cmsg(b, *l, 0, 60, kRecords);                   // 13 bytes: padded
    put_cmsg(b, *l, 41, 70, {1, 2, 3, 4, 5, 6, 7, 8});  // aligned already
    put_cmsg(b, *l, 0, 19, {}, std::nullopt, true);     // zero-length data, last
    const auto ms = walk_control(b, *l);
    REQUIRE(ms.size() == 3);
    CHECK(ms[0].offset == 0);
    CHECK(ms[0].level == 0);
    CHECK(ms[0].type == 60);
    CHECK(ms[0].length == l->data_offset() + 13);
    CHECK(ms[0].data == kRecords);
    CHECK(ms[0].problem == CmsgProblem::none);
    CHECK(ms[1].level == 41);
    CHECK(ms[1].type == 70);
    CHECK(ms[1].offset % l->next_align == 0);
    CHECK(ms[1].data.size() == 8);
    CHECK(ms[2].data.empty());
    CHECK(ms[2].problem == CmsgProblem::none);
    CHECK(ms[2].offset + ms[2].length == b.size());
  }
}

TEST_CASE("an empty buffer has no messages", "[cmsg]") {
  CHECK(walk_control({}, kWindowsX64Cmsg).empty());
  CHECK(walk_control({}, kLinux32Cmsg).empty());
}

TEST_CASE("a header cut by the buffer's end is reported with the bytes there were", "[cmsg]") {
  for (const CmsgLayout* l : {&kWindowsX64Cmsg, &kLinux32Cmsg}) {
    std::vector<std::uint8_t> b;
    put_cmsg(b, *l, 0, 60, kRecords);
    const std::size_t first = b.size();
    b.insert(b.end(), {0x20, 0, 0, 0, 0, 0});  // six bytes of a next header
    const auto ms = walk_control(b, *l);
    REQUIRE(ms.size() == 2);
    CHECK(ms[0].problem == CmsgProblem::none);
    CHECK(ms[1].offset == first);
    CHECK(ms[1].problem == CmsgProblem::truncated_header);
    CHECK(ms[1].bytes_left == 6);
    CHECK(ms[1].data.empty());
  }
  // Only part of a first header.
  const std::vector<std::uint8_t> tiny{16, 0, 0};
  const auto ms = walk_control(tiny, kLinux64Cmsg);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].problem == CmsgProblem::truncated_header);
  CHECK(ms[0].bytes_left == 3);
}

TEST_CASE("a length past the buffer's end keeps the data that is there and stops", "[cmsg]") {
  std::vector<std::uint8_t> b;
  put_cmsg(b, kWindowsX64Cmsg, 0, 60, kRecords, 16 + 400, true);  // claims 400 data bytes
  const auto ms = walk_control(b, kWindowsX64Cmsg);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].problem == CmsgProblem::length_past_end);
  CHECK(ms[0].length == 416);
  CHECK(ms[0].data == kRecords);
  // A length of 2^64 - 1 does not wrap around.
  std::vector<std::uint8_t> huge;
  put_cmsg(huge, kLinux64Cmsg, 0, 20, {1, 2}, ~std::uint64_t{0}, true);
  const auto hs = walk_control(huge, kLinux64Cmsg);
  REQUIRE(hs.size() == 1);
  CHECK(hs[0].problem == CmsgProblem::length_past_end);
  CHECK(hs[0].data.size() == 2);
}

TEST_CASE("a length below the header stops the walk instead of looping", "[cmsg]") {
  for (std::uint64_t len : {0u, 1u, 15u}) {
    std::vector<std::uint8_t> b;
    put_cmsg(b, kWindowsX64Cmsg, 0, 60, kRecords, len);
    put_cmsg(b, kWindowsX64Cmsg, 0, 70, kRecords);
    const auto ms = walk_control(b, kWindowsX64Cmsg);
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].problem == CmsgProblem::length_below_header);
    CHECK(ms[0].length == len);
    CHECK(ms[0].data.empty());
  }
}

TEST_CASE("the last message's padding may be missing from the buffer", "[cmsg]") {
  std::vector<std::uint8_t> b;
  put_cmsg(b, kLinux64Cmsg, 0, 20, {1, 2, 3}, std::nullopt, true);  // 19 bytes, no padding
  const auto ms = walk_control(b, kLinux64Cmsg);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].problem == CmsgProblem::none);
  CHECK(ms[0].data.size() == 3);
}

TEST_CASE("the same bytes read differently under the 32-bit and 64-bit layouts", "[cmsg]") {
  std::vector<std::uint8_t> b;
  put_cmsg(b, kLinux32Cmsg, 41, 50, {1, 2, 3, 4}, std::nullopt, true);
  REQUIRE(walk_control(b, kLinux32Cmsg).size() == 1);
  // As LP64: the 8-byte length takes the level (41) into its high half.
  const auto as64 = walk_control(b, kLinux64Cmsg);
  REQUIRE(as64.size() == 1);
  CHECK(as64[0].problem != CmsgProblem::none);
}

TEST_CASE("levels and types are named per system, unknown ones stay unnamed", "[cmsg]") {
  CHECK(cmsg_level_name(FamilyNumbers::windows, 0) == "IPPROTO_IP");
  CHECK(cmsg_level_name(FamilyNumbers::windows, 41) == "IPPROTO_IPV6");
  CHECK(cmsg_level_name(FamilyNumbers::windows, 0xffff) == "SOL_SOCKET");
  CHECK(cmsg_level_name(FamilyNumbers::linux, 1) == "SOL_SOCKET");
  CHECK(cmsg_level_name(FamilyNumbers::linux, 0) == "SOL_IP");
  CHECK(cmsg_level_name(FamilyNumbers::linux, 17).empty());
  CHECK(cmsg_type_name(FamilyNumbers::windows, 0, 60) == "IP_WFP_REDIRECT_RECORDS");
  CHECK(cmsg_type_name(FamilyNumbers::windows, 0, 70) == "IP_WFP_REDIRECT_CONTEXT");
  CHECK(cmsg_type_name(FamilyNumbers::windows, 41, 60) == "IPV6_WFP_REDIRECT_RECORDS");
  CHECK(cmsg_type_name(FamilyNumbers::windows, 41, 70) == "IPV6_WFP_REDIRECT_CONTEXT");
  CHECK(cmsg_type_name(FamilyNumbers::linux, 0, 20) == "IP_ORIGDSTADDR");
  CHECK(cmsg_type_name(FamilyNumbers::linux, 41, 74) == "IPV6_ORIGDSTADDR");
  CHECK(cmsg_type_name(FamilyNumbers::linux, 0, 60).empty());
  CHECK(cmsg_type_name(FamilyNumbers::windows, 0xffff, 60).empty());
  CHECK(meaning_of(FamilyNumbers::windows, 41, 60) == CmsgMeaning::wfp_records);
  CHECK(meaning_of(FamilyNumbers::linux, 41, 60) == CmsgMeaning::other);
  CHECK(meaning_of(FamilyNumbers::linux, 0, 20) == CmsgMeaning::original_dst);
  CHECK(meaning_of(FamilyNumbers::linux, 41, 20) == CmsgMeaning::other);
}

TEST_CASE("an original destination message decodes to its address", "[cmsg]") {
  std::vector<std::uint8_t> b;
  put_cmsg(b, kLinux64Cmsg, 0, 20, test::linux_sockaddr_in(10, 9, 8, 7, 53));
  const auto ms = walk_control(b, kLinux64Cmsg);
  REQUIRE(ms.size() == 1);
  const auto ds = decode_control(FamilyNumbers::linux, ms[0]);
  REQUIRE(ds.size() == 1);
  REQUIRE(!ds[0].fields.empty());
  CHECK(ds[0].fields[0].value == "10.9.8.7:53");
  // Records are opaque; an unknown type is not decoded.
  std::vector<std::uint8_t> r;
  put_cmsg(r, kWindowsX64Cmsg, 0, 60, kRecords);
  put_cmsg(r, kWindowsX64Cmsg, 0, 99, kRecords);
  const auto rs = walk_control(r, kWindowsX64Cmsg);
  REQUIRE(rs.size() == 2);
  CHECK(decode_control(FamilyNumbers::windows, rs[0]).empty());
  CHECK(decode_control(FamilyNumbers::windows, rs[1]).empty());
}
