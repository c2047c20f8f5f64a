// JSON strings for the shared writer (render_json_writer.h): keys and texts
// copied as they are when they need no escaping (checked 16 bytes at a time
// with SSE2 where there is SSE2), RapidJSON's escaping otherwise, and invalid
// UTF-8 replaced by U+FFFD so that every document stays valid JSON.
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cassert>
#include <cstring>
#include <string>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define WFPREDIR_SSE2 1
#endif

#include "render/render_json_writer.h"

namespace wfpredir::json {
namespace {

// A RapidJSON input stream over a byte range that reads '\0' past its end, so
// the decoder stops on a sequence cut short by the end of the text.
struct Bytes {
  using Ch = char;
  const char* p;
  const char* end;
  Ch Peek() const { return p < end ? *p : '\0'; }
  Ch Take() {
    const Ch c = Peek();
    ++p;
    return c;
  }
};

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Whether the text can stand between quotes as it is: ASCII, no control
// character, no quote, no backslash. Sixteen bytes at a time with SSE2 (every
// x86-64 processor), else eight ("Bit Twiddling Hacks", hasless and haszero:
// exact as a yes/no answer for bytes below 0x80); the last bytes are padded
// with spaces, which are plain.
bool is_plain(std::string_view s) {
  std::size_t i = 0;
#ifdef WFPREDIR_SSE2
  // As signed bytes, 0x80-0xff are negative: one comparison finds them and
  // the control characters.
  const __m128i below = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
                backslash = _mm_set1_epi8('\\');
  const auto bad16 = [&](const char* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit =
        _mm_or_si128(_mm_cmplt_epi8(v, below),
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    return _mm_movemask_epi8(hit) != 0;
  };
  for (; i + 16 <= s.size(); i += 16)
    if (bad16(s.data() + i)) return false;
  if (i == s.size()) return true;
  char last[16];
  std::memset(last, ' ', sizeof last);
  std::memcpy(last, s.data() + i, s.size() - i);
  return !bad16(last);
#else
  constexpr std::uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
  const auto has_less = [](std::uint64_t x, std::uint64_t n) { return (x - ones * n) & ~x & high; };
  const auto has = [&](std::uint64_t x, std::uint64_t c) { return has_less(x ^ (ones * c), 1); };
  const auto bad8 = [&](std::uint64_t x) {
    return ((x & high) | has_less(x, 0x20) | has(x, '"') | has(x, '\\')) != 0;
  };
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    if (bad8(x)) return false;
  }
  if (i == s.size()) return true;
  std::uint64_t x = ones * ' ';
  std::memcpy(&x, s.data() + i, s.size() - i);
  return !bad8(x);
#endif
}

// Whether every byte is below 0x80, eight at a time.
bool is_ascii(std::string_view s) {
  std::size_t i = 0;
  std::uint64_t high = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    high |= word;
  }
  high &= 0x8080808080808080u;
  for (; i < s.size(); ++i) high |= static_cast<unsigned char>(s[i]) & 0x80u;
  return high == 0;
}

// The text with each invalid UTF-8 sequence (RapidJSON's decoder decides what
// is valid) replaced by one U+FFFD, together with the continuation bytes that
// follow it.
std::string replace_invalid(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p < end) {
    Bytes in{p, end};
    unsigned codepoint = 0;
    if (rapidjson::UTF8<>::Decode(in, &codepoint) && in.p <= end) {
      out.append(p, in.p);
      p = in.p;
      continue;
    }
    out += "\xEF\xBF\xBD";
    ++p;
    while (p < end && is_continuation(*p)) ++p;
  }
  return out;
}

}  // namespace

// The separator and opening quote from the writer, then the text as it is.
template <class W>
void write_plain(W& w, std::string_view s) {
  w.RawValue("\"", 1, rapidjson::kStringType);
  Buffer& out = w.buffer();
  if (!s.empty()) std::memcpy(out.Push(s.size()), s.data(), s.size());
  out.Put('"');
}

template <class W>
void key(W& w, std::string_view k) {
  assert(is_plain(k));
  write_plain(w, k);
}

template <class W>
void string(W& w, std::string_view s) {
  // Most texts (keys, our tables) need no escaping at all. RapidJSON's own
  // string writer then still costs some 25 instructions a byte (measured with
  // callgrind), most of a report's cost: the writer writes the separator and
  // the opening quote, and the text is copied after it.
  if (is_plain(s)) {
    write_plain(w, s);
    return;
  }
  // Our own texts are ASCII: check that first, and decode only what is not.
  if (is_ascii(s)) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  } else {
    const std::string valid = replace_invalid(s);
    w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
  }
}

template void key(Compact&, std::string_view);
template void key(Pretty&, std::string_view);
template void string(Compact&, std::string_view);
template void string(Pretty&, std::string_view);

}  // namespace wfpredir::json
