// Unit tests for render/render_reason: every kind of reason has its English
// phrase and a French one from the catalog, errors and closed-list words are
// worded in the run's language, and reasons join with "; ".
#include <catch2/catch.hpp>

#include "render/render_reason.h"
#include "text/i18n.h"

using namespace wfpredir;

TEST_CASE("every reason kind has its phrase, in French through the catalog", "[reason][i18n]") {
  // The analysis names a kind (model/reason.h); its phrase is written once,
  // in render_reason.cpp. Reworded there without its French entry, the French
  // stays English and this fails (as does tests/i18n/lint.py).
  for (int i = 0; i < static_cast<int>(ReasonKind::count); ++i) {
    const auto kind = static_cast<ReasonKind>(i);
    if (kind == ReasonKind::verbatim) continue;   // words from elsewhere, shown as given
    if (kind == ReasonKind::set_never) continue;  // "--set never": the option, in every language
    // More facts than any phrase cites: a phrase may leave some unused.
    const Reason r{kind, {"f0", "f1", "f2", "f3"}};
    const std::string en = reason_text(r, Lang::en);
    const std::string fr = reason_text(r, Lang::fr);
    INFO("kind " << i << ": " << en);
    CHECK_FALSE(en.empty());
    CHECK(fr != en);
  }
}

TEST_CASE("a verbatim reason is its text, in every language", "[reason]") {
  const Reason r = reason(ReasonKind::verbatim, "a Windows control code {}");
  CHECK(reason_text(r, Lang::en) == "a Windows control code {}");
  CHECK(reason_text(r, Lang::fr) == "a Windows control code {}");
}

TEST_CASE("a reason's facts: numbers, errors and words of the closed list", "[reason][i18n]") {
  const Reason bytes = reason(ReasonKind::query_returned_bytes,
                              "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS", 24u, "sync");
  CHECK(reason_text(bytes, Lang::en) ==
        "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS returned 24 bytes in sync mode");
  const Reason named = reason(ReasonKind::odst_failed, ReasonError{ErrorDomain::posix, 22});
  CHECK_THAT(reason_text(named, Lang::en),
             Catch::StartsWith("SO_ORIGINAL_DST failed with EINVAL (22),"));
  const Reason unnamed =
      reason(ReasonKind::udp_recvmsg_failed, ReasonError{ErrorDomain::posix, 4242});
  CHECK(reason_text(unnamed, Lang::en) == "recvmsg failed with error 4242");
  CHECK(reason_text(unnamed, Lang::fr) == trf(Lang::fr, "recvmsg failed with {}", "erreur 4242"));
  const Reason empty =
      reason(ReasonKind::udp_wfp_empty, "IP_WFP_REDIRECT_RECORDS", ReasonWord::redirect_records);
  CHECK(reason_text(empty, Lang::en) ==
        "the first datagram carried IP_WFP_REDIRECT_RECORDS with no data (no redirect records)");
  CHECK_THAT(reason_text(empty, Lang::fr),
             Catch::Contains(std::string(tr(Lang::fr, "redirect records"))));
  const Reason whole =
      reason(ReasonKind::udp_wfp_carried, "IP_WFP_REDIRECT_RECORDS", 40u, ReasonWord::none);
  CHECK(reason_text(whole, Lang::en) ==
        "the first datagram carried IP_WFP_REDIRECT_RECORDS (40 bytes)");
  const Reason cut = reason(ReasonKind::udp_wfp_carried, "IP_WFP_REDIRECT_RECORDS", 40u,
                            ReasonWord::cut_at_buffer_end);
  CHECK(reason_text(cut, Lang::en) ==
        "the first datagram carried IP_WFP_REDIRECT_RECORDS (40 bytes, cut at the buffer's end)");
}

TEST_CASE("reasons join with \"; \" in the run's language", "[reason][i18n]") {
  const Reasons rs{
      reason(ReasonKind::verbatim, "conntrack: no NAT"),
      reason(ReasonKind::bpf_not_listed, "bpf(BPF_PROG_GET_NEXT_ID)", "Operation not permitted")};
  CHECK(reason_text(rs, Lang::en) ==
        "conntrack: no NAT; eBPF programs could not be listed (bpf(BPF_PROG_GET_NEXT_ID): "
        "Operation not permitted), so a redirect by one, which leaves no conntrack trace, is not "
        "ruled out");
  CHECK_THAT(reason_text(rs, Lang::fr),
             Catch::StartsWith("conntrack: no NAT\u202f; les programmes eBPF n'ont pas pu être "
                               "listés (bpf(BPF_PROG_GET_NEXT_ID)\u00a0: Operation not "
                               "permitted)"));
  CHECK(reason_text(Reasons{}, Lang::en).empty());
}
