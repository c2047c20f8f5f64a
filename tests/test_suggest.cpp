#include <catch2/catch.hpp>

#include "cli/suggest.h"

using wfpredir::cli::edit_distance;
using wfpredir::cli::nearest;

TEST_CASE("edit distance counts a swap of neighbours as one edit", "[suggest]") {
  CHECK(edit_distance("--prot", "--port") == 1);
  CHECK(edit_distance("query", "qurey") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("relay", "relay") == 0);
}

TEST_CASE("nearest names a close option, a unique prefix, or nothing", "[suggest]") {
  const std::vector<std::string> names{"--port", "--udp", "--count", "--connect", "--color", "-p"};
  CHECK(nearest("--prot", names) == "--port");
  CHECK(nearest("--ud", names) == "--udp");
  CHECK(nearest("--colr", names) == "--color");
  CHECK_FALSE(nearest("--frobnicate", names).has_value());
  CHECK_FALSE(nearest("--port", names).has_value());  // known: nothing to suggest
  CHECK_FALSE(nearest("", names).has_value());
}
