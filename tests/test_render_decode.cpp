// Unit tests for render/render_decode: the decodings of a blob beside its raw
// bytes, in a connection's JSON and text, and in dump --decode.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "parse/decode.h"
#include "render/render.h"
#include "support.h"

using namespace wfpredir;

TEST_CASE("decodings sit next to the raw bytes, in JSON and text", "[render][decode]") {
  ConnectionReport r;
  r.connection = test::fake_connection_info();
  QueryResult ctx;
  ctx.kind = QueryKind::context;
  Attempt a;
  a.out_size = 1024;
  a.bytes = 256;
  a.data.assign(256, 0);
  a.data[0] = 2, a.data[2] = 0x01, a.data[3] = 0xbb, a.data[4] = 10, a.data[7] = 1;  // 10.0.0.1:443
  a.data[128] = 2, a.data[130] = 0x1f, a.data[131] = 0x90, a.data[132] = 127,
  a.data[135] = 1;  // 127.0.0.1:8080
  ctx.attempts.push_back(a);
  QueryResult rec;
  rec.kind = QueryKind::records;
  Attempt b;
  b.out_size = 1024;
  b.bytes = 3;
  b.data = {'a', 'b', 'c'};
  rec.attempts.push_back(b);
  r.queries = {rec, ctx};
  const auto j = nlohmann::json::parse(render_json(r, Lang::en, "windows"));
  CHECK(j["queries"][0]["fingerprint"] == "ba7816bf8f01cfea");
  CHECK(j["queries"][0]["decoded"] == nlohmann::json::array());
  const auto& d = j["queries"][1]["decoded"][0];
  CHECK(d["heuristic"] == true);
  CHECK(d["layout"].get<std::string>().find("WFPSampler") != std::string::npos);
  CHECK(d["fields"][0]["value"] == "10.0.0.1:443");
  CHECK(d["fields"][1]["offset"] == 128);
  CHECK(j["queries"][1]["hex"].get<std::string>().size() == 512);  // the raw bytes stay

  const std::string text =
      render_decodings_text(QueryKind::context, a.data, decode_context(a.data), "  ");
  CHECK_THAT(text, Catch::Contains("decoded (heuristic): WFPSampler") &&
                       Catch::Contains("10.0.0.1:443") && Catch::Contains("bytes 128-143"));
  CHECK_THAT(render_decodings_text(QueryKind::context, b.data, {}, ""),
             Catch::Contains("no known layout"));
  CHECK_THAT(render_dump_decoded_text(BlobKind::unknown, b.data),
             Catch::Contains("every decoder was tried"));
  const auto dj =
      nlohmann::json::parse(render_dump_decoded_json("x.bin", BlobKind::records, b.data));
  CHECK(dj["kind"] == "records");
  CHECK(dj["fingerprint"] == "ba7816bf8f01cfea");
}
