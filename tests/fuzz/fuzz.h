#pragma once
// Shared by the libFuzzer targets: the input as text, and a check that
// aborts (a finding libFuzzer keeps) when a property does not hold.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define WFPREDIR_FUZZ_CHECK(cond)                                                       \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "property failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

namespace wfpredir::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// No byte below 0x20 but '\n', no DEL: what text output may carry.
inline bool no_control(std::string_view s) {
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && b != '\n') || b == 0x7F) return false;
  }
  return true;
}

}  // namespace wfpredir::fuzz
