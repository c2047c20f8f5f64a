// Unit tests for the error catalog (src/text/catalog.h). Portable: built
// natively and with MinGW (run under Wine).
#include <catch2/catch.hpp>

#include <cerrno>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/catalog.h"

#ifdef __GLIBC__
#include <cstring>  // strerrorname_np
#endif

using wfpredir::ErrorDomain;
using wfpredir::Lang;

namespace {
/// The first code lookup_error finds for \p text (the Windows one for a bare
/// number), or nullopt: what `errors TEXT` shows first.
std::optional<int> first_code(std::string_view text) {
  const wfpredir::ErrorLookup found = wfpredir::lookup_error(text);
  if (found.matches.empty()) return std::nullopt;
  return found.matches.front().code;
}
}  // namespace

TEST_CASE("all twelve documented errors are present with their numbers", "[catalog]") {
  struct Expected {
    int code;
    std::string_view name;
  };
  // The reference page's table order.
  const std::vector<Expected> expected = {
      {122, "ERROR_INSUFFICIENT_BUFFER"},
      {997, "WSA_IO_PENDING"},
      {995, "WSA_OPERATION_ABORTED"},
      {10014, "WSAEFAULT"},
      {10036, "WSAEINPROGRESS"},
      {10004, "WSAEINTR"},
      {10022, "WSAEINVAL"},
      {10050, "WSAENETDOWN"},
      {10042, "WSAENOPROTOOPT"},
      {10057, "WSAENOTCONN"},
      {10038, "WSAENOTSOCK"},
      {10045, "WSAEOPNOTSUPP"},
  };
  const auto table = wfpredir::documented_errors();
  REQUIRE(table.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(table[i].code == expected[i].code);
    CHECK(table[i].name == expected[i].name);
    CHECK(wfpredir::find_documented(expected[i].code) == &table[i]);
    CHECK(wfpredir::windows_error_name(expected[i].code) == expected[i].name);
  }
}

TEST_CASE("every documented error has a meaning and a hint in English and French", "[catalog]") {
  for (const auto& e : wfpredir::documented_errors()) {
    CAPTURE(e.name);
    CHECK_FALSE(e.meaning_en.empty());
    CHECK_FALSE(e.meaning_fr.empty());
    CHECK_FALSE(e.hint_en.empty());
    CHECK_FALSE(e.hint_fr.empty());
    CHECK(e.meaning_fr != e.meaning_en);
    CHECK(e.hint_fr != e.hint_en);
  }
}

TEST_CASE("undocumented codes have no documented entry", "[catalog]") {
  CHECK(wfpredir::find_documented(0) == nullptr);
  CHECK(wfpredir::find_documented(10054) == nullptr);
  CHECK(wfpredir::find_documented(10055) == nullptr);
  CHECK(wfpredir::find_documented(-1) == nullptr);
}

TEST_CASE("windows_error_name knows common Winsock and Win32 codes", "[catalog]") {
  CHECK(wfpredir::windows_error_name(0) == "ERROR_SUCCESS");
  CHECK(wfpredir::windows_error_name(10035) == "WSAEWOULDBLOCK");
  CHECK(wfpredir::windows_error_name(10054) == "WSAECONNRESET");
  CHECK(wfpredir::windows_error_name(10055) == "WSAENOBUFS");
  CHECK(wfpredir::windows_error_name(10061) == "WSAECONNREFUSED");
  CHECK(wfpredir::windows_error_name(10093) == "WSANOTINITIALISED");
  CHECK(wfpredir::windows_error_name(11001) == "WSAHOST_NOT_FOUND");
  CHECK(wfpredir::windows_error_name(234) == "ERROR_MORE_DATA");
  CHECK(wfpredir::windows_error_name(1168) == "ERROR_NOT_FOUND");
  CHECK(wfpredir::windows_error_name(996) == "WSA_IO_INCOMPLETE");
  CHECK(wfpredir::windows_error_name(12345).empty());
  CHECK(wfpredir::windows_error_name(-5).empty());
}

TEST_CASE("codes with a Win32 name and a WSA_ alias are shown with the WSA_ name", "[catalog]") {
  CHECK(wfpredir::windows_error_name(6) == "WSA_INVALID_HANDLE");
  CHECK(wfpredir::windows_error_name(8) == "WSA_NOT_ENOUGH_MEMORY");
  CHECK(wfpredir::windows_error_name(87) == "WSA_INVALID_PARAMETER");
  CHECK(first_code("WSA_INVALID_PARAMETER") == 87);
  CHECK(first_code("ERROR_INVALID_PARAMETER") == 87);
  CHECK(first_code("error_invalid_handle") == 6);
  CHECK(first_code("ERROR_NOT_ENOUGH_MEMORY") == 8);
  CHECK(first_code("ERROR_IO_PENDING") == 997);
  CHECK(first_code("ERROR_OPERATION_ABORTED") == 995);
}

