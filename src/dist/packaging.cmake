# Release packages (CPack), built by the package-windows and package-linux
# workflow presets:
#   windows: wfpredir-<version>-windows-x64.zip  (wfpredir.exe, README.md,
#            LICENSE, licences/ of every bundled library, SHA256SUMS)
#   linux:   wfpredir_<version>_amd64.deb (/usr/bin/wfpredir, man page, bash
#            completion; Depends from dpkg-shlibdeps) and
#            wfpredir-<version>-linux-x86_64.tar.gz
# Included from the top-level CMakeLists.txt after the wfpredir target exists.

set(_dist "${CMAKE_SOURCE_DIR}/src/dist")

# Third-party licences of what the binary carries. The Windows build is
# static: the header-only libraries plus the GCC runtime and winpthreads.
set(_licences
  "fmt=/usr/share/doc/libfmt-dev/copyright"
  "CLI11=/usr/share/doc/libcli11-dev/copyright"
  "nlohmann-json=/usr/share/doc/nlohmann-json3-dev/copyright")
if(WIN32)
  list(APPEND _licences
    "mingw-w64-runtime=/usr/share/doc/mingw-w64-common/copyright"
    "gcc-runtime=/usr/share/doc/gcc-mingw-w64-base/copyright")
endif()
if(WFPREDIR_JSON_WRITER_LICENCE)
  list(APPEND _licences "${WFPREDIR_JSON_WRITER_LICENCE}")
endif()

if(WIN32)
  install(TARGETS wfpredir RUNTIME DESTINATION .)
  install(FILES "${CMAKE_SOURCE_DIR}/README.md" "${CMAKE_SOURCE_DIR}/LICENSE" DESTINATION .)
  foreach(_l IN LISTS _licences)
    string(REPLACE "=" ";" _pair "${_l}")
    list(GET _pair 0 _name)
    list(GET _pair 1 _file)
    if(EXISTS "${_file}")
      install(FILES "${_file}" DESTINATION licences RENAME "${_name}.txt")
    else()
      message(WARNING "licence file ${_file} missing: the package would lack it")
    endif()
  endforeach()
  # Last install step: checksums of everything staged so far.
  install(CODE "set(WFPREDIR_SUMS_DIR \"\${CMAKE_INSTALL_PREFIX}\")")
  install(SCRIPT "${_dist}/sha256sums.cmake")
  set(CPACK_GENERATOR ZIP)
  set(CPACK_SYSTEM_NAME windows-x64)
  set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)
else()
  include(GNUInstallDirs)
  install(TARGETS wfpredir RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES "${CMAKE_SOURCE_DIR}/README.md" "${CMAKE_SOURCE_DIR}/LICENSE" DESTINATION ${CMAKE_INSTALL_DOCDIR})
  install(FILES "${_dist}/wfpredir.bash" DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME wfpredir)
  # The man page is generated from --help by help2man, so it cannot drift.
  find_program(HELP2MAN help2man)
  if(HELP2MAN AND NOT CMAKE_CROSSCOMPILING)
    file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/man/wfpredir"
         CONTENT "#!/bin/sh\nexec bash '${_dist}/fullhelp.sh' '$<TARGET_FILE:wfpredir>' \"$@\"\n"
         FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
    add_custom_command(
      OUTPUT "${CMAKE_BINARY_DIR}/wfpredir.1.gz"
      COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --version-string=${PROJECT_VERSION}
              --name "diagnose WFP and netfilter connection redirection" --include "${_dist}/wfpredir.h2m"
              --output "${CMAKE_BINARY_DIR}/wfpredir.1" "${CMAKE_BINARY_DIR}/man/wfpredir"
      COMMAND gzip -9nf "${CMAKE_BINARY_DIR}/wfpredir.1"
      DEPENDS wfpredir "${_dist}/wfpredir.h2m" "${_dist}/fullhelp.sh"
      VERBATIM)
    add_custom_target(wfpredir_man ALL DEPENDS "${CMAKE_BINARY_DIR}/wfpredir.1.gz")
    install(FILES "${CMAKE_BINARY_DIR}/wfpredir.1.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  else()
    message(STATUS "help2man not found: no man page (apt-get install help2man)")
  endif()
  set(CPACK_GENERATOR "DEB;TGZ")
  set(CPACK_SYSTEM_NAME linux-x86_64)
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_SECTION net)
  set(CPACK_DEBIAN_PACKAGE_MAINTAINER "wfpredir authors <wfpredir@localhost>")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nftables, iproute2")
  set(CPACK_STRIP_FILES ON)
endif()

set(CPACK_PACKAGE_NAME wfpredir)
set(CPACK_PACKAGE_VENDOR "the wfpredir authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Diagnose WFP and netfilter connection redirection")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_FILE_NAME "wfpredir-${PROJECT_VERSION}-${CPACK_SYSTEM_NAME}")
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/packages")
set(CPACK_ARCHIVE_COMPONENT_INSTALL OFF)
include(CPack)
