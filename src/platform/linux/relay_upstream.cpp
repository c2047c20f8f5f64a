// The relay's upstream steps on Linux (relay_steps.h): SO_MARK on the
// upstream socket, so that an nft rule placed before the redirect lets the
// relay's own connections through. Linux has no redirect records to set.
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstddef>

#include "platform/relay_steps.h"
#include "platform/wait.h"

namespace wfpredir {
namespace {

class LinuxUpstreamSteps final : public UpstreamSteps {
 public:
  LinuxUpstreamSteps(int fd, std::function<void()> connect)
      : fd_(fd), connect_(std::move(connect)) {}

  std::optional<CallRecord> set_mark(std::uint32_t mark) override {
    const auto start = Clock::now();
    const int ret = ::setsockopt(fd_, SOL_SOCKET, SO_MARK, &mark, sizeof mark);
    const int error = ret == 0 ? 0 : errno;
    // EPERM without CAP_NET_ADMIN: the relay still runs, the rule cannot match.
    return CallRecord{"setsockopt",
                      std::nullopt,
                      static_cast<std::uint32_t>(sizeof mark),
                      ret,
                      error,
                      std::nullopt,
                      ms_since(start),
                      note(NoteKind::upstream_mark)};
  }

  CallRecord set_records(const std::vector<std::uint8_t>&) override {
    // relay_has_set_records() is false: prepare_upstream never asks.
    return CallRecord{"WSAIoctl", kSioSetRedirectRecords, 0, -1,
                      EOPNOTSUPP, std::nullopt,           0, note(NoteKind::not_a_linux_call)};
  }

  void connect() override { connect_(); }

 private:
  int fd_;
  std::function<void()> connect_;
};

}  // namespace

bool relay_has_set_records() { return false; }
bool relay_has_mark() { return true; }
ErrorDomain relay_error_domain() { return ErrorDomain::posix; }
std::string_view relay_connect_function(std::uintptr_t) { return "connect"; }

std::optional<std::uint64_t> relay_delivered_bytes(std::uintptr_t native) {
  tcp_info info{};
  socklen_t len = sizeof info;
  // tcpi_bytes_acked came with Linux 4.1; an older kernel returns a shorter struct.
  if (::getsockopt(static_cast<int>(native), IPPROTO_TCP, TCP_INFO, &info, &len) != 0 ||
      len < offsetof(tcp_info, tcpi_bytes_acked) + sizeof info.tcpi_bytes_acked)
    return std::nullopt;
  return info.tcpi_bytes_acked;
}

std::unique_ptr<UpstreamSteps> make_upstream_steps(std::uintptr_t native,
                                                   std::function<void()> connect) {
  return std::make_unique<LinuxUpstreamSteps>(static_cast<int>(native), std::move(connect));
}

}  // namespace wfpredir
