# Linux-only tests (owned by the Linux backend work).

# The backend through the Platform interface. The [netns] cases build a
# private network namespace with REDIRECT and TPROXY rules; they need root and
# nft (a warning says when they could not run; under CI=true they fail).
add_executable(unit_tests_linux test_query_linux.cpp)
target_link_libraries(unit_tests_linux PRIVATE catch_main wfpredir_core)
wfpredir_test(unit_linux COMMAND unit_tests_linux "[linux]")

# Real redirected connections through the real executable, in a namespace the
# script creates and removes. 125 = cannot run here (not root, no ip/nft).
wfpredir_test(e2e_netns_redirect
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/netns_redirect.sh $<TARGET_FILE:wfpredir>)
set_tests_properties(e2e_netns_redirect PROPERTIES SKIP_RETURN_CODE 125 TIMEOUT 120)
