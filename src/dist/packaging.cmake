# Release packages (CPack), built by the package-windows and package-linux
# workflow presets:
#   windows: wfpredir-<version>-windows-x64.zip  (wfpredir.exe, README.md,
#            LICENSE, licences/ of every bundled library, wfpredir.spdx.json,
#            wfpredir.ps1 completion, SHA256SUMS), and beside it the winget
#            and Scoop manifests
#   linux:   wfpredir_<version>_amd64.deb (/usr/bin/wfpredir, man page, bash
#            and zsh completion, README, CHANGELOG, docs/, licences/ and the
#            SBOM in /usr/share/doc/wfpredir; Depends from dpkg-shlibdeps) and
#            wfpredir-<version>-linux-x86_64.tar.gz
# Included from the top-level CMakeLists.txt after the wfpredir target exists.

set(_dist "${CMAKE_SOURCE_DIR}/src/dist")

# Third-party code the binary carries (bundled.cmake): its licences go into
# licences/ (the zip; the .deb's doc directory), its versions into the SBOM.
include("${_dist}/bundled.cmake")
include("${_dist}/sbom.cmake")
if(WIN32)
  set(_licence_dir licences)
  set(_sbom_system windows-x64)
else()
  include(GNUInstallDirs)
  set(_licence_dir ${CMAKE_INSTALL_DOCDIR}/licences)
  set(_sbom_system linux-x86_64)
endif()
foreach(_entry IN LISTS WFPREDIR_BUNDLED)
  string(REPLACE "|" ";" _f "${_entry}")
  list(GET _f 0 _name)
  list(GET _f 3 _file)
  if(EXISTS "${_file}")
    install(FILES "${_file}" DESTINATION ${_licence_dir} RENAME "${_name}.txt")
  else()
    message(WARNING "licence file ${_file} missing: the package would lack it")
  endif()
endforeach()
set(_sbom "${CMAKE_BINARY_DIR}/wfpredir.spdx.json")
wfpredir_write_sbom("${_sbom}" ${_sbom_system})

# Completion scripts, written by the tool itself from its CLI definition
# (`wfpredir completion SHELL`): natively for the .deb, under Wine for the zip.
set(_run "")
if(CMAKE_CROSSCOMPILING AND WIN32)
  find_program(WFPREDIR_WINE64 NAMES wine64 wine PATHS /usr/lib/wine)
  if(WFPREDIR_WINE64)
    set(_run env WINEPREFIX=${CMAKE_BINARY_DIR}/wineprefix-dist WINEDEBUG=-all ${WFPREDIR_WINE64})
  endif()
endif()
if(NOT CMAKE_CROSSCOMPILING OR _run)
  set(_shells bash zsh)
  if(WIN32)
    set(_shells powershell)
  endif()
  set(_outs "")
  foreach(_shell IN LISTS _shells)
    set(_out "${CMAKE_BINARY_DIR}/completion/wfpredir.${_shell}")
    add_custom_command(
      OUTPUT "${_out}"
      # Wine writes CRLF line ends for a console program's text: PowerShell
      # takes either, and the file is compared as text.
      COMMAND sh -c "\"$@\" completion ${_shell} > '${_out}'" sh ${_run} $<TARGET_FILE:wfpredir>
      DEPENDS wfpredir
      VERBATIM)
    list(APPEND _outs "${_out}")
  endforeach()
  add_custom_target(wfpredir_completion ALL DEPENDS ${_outs})
elseif(WIN32)
  message(WARNING "wine64 not found: the zip will lack the PowerShell completion")
endif()

if(WIN32)
  install(TARGETS wfpredir RUNTIME DESTINATION .)
  install(FILES "${CMAKE_SOURCE_DIR}/README.md" "${CMAKE_SOURCE_DIR}/LICENSE" "${_sbom}" DESTINATION .)
  if(TARGET wfpredir_completion)
    install(FILES "${CMAKE_BINARY_DIR}/completion/wfpredir.powershell" DESTINATION . RENAME wfpredir.ps1)
  endif()
  # Last install step: checksums of everything staged so far.
  install(CODE "set(WFPREDIR_SUMS_DIR \"\${CMAKE_INSTALL_PREFIX}\")")
  install(SCRIPT "${_dist}/sha256sums.cmake")
  set(CPACK_GENERATOR ZIP)
  set(CPACK_SYSTEM_NAME windows-x64)
  set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)
else()
  install(TARGETS wfpredir RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES "${CMAKE_SOURCE_DIR}/README.md" "${CMAKE_SOURCE_DIR}/LICENSE" "${CMAKE_SOURCE_DIR}/CHANGELOG.md"
                "${_sbom}" DESTINATION ${CMAKE_INSTALL_DOCDIR})
  # The docs the README and the man page point at, as the source tree has them.
  install(DIRECTORY "${CMAKE_SOURCE_DIR}/docs/" DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
  install(FILES "${CMAKE_BINARY_DIR}/completion/wfpredir.bash"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME wfpredir)
  # Debian's zsh reads /usr/share/zsh/vendor-completions.
  install(FILES "${CMAKE_BINARY_DIR}/completion/wfpredir.zsh"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions RENAME _wfpredir)
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
# The winget and Scoop manifests are written beside the zip (manifests.cmake).
set(WFPREDIR_RELEASE_URL "https://example.invalid/wfpredir/releases/download/v@VERSION@/@FILE@"
    CACHE STRING "Download URL of a release zip (@VERSION@, @FILE@) for the winget and Scoop manifests")
set(WFPREDIR_HOMEPAGE "https://example.invalid/wfpredir" CACHE STRING "Project home page for the manifests")
set(CPACK_WFPREDIR_RELEASE_URL "${WFPREDIR_RELEASE_URL}")
set(CPACK_WFPREDIR_HOMEPAGE "${WFPREDIR_HOMEPAGE}")
if(WIN32)
  set(CPACK_POST_BUILD_SCRIPTS "${_dist}/manifests.cmake")
endif()
include(CPack)
