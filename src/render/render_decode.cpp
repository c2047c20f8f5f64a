// Output of the decoders (decode.h) next to the raw bytes: text lines under a
// hex dump, and the JSON members `fingerprint` and `decoded`. Every decoding
// is labelled as what it is (layout, offsets, "heuristic").
#include <fmt/format.h>

#include <iterator>

#include "render/render.h"
#include "render/render_json_writer.h"
#include "text/hexdump.h"
#include "text/i18n.h"

namespace wfpredir {

std::string render_decodings_text(QueryKind kind, std::span<const std::uint8_t> data,
                                  const std::vector<Decoding>& decodings, std::string_view pad) {
  std::string out;
  if (kind == QueryKind::records)
    out += std::string(pad) + trf("records: {} bytes, opaque by contract; fingerprint {} (first "
                                  "16 hex digits of SHA-256)\n",
                                  data.size(), records_fingerprint(data));
  if (kind != QueryKind::records && decodings.empty())
    out += std::string(pad) + std::string(tr("decoded: no known layout\n"));
  for (const Decoding& d : decodings) {
    out += std::string(pad) +
           trf(d.heuristic ? "decoded (heuristic): {}\n" : "decoded: {}\n", d.layout);
    for (const DecodedField& f : d.fields)
      out += std::string(pad) +
             trf("  {:<24} {:<28} bytes {}-{}\n", f.name, f.value, f.offset, f.offset + f.size - 1);
    if (!d.note.empty()) out += std::string(pad) + trf("  note: {}\n", d.note);
  }
  return out;
}

namespace json {

template <class W>
void write_decodings(W& w, QueryKind kind, std::span<const std::uint8_t> data,
                     const std::vector<Decoding>& decodings) {
  if (kind == QueryKind::records) field(w, "fingerprint", records_fingerprint(data));
  key(w, "decoded");
  w.StartArray();
  for (const Decoding& d : decodings) {
    w.StartObject();
    field(w, "layout", d.layout);
    key(w, "heuristic");
    w.Bool(d.heuristic);
    key(w, "fields");
    w.StartArray();
    for (const DecodedField& f : d.fields) {
      w.StartObject();
      field(w, "name", f.name);
      key(w, "offset");
      w.Uint64(f.offset);
      key(w, "size");
      w.Uint64(f.size);
      field(w, "value", f.value);
      w.EndObject();
    }
    w.EndArray();
    if (!d.note.empty()) field(w, "note", d.note);
    w.EndObject();
  }
  w.EndArray();
}

template void write_decodings(Compact&, QueryKind, std::span<const std::uint8_t>,
                              const std::vector<Decoding>&);
template void write_decodings(Pretty&, QueryKind, std::span<const std::uint8_t>,
                              const std::vector<Decoding>&);

}  // namespace json

std::string render_dump_decoded_text(BlobKind kind, std::span<const std::uint8_t> data) {
  std::string out = "\n";
  switch (kind) {
    case BlobKind::records:
      return out + render_decodings_text(QueryKind::records, data, {}, "");
    case BlobKind::context:
      return out + render_decodings_text(QueryKind::context, data, decode_context(data), "");
    case BlobKind::original_dst:
      // A saved original destination may come from either system.
      return out + render_decodings_text(QueryKind::original_dst, data,
                                         decode_original_dst_any(data), "");
    case BlobKind::unknown:
      break;
  }
  out +=
      tr("(the file name does not say which query the blob came from: every decoder was "
         "tried)\n");
  out += tr("as records:\n");
  out += render_decodings_text(QueryKind::records, data, {}, "  ");
  out += tr("as a context:\n");
  out += render_decodings_text(QueryKind::context, data, decode_context(data), "  ");
  out += tr("as an original destination:\n");
  out += render_decodings_text(QueryKind::original_dst, data, decode_original_dst_any(data), "  ");
  return out;
}

std::string render_dump_decoded_json(std::string_view file, BlobKind kind,
                                     std::span<const std::uint8_t> data) {
  json::Buffer buffer(nullptr, json::kBufferCapacity);
  json::Compact w(buffer);
  w.StartObject();
  json::write_header(w, "dump");
  json::field(w, "file", file);
  json::key(w, "size");
  w.Uint64(data.size());
  json::field(w, "hex", hex_string(data));
  static constexpr std::string_view kKinds[] = {"records", "context", "original-dst", "unknown"};
  static_assert(std::size(kKinds) == static_cast<std::size_t>(BlobKind::unknown) + 1,
                "one JSON name per BlobKind");
  json::field(w, "kind", kKinds[static_cast<int>(kind)]);
  std::vector<Decoding> ds;
  if (kind == BlobKind::context || kind == BlobKind::unknown) ds = decode_context(data);
  if (kind == BlobKind::original_dst || kind == BlobKind::unknown)
    for (Decoding& d : decode_original_dst_any(data)) ds.push_back(std::move(d));
  json::write_decodings(w,
                        kind == BlobKind::records || kind == BlobKind::unknown ? QueryKind::records
                                                                               : QueryKind::context,
                        data, ds);
  w.EndObject();
  return json::text(buffer);
}

}  // namespace wfpredir
