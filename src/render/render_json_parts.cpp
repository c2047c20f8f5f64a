// The pieces of JSON that `query`, `query --udp` and `relay` share
// (render_json_writer.h): the error object with the catalog's words, the
// calls array and the completion routine's object, written once for the
// three documents.
#include <fmt/format.h>

#include <deque>
#include <mutex>
#include <vector>

#include "platform/system.h"
#include "render/render_json_writer.h"
#include "render/render_note.h"

namespace wfpredir::json {

// explain() asks the system for its text (strerror; FormatMessageW on Windows,
// a round trip to the wineserver under Wine) and builds seven strings; a
// `query --count N` run meets the same few codes on every connection. The
// answer for a code does not change during a run, so the last few are kept,
// for every thread (the relay renders on its workers). Not thread_local: with
// MinGW-w64's emulated TLS a thread_local object with a destructor is freed
// twice at thread exit (seen as a crash in ntdll's heap when the relay's
// workers ended under Wine).
Explanation explain_cached(ErrorDomain domain, int code, Lang lang, ErrorContext context) {
  struct Entry {
    ErrorDomain domain;
    int code;
    Lang lang;
    ErrorContext context;
    Explanation explanation;
  };
  constexpr std::size_t kKept = 16;  // a run sees two or three codes
  static std::mutex lock;
  static std::deque<Entry> kept;
  {
    std::lock_guard hold(lock);
    for (const Entry& e : kept)
      if (e.domain == domain && e.code == code && e.lang == lang && e.context == context)
        return e.explanation;
  }
  Explanation x = explain(domain, code, lang, context);
  x.system_text = system_error_text(domain, code);
  std::lock_guard hold(lock);
  if (kept.size() == kKept) kept.pop_front();
  kept.push_back(Entry{domain, code, lang, context, x});
  return x;
}

namespace {

template <class W>
void write_call(W& w, const CallRecord& c, bool with_out_size, Lang lang) {
  w.StartObject();
  field(w, "function", c.function);
  if (c.control_code) hex32(w, "control_code", *c.control_code);
  if (with_out_size && c.out_size) {
    key(w, "out_size");
    w.Uint(*c.out_size);
  }
  key(w, "ret");
  w.Int64(c.ret);
  key(w, "last_error");
  w.Int(c.error);
  if (c.bytes) {
    key(w, "bytes_returned_raw");
    w.Uint(*c.bytes);
  }
  key(w, "ms");
  w.Double(c.ms);
  if (!c.notes.empty()) field(w, "note", note_text(c.notes, lang));
  w.EndObject();
}

}  // namespace

template <class W>
void write_calls(W& w, std::span<const CallRecord> calls, bool with_out_size, Lang lang) {
  w.StartArray();
  for (const CallRecord& c : calls) write_call(w, c, with_out_size, lang);
  w.EndArray();
}

template <class W>
void write_apc(W& w, const ApcInfo& apc) {
  w.StartObject();
  key(w, "ran");
  w.Bool(apc.ran);
  key(w, "thread_id");
  w.Uint(apc.thread_id);
  key(w, "on_calling_thread");
  w.Bool(apc.on_calling_thread);
  key(w, "dw_error");
  w.Uint(apc.error);
  key(w, "cb_transferred");
  w.Uint(apc.bytes);
  key(w, "dw_flags");
  w.Uint(apc.flags);
  w.EndObject();
}

template void write_calls(Compact&, std::span<const CallRecord>, bool, Lang);
template void write_calls(Pretty&, std::span<const CallRecord>, bool, Lang);
template void write_apc(Compact&, const ApcInfo&);
template void write_apc(Pretty&, const ApcInfo&);

}  // namespace wfpredir::json