TEST_CASE("lookup_error reads decimal, hexadecimal and names", "[catalog]") {
  CHECK(first_code("10045") == 10045);
  CHECK(first_code("0") == 0);
  CHECK(first_code("122") == 122);
  CHECK(first_code("0x273D") == 10045);
  CHECK(first_code("0X273d") == 10045);
  CHECK(first_code("0x7A") == 122);
  CHECK(first_code("0x0") == 0);
  CHECK(first_code("WSAEOPNOTSUPP") == 10045);
  CHECK(first_code("wsaeopnotsupp") == 10045);
  CHECK(first_code("WsaEInVal") == 10022);
  CHECK(first_code("ERROR_INSUFFICIENT_BUFFER") == 122);
  CHECK(first_code("wsa_io_pending") == 997);
  CHECK(first_code("WSAECONNRESET") == 10054);
  CHECK(first_code("NO_ERROR") == 0);
}

TEST_CASE("lookup_error accepts any 32-bit value and rejects wider ones", "[catalog]") {
  CHECK(first_code("4294967295") == -1);
  CHECK(first_code("0xFFFFFFFF") == -1);
  CHECK(first_code("0x80320001") == static_cast<int>(0x80320001u));
  CHECK_FALSE(first_code("4294967296").has_value());
  CHECK_FALSE(first_code("0x100000000").has_value());
  CHECK_FALSE(first_code("99999999999999999999999").has_value());
}

TEST_CASE("lookup_error rejects bad input", "[catalog]") {
  for (const char* bad :
       {"", "-1", "-10045", "+10045", "10045x", "10045 ", " 10045", "0x", "0xG", "0x273D!", "12a",
        "WSAEOPNOTSUP", "WSAEOPNOTSUPPX", "ENOENTX", "0x-1", "1e3", "1.0"}) {
    CAPTURE(bad);
    CHECK_FALSE(first_code(bad).has_value());
  }
}

TEST_CASE("explain gives a documented error's name, meaning and hint in the language",
          "[catalog]") {
  const auto en = wfpredir::explain(ErrorDomain::windows, 10045, Lang::en);
  CHECK(en.domain == ErrorDomain::windows);
  CHECK(en.code == 10045);
  CHECK(en.name == "WSAEOPNOTSUPP");
  CHECK(en.documented);
  const auto* entry = wfpredir::find_documented(10045);
  REQUIRE(entry != nullptr);
  CHECK(en.meaning == entry->meaning_en);
  CHECK(en.hint == entry->hint_en);
  CHECK(en.system_text.empty());  // pure: the caller attaches the system's text

  const auto fr = wfpredir::explain(ErrorDomain::windows, 10045, Lang::fr);
  CHECK(fr.name == "WSAEOPNOTSUPP");
  CHECK(fr.documented);
  CHECK(fr.meaning == entry->meaning_fr);
  CHECK(fr.hint == entry->hint_fr);
}

TEST_CASE("explain says a known but undocumented code is not documented", "[catalog]") {
  const auto en = wfpredir::explain(ErrorDomain::windows, 10054, Lang::en);
  CHECK(en.name == "WSAECONNRESET");
  CHECK_FALSE(en.documented);
  CHECK(en.hint.empty());
  CHECK(en.meaning.find("does not document") != std::string::npos);
  CHECK(en.meaning.find("SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS") != std::string::npos);
  CHECK(en.system_text.empty());

  const auto fr = wfpredir::explain(ErrorDomain::windows, 10054, Lang::fr);
  CHECK(fr.name == "WSAECONNRESET");
  CHECK_FALSE(fr.documented);
  CHECK(fr.meaning.find("ne documente pas") != std::string::npos);
  CHECK(fr.meaning != en.meaning);
}

TEST_CASE("explain handles a code with no known name", "[catalog]") {
  const auto e = wfpredir::explain(ErrorDomain::windows, 12345, Lang::en);
  CHECK(e.code == 12345);
  CHECK(e.name.empty());
  CHECK_FALSE(e.documented);
  CHECK_FALSE(e.meaning.empty());
  CHECK(e.hint.empty());
}

