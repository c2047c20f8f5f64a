// Unit tests for the /proc/net/tcp{,6} parser behind port_owner.h.
#include <catch2/catch.hpp>

#include "model/port_owner.h"

using namespace wfpredir;

TEST_CASE("/proc/net/tcp: LISTEN sockets on the port, addresses in host order", "[port_owner]") {
  const char* tcp =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
      "inode\n"
      "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
      "4242 1 0 100 0 0 10 0\n"
      "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 "
      "4343 1 0 100 0 0 10 0\n"
      "   2: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
      "11 1 0 100 0 0 10 0\n"
      "garbage line\n"
      "   3: zz:1F90 00000000:0000 0A 0 0 0 0 0 1\n";
  const auto l = parse_proc_net_tcp(tcp, 8080);
  REQUIRE(l.size() == 1);
  CHECK(l[0].local == "127.0.0.1:8080");
  CHECK(l[0].inode == 4242);
  CHECK(parse_proc_net_tcp(tcp, 80).size() == 1);
  CHECK(parse_proc_net_tcp(tcp, 81).empty());

  const char* tcp6 =
      "  sl  local_address                         remote_address                        st "
      "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A "
      "00000000:00000000 00:00000000 00000000     0        0 77 1 0 100 0 0 10 0\n";
  const auto l6 = parse_proc_net_tcp(tcp6, 8080);
  REQUIRE(l6.size() == 1);
  CHECK(l6[0].local == "[::1]:8080");
  CHECK(parse_proc_net_tcp("", 1).empty());
}
