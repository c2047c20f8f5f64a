// --save (see blob_save.h). Standard library only: the rename is
// std::filesystem's, which replaces an existing file on both systems.
#include "run/blob_save.h"
#include "text/i18n.h"

#include <fmt/format.h>

#include <cerrno>
#include <fstream>
#include <random>
#include <system_error>

namespace wfpredir {
namespace {

std::string errno_text(int err, std::string_view fallback) {
  return err != 0 ? std::generic_category().message(err) : std::string(tr(fallback));
}

}  // namespace

std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 std::span<const std::uint8_t> data) {
  namespace fs = std::filesystem;
  // A name no other run picks: two runs saving into one directory must not
  // write into each other's temporary file.
  std::random_device random;
  const fs::path temp =
      path.parent_path() / fmt::format(".{}.{:08x}.tmp", path.filename().string(), random());
  std::optional<std::string> problem;
  {
    errno = 0;
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return errno_text(errno, "cannot be created");
    errno = 0;
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) problem = errno_text(errno, "write failed");
    out.close();
    if (!problem && !out) problem = errno_text(errno, "write failed");
  }
  std::error_code ec;
  if (!problem) {
    fs::rename(temp, path, ec);
    if (ec) problem = ec.message();
  }
  if (problem) fs::remove(temp, ec);
  return problem;
}

std::optional<SaveFailure> save_blobs(ConnectionReport& report, const std::string& dir) {
  for (QueryKind kind : {QueryKind::records, QueryKind::context, QueryKind::original_dst}) {
    for (QueryResult& q : report.queries) {
      if (q.kind != kind || !q.succeeded() || q.final_attempt()->data.empty()) continue;
      const auto path =
          std::filesystem::path(dir) / fmt::format("{}.{}.bin", report.index, to_string(kind));
      if (auto problem = write_file_atomically(path, q.final_attempt()->data))
        return SaveFailure{path.string(), *problem};
      q.saved_to = path.string();
      break;
    }
  }
  return std::nullopt;
}

}  // namespace wfpredir
