// Unit tests for the error catalog (src/core/catalog.h). Portable: built
// natively and with MinGW (run under Wine).
#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog.h"
#include "core/system.h"

using wfpredir::ErrorDomain;
using wfpredir::Lang;

namespace {

// Sets or unsets one environment variable for the life of the guard, then
// restores what was there.
class EnvGuard {
 public:
  EnvGuard(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = std::string(old);
    set(value);
  }
  ~EnvGuard() { set(old_ ? old_->c_str() : nullptr); }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  void set(const char* value) {
#ifdef _WIN32
    // _putenv_s with an empty value removes the variable.
    _putenv_s(name_, value != nullptr ? value : "");
#else
    if (value != nullptr) {
      setenv(name_, value, 1);
    } else {
      unsetenv(name_);
    }
#endif
  }
  const char* name_;
  std::optional<std::string> old_;
};

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
  CHECK(wfpredir::parse_error_code("WSA_INVALID_PARAMETER") == 87);
  CHECK(wfpredir::parse_error_code("ERROR_INVALID_PARAMETER") == 87);
  CHECK(wfpredir::parse_error_code("error_invalid_handle") == 6);
  CHECK(wfpredir::parse_error_code("ERROR_NOT_ENOUGH_MEMORY") == 8);
  CHECK(wfpredir::parse_error_code("ERROR_IO_PENDING") == 997);
  CHECK(wfpredir::parse_error_code("ERROR_OPERATION_ABORTED") == 995);
}

TEST_CASE("parse_error_code reads decimal, hexadecimal and names", "[catalog]") {
  CHECK(wfpredir::parse_error_code("10045") == 10045);
  CHECK(wfpredir::parse_error_code("0") == 0);
  CHECK(wfpredir::parse_error_code("122") == 122);
  CHECK(wfpredir::parse_error_code("0x273D") == 10045);
  CHECK(wfpredir::parse_error_code("0X273d") == 10045);
  CHECK(wfpredir::parse_error_code("0x7A") == 122);
  CHECK(wfpredir::parse_error_code("0x0") == 0);
  CHECK(wfpredir::parse_error_code("WSAEOPNOTSUPP") == 10045);
  CHECK(wfpredir::parse_error_code("wsaeopnotsupp") == 10045);
  CHECK(wfpredir::parse_error_code("WsaEInVal") == 10022);
  CHECK(wfpredir::parse_error_code("ERROR_INSUFFICIENT_BUFFER") == 122);
  CHECK(wfpredir::parse_error_code("wsa_io_pending") == 997);
  CHECK(wfpredir::parse_error_code("WSAECONNRESET") == 10054);
  CHECK(wfpredir::parse_error_code("NO_ERROR") == 0);
}

TEST_CASE("parse_error_code accepts any 32-bit value and rejects wider ones", "[catalog]") {
  CHECK(wfpredir::parse_error_code("4294967295") == -1);
  CHECK(wfpredir::parse_error_code("0xFFFFFFFF") == -1);
  CHECK(wfpredir::parse_error_code("0x80320001") == static_cast<int>(0x80320001u));
  CHECK_FALSE(wfpredir::parse_error_code("4294967296").has_value());
  CHECK_FALSE(wfpredir::parse_error_code("0x100000000").has_value());
  CHECK_FALSE(wfpredir::parse_error_code("99999999999999999999999").has_value());
}

