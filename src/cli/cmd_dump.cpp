// `wfpredir dump FILE|-`: a blob as `hexdump -C` prints it, or as JSON, and
// with --decode the decoders' reading of it (decode.h) after the dump. The
// output is streamed: a file is read and written a chunk at a time, so memory
// stays the same whatever its size (--decode holds the blob, at most 16 MiB).
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

#include "cli/commands.h"
#include "parse/decode.h"
#include "platform/system.h"
#include "render/render.h"
#include "text/hexdump.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir::cli {
namespace {

constexpr std::size_t kChunk = 64 * 1024;  // a multiple of the 16-byte line

Exit fail(const std::string& file, const std::string& why) {
  say_error(trf("dump: {}: {}", visible(file), visible(why)));
  return Exit::input_error;
}

std::string over_cap(std::uintmax_t size) {
  return trf(
      "is {} bytes, over the {} byte (16 MiB) cap; redirect blobs are far smaller, is this the "
      "right file?",
      size, kDumpMaxBytes);
}

// Writes one output format a chunk at a time; write_out() reports a failed
// write (exit 9) the way every command does.
class Output {
 public:
  Output(const Common& c, const std::string& file, std::uintmax_t size)
      : json_(c.format == Format::json) {
    if (json_) text_ = render_dump_json_envelope(file, size, tail_, c.pretty);
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

 private:
  void flush() {
    write_out(text_);
    text_.clear();  // keeps its capacity: one chunk's worth of output
  }
  bool json_;
  HexdumpCanonical dump_;
  std::string text_, tail_;
};

// A file whose size is known up front is streamed: its size goes into the
// JSON before its bytes, and the cap is checked before any output.
Exit stream_file(const DumpOptions& o, std::FILE* f, std::uintmax_t size) {
  Output out(o.common, o.file, size);
  std::vector<std::uint8_t> buf(kChunk);
  std::uintmax_t total = 0;
  for (;;) {
    const std::size_t n = std::fread(buf.data(), 1, buf.size(), f);
    total += n;
    if (total > size)
      return fail(o.file, std::string(tr("grew while it was read; the output above is cut short")));
    out.bytes({buf.data(), n});
    if (n < buf.size()) break;
  }
  if (std::ferror(f)) return fail(o.file, std::string(tr("read error")));
  if (total != size)
    return fail(o.file, std::string(tr("shrank while it was read; the output above is cut short")));
  out.finish();
  return Exit::ok;
}

// Reads to the end, at most the cap plus one byte, so an oversized stream is
// refused before anything is printed.
bool read_capped(std::FILE* f, std::vector<std::uint8_t>& bytes) {
  std::vector<std::uint8_t> buf(kChunk);
  while (bytes.size() <= kDumpMaxBytes) {
    const std::size_t n = std::fread(buf.data(), 1, buf.size(), f);
    bytes.insert(bytes.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    if (n < buf.size()) break;
  }
  return std::ferror(f) == 0;
}

// Standard input (or a pipe, a device) has no size up front, and --decode
// needs the whole blob: read it (bounded by the cap), then write it out.
Exit read_then_dump(const DumpOptions& o, std::FILE* f, const std::string& name) {
  std::vector<std::uint8_t> bytes;
  if (!read_capped(f, bytes)) return fail(name, std::string(tr("read error")));
  if (bytes.size() > kDumpMaxBytes)
    return fail(name, trf("more than the {} byte (16 MiB) cap", kDumpMaxBytes));
  const BlobKind kind = blob_kind_from_name(o.file);
  if (o.decode && o.common.format == Format::json) {
    write_out(json_document(render_dump_decoded_json(o.file, kind, bytes), o.common));
    return Exit::ok;
  }
  Output out(o.common, o.file, bytes.size());
  const std::span<const std::uint8_t> all(bytes);
  for (std::size_t at = 0; at < all.size(); at += kChunk)
    out.bytes(all.subspan(at, std::min(kChunk, all.size() - at)));
  out.finish();
  if (o.decode) write_out(render_dump_decoded_text(kind, bytes));
  return Exit::ok;
}

}  // namespace

Exit run_dump(const DumpOptions& o) {
  if (o.file == "-") return read_then_dump(o, stdin, std::string(tr("standard input")));
  namespace fs = std::filesystem;
  // The name is UTF-8 on every platform; a path built from char would be read
  // in the ANSI code page on Windows.
  const fs::path path(std::u8string(o.file.begin(), o.file.end()));
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec) return fail(o.file, ec.message());
  if (fs::is_directory(st)) return fail(o.file, std::string(tr("is a directory, not a file")));
  std::uintmax_t size = 0;
  const bool regular = fs::is_regular_file(st);
  if (regular) {
    size = fs::file_size(path, ec);
    if (ec) return fail(o.file, ec.message());
    if (size > kDumpMaxBytes) return fail(o.file, over_cap(size));
  }
  std::FILE* f = open_for_reading(o.file);
  if (f == nullptr) return fail(o.file, std::generic_category().message(errno));
  // Closed on every path, a failed write's exception included.
  struct Closer {
    std::FILE* f;
    ~Closer() { std::fclose(f); }
  } closer{f};
  return regular && !o.decode ? stream_file(o, f, size) : read_then_dump(o, f, o.file);
}

}  // namespace wfpredir::cli
