// Unit tests for run/blob_save: a file under its final name is always
// complete (written to a temporary name, then renamed), and --save keeps the
// first successful blob of each kind. run_query's use of it (and its exit 6)
// is tested in test_engine.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "run/blob_save.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace fs = std::filesystem;

namespace {

/// The names in \p dir.
std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("write_file_atomically replaces a file whole and reports the system's reason",
          "[blob_save]") {
  const auto dir = fs::temp_directory_path() / "wfpredir-test-atomic";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::vector<std::uint8_t> first(100, 1), second(10, 2);
  CHECK_FALSE(write_file_atomically(dir / "blob.bin", first));
  CHECK_FALSE(write_file_atomically(dir / "blob.bin", second));
  CHECK(fs::file_size(dir / "blob.bin") == 10);
  const auto missing = write_file_atomically(dir / "no-such-dir" / "blob.bin", second);
  REQUIRE(missing);
  CHECK_FALSE(missing->empty());
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
  CHECK(files == 1);
  fs::remove_all(dir);
}

TEST_CASE("save_blobs keeps the first successful blob of each kind and says where", "[blob_save]") {
  const auto dir = fs::temp_directory_path() / "wfpredir-test-save-blobs";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ConnectionReport r =
      report_of({with_final(QueryKind::records, Mode::sync, answer(1024, 10045, 0)),
                 with_final(QueryKind::records, Mode::event, answer(1024, 0, 3, {1, 2, 3})),
                 with_final(QueryKind::records, Mode::apc, answer(1024, 0, 2, {4, 5})),
                 with_final(QueryKind::context, Mode::sync, answer(1024, 0, 0))});
  r.index = 4;
  CHECK_FALSE(save_blobs(r, dir.string()));
  // The failed query and the empty context answer are not saved; of the two
  // records answers, the first.
  CHECK(names_in(dir) == std::vector<std::string>{"4.records.bin"});
  CHECK(fs::file_size(dir / "4.records.bin") == 3);
  CHECK_FALSE(r.queries[0].saved_to);
  REQUIRE(r.queries[1].saved_to);
  CHECK(*r.queries[1].saved_to == (dir / "4.records.bin").string());
  CHECK_FALSE(r.queries[2].saved_to);
  CHECK_FALSE(r.queries[3].saved_to);
  fs::remove_all(dir);
}

TEST_CASE("save_blobs stops at the first blob it cannot write, naming it", "[blob_save]") {
  const auto dir = fs::temp_directory_path() / "wfpredir-test-save-blobs-fail" / "missing";
  fs::remove_all(dir.parent_path());
  ConnectionReport r =
      report_of({with_final(QueryKind::records, Mode::sync, answer(1024, 0, 2, {1, 2}))});
  r.index = 1;
  const auto failure = save_blobs(r, dir.string());
  REQUIRE(failure);
  CHECK(failure->path == (dir / "1.records.bin").string());
  CHECK_FALSE(failure->reason.empty());
  CHECK_FALSE(r.queries[0].saved_to);
  CHECK_FALSE(fs::exists(dir));
}
