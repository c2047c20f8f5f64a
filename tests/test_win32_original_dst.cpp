// The original destination on the Windows backend: getsockopt(SO_ORIGINAL_DST)
// at level SOL_IP through the seam, its SOCKADDR decoded (IPv4, IPv6), an
// error kept as it came back, and room for a SOCKADDR_STORAGE whatever
// --buffer says.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "run/engine.h"
#include "support.h"
#include "win32_support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {
// Answers getsockopt(SO_ORIGINAL_DST) with a fixed SOCKADDR or error.
class OriginalDstFake final : public InstalledProvider {
 public:
  OriginalDstFake(std::vector<std::uint8_t> answer, int error)
      : answer_(std::move(answer)), error_(error) {}
  int get_option(SOCKET, int lvl, int nm, char* value, int* length) override {
    level = lvl;
    name = nm;
    length_in = *length;
    if (error_ != 0) {
      WSASetLastError(error_);
      return SOCKET_ERROR;
    }
    std::memcpy(value, answer_.data(), answer_.size());
    *length = static_cast<int>(answer_.size());
    return 0;
  }
  int level = 0, name = 0, length_in = 0;

 private:
  std::vector<std::uint8_t> answer_;
  int error_;
};

}  // namespace

TEST_CASE("the original destination is read with SO_ORIGINAL_DST and decoded", "[win32]") {
  SelfPair pair;
  SECTION("IPv4") {
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(8443);
    dst.sin_addr.s_addr = htonl(0x0A010203);
    OriginalDstFake fake(bytes_of(dst), 0);
    const Attempt a = pair.connection->issue(QueryKind::original_dst, Mode::sync, 1024, kIoTimeout);
    CHECK(fake.level == 0xFFFB);
    CHECK(fake.name == 0x300F);
    CHECK(fake.length_in == 1024);
    CHECK(a.error == 0);
    CHECK(a.bytes == sizeof dst);
    CHECK(format_endpoint(a.original_dst) == "10.1.2.3:8443");
    CHECK(a.mechanism == "SO_ORIGINAL_DST");
    CHECK(a.data == bytes_of(dst));
  }
  SECTION("IPv6") {
    sockaddr_in6 dst{};
    dst.sin6_family = AF_INET6;
    dst.sin6_port = htons(443);
    dst.sin6_addr.s6_addr[0] = 0x20;
    dst.sin6_addr.s6_addr[1] = 0x01;
    dst.sin6_addr.s6_addr[2] = 0x0d;
    dst.sin6_addr.s6_addr[3] = 0xb8;
    dst.sin6_addr.s6_addr[15] = 0x01;
    OriginalDstFake fake(bytes_of(dst), 0);
    const Attempt a = pair.connection->issue(QueryKind::original_dst, Mode::sync, 1024, kIoTimeout);
    CHECK(format_endpoint(a.original_dst) == "[2001:db8::1]:443");
  }
  SECTION("an error is kept as it came back") {
    OriginalDstFake fake({}, WSAENOPROTOOPT);
    const Attempt a = pair.connection->issue(QueryKind::original_dst, Mode::sync, 1024, kIoTimeout);
    CHECK(a.error == WSAENOPROTOOPT);
    CHECK(!a.original_dst);
    CHECK(a.mechanism.empty());
    CHECK(a.data.empty());
    REQUIRE(a.calls.size() == 1);
    CHECK(a.calls[0].ret == SOCKET_ERROR);
    // optlen came back as it was passed: the raw value is in the call, and
    // the attempt does not pass it off as a byte count.
    CHECK(a.calls[0].bytes == 1024u);
    CHECK(a.bytes == 0);
  }
}

namespace {
// getsockopt(SO_ORIGINAL_DST) as Windows answers it: an optlen under a
// SOCKADDR_IN is WSAEFAULT, whatever the option.
class StrictOriginalDst final : public InstalledProvider {
 public:
  int get_option(SOCKET, int, int, char* value, int* length) override {
    lengths.push_back(*length);
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(8443);
    dst.sin_addr.s_addr = htonl(0x0A010203);
    if (value == nullptr || *length < static_cast<int>(sizeof dst)) {
      WSASetLastError(WSAEFAULT);
      return SOCKET_ERROR;
    }
    std::memcpy(value, &dst, sizeof dst);
    *length = sizeof dst;
    return 0;
  }
  std::vector<int> lengths;
};
}  // namespace

TEST_CASE(
    "the original destination is asked with room for a SOCKADDR_STORAGE whatever --buffer says",
    "[win32]") {
  SelfPair pair;
  StrictOriginalDst fake;
  const BufferPolicy policy =
      GENERATE(BufferPolicy{BufferPolicyKind::probe, 0}, BufferPolicy{BufferPolicyKind::fixed, 8},
               BufferPolicy{BufferPolicyKind::fixed, 1});
  INFO("policy size " << policy.size);

  const QueryResult r =
      run_one(*pair.connection, QueryKind::original_dst, Mode::sync, policy, kIoTimeout);

  REQUIRE_FALSE(fake.lengths.empty());
  CHECK(fake.lengths[0] >= static_cast<int>(sizeof(SOCKADDR_STORAGE)));
  REQUIRE(r.succeeded());
  CHECK(format_endpoint(r.final_attempt()->original_dst) == "10.1.2.3:8443");
  CHECK(r.final_attempt()->out_size >= sizeof(SOCKADDR_STORAGE));
  CHECK(words(r.final_attempt()->calls[0].notes).find("SOCKADDR_STORAGE") != std::string::npos);
}
