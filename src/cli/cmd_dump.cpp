// `wfpredir dump`: a saved blob (or standard input) as `hexdump -C` prints
// it, or as JSON; at most 16 MiB.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

#include "cli/commands.h"
#include "core/hexdump.h"
#include "core/render.h"
#include "core/system.h"
#include "core/visible.h"

namespace wfpredir::cli {
namespace {

// Reads at most kDumpMaxBytes + 1 bytes, so an oversized stream is detected
// without reading it all.
bool read_capped(std::FILE* f, std::vector<std::uint8_t>& out) {
  std::uint8_t buf[65536];
  while (out.size() <= kDumpMaxBytes) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f);
    out.insert(out.end(), buf, buf + n);
    if (n < sizeof buf) return std::ferror(f) == 0;
  }
  return true;
}

Exit fail(const std::string& file, const std::string& why) {
  say_error(fmt::format("dump: {}: {}", visible(file), visible(why)));
  return Exit::input_error;
}

}  // namespace

Exit run_dump(const DumpOptions& o) {
  std::vector<std::uint8_t> bytes;
  const bool from_stdin = o.file == "-";
  if (from_stdin) {
    if (!read_capped(stdin, bytes)) return fail("standard input", "read error");
  } else {
    namespace fs = std::filesystem;
    // The name is UTF-8 on every platform; a path built from char would be
    // read in the ANSI code page on Windows.
    const fs::path path(std::u8string(o.file.begin(), o.file.end()));
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec) return fail(o.file, ec.message());
    if (fs::is_directory(st)) return fail(o.file, "is a directory, not a file");
    if (fs::is_regular_file(st)) {
      const auto size = fs::file_size(path, ec);
      if (!ec && size > kDumpMaxBytes)
        return fail(o.file, fmt::format("is {} bytes, over the {} byte (16 MiB) cap; redirect "
                                        "blobs are far smaller, is this the right file?",
                                        size, kDumpMaxBytes));
    }
    std::FILE* f = open_for_reading(o.file);
    if (f == nullptr) return fail(o.file, std::generic_category().message(errno));
    const bool ok = read_capped(f, bytes);
    std::fclose(f);
    if (!ok) return fail(o.file, "read error");
  }
  if (bytes.size() > kDumpMaxBytes)
    return fail(from_stdin ? "standard input" : o.file,
                fmt::format("more than the {} byte (16 MiB) cap", kDumpMaxBytes));
  if (o.common.format == Format::json) {
    write_out(render_dump_json(o.file, bytes) + "\n");
  } else {
    write_out(hexdump_canonical(bytes));
  }
  return Exit::ok;
}

}  // namespace wfpredir::cli
