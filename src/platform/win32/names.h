#pragma once
/// \file names.h
/// Names as Windows gives them, made into the UTF-8 every report uses: any
/// UTF-16 text, and a process's image path (connections, port owners).

#include <cstdint>
#include <string>
#include <string_view>

namespace wfpredir::win32 {

/// \p text (UTF-16) as UTF-8; "" for text that does not convert.
std::string utf8(std::wstring_view text);
/// utf8 of a NUL-terminated string; "" for nullptr.
std::string utf8(const wchar_t* text);

/// The image path of process \p pid (QueryFullProcessImageNameW), or "" with
/// \p error set to GetLastError() when the process cannot be opened or read
/// (another user's without elevation, the System process).
std::string process_image(std::uint32_t pid, std::uint32_t& error);

}  // namespace wfpredir::win32
