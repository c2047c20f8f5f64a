# The layers of wfpredir, lowest first, and the rule the build holds them to:
# a file may include its own layer and the layers below it, never one above.
# Each layer is a folder of src/ and a static library (wfpredir_<layer>,
# CMakeLists.txt) that links only the layer below it.
# The pipeline reads upwards: text and the model hold the facts, parsers turn
# bytes into the model, analysis judges it, the platform gathers it from the
# system, renderers show it, run drivers string a command together, and the
# CLI is the edge (README.md, "Design").
#
# Used two ways: CMakeLists.txt includes it and calls wfpredir_check_layers()
# at configure time (a wrong-way include fails to configure, with the file and
# both layers named, before the compiler or linker would say it less clearly),
# and tests/layers/check.sh runs it as a script (cmake -DROOT=DIR -P
# layers.cmake) on a copy with one wrong-way include added, to show that it fails.

cmake_policy(SET CMP0057 NEW)  # if(IN_LIST), also when run as a script
#   text      words: the error catalog and names, translations, terminal-safe text, hex
#   model     what a run gathers: reports, endpoints, exit codes, the platform interface
#   parse     bytes into the model: blob decoders, control messages, nft's JSON
#   analysis  judging the evidence: verdicts, expectations, buffer policy, next
#             steps, doctor's rules, connections, the relay's plan, their options
#   platform  the system: one folder per OS (linux, win32) and the relay's loop
#   render    text and JSON for people and scripts
#   run       commands strung together: query, query --udp, relay, doctor
#   cli       the edge: options, output, the commands, main
set(WFPREDIR_LAYERS text model parse analysis platform render run cli)

# The layer of ${path} (relative to src/, e.g. analysis/verdict.h): its first
# folder; "" for a file outside src/ (generated headers, system headers),
# "?" for a folder of src/ that is no layer.
function(wfpredir_layer_of path out)
  set(layer "")
  if(path MATCHES "^([^/]+)/")
    set(layer "${CMAKE_MATCH_1}")
    if(NOT layer IN_LIST WFPREDIR_LAYERS)
      set(layer "?")
    endif()
  endif()
  set(${out} "${layer}" PARENT_SCOPE)
endfunction()

# Fails with every include under ${root}/src that runs the wrong way, and
# every C++ file of src/ in a folder that is no layer.
function(wfpredir_check_layers root)
  file(GLOB_RECURSE files RELATIVE "${root}/src" "${root}/src/*.h" "${root}/src/*.cpp")
  set(problems "")
  foreach(f IN LISTS files)
    wfpredir_layer_of("${f}" mine)
    if(mine STREQUAL "?")
      string(APPEND problems "\n  src/${f}: in no layer (a layer is a folder of src/ named in src/layers.cmake)")
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
