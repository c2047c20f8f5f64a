// Box<T> (model/box.h): an optional on the heap that copies deeply.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "model/box.h"

using wfpredir::Box;

TEST_CASE("Box reads like optional and copies its value, not its pointer", "[model]") {
  Box<std::string> empty;
  CHECK_FALSE(empty);
  CHECK(empty.get() == nullptr);
  Box<std::string> a = std::string("conntrack");
  REQUIRE(a);
  CHECK(*a == "conntrack");
  Box<std::string> b = a;
  REQUIRE(b);
  CHECK(b.get() != a.get());
  *b = "changed";
  CHECK(*a == "conntrack");
  b = empty;
  CHECK_FALSE(b);
  const std::optional<std::string> some("from optional"), none;
  Box<std::string> c = some;
  CHECK(c->size() == 13);
  c = none;
  CHECK_FALSE(c.has_value());
  c.emplace() = "made";
  CHECK(*c == "made");
  c.reset();
  CHECK_FALSE(c);
}
