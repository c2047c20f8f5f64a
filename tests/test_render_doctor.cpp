// Unit tests for render/render_doctor: doctor's JSON document (the loopback
// report embedded as the query JSON's object) and its text (the verdict last,
// the loopback report only with --verbose).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "render/render.h"
#include "render_samples.h"

using namespace wfpredir;
using namespace wfpredir::test;

TEST_CASE("doctor JSON embeds the loopback report as the query JSON's object", "[render]") {
  DoctorReport d;
  d.platform.os = Os::linux;
  d.platform.version = "6.1";
  d.loopback = full();
  d.capabilities.push_back(
      Capability{QueryKind::original_dst, Mode::sync, "error", "error 2 ENOENT"});
  d.verdict = "works";
  d.next_steps = {"one", "two"};
  const auto j = nlohmann::ordered_json::parse(render_doctor_json(d, Lang::en, "linux"));
  CHECK(j["command"] == "doctor");
  CHECK(j["system"]["os"] == "linux");
  CHECK(j["system"]["under_wine"] == false);
  CHECK(j["capabilities"][0]["status"] == "error");
  CHECK(j["next_steps"] == nlohmann::ordered_json({"one", "two"}));
  CHECK(!j.contains("setup_error"));
  CHECK(j["loopback"] ==
        nlohmann::ordered_json::parse(render_json(*d.loopback, Lang::en, "linux")));
  d.loopback.reset();
  d.setup_error = "no loopback";
  const auto none = nlohmann::json::parse(render_doctor_json(d, Lang::fr, "linux"));
  CHECK(none["loopback"].is_null());
  CHECK(none["setup_error"] == "no loopback");
  const std::string text = render_doctor_text(d, Lang::fr, false);
  CHECK(text.find("verdict\u00a0: works") != std::string::npos);
  CHECK(text.find("ensuite\u00a0: one") != std::string::npos);
}

TEST_CASE("doctor text ends with its own verdict; the loopback report only with --verbose",
          "[render]") {
  DoctorReport d;
  d.platform.os = Os::linux;
  d.loopback = full();
  d.verdict = "TPROXY is not routed";
  d.verdict_code = "tproxy-without-route";
  d.next_steps = {"add the route"};
  d.inventory_findings = {InventoryFinding{"nat-tracking-missing", "no conntrack", ""},
                          InventoryFinding{"tproxy-without-route", "no route for the mark", ""}};
  const std::string brief = render_doctor_text(d, Lang::en, false);
  CHECK(brief.find("connection 7:") == std::string::npos);
  CHECK(brief.find("tproxy-without-route: no route") < brief.find("nat-tracking-missing"));
  CHECK(brief.substr(brief.rfind("verdict: ")) ==
        "verdict: TPROXY is not routed (tproxy-without-route)\nnext:    add the route\n");
  const std::string full_text = render_doctor_text(d, Lang::en, false, true);
  CHECK(full_text.find("connection 7:") < full_text.find("findings:"));
  CHECK(full_text.substr(full_text.rfind("next:")) == "next:    add the route\n");
}
