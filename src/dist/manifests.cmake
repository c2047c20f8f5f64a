# CPack post-build script of the Windows package: writes, beside the zip, the
# winget manifest (singleton, ManifestVersion 1.6.0) and the Scoop manifest
# with the zip's version, download URL and SHA-256. .ci/packages validates
# them against the schemas in src/dist/schemas/ (README.md there names their
# sources). The URL comes from CPACK_WFPREDIR_RELEASE_URL, in which @VERSION@
# and @FILE@ stand for the version and the zip's file name.
foreach(_file IN LISTS CPACK_PACKAGE_FILES)
  if(NOT _file MATCHES "\\.zip$")
    continue()
  endif()
  get_filename_component(_name "${_file}" NAME)
  # CPack hands the zip in its staging directory: the manifests go beside the
  # copy it leaves in the package directory (the same bytes).
  set(_dir "${CPACK_PACKAGE_DIRECTORY}")
  string(REGEX REPLACE "\\.zip$" "" _top "${_name}")
  file(SHA256 "${_file}" _sha)
  string(TOUPPER "${_sha}" _sha_upper)
  set(_version "${CPACK_PACKAGE_VERSION}")
  string(REPLACE "@VERSION@" "${_version}" _url "${CPACK_WFPREDIR_RELEASE_URL}")
  string(REPLACE "@FILE@" "${_name}" _url "${_url}")

  file(WRITE "${_dir}/wfpredir.winget.yaml"
"# winget singleton manifest, written with ${_name}
PackageIdentifier: wfpredir.wfpredir
PackageVersion: "${_version}"
PackageLocale: en-US
Publisher: the wfpredir authors
PackageName: wfpredir
License: MIT
ShortDescription: ${CPACK_PACKAGE_DESCRIPTION_SUMMARY}
Moniker: wfpredir
Tags:
  - wfp
  - networking
  - diagnostics
Installers:
  - Architecture: x64
    InstallerType: zip
    NestedInstallerType: portable
    NestedInstallerFiles:
      - RelativeFilePath: ${_top}/wfpredir.exe
        PortableCommandAlias: wfpredir
    InstallerUrl: ${_url}
    InstallerSha256: ${_sha_upper}
ManifestType: singleton
ManifestVersion: 1.6.0
")

  file(WRITE "${_dir}/wfpredir.scoop.json"
"{
  \"version\": \"${_version}\",
  \"description\": \"${CPACK_PACKAGE_DESCRIPTION_SUMMARY}\",
  \"homepage\": \"${CPACK_WFPREDIR_HOMEPAGE}\",
  \"license\": \"MIT\",
  \"architecture\": {
    \"64bit\": {
      \"url\": \"${_url}\",
      \"hash\": \"${_sha}\",
      \"extract_dir\": \"${_top}\"
    }
  },
  \"bin\": \"wfpredir.exe\"
}
")
  message(STATUS "manifests: ${_dir}/wfpredir.winget.yaml, ${_dir}/wfpredir.scoop.json (${_sha})")
endforeach()
