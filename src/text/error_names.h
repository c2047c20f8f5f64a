#pragma once
/// \file error_names.h
/// Symbolic names of error numbers in both domains, and the parser for what a
/// user types as an error (`wfpredir errors X`, `--expect error:X`). Pure
/// lookups: Windows names from the project's table; POSIX names from glibc's
/// strerrorname_np where there is glibc, and from a built-in table of the
/// Linux errno names the Linux backend can report where there is not (the
/// MinGW build, which must still read a Linux report's names).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "text/error_codes.h"

namespace wfpredir {

/// Symbolic name of a Windows/Winsock code the project knows (the twelve and
/// other common Winsock/Win32 codes such as WSAECONNREFUSED); empty if unknown.
std::string_view windows_error_name(int code);

/// Symbolic name of a Linux errno value ("ENOENT"); empty if unknown. With
/// glibc every errno the C library knows; elsewhere the built-in table.
std::string_view posix_error_name(int code);

/// The name of \p code in its domain (windows_error_name or posix_error_name).
std::string_view error_name(ErrorDomain domain, int code);

/// One entry of the built-in Linux errno table.
struct LinuxErrno {
  int code;
  std::string_view name;
};
/// The built-in table of Linux errno names (Linux numbering on every build),
/// used where glibc is absent; the Linux tests check it against glibc.
std::span<const LinuxErrno> linux_errno_table();

/// An error number together with the domain it belongs to.
struct ErrorRef {
  ErrorDomain domain = ErrorDomain::windows;
  int code = 0;
  friend bool operator==(const ErrorRef&, const ErrorRef&) = default;
};

/// What a user's CODE|NAME denotes: one or more errors, or why it denotes none.
struct ErrorLookup {
  std::vector<ErrorRef> matches;  ///< empty when \p problem is set
  std::string problem;            ///< "'X' is out of range ...", "'X' is neither ..."
};

/// Reads a user's CODE|NAME: decimal ("10045"), hexadecimal ("0x273D"), a
/// Windows name ("wsaeopnotsupp", case-insensitive) or a Linux errno name
/// ("ENOENT"). A name denotes one error in its domain. A number denotes the
/// Windows code, and also the Linux errno of that number when it is one the
/// Linux backend reports (linux_errno_table(); 2 is ERROR_FILE_NOT_FOUND and
/// ENOENT): both are returned, Windows first.
/// \p only keeps the matches of one domain. Numbers are 32 bits (kept as the
/// same bits in an int, so HRESULT-style values survive); wider ones are "out
/// of range".
ErrorLookup lookup_error(std::string_view text, std::optional<ErrorDomain> only = std::nullopt);

}  // namespace wfpredir
