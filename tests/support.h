#pragma once
// Helpers shared by the unit tests (one place, not copied between files).
#include <charconv>
#include <deque>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/endpoint.h"
#include "model/platform.h"
#include "model/report.h"
#include "render/render_note.h"
#include "render/render_reason.h"

namespace wfpredir::test {

/// Reasons in English words (render/render_reason.h), for checks on what they say.
inline std::string words(const Reasons& rs) { return reason_text(rs, Lang::en); }
inline std::string words(const Reason& r) { return reason_text(r, Lang::en); }
/// A call's notes in English words (render/render_note.h).
inline std::string words(const Notes& ns) { return note_text(ns, Lang::en); }
/// words() as the ReasonWords that rules take.
inline const ReasonWords kWords = [](const Reasons& rs) { return words(rs); };

/// Reasons that say \p text as it is: a test's stand-in for real evidence.
inline Reasons given(std::string_view text) { return {reason(ReasonKind::verbatim, text)}; }

/// "127.0.0.1:8080" / "[::1]:80" as an endpoint; throws on a typo in a test.
inline IpEndpoint ep(std::string_view text) {
  const auto colon = text.rfind(':');
  unsigned port = 0;
  if (colon == std::string_view::npos ||
      std::from_chars(text.data() + colon + 1, text.data() + text.size(), port).ec != std::errc() ||
      port > 65535)
    throw std::invalid_argument("test endpoint without a port: " + std::string(text));
  const auto e = parse_ip_literal(text.substr(0, colon), static_cast<std::uint16_t>(port));
  if (!e) throw std::invalid_argument("not an endpoint: " + std::string(text));
  return *e;
}

/// The connection every fake in the unit tests reports.
inline ConnectionInfo fake_connection_info() {
  ConnectionInfo c;
  c.protocol = "tcp";
  c.family = Family::ipv4;
  c.side = "accepted";
  c.local = ep("127.0.0.1:8080");
  c.peer = ep("127.0.0.1:5000");
  return c;
}

/// A final attempt as a backend would record it.
inline Attempt answer(std::uint32_t out_size, int error, std::uint32_t bytes,
                      std::vector<std::uint8_t> data = {},
                      ErrorDomain domain = ErrorDomain::windows) {
  Attempt a;
  a.out_size = out_size;
  a.error = error;
  a.bytes = bytes;
  a.data = std::move(data);
  a.domain = domain;
  return a;
}

/// A query result whose final attempt is \p a.
inline QueryResult with_final(QueryKind kind, Mode mode, Attempt a) {
  QueryResult q;
  q.kind = kind;
  q.mode = mode;
  q.attempts.push_back(std::move(a));
  return q;
}

/// A report on fake_connection_info() holding \p qs, not yet concluded.
inline ConnectionReport report_of(std::vector<QueryResult> qs) {
  ConnectionReport r;
  r.connection = fake_connection_info();
  r.queries = std::move(qs);
  return r;
}

/// How a fake connection answers each issue().
using Script = std::function<Attempt(QueryKind, Mode, std::uint32_t)>;

/// A report whose records query answered \p a, with verdict \p v (the relay's tests).
inline ConnectionReport with_records(Attempt a, Verdict v) {
  ConnectionReport r = report_of({with_final(QueryKind::records, Mode::sync, std::move(a))});
  r.verdict = v;
  return r;
}

/// Records bytes as a query might return them (the relay's tests).
inline const std::vector<std::uint8_t> kBlob = {0x01, 0x02, 0x03, 0x00, 0xff, 0x10, 0x20, 0x30};

/// A blob provider following the documented contract: 122 and the required
/// size when the buffer is too small, the blob otherwise.
inline Script needs(std::uint32_t size, int too_small_error = 122, bool give_size = true) {
  return [=](QueryKind, Mode, std::uint32_t out) {
    if (out < size) return answer(out, too_small_error, give_size ? size : 0);
    return answer(out, 0, size, std::vector<std::uint8_t>(size, 0xAB));
  };
}

/// A connection that answers from a script and remembers the sizes asked.
class FakeConnection final : public Connection {
 public:
  explicit FakeConnection(Script s, ConnectionInfo info = fake_connection_info())
      : script_(std::move(s)), info_(std::move(info)) {}
  ConnectionInfo info() const override { return info_; }
  Attempt issue(QueryKind kind, Mode mode, std::uint32_t out_size, Millis) override {
    sizes.push_back(out_size);
    return script_(kind, mode, out_size);
  }
  std::vector<std::uint32_t> sizes;

 private:
  Script script_;
  ConnectionInfo info_;
};

/// Hands out queued connections or setup errors, then times out.
class FakeSource final : public Source {
 public:
  std::deque<std::variant<std::unique_ptr<Connection>, SetupError>> queue;
  std::string waiting_for() const override { return "a fake connection"; }
  std::variant<std::unique_ptr<Connection>, SetupError> next(std::optional<Millis>) override {
    if (queue.empty()) {
      SetupError e;
      e.kind = SetupError::Kind::timed_out;
      e.message = "no connection arrived";
      return e;
    }
    auto v = std::move(queue.front());
    queue.pop_front();
    return v;
  }
};

/// A platform with the modes, kinds and name a test gives it.
class FakePlatform final : public Platform {
 public:
  Os platform_os = Os::linux;
  std::vector<Mode> have_modes{Mode::sync, Mode::event, Mode::apc};
  std::vector<QueryKind> have_kinds{QueryKind::records, QueryKind::context,
                                    QueryKind::original_dst};
  std::unique_ptr<FakeSource> source = std::make_unique<FakeSource>();
  std::optional<SetupError> open_error;  ///< open() fails with it when set
  Os os() const override { return platform_os; }
  std::vector<Mode> modes() const override { return have_modes; }
  std::vector<QueryKind> kinds() const override { return have_kinds; }
  Reason why_not(QueryKind) const override {
    return reason(ReasonKind::verbatim, "not on the fake");
  }
  Reason why_not(Mode) const override { return reason(ReasonKind::verbatim, "not on the fake"); }
  std::variant<std::unique_ptr<Source>, SetupError> open(const Target&) override {
    if (open_error) return *open_error;
    return std::move(source);
  }
  /// open_udp hands this out once; without one it fails as a platform with
  /// no UDP backend does.
  std::unique_ptr<UdpSource> udp_source;
  std::variant<std::unique_ptr<UdpSource>, SetupError> open_udp(
      const ListenTarget& target) override {
    if (!udp_source) return Platform::open_udp(target);
    return std::move(udp_source);
  }
  bool ended = false;  ///< terminated() answers this (SIGTERM, console close)
  void install_interrupt_handler() override {}
  bool interrupted() const override { return false; }
  bool terminated() const override { return ended; }
};

}  // namespace wfpredir::test
