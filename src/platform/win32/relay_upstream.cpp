// The relay's upstream steps on Windows (relay_steps.h): the records queried
// on the accepted connection are set on the upstream socket with
// SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, through the WSAIoctl seam
// (ioctl_seam.h), before it connects (docs/winsock-contract.md#relay). Windows
// has no SO_MARK: the records are what keeps a chain of proxies from looping.
#include <cstring>
#include <vector>

#include "platform/relay_steps.h"
#include "platform/win32/backend.h"

namespace wfpredir {
namespace {

using namespace win32;

class WinUpstreamSteps final : public UpstreamSteps {
 public:
  WinUpstreamSteps(SOCKET s, std::function<void()> connect) : s_(s), connect_(std::move(connect)) {}

  std::optional<CallRecord> set_mark(std::uint32_t) override { return std::nullopt; }

  CallRecord set_records(const std::vector<std::uint8_t>& records) override {
    // The input buffer is ours, not the vector's: a provider may keep the
    // pointer no longer than the call, and is handed exactly these bytes.
    std::vector<std::uint8_t> in(records);
    DWORD bytes = 0;
    const auto start = Clock::now();
    const int ret =
        provider().ioctl(s_, kSioSetRedirectRecords, in.empty() ? nullptr : in.data(),
                         static_cast<DWORD>(in.size()), nullptr, 0, &bytes, nullptr, nullptr);
    const int error = ret == 0 ? 0 : WSAGetLastError();
    CallRecord call{"WSAIoctl",
                    kSioSetRedirectRecords,
                    0,
                    ret,
                    error,
                    static_cast<std::uint32_t>(bytes),
                    ms_since(start),
                    note(NoteKind::upstream_set_records, static_cast<std::uint32_t>(in.size()))};
    return call;
  }

  void connect() override { connect_(); }

 private:
  SOCKET s_;
  std::function<void()> connect_;
};

}  // namespace

bool relay_has_set_records() { return true; }
bool relay_has_mark() { return false; }
ErrorDomain relay_error_domain() { return ErrorDomain::windows; }
// Not asked on Windows: the count is what the completed writes took.
std::optional<std::uint64_t> relay_delivered_bytes(std::uintptr_t) { return std::nullopt; }
// Asio connects a stream socket with ConnectEx when the socket's provider
// gives the extension's pointer, and otherwise falls back to a non-blocking
// connect it waits for with select (docs/winsock-contract.md#relay): the same
// lookup tells which ran.
std::string_view relay_connect_function(std::uintptr_t native) {
  GUID guid = WSAID_CONNECTEX;
  LPFN_CONNECTEX fn = nullptr;
  DWORD bytes = 0;
  const int ret = provider().ioctl(static_cast<SOCKET>(native), SIO_GET_EXTENSION_FUNCTION_POINTER,
                                   &guid, sizeof guid, &fn, sizeof fn, &bytes, nullptr, nullptr);
  if (ret == 0 && fn != nullptr) return "ConnectEx";
  return "connect";
}

std::unique_ptr<UpstreamSteps> make_upstream_steps(std::uintptr_t native,
                                                   std::function<void()> connect) {
  return std::make_unique<WinUpstreamSteps>(static_cast<SOCKET>(native), std::move(connect));
}

}  // namespace wfpredir
