// Error names in both domains and the parser for what users type as an error
// (see error_names.h). Windows names come from the table below; POSIX names
// from glibc where it exists, else from the built-in Linux table.
#include "text/error_names.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <cstring>

#include "text/i18n.h"
#include "text/language.h"
#include "text/visible.h"

namespace wfpredir {
namespace {

struct NamedCode {
  int code;
  std::string_view name;
};

// Names shown for Windows codes: one per code. Win32 and Winsock share one
// number space; where a code has both a WSA_ and a Win32 name (6, 8, 87, 995,
// 996, 997) the WSA_ name is shown and the Win32 one is accepted as an alias.
constexpr NamedCode kWindowsNames[] = {
    {0, "ERROR_SUCCESS"},
    {1, "ERROR_INVALID_FUNCTION"},
    {2, "ERROR_FILE_NOT_FOUND"},
    {5, "ERROR_ACCESS_DENIED"},
    {6, "WSA_INVALID_HANDLE"},
    {8, "WSA_NOT_ENOUGH_MEMORY"},
    {14, "ERROR_OUTOFMEMORY"},
    {31, "ERROR_GEN_FAILURE"},
    {50, "ERROR_NOT_SUPPORTED"},
    {64, "ERROR_NETNAME_DELETED"},
    {87, "WSA_INVALID_PARAMETER"},
    {111, "ERROR_BUFFER_OVERFLOW"},
    {120, "ERROR_CALL_NOT_IMPLEMENTED"},
    {121, "ERROR_SEM_TIMEOUT"},
    {122, "ERROR_INSUFFICIENT_BUFFER"},
    {234, "ERROR_MORE_DATA"},
    {258, "WAIT_TIMEOUT"},
    {995, "WSA_OPERATION_ABORTED"},
    {996, "WSA_IO_INCOMPLETE"},
    {997, "WSA_IO_PENDING"},
    {998, "ERROR_NOACCESS"},
    {1168, "ERROR_NOT_FOUND"},
    {1225, "ERROR_CONNECTION_REFUSED"},
    {1231, "ERROR_NETWORK_UNREACHABLE"},
    {1232, "ERROR_HOST_UNREACHABLE"},
    {1236, "ERROR_CONNECTION_ABORTED"},
    {1460, "ERROR_TIMEOUT"},
    {1784, "ERROR_INVALID_USER_BUFFER"},
    {10004, "WSAEINTR"},
    {10009, "WSAEBADF"},
    {10013, "WSAEACCES"},
    {10014, "WSAEFAULT"},
    {10022, "WSAEINVAL"},
    {10024, "WSAEMFILE"},
    {10035, "WSAEWOULDBLOCK"},
    {10036, "WSAEINPROGRESS"},
    {10037, "WSAEALREADY"},
    {10038, "WSAENOTSOCK"},
    {10039, "WSAEDESTADDRREQ"},
    {10040, "WSAEMSGSIZE"},
    {10041, "WSAEPROTOTYPE"},
    {10042, "WSAENOPROTOOPT"},
    {10043, "WSAEPROTONOSUPPORT"},
    {10044, "WSAESOCKTNOSUPPORT"},
    {10045, "WSAEOPNOTSUPP"},
    {10046, "WSAEPFNOSUPPORT"},
    {10047, "WSAEAFNOSUPPORT"},
    {10048, "WSAEADDRINUSE"},
    {10049, "WSAEADDRNOTAVAIL"},
    {10050, "WSAENETDOWN"},
    {10051, "WSAENETUNREACH"},
    {10052, "WSAENETRESET"},
    {10053, "WSAECONNABORTED"},
    {10054, "WSAECONNRESET"},
    {10055, "WSAENOBUFS"},
    {10056, "WSAEISCONN"},
    {10057, "WSAENOTCONN"},
    {10058, "WSAESHUTDOWN"},
    {10059, "WSAETOOMANYREFS"},
    {10060, "WSAETIMEDOUT"},
    {10061, "WSAECONNREFUSED"},
    {10062, "WSAELOOP"},
    {10063, "WSAENAMETOOLONG"},
    {10064, "WSAEHOSTDOWN"},
    {10065, "WSAEHOSTUNREACH"},
    {10066, "WSAENOTEMPTY"},
    {10067, "WSAEPROCLIM"},
    {10068, "WSAEUSERS"},
    {10069, "WSAEDQUOT"},
    {10070, "WSAESTALE"},
    {10071, "WSAEREMOTE"},
    {10091, "WSASYSNOTREADY"},
    {10092, "WSAVERNOTSUPPORTED"},
    {10093, "WSANOTINITIALISED"},
    {10101, "WSAEDISCON"},
    {10102, "WSAENOMORE"},
    {10103, "WSAECANCELLED"},
    {10104, "WSAEINVALIDPROCTABLE"},
    {10105, "WSAEINVALIDPROVIDER"},
    {10106, "WSAEPROVIDERFAILEDINIT"},
    {10107, "WSASYSCALLFAILURE"},
    {10108, "WSASERVICE_NOT_FOUND"},
    {10109, "WSATYPE_NOT_FOUND"},
    {10110, "WSA_E_NO_MORE"},
    {10111, "WSA_E_CANCELLED"},
    {10112, "WSAEREFUSED"},
    {11001, "WSAHOST_NOT_FOUND"},
    {11002, "WSATRY_AGAIN"},
    {11003, "WSANO_RECOVERY"},
    {11004, "WSANO_DATA"},
};

// Other spellings users paste from headers or logs; parsed, never shown.
constexpr NamedCode kWindowsAliases[] = {
    {0, "NO_ERROR"},
    {6, "ERROR_INVALID_HANDLE"},
    {8, "ERROR_NOT_ENOUGH_MEMORY"},
    {87, "ERROR_INVALID_PARAMETER"},
    {995, "ERROR_OPERATION_ABORTED"},
    {996, "ERROR_IO_INCOMPLETE"},
    {997, "ERROR_IO_PENDING"},
};

constexpr bool codes_unique(const auto& table) {
  for (std::size_t i = 0; i < std::size(table); ++i) {
    for (std::size_t j = i + 1; j < std::size(table); ++j) {
      if (table[i].code == table[j].code) return false;
    }
  }
  return true;
}
static_assert(codes_unique(kWindowsNames), "one display name per Windows code");

// Linux's errno numbering (asm-generic, the same on x86-64 and arm64), written
// out because the MinGW build's <cerrno> numbers them differently. These are
// the names the Linux backend can print: getsockopt's and socket setup's. On Linux a unit test
// checks each against glibc.
constexpr LinuxErrno kLinuxErrno[] = {
    {1, "EPERM"},
    {2, "ENOENT"},
    {3, "ESRCH"},
    {4, "EINTR"},
    {5, "EIO"},
    {6, "ENXIO"},
    {7, "E2BIG"},
    {8, "ENOEXEC"},
    {9, "EBADF"},
    {10, "ECHILD"},
    {11, "EAGAIN"},
    {12, "ENOMEM"},
    {13, "EACCES"},
    {14, "EFAULT"},
    {16, "EBUSY"},
    {17, "EEXIST"},
    {18, "EXDEV"},
    {19, "ENODEV"},
    {20, "ENOTDIR"},
    {21, "EISDIR"},
    {22, "EINVAL"},
    {23, "ENFILE"},
    {24, "EMFILE"},
    {25, "ENOTTY"},
    {27, "EFBIG"},
    {28, "ENOSPC"},
    {29, "ESPIPE"},
    {30, "EROFS"},
    {32, "EPIPE"},
    {34, "ERANGE"},
    {35, "EDEADLK"},
    {36, "ENAMETOOLONG"},
    {38, "ENOSYS"},
    {39, "ENOTEMPTY"},
    {40, "ELOOP"},
    {61, "ENODATA"},
    {71, "EPROTO"},
    {75, "EOVERFLOW"},
    {88, "ENOTSOCK"},
    {89, "EDESTADDRREQ"},
    {90, "EMSGSIZE"},
    {91, "EPROTOTYPE"},
    {92, "ENOPROTOOPT"},
    {93, "EPROTONOSUPPORT"},
    {94, "ESOCKTNOSUPPORT"},
    {95, "EOPNOTSUPP"},
    {96, "EPFNOSUPPORT"},
    {97, "EAFNOSUPPORT"},
    {98, "EADDRINUSE"},
    {99, "EADDRNOTAVAIL"},
    {100, "ENETDOWN"},
    {101, "ENETUNREACH"},
    {102, "ENETRESET"},
    {103, "ECONNABORTED"},
    {104, "ECONNRESET"},
    {105, "ENOBUFS"},
    {106, "EISCONN"},
    {107, "ENOTCONN"},
    {108, "ESHUTDOWN"},
    {110, "ETIMEDOUT"},
    {111, "ECONNREFUSED"},
    {112, "EHOSTDOWN"},
    {113, "EHOSTUNREACH"},
    {114, "EALREADY"},
    {115, "EINPROGRESS"},
    {125, "ECANCELED"},
};
static_assert(codes_unique(kLinuxErrno), "one name per Linux errno");

// Second names Linux gives the same number; parsed, never shown.
constexpr LinuxErrno kLinuxAliases[] = {{11, "EWOULDBLOCK"}, {35, "EDEADLOCK"}, {95, "ENOTSUP"}};

// Linux errno values stay far below this; glibc names nothing above it.
constexpr int kLinuxErrnoMax = 4096;

std::string_view name_in(const auto& table, int code) {
  for (const auto& entry : table) {
    if (entry.code == code) return entry.name;
  }
  return {};
}

std::optional<int> code_named(const auto& table, std::string_view name) {
  for (const auto& entry : table) {
    if (iequals(entry.name, name)) return entry.code;
  }
  return std::nullopt;
}

std::optional<int> posix_code_named(std::string_view name) {
#ifdef __GLIBC__
  for (int code = 1; code < kLinuxErrnoMax; ++code) {
    const char* known = strerrorname_np(code);
    if (known != nullptr && iequals(known, name)) return code;
  }
#else
  if (const auto code = code_named(kLinuxErrno, name)) return code;
#endif
  return code_named(kLinuxAliases, name);
}

enum class NumberParse { ok, not_a_number, out_of_range };

// Decimal, or hexadecimal after "0x": digits only (no sign, no space), read
// with std::from_chars into 32 bits.
NumberParse parse_number(std::string_view text, std::uint32_t& value) {
  unsigned base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  if (text.empty() || text[0] == '-' || text[0] == '+') return NumberParse::not_a_number;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, static_cast<int>(base));
  if (ec == std::errc::invalid_argument) return NumberParse::not_a_number;
  // Out of range only when the whole text is digits: "99999999999x" is not a number at all.
  if (ec == std::errc::result_out_of_range) {
    for (const char c : text) {
      const bool digit = (c >= '0' && c <= '9') ||
                         (base == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
      if (!digit) return NumberParse::not_a_number;
    }
    return NumberParse::out_of_range;
  }
  return end == text.data() + text.size() ? NumberParse::ok : NumberParse::not_a_number;
}

bool wanted(std::optional<ErrorDomain> only, ErrorDomain domain) {
  return !only || *only == domain;
}

std::string_view domain_word(ErrorDomain d) {
  return d == ErrorDomain::windows ? "Windows" : "Linux (POSIX)";
}

}  // namespace

std::string_view windows_error_name(int code) { return name_in(kWindowsNames, code); }

std::string_view posix_error_name(int code) {
  if (code <= 0 || code >= kLinuxErrnoMax) return {};
#ifdef __GLIBC__
  // glibc numbers errno as Linux does, which is the domain's numbering.
  const char* name = strerrorname_np(code);
  return name != nullptr ? std::string_view(name) : std::string_view();
#else
  return name_in(kLinuxErrno, code);
#endif
}

std::string_view error_name(ErrorDomain domain, int code) {
  return domain == ErrorDomain::posix ? posix_error_name(code) : windows_error_name(code);
}

std::span<const LinuxErrno> linux_errno_table() { return kLinuxErrno; }

ErrorLookup lookup_error(std::string_view text, std::optional<ErrorDomain> only) {
  ErrorLookup out;
  if (text.empty()) {
    out.problem = std::string(tr("'' is empty, not an error code"));
    return out;
  }
  std::uint32_t value = 0;
  switch (parse_number(text, value)) {
    case NumberParse::ok: {
      const int code = static_cast<int>(value);
      if (wanted(only, ErrorDomain::windows)) out.matches.push_back({ErrorDomain::windows, code});
      // A number is also read as a Linux errno when it is one the Linux
      // backend reports (the built-in table, the same on both builds), or
      // when the user asked for that domain: 2 is ENOENT as well, 122 is
      // only ERROR_INSUFFICIENT_BUFFER.
      if (wanted(only, ErrorDomain::posix) && (only || !name_in(kLinuxErrno, code).empty()))
        out.matches.push_back({ErrorDomain::posix, code});
      return out;
    }
    case NumberParse::out_of_range:
      out.problem =
          trf("'{}' is out of range: error codes are 32-bit (at most 4294967295 or 0xFFFFFFFF)",
              visible(text));
      return out;
    case NumberParse::not_a_number:
      break;
  }
  std::optional<ErrorRef> named;
  if (auto code = code_named(kWindowsNames, text))
    named = ErrorRef{ErrorDomain::windows, *code};
  else if (auto alias = code_named(kWindowsAliases, text))
    named = ErrorRef{ErrorDomain::windows, *alias};
  else if (auto posix = posix_code_named(text))
    named = ErrorRef{ErrorDomain::posix, *posix};
  if (!named) {
    out.problem =
        trf("'{}' is neither a number (decimal or 0x hex) nor a known error name", visible(text));
  } else if (!wanted(only, named->domain)) {
    out.problem = trf("'{}' is a {} error name, not a {} one", visible(text),
                      domain_word(named->domain), domain_word(*only));
  } else {
    out.matches.push_back(*named);
  }
  return out;
}

}  // namespace wfpredir
