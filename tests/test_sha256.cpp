// SHA-256 (text/sha256.h) against the FIPS 180-4 examples and sha256sum.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/sha256.h"

using namespace wfpredir;

namespace {

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-4 examples", "[sha256]") {
  CHECK(sha256_hex(bytes("")) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex(bytes("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const std::vector<std::uint8_t> million(1000000, 'a');
  CHECK(sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the padding boundary (one or two final blocks), against sha256sum.
  const std::pair<std::size_t, const char*> boundary[] = {
      {55, "5e3283e916d3c42f5b9658a063ca78fa46aac2e127367680558cfa71910bf61d"},
      {56, "51e14a913680f24c85fe3b0e2e5b57f7202f117bb214f8ffdd4ea0f4e921fd52"},
      {63, "436e67acc91d21a771e22ee2a88b8f6cf4103f983841fe5476221114dc8a7c58"},
      {64, "7c8975e1e60a5c8337f28edf8c33c3b180360b7279644a9bc1af3c51e6220bf5"},
      {65, "dc7156746a46cbe6edfaceb4ccfb9b27fc7250d2608a991848cfec6f62f39932"}};
  for (const auto& [n, want] : boundary) CHECK(sha256_hex(std::vector<std::uint8_t>(n, 1)) == want);
}
