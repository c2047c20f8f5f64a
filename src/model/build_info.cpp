// The build's identity. The commit comes from build_commit.h, which the build
// rewrites (src/dist/commit.cmake) only when `git describe` changes, so a
// new commit rebuilds this one file and nothing else.
#include "model/build_info.h"

#include "build_commit.h"

namespace wfpredir {
namespace {

#define WFPREDIR_STR2(x) #x
#define WFPREDIR_STR(x) WFPREDIR_STR2(x)

#if defined(_MSC_VER) && !defined(__clang__)
constexpr std::string_view kCompiler = "MSVC " WFPREDIR_STR(_MSC_VER);
#elif defined(__clang__)
constexpr std::string_view kCompiler = "Clang " __clang_version__;
#elif defined(__MINGW64__)
constexpr std::string_view kCompiler = "GCC " __VERSION__ " MinGW-w64";
#elif defined(__GNUC__)
constexpr std::string_view kCompiler = "GCC " __VERSION__;
#else
constexpr std::string_view kCompiler = "unknown compiler";
#endif

}  // namespace

BuildInfo build_info() { return {WFPREDIR_VERSION, WFPREDIR_COMMIT, WFPREDIR_TARGET, kCompiler}; }

}  // namespace wfpredir
