// The relay's report writer (report_queue.h).
#include "cli/report_queue.h"

#include <chrono>

#include "cli/commands.h"

namespace wfpredir::cli {

ReportQueue::ReportQueue(std::size_t capacity) : capacity_(capacity) {
  writer_ = std::thread([this] { run(); });
}

ReportQueue::~ReportQueue() {
  {
    std::lock_guard lock(m_);
    closing_ = true;
  }
  more_.notify_all();
  // Blocked in a write that will not return: left to the process's end.
  if (writer_.joinable()) {
    std::unique_lock lock(m_);
    if (writing_ || !queue_.empty())
      writer_.detach();
    else {
      lock.unlock();
      writer_.join();
    }
  }
}

void ReportQueue::push(std::string text) {
  {
    std::lock_guard lock(m_);
    if (queue_.size() >= capacity_) {
      ++dropped_;
      return;
    }
    queue_.push_back(std::move(text));
  }
  more_.notify_one();
}

std::uint64_t ReportQueue::dropped() const {
  std::lock_guard lock(m_);
  return dropped_;
}

bool ReportQueue::finish(std::string last, long long wait_ms) {
  std::unique_lock lock(m_);
  queue_.push_back(std::move(last));
  closing_ = true;
  more_.notify_one();
  const bool written =
      drained_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return done_; });
  if (!written) return false;
  lock.unlock();
  writer_.join();
  if (error_) std::rethrow_exception(error_);
  return true;
}

void ReportQueue::run() {
  std::unique_lock lock(m_);
  for (;;) {
    more_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) break;
    std::string text = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    lock.unlock();
    try {
      if (!error_) {
        write_out(text);
        flush_out();
      }
    } catch (...) {
      error_ = std::current_exception();  // kept for finish(); later reports are dropped
    }
    lock.lock();
    writing_ = false;
  }
  done_ = true;
  drained_.notify_all();
}

}  // namespace wfpredir::cli