TEST_CASE("explain of a posix code names the errno and says it is not Winsock", "[catalog]") {
  const int eperm = 1;  // Linux's EPERM: the posix domain is numbered as Linux numbers it
  const auto en = wfpredir::explain(ErrorDomain::posix, eperm, Lang::en);
  CHECK(en.domain == ErrorDomain::posix);
  CHECK(en.code == eperm);
  CHECK_FALSE(en.documented);
  CHECK(en.hint.empty());
  CHECK(en.meaning.find("Linux") != std::string::npos);
  CHECK(en.meaning.find("not a Winsock") != std::string::npos);
  CHECK(en.system_text.empty());
  const auto fr = wfpredir::explain(ErrorDomain::posix, eperm, Lang::fr);
  CHECK(fr.meaning.find("Linux") != std::string::npos);
  CHECK(fr.meaning != en.meaning);
  CHECK(en.name == "EPERM");  // Linux's name on every build
}

TEST_CASE(
    "errors of the original-destination query carry getsockopt's meaning, not the control code's",
    "[catalog]") {
  using wfpredir::ErrorContext;
  const auto as_ioctl = wfpredir::explain(ErrorDomain::windows, 10022, Lang::en);
  const auto as_origdst =
      wfpredir::explain(ErrorDomain::windows, 10022, Lang::en, ErrorContext::original_dst);
  CHECK(as_ioctl.documented);
  CHECK_FALSE(as_origdst.documented);
  CHECK(as_origdst.name == "WSAEINVAL");
  CHECK(as_origdst.meaning.find("SO_ORIGINAL_DST") != std::string::npos);
  CHECK_FALSE(as_origdst.hint.empty());
  const auto other =
      wfpredir::explain(ErrorDomain::windows, 10054, Lang::fr, ErrorContext::original_dst);
  CHECK(other.meaning.find("getsockopt") != std::string::npos);
  CHECK(other.hint.empty());
  for (int code : {2, 92, 22, 107}) {  // Linux's ENOENT, ENOPROTOOPT, EINVAL, ENOTCONN
    const auto en =
        wfpredir::explain(ErrorDomain::posix, code, Lang::en, ErrorContext::original_dst);
    const auto fr =
        wfpredir::explain(ErrorDomain::posix, code, Lang::fr, ErrorContext::original_dst);
    CHECK(en.meaning.find("SO_ORIGINAL_DST") != std::string::npos);
    CHECK_FALSE(en.hint.empty());
    CHECK_FALSE(fr.hint.empty());
    CHECK(fr.meaning != en.meaning);
  }
  CHECK(wfpredir::explain(ErrorDomain::posix, 2, Lang::en, ErrorContext::original_dst)
            .meaning.find("conntrack") != std::string::npos);
}

TEST_CASE("posix_error_name knows the Linux errno names on every build", "[catalog]") {
  // Linux's numbers, on Linux and in the MinGW build alike.
  CHECK(wfpredir::posix_error_name(2) == "ENOENT");
  CHECK(wfpredir::posix_error_name(11) == "EAGAIN");
  CHECK(wfpredir::posix_error_name(92) == "ENOPROTOOPT");
  CHECK(wfpredir::posix_error_name(95) == "EOPNOTSUPP");
  CHECK(wfpredir::posix_error_name(111) == "ECONNREFUSED");
  CHECK(wfpredir::posix_error_name(107) == "ENOTCONN");
  CHECK(wfpredir::posix_error_name(0).empty());
  CHECK(wfpredir::posix_error_name(-2).empty());
  CHECK(wfpredir::posix_error_name(100000).empty());
}

#ifdef __GLIBC__
TEST_CASE("the built-in Linux errno table agrees with glibc's names and numbers", "[catalog]") {
  // The MinGW build relies on the table; glibc is the reference for it.
  for (const auto& e : wfpredir::linux_errno_table()) {
    CAPTURE(e.code, e.name);
    const char* glibc = strerrorname_np(e.code);
    REQUIRE(glibc != nullptr);
    CHECK(e.name == glibc);
  }
  CHECK(wfpredir::linux_errno_table().size() > 60);
}
#endif

TEST_CASE("lookup_error reads Windows and Linux names, each in its domain", "[catalog]") {
  using wfpredir::ErrorRef;
  using Refs = std::vector<ErrorRef>;
  CHECK(wfpredir::lookup_error("ENOENT").matches == Refs{{ErrorDomain::posix, 2}});
  CHECK(wfpredir::lookup_error("enoprotoopt").matches == Refs{{ErrorDomain::posix, 92}});
  CHECK(wfpredir::lookup_error("EWOULDBLOCK").matches == Refs{{ErrorDomain::posix, 11}});
  CHECK(wfpredir::lookup_error("WSAEOPNOTSUPP").matches == Refs{{ErrorDomain::windows, 10045}});
  CHECK(wfpredir::lookup_error("ERROR_IO_PENDING").matches == Refs{{ErrorDomain::windows, 997}});
  CHECK(first_code("ENOENT") == 2);
}

