#pragma once
/// \file owned.h
/// One movable owner for every OS resource the backends hold: a file
/// descriptor, a SOCKET, a HANDLE. The traits name the invalid value and how
/// to close; the owner closes exactly once and can hand the value back with
/// release(). No OS header here: each backend defines its traits.

#include <utility>

namespace wfpredir {

/// \p Traits: `using value_type = ...; static value_type invalid();
/// static void close(value_type);`
template <class Traits>
class Owned {
 public:
  using value_type = typename Traits::value_type;

  Owned() = default;
  explicit Owned(value_type v) : v_(v) {}
  Owned(Owned&& other) noexcept : v_(std::exchange(other.v_, Traits::invalid())) {}
  Owned& operator=(Owned&& other) noexcept {
    if (this != &other) reset(std::exchange(other.v_, Traits::invalid()));
    return *this;
  }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  ~Owned() { reset(); }

  value_type get() const { return v_; }
  explicit operator bool() const { return v_ != Traits::invalid(); }
  /// Closes what is held (if anything) and holds \p v instead.
  void reset(value_type v = Traits::invalid()) {
    if (v_ != Traits::invalid()) Traits::close(v_);
    v_ = v;
  }
  /// Gives up ownership without closing.
  [[nodiscard]] value_type release() { return std::exchange(v_, Traits::invalid()); }

 private:
  value_type v_ = Traits::invalid();
};

}  // namespace wfpredir
