# Install-time: writes SHA256SUMS (sha256sum's format) for every file staged
# under the install prefix, so the zip carries checksums of its own contents.
set(_root "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}")
file(GLOB_RECURSE _files RELATIVE "${_root}" "${_root}/*")
list(REMOVE_ITEM _files SHA256SUMS)
list(SORT _files)
set(_out "")
foreach(_f IN LISTS _files)
  file(SHA256 "${_root}/${_f}" _h)
  string(APPEND _out "${_h}  ${_f}\n")
endforeach()
file(WRITE "${_root}/SHA256SUMS" "${_out}")
