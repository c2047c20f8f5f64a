#pragma once
/// \file box.h
/// Box<T>: an optional T kept on the heap. For a report's rarely filled,
/// large members: absent, it costs one pointer instead of the whole T, which
/// matters where a report is kept per open connection (the relay keeps each
/// connection's report until it ends; docs/relay.md, "Memory per idle
/// connection"). It copies deeply and reads like std::optional.
#include <memory>
#include <optional>
#include <utility>

namespace wfpredir {

template <class T>
class Box {
 public:
  Box() = default;
  Box(std::nullopt_t) {}                                 // NOLINT: reads as optional's
  Box(const T& v) : p_(std::make_unique<T>(v)) {}        // NOLINT
  Box(T&& v) : p_(std::make_unique<T>(std::move(v))) {}  // NOLINT
  Box(const std::optional<T>& v) : p_(v ? std::make_unique<T>(*v) : nullptr) {}        // NOLINT
  Box(std::optional<T>&& v) : p_(v ? std::make_unique<T>(std::move(*v)) : nullptr) {}  // NOLINT
  Box(const Box& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  ~Box() = default;

  explicit operator bool() const { return p_ != nullptr; }
  bool has_value() const { return p_ != nullptr; }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  /// The value, or nullptr when absent (what a reader that takes a pointer wants).
  const T* get() const { return p_.get(); }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace wfpredir
