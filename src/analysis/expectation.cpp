// --expect: parsing and checking (see expectation.h).
#include "analysis/expectation.h"

#include "text/error_names.h"
#include "text/i18n.h"

namespace wfpredir {

std::optional<Expectation> parse_expectation(std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<Expectation> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  Expectation e;
  e.text = std::string(text);
  if (text == "redirected") {
    e.kind = Expectation::Kind::redirected;
  } else if (text == "not-redirected") {
    e.kind = Expectation::Kind::not_redirected;
  } else if (text.starts_with("error:")) {
    const ErrorLookup found = lookup_error(text.substr(6));
    if (found.matches.empty()) return fail(found.problem);
    e.kind = Expectation::Kind::error;
    e.code = found.matches.front().code;
    // A name belongs to one domain; a number may be read in either (each
    // backend reports one domain only, so it cannot match the wrong one).
    if (found.matches.size() == 1 && !text.substr(6).empty() && !(text[6] >= '0' && text[6] <= '9'))
      e.domain = found.matches.front().domain;
  } else if (text.empty()) {
    return fail(std::string(tr("the expectation is empty")));
  } else {
    return fail(std::string(
        tr("expected redirected, not-redirected or error:NAME (a code or a known name)")));
  }
  return e;
}

std::optional<bool> expectation_held(const ConnectionReport& report, const Expectation& expect) {
  switch (expect.kind) {
    case Expectation::Kind::none:
      return std::nullopt;
    case Expectation::Kind::redirected:
      return report.verdict == Verdict::redirected;
    case Expectation::Kind::not_redirected:
      return report.verdict == Verdict::not_redirected;
    case Expectation::Kind::error:
      break;
  }
  auto check = [&](bool want_original) -> std::optional<bool> {
    bool seen = false, all = true;
    for (const QueryResult& q : report.queries) {
      const Attempt* a = q.final_attempt();
      if (a == nullptr || (q.kind == QueryKind::original_dst) != want_original) continue;
      seen = true;
      all = all && a->error == expect.code && (!expect.domain || *expect.domain == a->domain);
    }
    return seen ? std::optional<bool>(all) : std::nullopt;
  };
  auto held = check(false);
  if (!held) held = check(true);
  return held.value_or(false);
}

}  // namespace wfpredir
