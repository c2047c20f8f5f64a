// UTF-8 from Windows' UTF-16, and process image paths (names.h).
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <cwchar>

#include "platform/win32/names.h"

namespace wfpredir::win32 {

std::string utf8(std::wstring_view text) {
  if (text.empty()) return {};
  const int length = static_cast<int>(text.size());
  const int n = WideCharToMultiByte(CP_UTF8, 0, text.data(), length, nullptr, 0, nullptr, nullptr);
  if (n <= 0) return {};
  std::string out(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text.data(), length, out.data(), n, nullptr, nullptr);
  return out;
}

std::string utf8(const wchar_t* text) {
  return text == nullptr ? std::string() : utf8(std::wstring_view(text, std::wcslen(text)));
}

std::string process_image(std::uint32_t pid, std::uint32_t& error) {
  error = 0;
  HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  if (h == nullptr) {
    error = GetLastError();
    return {};
  }
  wchar_t path[MAX_PATH * 2] = {};
  DWORD len = MAX_PATH * 2;
  std::string out;
  if (QueryFullProcessImageNameW(h, 0, path, &len))
    out = utf8(std::wstring_view(path, len));
  else
    error = GetLastError();
  CloseHandle(h);
  return out;
}

}  // namespace wfpredir::win32
