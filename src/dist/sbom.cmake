# Writes the SPDX 2.3 JSON SBOM of the package into WFPREDIR_SBOM_OUT: the
# wfpredir package and each bundled library (bundled.cmake) with its version
# and licence, and a CONTAINS relation from wfpredir to each. Included by
# packaging.cmake at configure time.
function(wfpredir_write_sbom out system)
  string(UUID _uuid NAMESPACE 6ba7b811-9dad-11d1-80b4-00c04fd430c8
         NAME "wfpredir-${PROJECT_VERSION}-${system}" TYPE SHA1)
  # CMake takes SOURCE_DATE_EPOCH when it is set: reproducible packages.
  string(TIMESTAMP _now "%Y-%m-%dT%H:%M:%SZ" UTC)
  string(CONCAT _packages "    {\n      \"name\": \"wfpredir\",\n      \"SPDXID\": \"SPDXRef-Package-wfpredir\",\n"
                "      \"versionInfo\": \"${PROJECT_VERSION}\",\n      \"downloadLocation\": \"NOASSERTION\",\n"
                "      \"filesAnalyzed\": false,\n      \"licenseConcluded\": \"MIT\",\n"
                "      \"licenseDeclared\": \"MIT\",\n      \"copyrightText\": \"NOASSERTION\",\n"
                "      \"primaryPackagePurpose\": \"APPLICATION\"\n    }")
  set(_relations "    {\"spdxElementId\": \"SPDXRef-DOCUMENT\", \"relationshipType\": \"DESCRIBES\", \"relatedSpdxElement\": \"SPDXRef-Package-wfpredir\"}")
  foreach(_entry IN LISTS WFPREDIR_BUNDLED)
    string(REPLACE "|" ";" _f "${_entry}")
    list(GET _f 0 _name)
    list(GET _f 1 _pkgs)
    list(GET _f 2 _licence)
    string(REPLACE "," ";" _pkgs "${_pkgs}")
    list(GET _pkgs 0 _pkg)
    string(MAKE_C_IDENTIFIER "${_name}" _id)
    string(REPLACE "_" "-" _id "${_id}")
    string(APPEND _packages ",\n    {\n      \"name\": \"${_name}\",\n      \"SPDXID\": \"SPDXRef-Package-${_id}\",\n"
           "      \"versionInfo\": \"${WFPREDIR_BUNDLED_VERSION_${_name}}\",\n"
           "      \"downloadLocation\": \"NOASSERTION\",\n      \"filesAnalyzed\": false,\n"
           "      \"licenseConcluded\": \"${_licence}\",\n      \"licenseDeclared\": \"${_licence}\",\n"
           "      \"copyrightText\": \"NOASSERTION\",\n"
           "      \"comment\": \"Built from the Debian package ${_pkg}; the licence text is in licences/${_name}.txt\",\n"
           "      \"primaryPackagePurpose\": \"LIBRARY\"\n    }")
    string(APPEND _relations ",\n    {\"spdxElementId\": \"SPDXRef-Package-wfpredir\", \"relationshipType\": \"CONTAINS\", \"relatedSpdxElement\": \"SPDXRef-Package-${_id}\"}")
  endforeach()
  # The licences that are not on the SPDX list carry their text here.
  set(_extracted "")
  if(WIN32)
    set(_extracted ",\n  \"hasExtractedLicensingInfos\": [\n    {\"licenseId\": \"LicenseRef-mingw-w64-public-domain\", \"name\": \"mingw-w64 public domain parts\", \"extractedText\": \"Parts of the mingw-w64 runtime are in the public domain; see licences/mingw-w64-runtime.txt.\"}\n  ]")
  endif()
  file(WRITE "${out}" "{\n  \"spdxVersion\": \"SPDX-2.3\",\n  \"dataLicense\": \"CC0-1.0\",\n"
       "  \"SPDXID\": \"SPDXRef-DOCUMENT\",\n  \"name\": \"wfpredir-${PROJECT_VERSION}-${system}\",\n"
       "  \"documentNamespace\": \"urn:uuid:${_uuid}\",\n"
       "  \"creationInfo\": {\"created\": \"${_now}\", \"creators\": [\"Tool: wfpredir-cmake-${PROJECT_VERSION}\"]},\n"
       "  \"documentDescribes\": [\"SPDXRef-Package-wfpredir\"],\n"
       "  \"packages\": [\n${_packages}\n  ],\n  \"relationships\": [\n${_relations}\n  ]${_extracted}\n}\n")
endfunction()
