// Unit tests for render/render_udp: a `query --udp` report as text and JSON,
// in English and French, and the words of each mechanism a backend names.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analysis/udp_verdict.h"
#include "render/render_udp.h"
#include "text/i18n.h"
#include "udp_report_builder.h"

using namespace wfpredir;
using wfpredir::test::put_records;
using wfpredir::test::windows_udp_report;

TEST_CASE("UDP JSON carries the socket, the datagram and each control message", "[udp][render]") {
  UdpReport r = windows_udp_report();
  put_records(r);
  r.datagram.control.insert(r.datagram.control.end(), {1, 2, 3});  // a cut header after it
  conclude_udp(r, {});
  const std::string doc = render_udp_json(r, Lang::en, "windows");
  // The header first (docs/schema/README.md).
  CHECK_THAT(doc, Catch::StartsWith(R"({"schema_version":1,"type":"datagram",)"));
  const auto j = nlohmann::json::parse(doc);
  CHECK(j["protocol"] == "udp");
  CHECK(j["socket"]["options"][0]["name"] == "IP_WFP_REDIRECT_RECORDS");
  CHECK(j["socket"]["options"][0]["level_name"] == "IPPROTO_IP");
  CHECK(j["socket"]["options"][0]["ok"] == true);
  CHECK(j["datagram"]["source"] == "127.0.0.1:40000");
  CHECK(j["datagram"]["size"] == 5);
  CHECK(j["datagram"]["control_length"] == 59);
  const auto& ms = j["control_messages"];
  REQUIRE(ms.size() == 2);
  CHECK(ms[0]["type_name"] == "IP_WFP_REDIRECT_RECORDS");
  CHECK(ms[0]["length"] == 56);
  CHECK(ms[0]["data_length"] == 40);
  CHECK(ms[0]["data_hex"].get<std::string>().substr(0, 4) == "abab");
  CHECK(ms[0]["fingerprint"].get<std::string>().size() == 16);
  CHECK(ms[1]["problem"] == "truncated-header");
  CHECK(ms[1]["bytes_left"] == 3);
  CHECK(j["verdict"] == "redirected");

  const std::string text = render_udp_text(r, TextStyle{});
  CHECK_THAT(text, Catch::Contains("type IP_WFP_REDIRECT_RECORDS (60), length 56, 40 data bytes"));
  CHECK_THAT(text, Catch::Contains("truncated header, 3 bytes left"));
  CHECK_THAT(text, Catch::Contains("fingerprint"));
  CHECK_THAT(text, Catch::Contains("verdict: redirected"));
}

TEST_CASE("UDP JSON errors carry the catalog's meaning, in the run's language", "[udp][render]") {
  UdpReport r = windows_udp_report(10042);
  r.datagram.error = 10045;
  conclude_udp(r, {});
  const auto en = nlohmann::json::parse(render_udp_json(r, Lang::en, "windows"));
  const auto fr = nlohmann::json::parse(render_udp_json(r, Lang::fr, "windows"));
  const auto& option = en["socket"]["options"][0]["error"];
  CHECK(option["name"] == "WSAENOPROTOOPT");
  CHECK(option["documented"] == false);
  CHECK_THAT(option["meaning"].get<std::string>(), Catch::Contains("socket call"));
  const auto& receive = en["datagram"]["error"];
  CHECK(receive["name"] == "WSAEOPNOTSUPP");
  // Not the records control code's table: setsockopt and the receive are not it.
  CHECK_THAT(receive["meaning"].get<std::string>(), !Catch::Contains("SIO_QUERY_WFP"));
  CHECK_FALSE(receive["meaning"].get<std::string>().empty());
  CHECK(fr["datagram"]["error"]["meaning"] != receive["meaning"]);
  CHECK_THAT(fr["datagram"]["error"]["meaning"].get<std::string>(),
             Catch::Contains("appel de socket"));
}

TEST_CASE("UDP text in French: labels, the verdict in words, the reason", "[udp][render][i18n]") {
  UdpReport r = windows_udp_report();
  put_records(r);
  conclude_udp(r, {});  // the reason is a value: the renderer words it in French
  const std::string fr = render_udp_text(r, TextStyle{false, false, Lang::fr});
  CHECK_THAT(fr, Catch::StartsWith("datagramme 1\u00a0: udp ipv4, sync\n"));
  CHECK_THAT(fr, Catch::Contains(": les messages de contrôle de redirection WFP"));
  CHECK_THAT(fr, Catch::Contains("  de 127.0.0.1:40000, 5 octets, indicateurs 0x0\n"));
  CHECK_THAT(fr, Catch::Contains("longueur 56, 40 octets de données"));
  CHECK_THAT(fr, Catch::Contains("verdict\u00a0: redirigée (le premier datagramme portait "
                                 "IP_WFP_REDIRECT_RECORDS (40 octets))"));
}

TEST_CASE("every UDP mechanism has its phrase, in French through the catalog", "[udp][i18n]") {
  // A backend names its mechanism by value (platform/*/udp.cpp); the phrase
  // is written once, in udp_mechanism_text. Reworded there without its French
  // entry, the French stays English and this fails (as does tests/i18n/lint.py).
  for (int i = 0; i < static_cast<int>(UdpMechanism::count); ++i) {
    const auto m = static_cast<UdpMechanism>(i);
    const std::string_view en = udp_mechanism_text(m, Lang::en);
    const std::string_view fr = udp_mechanism_text(m, Lang::fr);
    INFO("mechanism " << i << ": " << en);
    CHECK_FALSE(en.empty());
    CHECK(fr != en);
    CHECK(fr == tr(Lang::fr, en));
    UdpReport r = windows_udp_report();
    r.socket.mechanism = m;
    CHECK_THAT(render_udp_text(r, TextStyle{false, false, Lang::fr}),
               Catch::Contains(std::string(fr)));
    const auto j = nlohmann::json::parse(render_udp_json(r, Lang::fr, "windows"));
    CHECK(j["socket"]["mechanism"] == en);
  }
}
