// `wfpredir dump FILE|-`: a blob as `hexdump -C` prints it, or as JSON. The
// output is streamed: a file is read and written a chunk at a time, so memory
// stays the same whatever its size.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

#include "cli/commands.h"
#include "core/hexdump.h"
#include "core/render.h"

namespace wfpredir::cli {
namespace {

constexpr std::size_t kChunk = 64 * 1024;  // a multiple of the 16-byte line

Exit fail(const std::string& file, const std::string& why) {
  fmt::print(stderr, "wfpredir: error: dump: {}: {}\n", file, why);
  return Exit::input_error;
}

std::string over_cap(std::uintmax_t size) {
  return fmt::format(
      "is {} bytes, over the {} byte (16 MiB) cap; redirect blobs are far smaller, is this the "
      "right file?",
      size, kDumpMaxBytes);
}

// Writes one output format a chunk at a time.
class Output {
 public:
  Output(bool json, const std::string& file, std::uintmax_t size) : json_(json) {
    if (json_) text_ = render_dump_json_envelope(file, size, tail_);
  }
  void bytes(std::span<const std::uint8_t> chunk) {
    if (json_) {
      append_hex(chunk, text_);
    } else {
      dump_.feed(chunk, text_);
    }
    flush();
  }
  void finish() {
    if (json_) {
      text_ += tail_;
      text_ += '\n';
    } else {
      dump_.finish(text_);
    }
    flush();
  }
  bool ok() const { return ok_; }

 private:
  void flush() {
    ok_ = ok_ && std::fwrite(text_.data(), 1, text_.size(), stdout) == text_.size();
    text_.clear();  // keeps its capacity: one chunk's worth of output
  }
  bool json_;
  bool ok_ = true;
  HexdumpCanonical dump_;
  std::string text_, tail_;
};

// A file whose size is known up front is streamed: its size goes into the
// JSON before its bytes, and the cap is checked before any output.
Exit stream_file(const DumpOptions& o, std::FILE* f, std::uintmax_t size) {
  Output out(o.common.format == Format::json, o.file, size);
  std::vector<std::uint8_t> buf(kChunk);
  std::uintmax_t total = 0;
  for (;;) {
    const std::size_t n = std::fread(buf.data(), 1, buf.size(), f);
    total += n;
    if (total > size) return fail(o.file, "grew while it was read; the output above is cut short");
    out.bytes({buf.data(), n});
    if (n < buf.size()) break;
  }
  if (std::ferror(f)) return fail(o.file, "read error");
  if (total != size) return fail(o.file, "shrank while it was read; the output above is cut short");
  out.finish();
  return out.ok() ? Exit::ok : fail(o.file, "could not write the output");
}

// Standard input (or a pipe, a device) has no size up front: it is read to
// its end, at most the cap plus one byte, so an oversized stream is refused
// before anything is printed. Memory is then bounded by the 16 MiB cap.
Exit read_then_dump(const DumpOptions& o, std::FILE* f, const std::string& name) {
  std::vector<std::uint8_t> bytes;
  std::vector<std::uint8_t> buf(kChunk);
  while (bytes.size() <= kDumpMaxBytes) {
    const std::size_t n = std::fread(buf.data(), 1, buf.size(), f);
    bytes.insert(bytes.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    if (n < buf.size()) break;
  }
  if (std::ferror(f)) return fail(name, "read error");
  if (bytes.size() > kDumpMaxBytes)
    return fail(name, fmt::format("more than the {} byte (16 MiB) cap", kDumpMaxBytes));
  Output out(o.common.format == Format::json, o.file, bytes.size());
  const std::span<const std::uint8_t> all(bytes);
  for (std::size_t at = 0; at < all.size(); at += kChunk)
    out.bytes(all.subspan(at, std::min(kChunk, all.size() - at)));
  out.finish();
  return out.ok() ? Exit::ok : fail(name, "could not write the output");
}

}  // namespace

Exit run_dump(const DumpOptions& o) {
  if (o.file == "-") return read_then_dump(o, stdin, "standard input");
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(o.file, ec);
  if (ec) return fail(o.file, ec.message());
  if (fs::is_directory(st)) return fail(o.file, "is a directory, not a file");
  std::uintmax_t size = 0;
  const bool regular = fs::is_regular_file(st);
  if (regular) {
    size = fs::file_size(o.file, ec);
    if (ec) return fail(o.file, ec.message());
    if (size > kDumpMaxBytes) return fail(o.file, over_cap(size));
  }
  std::FILE* f = std::fopen(o.file.c_str(), "rb");
  if (f == nullptr) return fail(o.file, std::generic_category().message(errno));
  const Exit result = regular ? stream_file(o, f, size) : read_then_dump(o, f, o.file);
  std::fclose(f);
  return result;
}

}  // namespace wfpredir::cli
