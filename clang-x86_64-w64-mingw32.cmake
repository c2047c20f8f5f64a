# Cross toolchain for the mingw-clang preset: Debian's clang targeting
# x86_64-w64-windows-gnu, against the same MinGW-w64 headers and import
# libraries as the mingw preset (/usr/x86_64-w64-mingw32) and GCC 12-posix's
# C++ headers and static libraries (libstdc++, libwinpthread), linked by lld.
# Clang 14 does not find Debian's "12-posix" GCC directory by itself (the
# name is not a version number), so the paths are given here.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_CXX_COMPILER clang++)
set(CMAKE_CXX_COMPILER_TARGET x86_64-w64-windows-gnu)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_SYSROOT /usr/x86_64-w64-mingw32)
set(WFPREDIR_MINGW_GCC_DIR /usr/lib/gcc/x86_64-w64-mingw32/12-posix
    CACHE PATH "GCC's MinGW-w64 directory: the C++ headers and libstdc++.a")
set(_gcc "${WFPREDIR_MINGW_GCC_DIR}")
# GCC's MinGW-w64 runtime keeps thread-local variables in emulated TLS
# (__emutls_v.*: std::call_once's __once_callable, for one); clang's
# windows-gnu default is native TLS, which would not find them.
set(CMAKE_CXX_FLAGS_INIT
    "-femulated-tls -nostdinc++ -isystem ${_gcc}/include/c++ -isystem ${_gcc}/include/c++/x86_64-w64-mingw32 -isystem ${_gcc}/include/c++/backward")
# What g++-posix adds by itself: std::thread needs winpthread (static, as the
# rest of the runtime). lld resolves archives in any order, so it can come
# first.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld -L${_gcc} -Wl,-Bstatic -lwinpthread")
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
