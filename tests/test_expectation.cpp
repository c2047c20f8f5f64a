// Unit tests for analysis/expectation: parsing --expect and checking it against
// a report.
#include <catch2/catch.hpp>

#include "analysis/expectation.h"
#include "support.h"

using namespace wfpredir;
using namespace wfpredir::test;

TEST_CASE("parse_expectation reads the three forms", "[expect]") {
  CHECK(parse_expectation("redirected")->kind == Expectation::Kind::redirected);
  CHECK(parse_expectation("not-redirected")->kind == Expectation::Kind::not_redirected);
  const auto named = parse_expectation("error:WSAEOPNOTSUPP");
  REQUIRE(named);
  CHECK(named->kind == Expectation::Kind::error);
  CHECK(named->code == 10045);
  CHECK(named->domain == ErrorDomain::windows);
  CHECK(named->text == "error:WSAEOPNOTSUPP");
  // Linux names, as the Linux report prints them.
  CHECK(parse_expectation("error:ENOENT")->code == 2);
  CHECK(parse_expectation("error:ENOENT")->domain == ErrorDomain::posix);
  CHECK(parse_expectation("error:enoprotoopt")->code == 92);
  // A number is read in either domain.
  CHECK(parse_expectation("error:2")->code == 2);
  CHECK_FALSE(parse_expectation("error:2")->domain.has_value());
  CHECK(parse_expectation("error:0x273D")->code == 10045);
}

TEST_CASE("parse_expectation says why it rejects", "[expect]") {
  std::string why;
  CHECK_FALSE(parse_expectation("error:99999999999", &why));
  CHECK(why.find("out of range") != std::string::npos);
  CHECK_FALSE(parse_expectation("error:NOT_A_NAME", &why));
  CHECK(why.find("neither a number") != std::string::npos);
  CHECK_FALSE(parse_expectation("error:", &why));
  CHECK(why == "'' is empty, not an error code");
  CHECK_FALSE(parse_expectation("", &why));
  CHECK(why == "the expectation is empty");
  CHECK_FALSE(parse_expectation("maybe", &why));
  CHECK(why.find("redirected, not-redirected or error:NAME") != std::string::npos);
}

TEST_CASE("expect error:NAME checks the redirect queries' final errors", "[expect]") {
  auto r = report_of({with_final(QueryKind::records, Mode::sync, answer(1024, 10045, 0)),
                      with_final(QueryKind::original_dst, Mode::sync, answer(1024, 10042, 0))});
  CHECK(expectation_held(r, *parse_expectation("error:WSAEOPNOTSUPP")) == true);
  CHECK(expectation_held(r, *parse_expectation("error:10042")) == false);
  CHECK_FALSE(expectation_held(r, Expectation{}).has_value());
}

TEST_CASE("expect error:ENOENT holds for conntrack's ENOENT and not for Windows' 2", "[expect]") {
  // Linux: only the original destination ran, and it decides.
  auto linux_report = report_of(
      {with_final(QueryKind::original_dst, Mode::sync, answer(16, 2, 0, {}, ErrorDomain::posix))});
  CHECK(expectation_held(linux_report, *parse_expectation("error:ENOENT")) == true);
  CHECK(expectation_held(linux_report, *parse_expectation("error:2")) == true);
  CHECK(expectation_held(linux_report, *parse_expectation("error:ERROR_FILE_NOT_FOUND")) == false);
  auto windows_report = report_of({with_final(QueryKind::records, Mode::sync, answer(1024, 2, 0))});
  CHECK(expectation_held(windows_report, *parse_expectation("error:ENOENT")) == false);
  CHECK(expectation_held(windows_report, *parse_expectation("error:ERROR_FILE_NOT_FOUND")) == true);
}

TEST_CASE("expect redirected and not-redirected compare the verdict", "[expect]") {
  ConnectionReport r;
  r.verdict = Verdict::not_redirected;
  CHECK(expectation_held(r, *parse_expectation("not-redirected")) == true);
  CHECK(expectation_held(r, *parse_expectation("redirected")) == false);
  r.verdict = Verdict::unsupported;
  CHECK(expectation_held(r, *parse_expectation("not-redirected")) == false);
}
