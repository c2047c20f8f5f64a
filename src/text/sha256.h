#pragma once
/// \file sha256.h
/// SHA-256 (FIPS 180-4) as hex, for the records fingerprint.

#include <cstdint>
#include <span>
#include <string>

namespace wfpredir {

/// SHA-256 of \p data as 64 lowercase hex digits.
std::string sha256_hex(std::span<const std::uint8_t> data);

}  // namespace wfpredir
