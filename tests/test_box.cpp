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
  std::optional<std::string> moved(std::string(64, 'x'));  // past any short-string buffer
  const char* const heap = moved->data();
  c = std::move(moved);
  REQUIRE(c);
  CHECK(c->data() == heap);  // taken over, not copied
}
