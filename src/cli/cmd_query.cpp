#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "core/render.h"
#include "core/system.h"

namespace wfpredir::cli {

bool want_colour() {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0') return false;
  return stdout_is_terminal();
}

std::optional<std::pair<std::string, std::uint16_t>> parse_host_port(const std::string& text, std::string& why) {
  std::string host, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      why = "an IPv6 address is written [addr]:port";
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) {
      why = "expected HOST:PORT";
      return std::nullopt;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string::npos) {
      why = "an IPv6 address is written [addr]:port";
      return std::nullopt;
    }
  }
  if (host.empty()) {
    why = "the host is empty";
    return std::nullopt;
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
    why = fmt::format("port '{}' is not a number from 1 to 65535", port);
    return std::nullopt;
  }
  return std::pair{host, static_cast<std::uint16_t>(value)};
}

Exit run_query_command(const QueryCliOptions& o) {
  auto platform = Platform::create();
  const std::string name = platform->name();
  const Lang lang = o.common.lang;
  const bool json = o.common.format == Format::json;
  // One connection: one JSON document. Several: JSON Lines, flushed as each
  // completes so a script can follow along.
  const bool lines = o.query.count != 1;
  const TextStyle style{want_colour(), o.trace, lang};
  bool first = true;
  const ReportSink sink = [&](const ConnectionReport& report) {
    if (json) {
      fmt::print("{}\n", render_json(report, lang, name, !lines));
    } else {
      fmt::print("{}{}", first ? "" : "\n", render_text(report, style));
    }
    first = false;
    std::fflush(stdout);
  };
  return run_query(*platform, o.query, sink, stderr);
}

}  // namespace wfpredir::cli
