// The heap guard of the Windows backend's tests (win32_heap_guard.h): replaces
// the global operator new/delete of the test executable so that freeing an
// allocation that holds memory a fake provider may still write (an OVERLAPPED
// or an output buffer of a call in flight) is counted as a violation, and the
// allocation leaked rather than reused while the "kernel" writes into it. It
// can also make the next allocation on a thread fail, to drive the backend's
// bookkeeping into an exception while a call is pending.
#include "win32_heap_guard.h"

#include <malloc.h>
#include <windows.h>
#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::array<std::atomic<const void*>, 256> g_watched{};
std::atomic<int> g_violations{0};
std::atomic<DWORD> g_fail_thread{0};

bool holds_watched(const void* p) {
  const auto* begin = static_cast<const char*>(p);
  const auto* end = begin + _msize(const_cast<void*>(p));
  for (const auto& w : g_watched) {
    const auto* q = static_cast<const char*>(w.load(std::memory_order_acquire));
    if (q != nullptr && q >= begin && q < end) return true;
  }
  return false;
}

void* allocate(std::size_t n) {
  if (g_fail_thread.load() != 0) {
    DWORD me = GetCurrentThreadId();
    if (g_fail_thread.compare_exchange_strong(me, 0)) throw std::bad_alloc();
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}

void release(void* p) noexcept {
  if (p == nullptr) return;
  if (holds_watched(p)) {
    ++g_violations;
    return;  // leaked: the fake may still write there
  }
  std::free(p);
}

}  // namespace

namespace wfpredir::test::heap {

void watch(const void* p) {
  for (auto& w : g_watched) {
    const void* empty = nullptr;
    if (w.compare_exchange_strong(empty, p)) return;
  }
  FAIL("heap guard: more than 256 watched addresses");
}

void unwatch(const void* p) {
  for (auto& w : g_watched) {
    const void* expected = p;
    if (w.compare_exchange_strong(expected, nullptr)) return;
  }
}

int violations() { return g_violations.load(); }

void fail_next_allocation_on_this_thread() { g_fail_thread.store(GetCurrentThreadId()); }

}  // namespace wfpredir::test::heap

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
