// The relay's loop guard (analysis/loop_guard.h).
#include <catch2/catch.hpp>

#include "analysis/loop_guard.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::test;

TEST_CASE("the loop guard names the connection whose upstream came back", "[relay]") {
  LoopGuard g;
  g.add(40000, 3);
  CHECK_FALSE(g.came_back(ep("127.0.0.1:40001")));
  // Before connect chose the address, the port decides.
  CHECK(g.came_back(ep("10.200.0.1:40000")) == 3u);
  CHECK(g.looped(3));
  CHECK_FALSE(g.looped(4));
  g.remove(40000);
  CHECK_FALSE(g.came_back(ep("127.0.0.1:40000")));
}

TEST_CASE("the loop guard matches the whole endpoint once the address is known", "[relay]") {
  LoopGuard g;
  g.add(40000, 7);
  g.set_address(40000, ep("10.200.0.1:40000"));
  // The same port from another host is not the relay's own socket.
  CHECK_FALSE(g.came_back(ep("192.0.2.5:40000")));
  CHECK_FALSE(g.looped(7));
  // Not loopback, and still caught: the relay's upstream through a redirect.
  CHECK(g.came_back(ep("10.200.0.1:40000")) == 7u);
  CHECK(g.looped(7));
}