TEST_CASE("parse_error_code rejects bad input", "[catalog]") {
  for (const char* bad :
       {"", "-1", "-10045", "+10045", "10045x", "10045 ", " 10045", "0x", "0xG", "0x273D!", "12a",
        "WSAEOPNOTSUP", "WSAEOPNOTSUPPX", "ENOENT", "0x-1", "1e3", "1.0"}) {
    CAPTURE(bad);
    CHECK_FALSE(wfpredir::parse_error_code(bad).has_value());
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
  CHECK(en.system_text == wfpredir::system_error_text(ErrorDomain::windows, 10045));

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
  CHECK(en.system_text == wfpredir::system_error_text(ErrorDomain::windows, 10054));

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
#ifndef _WIN32
  const int eperm = EPERM;
#else
  const int eperm = 1;  // the Windows build never reports posix codes
#endif
  const auto en = wfpredir::explain(ErrorDomain::posix, eperm, Lang::en);
  CHECK(en.domain == ErrorDomain::posix);
  CHECK(en.code == eperm);
  CHECK_FALSE(en.documented);
  CHECK(en.hint.empty());
  CHECK(en.meaning.find("Linux") != std::string::npos);
  CHECK(en.meaning.find("not a Winsock") != std::string::npos);
  CHECK(en.system_text == wfpredir::system_error_text(ErrorDomain::posix, eperm));
  const auto fr = wfpredir::explain(ErrorDomain::posix, eperm, Lang::fr);
  CHECK(fr.meaning.find("Linux") != std::string::npos);
  CHECK(fr.meaning != en.meaning);
#ifdef __linux__
  CHECK(en.name == "EPERM");
  CHECK_FALSE(en.system_text.empty());
#else
  CHECK(en.name.empty());
#endif
}

TEST_CASE("errors of the original-destination query carry getsockopt's meaning, not the control code's", "[catalog]") {
  using wfpredir::ErrorContext;
  const auto as_ioctl = wfpredir::explain(ErrorDomain::windows, 10022, Lang::en);
  const auto as_origdst = wfpredir::explain(ErrorDomain::windows, 10022, Lang::en, ErrorContext::original_dst);
  CHECK(as_ioctl.documented);
  CHECK_FALSE(as_origdst.documented);
  CHECK(as_origdst.name == "WSAEINVAL");
  CHECK(as_origdst.meaning.find("SO_ORIGINAL_DST") != std::string::npos);
  CHECK_FALSE(as_origdst.hint.empty());
  const auto other = wfpredir::explain(ErrorDomain::windows, 10054, Lang::fr, ErrorContext::original_dst);
  CHECK(other.meaning.find("getsockopt") != std::string::npos);
  CHECK(other.hint.empty());
#ifdef __linux__
  for (int code : {ENOENT, ENOPROTOOPT, EINVAL, ENOTCONN}) {
    const auto en = wfpredir::explain(ErrorDomain::posix, code, Lang::en, ErrorContext::original_dst);
    const auto fr = wfpredir::explain(ErrorDomain::posix, code, Lang::fr, ErrorContext::original_dst);
    CHECK(en.meaning.find("SO_ORIGINAL_DST") != std::string::npos);
    CHECK_FALSE(en.hint.empty());
    CHECK_FALSE(fr.hint.empty());
    CHECK(fr.meaning != en.meaning);
  }
  CHECK(wfpredir::explain(ErrorDomain::posix, ENOENT, Lang::en, ErrorContext::original_dst).meaning.find("conntrack") != std::string::npos);
#endif
}

TEST_CASE("posix_error_name knows the common errno values on Linux", "[catalog]") {
#ifdef __linux__
  CHECK(wfpredir::posix_error_name(ENOENT) == "ENOENT");
  CHECK(wfpredir::posix_error_name(EAGAIN) == "EAGAIN");
  CHECK(wfpredir::posix_error_name(ENOPROTOOPT) == "ENOPROTOOPT");
  CHECK(wfpredir::posix_error_name(EOPNOTSUPP) == "EOPNOTSUPP");
  CHECK(wfpredir::posix_error_name(ECONNREFUSED) == "ECONNREFUSED");
  CHECK(wfpredir::posix_error_name(ENOTCONN) == "ENOTCONN");
  CHECK(wfpredir::posix_error_name(0).empty());
  CHECK(wfpredir::posix_error_name(100000).empty());
#else
  CHECK(wfpredir::posix_error_name(2).empty());
#endif
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

TEST_CASE("lang_from_environment follows LC_ALL, LC_MESSAGES, LANG", "[catalog]") {
  SECTION("nothing set is English") {
    EnvGuard all("LC_ALL", nullptr), msg("LC_MESSAGES", nullptr), lang("LANG", nullptr);
    CHECK(wfpredir::lang_from_environment() == Lang::en);
  }
  SECTION("LANG alone decides") {
    EnvGuard all("LC_ALL", nullptr), msg("LC_MESSAGES", nullptr), lang("LANG", "fr_FR.UTF-8");
    CHECK(wfpredir::lang_from_environment() == Lang::fr);
  }
  SECTION("LC_MESSAGES wins over LANG") {
    EnvGuard all("LC_ALL", nullptr), msg("LC_MESSAGES", "en_US.UTF-8"), lang("LANG", "fr_FR");
    CHECK(wfpredir::lang_from_environment() == Lang::en);
  }
  SECTION("LC_ALL wins over everything") {
    EnvGuard all("LC_ALL", "fr_CA.UTF-8"), msg("LC_MESSAGES", "en_US"), lang("LANG", "en_US");
    CHECK(wfpredir::lang_from_environment() == Lang::fr);
  }
  SECTION("an empty variable is skipped") {
#ifndef _WIN32
    // Windows cannot hold an empty variable (_putenv_s removes it), so this
    // is the same as the unset case there.
    EnvGuard all("LC_ALL", ""), msg("LC_MESSAGES", nullptr), lang("LANG", "fr_FR.UTF-8");
#else
    EnvGuard all("LC_ALL", nullptr), msg("LC_MESSAGES", nullptr), lang("LANG", "fr_FR.UTF-8");
#endif
    CHECK(wfpredir::lang_from_environment() == Lang::fr);
  }
  SECTION("the first set variable decides even when it is not French") {
    EnvGuard all("LC_ALL", "de_DE.UTF-8"), msg("LC_MESSAGES", nullptr), lang("LANG", "fr_FR");
    CHECK(wfpredir::lang_from_environment() == Lang::en);
  }
  SECTION("C locale is English") {
    EnvGuard all("LC_ALL", "C"), msg("LC_MESSAGES", nullptr), lang("LANG", "fr_FR");
    CHECK(wfpredir::lang_from_environment() == Lang::en);
  }
}

TEST_CASE("errors of the context query name the context control code", "[catalog]") {
  const auto e = wfpredir::explain(ErrorDomain::windows, 10045, Lang::en, wfpredir::ErrorContext::context_code);
  CHECK(e.documented);
  CHECK(e.meaning.find("SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT") != std::string::npos);
  CHECK(e.meaning.find("SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS") == std::string::npos);
}

TEST_CASE("error_name picks the name table of the code's domain", "[catalog]") {
  CHECK(wfpredir::error_name(ErrorDomain::windows, 10045) == "WSAEOPNOTSUPP");
  CHECK(wfpredir::error_name(ErrorDomain::windows, 12345).empty());
#ifdef __linux__
  CHECK(wfpredir::error_name(ErrorDomain::posix, wfpredir::codes::linux_enoent) == "ENOENT");
  CHECK(wfpredir::error_name(ErrorDomain::posix, wfpredir::codes::linux_enoprotoopt) == "ENOPROTOOPT");
#endif
}
