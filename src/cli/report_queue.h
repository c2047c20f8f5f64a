#pragma once
/// \file report_queue.h
/// The relay's reports on their way to standard output: a bounded queue and a
/// writer thread of their own, so that a reader that does not drain stdout
/// (`wfpredir relay ... | sleep 1000`) never holds up forwarding or
/// accepting. When the queue is full a report is dropped and counted.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

namespace wfpredir::cli {

class ReportQueue {
 public:
  /// \p capacity reports may wait; the writer writes each with write_out and flushes.
  explicit ReportQueue(std::size_t capacity);
  ~ReportQueue();
  ReportQueue(const ReportQueue&) = delete;
  ReportQueue& operator=(const ReportQueue&) = delete;

  /// Never blocks: queues \p text, or drops it (and counts it) when full.
  void push(std::string text);
  std::uint64_t dropped() const;
  /// Queues \p last (even when full) and waits up to \p wait_ms for the
  /// writer to write everything. true when it did (a write error is thrown
  /// here, OutputFailed); false when stdout is still blocked: the writer
  /// thread is then left behind, blocked in its write.
  bool finish(std::string last, long long wait_ms);

 private:
  void run();
  const std::size_t capacity_;
  mutable std::mutex m_;
  std::condition_variable more_, drained_;
  std::deque<std::string> queue_;
  std::uint64_t dropped_ = 0;
  bool closing_ = false, writing_ = false, done_ = false;
  std::exception_ptr error_;
  std::thread writer_;
};

}  // namespace wfpredir::cli
