# The third-party code compiled into wfpredir, one entry a library:
#   NAME|DEBIAN PACKAGES (its headers; for a runtime, what links it)|SPDX LICENCE|COPYRIGHT FILE
# The one list that the zip's licences/, the SBOM and the licence check in
# .ci/packages read (src/dist/check_licences.sh compares it with the headers
# the build really compiled, from ninja's dependency log). The Windows build
# is static: the GCC runtime and mingw-w64 (with winpthreads) are in the .exe.
set(WFPREDIR_BUNDLED
  "fmt|libfmt-dev|MIT|/usr/share/doc/libfmt-dev/copyright"
  "CLI11|libcli11-dev|BSD-3-Clause|/usr/share/doc/libcli11-dev/copyright"
  "nlohmann-json|nlohmann-json3-dev|MIT|/usr/share/doc/nlohmann-json3-dev/copyright"
  "RapidJSON|rapidjson-dev|MIT|/usr/share/doc/rapidjson-dev/copyright"
  "Asio|libasio-dev|BSL-1.0|/usr/share/doc/libasio-dev/copyright")
if(WIN32)
  list(APPEND WFPREDIR_BUNDLED
    "mingw-w64-runtime|mingw-w64-x86-64-dev,mingw-w64-common|ZPL-2.1 AND MIT AND LicenseRef-mingw-w64-public-domain|/usr/share/doc/mingw-w64-common/copyright"
    "gcc-runtime|g++-mingw-w64-x86-64-posix,gcc-mingw-w64-x86-64-posix,gcc-mingw-w64-x86-64-posix-runtime|GPL-3.0-or-later WITH GCC-exception-3.1|/usr/share/doc/gcc-mingw-w64-base/copyright")
endif()

# WFPREDIR_BUNDLED_VERSION_<NAME>: the installed Debian version of the
# library's first package ("NOASSERTION" when dpkg does not know it).
foreach(_entry IN LISTS WFPREDIR_BUNDLED)
  string(REPLACE "|" ";" _f "${_entry}")
  list(GET _f 0 _name)
  list(GET _f 1 _pkgs)
  string(REPLACE "," ";" _pkgs "${_pkgs}")
  list(GET _pkgs 0 _pkg)
  execute_process(COMMAND dpkg-query -W "-f=\${Version}" ${_pkg}
                  OUTPUT_VARIABLE _v RESULT_VARIABLE _rc ERROR_QUIET)
  if(NOT _rc EQUAL 0 OR _v STREQUAL "")
    set(_v NOASSERTION)
  endif()
  set(WFPREDIR_BUNDLED_VERSION_${_name} "${_v}")
endforeach()