TEST_CASE("lookup_error gives a number in both domains when Linux names it", "[catalog]") {
  using wfpredir::ErrorRef;
  using Refs = std::vector<ErrorRef>;
  // 2 is ERROR_FILE_NOT_FOUND and ENOENT: both, Windows first.
  CHECK(wfpredir::lookup_error("2").matches ==
        Refs{{ErrorDomain::windows, 2}, {ErrorDomain::posix, 2}});
  CHECK(wfpredir::lookup_error("0x2").matches ==
        Refs{{ErrorDomain::windows, 2}, {ErrorDomain::posix, 2}});
  // No Linux errno is numbered 10045: Windows only.
  CHECK(wfpredir::lookup_error("10045").matches == Refs{{ErrorDomain::windows, 10045}});
  // 122 is also Linux's EDQUOT, which the Linux backend never reports.
  CHECK(wfpredir::lookup_error("122").matches == Refs{{ErrorDomain::windows, 122}});
  CHECK(wfpredir::lookup_error("0").matches == Refs{{ErrorDomain::windows, 0}});
  // A domain filter keeps one reading, and says when a name is of the other.
  CHECK(wfpredir::lookup_error("2", ErrorDomain::posix).matches == Refs{{ErrorDomain::posix, 2}});
  CHECK(wfpredir::lookup_error("2", ErrorDomain::windows).matches ==
        Refs{{ErrorDomain::windows, 2}});
  const auto wrong = wfpredir::lookup_error("ENOENT", ErrorDomain::windows);
  CHECK(wrong.matches.empty());
  CHECK(wrong.problem.find("Linux") != std::string::npos);
}

TEST_CASE("lookup_error says out of range for numbers over 32 bits, and why others fail",
          "[catalog]") {
  for (const char* big :
       {"4294967296", "99999999999999999999999", "0x100000000", "0xFFFFFFFFFFFFFFFFFF"}) {
    CAPTURE(big);
    const auto r = wfpredir::lookup_error(big);
    CHECK(r.matches.empty());
    CHECK(r.problem.find("out of range") != std::string::npos);
  }
  for (const char* bad : {"99999999999x", "12a", "-1", "NOT_A_NAME", "1e3"}) {
    CAPTURE(bad);
    const auto r = wfpredir::lookup_error(bad);
    CHECK(r.matches.empty());
    CHECK(r.problem.find("neither a number") != std::string::npos);
  }
  CHECK(wfpredir::lookup_error("").problem == "'' is empty, not an error code");
}

TEST_CASE("parse_lang accepts en and fr with region and encoding", "[catalog]") {
  CHECK(wfpredir::parse_lang("en") == Lang::en);
  CHECK(wfpredir::parse_lang("fr") == Lang::fr);
  CHECK(wfpredir::parse_lang("FR") == Lang::fr);
  CHECK(wfpredir::parse_lang("fr_FR.UTF-8") == Lang::fr);
  CHECK(wfpredir::parse_lang("fr_FR@euro") == Lang::fr);
  CHECK(wfpredir::parse_lang("fr-CA") == Lang::fr);
  CHECK(wfpredir::parse_lang("en_US") == Lang::en);
  CHECK(wfpredir::parse_lang("En_gb.utf8") == Lang::en);
  CHECK(wfpredir::parse_lang("C") == Lang::en);
  CHECK(wfpredir::parse_lang("C.UTF-8") == Lang::en);
  CHECK(wfpredir::parse_lang("POSIX") == Lang::en);
}

TEST_CASE("parse_lang rejects other languages and garbage", "[catalog]") {
  for (const char* bad :
       {"", "de", "de_DE.UTF-8", "french", "english", "f", "fra", "fr_", "_FR", "-", "es-ES"}) {
    CAPTURE(bad);
    CHECK_FALSE(wfpredir::parse_lang(bad).has_value());
  }
}

TEST_CASE("errors of the context query name the context control code", "[catalog]") {
  const auto e = wfpredir::explain(ErrorDomain::windows, 10045, Lang::en,
                                   wfpredir::ErrorContext::context_code);
  CHECK(e.documented);
  CHECK(e.meaning.find("SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT") != std::string::npos);
  CHECK(e.meaning.find("SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS") == std::string::npos);
}

TEST_CASE("error_name picks the name table of the code's domain", "[catalog]") {
  CHECK(wfpredir::error_name(ErrorDomain::windows, 10045) == "WSAEOPNOTSUPP");
  CHECK(wfpredir::error_name(ErrorDomain::windows, 12345).empty());
  CHECK(wfpredir::error_name(ErrorDomain::posix, wfpredir::codes::linux_enoent) == "ENOENT");
  CHECK(wfpredir::error_name(ErrorDomain::posix, wfpredir::codes::linux_enoprotoopt) ==
        "ENOPROTOOPT");
}
