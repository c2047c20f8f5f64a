# Linux-only tests (owned by the Linux backend work).

# The backend through the Platform interface, on loopback (test_query_linux),
# through its getsockopt/getsockname seam with every answer netfilter gives
# (test_sockopt_seam_linux), and with real REDIRECT and TPROXY rules in a
# private network namespace (test_netns_linux, tagged [netns]: root and nft
# needed; a warning says when they could not run; under CI=true they fail).
# run_relay's steps through the fakes, with real loopback sockets forwarded
# by the real loop (test_relay_run_linux).
add_executable(unit_tests_linux
  test_query_linux.cpp
  test_sockopt_seam_linux.cpp
  test_netns_linux.cpp
  test_conntrack_linux.cpp
  test_relay_run_linux.cpp)
target_link_libraries(unit_tests_linux PRIVATE catch_main wfpredir_cli)
wfpredir_test(unit_linux COMMAND unit_tests_linux "[linux]")

# Real redirected connections through the real executable, in a namespace the
# script creates and removes. 125 = cannot run here (not root, no ip/nft).
wfpredir_test(e2e_netns_redirect
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/netns_redirect.sh $<TARGET_FILE:wfpredir>)
set_tests_properties(e2e_netns_redirect PROPERTIES SKIP_RETURN_CODE 125 TIMEOUT 120)

# doctor's netfilter inventory against real rulesets in a namespace.
wfpredir_test(e2e_netns_doctor
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/netns_doctor.sh $<TARGET_FILE:wfpredir>)
set_tests_properties(e2e_netns_doctor PROPERTIES SKIP_RETURN_CODE 125 TIMEOUT 120)

# README.md's native examples are what the tool prints (tests/readme/examples.sh;
# the netns ones need root, and are skipped without it, saying why).
wfpredir_test(readme_examples
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/readme/examples.sh --check ${PROJECT_SOURCE_DIR}/README.md
          --side native -- $<TARGET_FILE:wfpredir>)
set_tests_properties(readme_examples PROPERTIES TIMEOUT 240)
# `query --udp` with a real UDP tproxy rule and its policy routing, IPv4 and
# IPv6, datagrams sent from a second namespace over a veth pair.
wfpredir_test(e2e_netns_udp
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/netns_udp.sh $<TARGET_FILE:wfpredir>)
set_tests_properties(e2e_netns_udp PROPERTIES SKIP_RETURN_CODE 125 TIMEOUT 120)
# relay through a real redirect: 100 concurrent clients, 1 MiB each way, the
# mark rule, the loop without it, an upstream that refuses.
wfpredir_test(e2e_netns_relay
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/netns_relay.sh $<TARGET_FILE:wfpredir>)
set_tests_properties(e2e_netns_relay PROPERTIES SKIP_RETURN_CODE 125 TIMEOUT 300)
# `connections --confirm` against a real proxy (socat) behind an nft redirect,
# holding a redirected and a direct connection; as root and as nobody.
wfpredir_test(e2e_netns_connections
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/netns_connections.sh $<TARGET_FILE:wfpredir>)
set_tests_properties(e2e_netns_connections PROPERTIES SKIP_RETURN_CODE 125 TIMEOUT 120)
# One namespace test per verdict rule (docs/verdicts.md), over a veth pair,
# with the two wrong verdicts of issue 18 and a cross-check against conntrack -L.
wfpredir_test(e2e_netns_verdicts
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/netns_verdicts.sh $<TARGET_FILE:wfpredir>)
set_tests_properties(e2e_netns_verdicts PROPERTIES SKIP_RETURN_CODE 125 TIMEOUT 180)
# relay under faults: out of descriptors (prlimit), a blackholed upstream
# (--connect-timeout), clients that leave mid-connect, --idle-timeout, a reset
# passed on to a stalled reader, SIGTERM mid-transfer and --drain, a stdout
# nobody reads, a loop through a non-loopback address.
wfpredir_test(e2e_netns_relay_faults
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/netns_relay_faults.sh $<TARGET_FILE:wfpredir>)
set_tests_properties(e2e_netns_relay_faults PROPERTIES SKIP_RETURN_CODE 125 TIMEOUT 300
  RUN_SERIAL TRUE)

# eBPF redirects named: a real cgroup/connect4 program on a test cgroup.
# Serial: while its program is attached, every verdict on this machine must
# weigh it (a peer whose cgroup cannot be found may sit under it), so a test
# running beside it that expects "not redirected" would rightly get "unknown".
wfpredir_test(e2e_bpf_redirect
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/bpf_redirect.sh $<TARGET_FILE:wfpredir>)
set_tests_properties(e2e_bpf_redirect PROPERTIES SKIP_RETURN_CODE 125 TIMEOUT 120 RUN_SERIAL TRUE)
