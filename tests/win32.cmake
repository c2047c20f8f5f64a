# Windows-only tests (owned by the Windows backend work). Under the mingw
# preset they run under Wine, whose Winsock is real but answers WSAEOPNOTSUPP
# to the redirect queries: the unit tests reach everything else through the
# IoctlProvider seam (src/platform/win32/ioctl_seam.h) and the fake provider
# of win32_fake_provider.h; win32_heap_guard.cpp replaces operator new/delete in
# this executable only.
add_executable(query_win32_tests
  test_query_win32.cpp
  test_win32_original_dst.cpp
  test_win32_modes.cpp
  test_win32_adversarial.cpp
  test_win32_udp.cpp
  test_relay_win32.cpp
  test_win32_findings.cpp
  test_win32_findings_console.cpp
  win32_heap_guard.cpp)
target_link_libraries(query_win32_tests PRIVATE catch_main wfpredir_cli)
wfpredir_test(query_win32 COMMAND query_win32_tests)

# The import table of wfpredir.exe: no shell32, user32 or gdi32 (the console
# logoff and shutdown events depend on it).
if(CMAKE_CROSSCOMPILING)
  wfpredir_test(imports_win32 COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/imports_win32.sh
                                      $<TARGET_FILE:wfpredir>)
  set_tests_properties(imports_win32 PROPERTIES SKIP_RETURN_CODE 125)
endif()

# End to end: the real wfpredir.exe with peers on the Linux side (Wine
# sockets are host sockets). Needs bash, jq and python3 on the host.
if(CMAKE_CROSSCOMPILING)
  wfpredir_test(e2e_query_wine COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/query_wine.sh ${WFPREDIR_CMD})
  set_tests_properties(e2e_query_wine PROPERTIES TIMEOUT 240 SKIP_RETURN_CODE 125)
  # `connections`: the host's real TCP table as Wine's GetExtendedTcpTable gives it.
  wfpredir_test(e2e_connections_wine
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/connections_wine.sh ${WFPREDIR_CMD})
  set_tests_properties(e2e_connections_wine PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 125)
  # README.md's Wine examples are what wfpredir.exe prints (tests/readme/examples.sh).
  wfpredir_test(readme_examples_wine
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/readme/examples.sh --check ${PROJECT_SOURCE_DIR}/README.md
            --side wine -- ${WFPREDIR_CMD})
  set_tests_properties(readme_examples_wine PROPERTIES TIMEOUT 300)
endif()

# The language from Windows' UI language (GetUserDefaultUILanguage) when no
# locale variable is set in the process, under a Wine started in fr_FR.
if(CMAKE_CROSSCOMPILING)
  wfpredir_test(e2e_ui_language_wine COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/ui_language_wine.sh
                                     ${WFPREDIR_CMD})
  set_tests_properties(e2e_ui_language_wine PROPERTIES TIMEOUT 240 SKIP_RETURN_CODE 125)
  # relay: bytes intact, SET's answer, --strict, a refusing upstream.
  wfpredir_test(e2e_relay_wine COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/relay_wine.sh ${WFPREDIR_CMD})
  set_tests_properties(e2e_relay_wine PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 125)
endif()
