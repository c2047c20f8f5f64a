#pragma once
/// \file catalog.h
/// The error catalog: every error the reference page documents for
/// SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, with its meaning for this control
/// code and a support hint, in English and French; plus explanations for codes
/// the page does not document. Pure data and lookups; the system's own text
/// comes from the platform file (system.h).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wfpredir {

enum class Lang : std::uint8_t { en, fr };

/// Where an error number comes from. Windows codes (Win32 and Winsock share
/// one number space) are the catalog's subject; POSIX errno values are what
/// the Linux backend reports.
enum class ErrorDomain : std::uint8_t { windows, posix };

/// "en"/"fr" (also "en_US.UTF-8", "fr_FR", "fr-CA"...); nullopt otherwise.
std::optional<Lang> parse_lang(std::string_view text);

/// LC_ALL, then LC_MESSAGES, then LANG (the first one set and non-empty
/// decides, as POSIX says); English when none names French.
Lang lang_from_environment();

struct DocumentedError {
  int code;
  std::string_view name;
  std::string_view meaning_en, meaning_fr;  ///< what the page says it means here
  std::string_view hint_en, hint_fr;        ///< what usually causes it, what to check
};

/// All twelve documented errors, in the reference page's table order.
std::span<const DocumentedError> documented_errors();

/// The documented entry for \p code, or nullptr.
const DocumentedError* find_documented(int code);

/// Symbolic name of a Windows/Winsock code the project knows (the twelve and
/// other common Winsock/Win32 codes such as WSAECONNREFUSED); empty if unknown.
std::string_view windows_error_name(int code);

/// Symbolic name of an errno value ("ENOENT"); empty if unknown.
std::string_view posix_error_name(int code);

/// The name of \p code in its domain (windows_error_name or posix_error_name).
std::string_view error_name(ErrorDomain domain, int code);

/// The codes the engine and doctor reason about, named once. The POSIX values
/// are Linux's: only the Linux backend reports that domain.
namespace codes {
inline constexpr int insufficient_buffer = 122;  ///< ERROR_INSUFFICIENT_BUFFER
inline constexpr int wsaefault = 10014;
inline constexpr int wsaeinval = 10022;
inline constexpr int wsaenoprotoopt = 10042;
inline constexpr int wsaeopnotsupp = 10045;
inline constexpr int wsaenobufs = 10055;
inline constexpr int linux_enoent = 2;         ///< SO_ORIGINAL_DST: conntrack has no NAT entry
inline constexpr int linux_enoprotoopt = 92;   ///< SO_ORIGINAL_DST: nf_conntrack not loaded
}  // namespace codes

/// Parses a user's CODE|NAME: decimal ("10045"), hexadecimal ("0x273D"), or a
/// known Windows symbolic name, case-insensitive ("wsaeopnotsupp").
std::optional<int> parse_error_code(std::string_view text);

/// Everything the tool says about one error.
struct Explanation {
  ErrorDomain domain = ErrorDomain::windows;
  int code = 0;
  std::string name;         ///< symbolic name, empty when unknown
  bool documented = false;  ///< in the reference page's table for this code
  std::string meaning;      ///< page meaning, or a plain "not documented" line
  std::string hint;         ///< support hint; empty for undocumented codes
  std::string system_text;  ///< the OS's own text; empty when it has none
};

/// Which call returned the code: the page's table describes the records
/// control code; the context code's page has the same table, so its entries
/// are the same with the code's name changed; the original-destination query
/// is a getsockopt with meanings of its own.
enum class ErrorContext : std::uint8_t { control_code, context_code, original_dst };

Explanation explain(ErrorDomain domain, int code, Lang lang,
                    ErrorContext context = ErrorContext::control_code);

}  // namespace wfpredir
