# The layers of wfpredir, lowest first, and the rule the build holds them to:
# a file may include its own layer and the layers below it, never one above.
# The pipeline reads upwards: text and the model hold the facts, parsers turn
# bytes into the model, analysis judges it, the platform gathers it from the
# system, renderers show it, run drivers string a command together, and the
# CLI is the edge (README.md, "Design").
#
# Used two ways: CMakeLists.txt includes it and calls wfpredir_check_layers()
# at configure time (a wrong-way include fails to configure), and
# tests/layers/check.sh runs it as a script (cmake -DROOT=DIR -P layers.cmake)
# on a copy with one wrong-way include added, to show that it fails.
#
# src/core is still one folder: its files are assigned to layers by name
# here; src/platform is the platform layer and src/cli the CLI.

cmake_policy(SET CMP0057 NEW)  # if(IN_LIST), also when run as a script
set(WFPREDIR_LAYERS text model parse analysis platform render run cli)

# Words: the error catalog and names, translations, terminal-safe text, hex.
set(WFPREDIR_LAYER_text
  catalog error_codes error_names hexdump i18n i18n_fr_cli i18n_fr_connections
  i18n_fr_conntrack i18n_fr_doctor i18n_fr_platform i18n_fr_query i18n_fr_relay terminal
  visible)
# What a run gathers: reports, endpoints, exit codes, the platform interface.
set(WFPREDIR_LAYER_model
  build_info conntrack conntrack_table control_message endpoint exit_codes inventory platform port_owner
  report system udp_report)
# Bytes into the model: blob decoders, control messages, nft's JSON.
set(WFPREDIR_LAYER_parse cmsg decode netfilter_parse)
# Judging the evidence: verdicts, expectations, buffer policy, next steps,
# doctor's rules, connections, the relay's plan, the options they take.
set(WFPREDIR_LAYER_analysis
  bpf_reach buffer_policy connections conntrack_verdict doctor expectation listener_warnings next_step
  original_destination query_options relay udp_verdict verdict)
# Text and JSON for people and scripts.
set(WFPREDIR_LAYER_render
  render render_bpf render_connections render_conntrack render_decode render_doctor
  render_json render_json_parts render_json_strings render_json_writer render_netfilter_json
  render_relay
  render_relay_json render_relay_text render_text render_udp)
# Commands strung together: query, query --udp, relay, doctor.
set(WFPREDIR_LAYER_run blob_save doctor_run engine relay_run render_run udp_engine)

# The layer of ${path} (relative to src/, e.g. core/verdict.h), or "" for a
# file outside the layered folders (generated headers).
function(wfpredir_layer_of path out)
  set(layer "")
  if(path MATCHES "^core/([^/]+)\\.(h|cpp)$")
    set(unit "${CMAKE_MATCH_1}")
    foreach(l IN LISTS WFPREDIR_LAYERS)
      if(unit IN_LIST WFPREDIR_LAYER_${l})
        set(layer ${l})
      endif()
    endforeach()
    if(layer STREQUAL "")
      set(layer "?")
    endif()
  elseif(path MATCHES "^platform/")
    set(layer platform)
  elseif(path MATCHES "^cli/")
    set(layer cli)
  endif()
  set(${out} "${layer}" PARENT_SCOPE)
endfunction()

# Fails with every include under ${root}/src that runs the wrong way, and
# every src/core file that no layer names.
function(wfpredir_check_layers root)
  file(GLOB_RECURSE files RELATIVE "${root}/src" "${root}/src/core/*.h" "${root}/src/core/*.cpp"
       "${root}/src/platform/*.h" "${root}/src/platform/*.cpp" "${root}/src/cli/*.h"
       "${root}/src/cli/*.cpp")
  set(problems "")
  foreach(f IN LISTS files)
    wfpredir_layer_of("${f}" mine)
    if(mine STREQUAL "?")
      string(APPEND problems "\n  src/${f}: in no layer (add it to src/layers.cmake)")
      continue()
    endif()
    list(FIND WFPREDIR_LAYERS ${mine} my_floor)
    file(STRINGS "${root}/src/${f}" lines REGEX "^#include \"")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" inc "${line}")
      wfpredir_layer_of("${inc}" theirs)
      if(theirs STREQUAL "" OR theirs STREQUAL "?")
        continue()
      endif()
      list(FIND WFPREDIR_LAYERS ${theirs} their_floor)
      if(their_floor GREATER my_floor)
        string(APPEND problems "\n  src/${f} (${mine}) includes ${inc} (${theirs}, above it)")
      endif()
    endforeach()
  endforeach()
  if(NOT problems STREQUAL "")
    string(JOIN " < " order ${WFPREDIR_LAYERS})
    message(FATAL_ERROR "the layers do not hold (src/layers.cmake: ${order}):${problems}")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.25)
  if(NOT DEFINED ROOT)
    message(FATAL_ERROR "usage: cmake -DROOT=DIR -P src/layers.cmake")
  endif()
  wfpredir_check_layers("${ROOT}")
  message(STATUS "layers: every include runs downwards")
endif()
