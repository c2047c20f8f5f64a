#pragma once
/// \file blob_save.h
/// --save: writes blobs so that a file under its final name is always
/// complete: each is written to a temporary name in the same directory, then
/// renamed over the final one.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "model/report.h"

namespace wfpredir {

/// Writes \p data to \p path through a temporary file in the same directory
/// and a rename. Returns nullopt on success, else the system's reason; on
/// failure \p path is untouched and the temporary file is removed.
std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 std::span<const std::uint8_t> data);

/// A blob that could not be saved.
struct SaveFailure {
  std::string path;
  std::string reason;  ///< the system's words
};

/// Saves the first successful blob of each kind as DIR/<n>.<kind>.bin and
/// records each file in its query's `saved_to`. Stops at the first failure.
std::optional<SaveFailure> save_blobs(ConnectionReport& report, const std::string& dir);

}  // namespace wfpredir
