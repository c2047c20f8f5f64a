// The relay's upstream steps on Windows (win32/relay_upstream.cpp) through the
// WSAIoctl seam, on a real socket under Wine: the SET carries exactly the
// queried bytes, comes before connect in the trace, a failure is reported,
// --strict refuses; and Wine's own answer to the SET.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/relay.h"
#include "platform/relay_steps.h"
#include "support.h"
#include "win32_support.h"

using namespace wfpredir;
using namespace wfpredir::test;

namespace {

/// Answers the SET with \p error (0: success), keeps what it was handed, and
/// writes its call into the shared log; every other call goes to Winsock.
class SetRecorder final : public InstalledProvider {
 public:
  SetRecorder(int error, std::vector<std::string>& log) : error_(error), log_(log) {}

  int ioctl(SOCKET s, DWORD code, void* in, DWORD in_size, void* out, DWORD out_size,
            DWORD* bytes_returned, WSAOVERLAPPED* ov,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) override {
    if (code != kSioSetRedirectRecords)
      return WinsockProvider::ioctl(s, code, in, in_size, out, out_size, bytes_returned, ov,
                                    routine);
    log_.push_back("WSAIoctl SET");
    const auto* p = static_cast<const std::uint8_t*>(in);
    given.assign(p, p + (p == nullptr ? 0 : in_size));
    in_was_null = in == nullptr;
    synchronous = ov == nullptr && routine == nullptr;
    socket = s;
    // What a provider may do with the output it was not given: nothing.
    if (bytes_returned != nullptr) *bytes_returned = 0;
    if (error_ == 0) return 0;
    WSASetLastError(error_);
    return SOCKET_ERROR;
  }
  std::vector<std::uint8_t> given;
  bool in_was_null = false, synchronous = false;
  SOCKET socket = INVALID_SOCKET;

 private:
  int error_;
  std::vector<std::string>& log_;
};

ConnectionReport redirected_with(std::vector<std::uint8_t> records) {
  ConnectionReport r =
      report_of({with_final(QueryKind::records, Mode::event,
                            answer(1024, 0, static_cast<std::uint32_t>(records.size()), records))});
  r.verdict = Verdict::redirected;
  return r;
}

struct UpstreamSocket {
  SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  UpstreamSocket() { REQUIRE(s != INVALID_SOCKET); }
  UpstreamSocket(const UpstreamSocket&) = delete;
  UpstreamSocket& operator=(const UpstreamSocket&) = delete;
  ~UpstreamSocket() { closesocket(s); }
};

}  // namespace

TEST_CASE("Windows sets the queried records, byte for byte, before connect", "[win32][relay]") {
  Wsa wsa;
  UpstreamSocket up;
  std::vector<std::string> log;
  SetRecorder set(0, log);
  const auto blob = pattern(96, 3);
  auto steps =
      make_upstream_steps(static_cast<std::uintptr_t>(up.s), [&] { log.push_back("connect"); });
  RelayOptions o;
  RelayPart part;
  const Prepared p =
      prepare_upstream(*steps, redirected_with(blob), o, relay_has_set_records(), part);
  CHECK(relay_has_set_records());
  CHECK(p.connecting);
  CHECK(log == std::vector<std::string>{"WSAIoctl SET", "connect"});
  CHECK(set.given == blob);
  CHECK(set.synchronous);
  CHECK(set.socket == up.s);
  REQUIRE(part.set_call() != nullptr);
  CHECK(part.set_call()->control_code == kSioSetRedirectRecords);
  CHECK(part.set_call()->ret == 0);
  CHECK(part.set_call()->error == 0);
  // No SO_MARK on Windows: the trace holds the SET only, ahead of the loop's connect.
  REQUIRE(part.calls.size() == 1);
  CHECK(part.calls[0].function == "WSAIoctl");
}

TEST_CASE("Windows: a failing SET is reported; --strict refuses the connection", "[win32][relay]") {
  Wsa wsa;
  UpstreamSocket up;
  for (const int error : {WSAEINVAL, WSAEOPNOTSUPP, WSAEFAULT}) {
    for (const bool strict : {false, true}) {
      std::vector<std::string> log;
      SetRecorder set(error, log);
      auto steps =
          make_upstream_steps(static_cast<std::uintptr_t>(up.s), [&] { log.push_back("connect"); });
      RelayOptions o;
      o.strict = strict;
      RelayPart part;
      const Prepared p = prepare_upstream(*steps, redirected_with(pattern(24, 9)), o, true, part);
      INFO("error " << error << " strict " << strict);
      REQUIRE(part.set_call() != nullptr);
      CHECK(part.set_call()->ret == SOCKET_ERROR);
      CHECK(part.set_call()->error == error);
      if (strict) {
        CHECK(log == std::vector<std::string>{"WSAIoctl SET"});
        CHECK(p.refused == RelayEnd::strict_refused);
      } else {
        CHECK(log == std::vector<std::string>{"WSAIoctl SET", "connect"});
        CHECK(p.connecting);
      }
    }
  }
}

TEST_CASE("Windows: --set always hands on the 0 bytes of a failed query", "[win32][relay]") {
  Wsa wsa;
  UpstreamSocket up;
  std::vector<std::string> log;
  SetRecorder set(WSAEINVAL, log);
  ConnectionReport q =
      report_of({with_final(QueryKind::records, Mode::sync, answer(1024, WSAEOPNOTSUPP, 0))});
  q.verdict = Verdict::unsupported;
  auto steps =
      make_upstream_steps(static_cast<std::uintptr_t>(up.s), [&] { log.push_back("connect"); });
  RelayOptions o;
  o.set = SetPolicy::always;
  RelayPart part;
  CHECK(prepare_upstream(*steps, q, o, true, part).connecting);
  CHECK(set.given.empty());
  CHECK(set.in_was_null);
  CHECK(log == std::vector<std::string>{"WSAIoctl SET", "connect"});
}

TEST_CASE("Wine's own Winsock answers the SET", "[win32][relay]") {
  Wsa wsa;
  UpstreamSocket up;
  auto steps = make_upstream_steps(static_cast<std::uintptr_t>(up.s), [] {});
  const CallRecord c = steps->set_records(pattern(16, 1));
  // Recorded as it came back, whatever it is (Wine 8: WSAEOPNOTSUPP).
  CHECK(c.function == "WSAIoctl");
  CHECK(c.control_code == kSioSetRedirectRecords);
  if (c.ret != 0) CHECK(c.error != 0);
  WARN("the system answered SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS with " << c.ret << ", error "
                                                                           << c.error);
}
