#pragma once
/// \file args.h
/// Checks of the values given on the command line, done once at the CLI
/// edge so that the engine and the backends only ever see valid values.
/// Each returns the value, or nullopt with \p why set to a short reason
/// (without the option's name and value: the caller adds both, made
/// visible). None of them includes CLI11, so the fuzz targets link them.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "model/endpoint.h"

namespace wfpredir::cli {

/// --timeout and --io-timeout: seconds as a decimal number (ASCII,
/// "2", "0.5", "1e3"), finite, from kMinSeconds to kMaxSeconds, rounded to
/// the nearest millisecond.
inline constexpr double kMinSeconds = 0.001;
inline constexpr double kMaxSeconds = 1e6;
std::optional<std::chrono::milliseconds> parse_seconds(std::string_view text, std::string& why);

/// --count: 0 (until interrupted) to kMaxCount, ASCII decimal digits.
inline constexpr unsigned kMaxCount = 1000000;
std::optional<unsigned> parse_count(std::string_view text, std::string& why);

/// --port and the port of --connect: 1 to 65535, ASCII decimal digits.
std::optional<std::uint16_t> parse_port(std::string_view text, std::string& why);

/// "host:port", "[v6]:port". The host is an IPv4 or IPv6 literal or a DNS
/// name (ASCII letters, digits, '-', '.', '_'; at most 253 characters).
std::optional<std::pair<std::string, std::uint16_t>> parse_host_port(std::string_view text,
                                                                     std::string& why);

/// --bind: an IPv4 or IPv6 literal (ASCII, no names) that parse_ip_literal accepts.
std::optional<IpEndpoint> parse_bind(std::string_view text, std::uint16_t port, std::string& why);

}  // namespace wfpredir::cli
