#pragma once
// The heap guard of the Windows backend's tests, defined in
// win32_heap_guard.cpp, which replaces operator new/delete in the test
// executable. A watched address is memory the system may still write:
// freeing the allocation that holds it is a violation, counted, and the
// allocation is leaked instead so the test goes on safely.

namespace wfpredir::test::heap {

void watch(const void* p);
void unwatch(const void* p);
/// Frees of watched memory since the program started.
int violations();
/// The next operator new on this thread throws std::bad_alloc.
void fail_next_allocation_on_this_thread();

}  // namespace wfpredir::test::heap
