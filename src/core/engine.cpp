#include "core/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>

#include "core/catalog.h"

namespace wfpredir {
namespace {

// Windows codes that say "your buffer was too small" (docs/winsock-contract.md#buffer-sizes: public code
// expects any of them). 122 and WSAENOBUFS say nothing else; WSAEFAULT and
// WSAEINVAL also mean other things, so they count only with a returned size
// larger than the buffer that was passed.
bool says_too_small(const Attempt& a) {
  if (a.domain != ErrorDomain::windows) return false;
  if (a.error == codes::insufficient_buffer || a.error == codes::wsaenobufs) return true;
  return (a.error == codes::wsaefault || a.error == codes::wsaeinval) && a.bytes > a.out_size;
}

bool stopped(const Attempt& a) { return a.timed_out || a.interrupted; }

// Errors that mean "this socket carries nothing to query" rather than "the
// query broke": the set safechain treats as "no records" (docs/winsock-contract.md#no-records-no-context).
bool means_nothing_there(const Attempt& a) {
  if (a.domain == ErrorDomain::posix) return a.error == codes::linux_enoent || a.error == codes::linux_enoprotoopt;
  switch (a.error) {
    case codes::wsaefault:
    case codes::wsaeinval:
    case codes::wsaenoprotoopt:
    case codes::wsaeopnotsupp:
      return true;
    default:
      return false;
  }
}

std::string outcome_of(const QueryResult& q) {
  const QueryStatus status = status_of(q);
  const Attempt* a = q.final_attempt();
  if (status == QueryStatus::ok) return fmt::format("{} bytes", a->bytes);
  if (status != QueryStatus::error) return std::string(to_string(status));
  const std::string_view name = error_name(a->domain, a->error);
  return name.empty() ? fmt::format("error {}", a->error) : fmt::format("error {} ({})", a->error, name);
}

bool same_outcome(const Attempt& x, const Attempt& y) {
  return x.error == y.error && x.domain == y.domain && x.timed_out == y.timed_out &&
         x.interrupted == y.interrupted && (x.error != 0 || (x.bytes == y.bytes && x.data == y.data));
}

bool contains(const auto& range, const auto& value) {
  return std::find(range.begin(), range.end(), value) != range.end();
}

}  // namespace

std::optional<Expectation> parse_expectation(std::string_view text) {
  Expectation e;
  e.text = std::string(text);
  if (text == "redirected") {
    e.kind = Expectation::Kind::redirected;
  } else if (text == "not-redirected") {
    e.kind = Expectation::Kind::not_redirected;
  } else if (text.starts_with("error:")) {
    const auto code = parse_error_code(text.substr(6));
    if (!code) return std::nullopt;
    e.kind = Expectation::Kind::error;
    e.code = *code;
  } else {
    return std::nullopt;
  }
  return e;
}

std::optional<BufferPolicy> parse_buffer_policy(std::string_view text) {
  if (text == "auto") return BufferPolicy{BufferPolicyKind::automatic, 0};
  if (text == "probe") return BufferPolicy{BufferPolicyKind::probe, 0};
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  if (n == 0) return BufferPolicy{BufferPolicyKind::probe, 0};
  if (n > kFixedMaxSize) return std::nullopt;
  return BufferPolicy{BufferPolicyKind::fixed, static_cast<std::uint32_t>(n)};
}

std::optional<std::string> validate(const Platform& platform, const QueryOptions& options) {
  const auto have = platform.modes();
  for (Mode m : options.modes) {
    if (!contains(have, m)) {
      std::string list;
      for (Mode h : have) list += (list.empty() ? "" : ", ") + std::string(to_string(h));
      return fmt::format("--mode {}: {}; this platform has: {}", to_string(m), platform.why_not(m),
                         list.empty() ? "none" : list);
    }
  }
  if (options.target.kind == Target::Kind::listen && options.target.port == 0)
    return std::string("--port must be 1-65535");
  return std::nullopt;
}

QueryResult run_one(Connection& connection, QueryKind kind, Mode mode, const BufferPolicy& policy,
                    Millis io_timeout) {
  QueryResult r;
  r.kind = kind;
  r.mode = mode;
  auto issue = [&](std::uint32_t size) -> const Attempt& {
    r.attempts.push_back(connection.issue(kind, mode, size, io_timeout));
    return r.attempts.back();
  };
  switch (policy.kind) {
    case BufferPolicyKind::fixed:
      issue(policy.size);
      break;
    case BufferPolicyKind::probe: {
      const Attempt& probe = issue(0);
      if (stopped(probe)) break;
      if (probe.error != 0 && probe.bytes > 0) {
        const std::uint32_t need = probe.bytes;
        r.policy_note = fmt::format("the 0-byte probe answered that {} bytes are needed; asked again with exactly {}", need, need);
        issue(need);
      } else if (probe.error != 0) {
        r.policy_note = "the 0-byte probe returned no required size, so there was nothing more to ask";
      }
      break;
    }
    case BufferPolicyKind::automatic: {
      std::uint32_t size = kAutoStartSize;
      for (;;) {
        const Attempt a = issue(size);  // a copy: the next issue() may move the vector
        if (a.error == 0 || stopped(a) || !says_too_small(a)) break;
        // Sizes only grow, and are capped, so this loop ends.
        const std::uint64_t next = a.bytes > size ? std::uint64_t{a.bytes} : std::uint64_t{size} * 2;
        if (next > kAutoMaxSize) {
          r.policy_note += fmt::format("{}the buffer of {} bytes was too small and {} bytes exceed the automatic cap of {}; use --buffer N to go further",
                                       r.policy_note.empty() ? "" : "; ", size, next, kAutoMaxSize);
          break;
        }
        r.policy_note += fmt::format("{}{} bytes were too small ({}); retried with {}{}",
                                     r.policy_note.empty() ? "" : "; ", size,
                                     a.bytes > size ? "the answer gave the size" : "no size given, doubled", next,
                                     a.bytes > size ? " as returned" : "");
        size = static_cast<std::uint32_t>(next);
      }
      break;
    }
  }
  return r;
}

void conclude(ConnectionReport& report, const Expectation& expect) {
  // Agreement: the modes that ran for a kind should return the same thing.
  report.agreement.clear();
  for (QueryKind kind : {QueryKind::records, QueryKind::context, QueryKind::original_dst}) {
    std::vector<const QueryResult*> ran;
    for (const QueryResult& q : report.queries)
      if (q.kind == kind && !q.skipped && q.final_attempt() != nullptr) ran.push_back(&q);
    if (ran.size() < 2) continue;
    Agreement ag;
    ag.kind = kind;
    for (const QueryResult* q : ran) ag.agree = ag.agree && same_outcome(*ran.front()->final_attempt(), *q->final_attempt());
    if (!ag.agree)
      for (const QueryResult* q : ran) ag.differences.push_back(fmt::format("{}: {}", to_string(q->mode), outcome_of(*q)));
    report.agreement.push_back(std::move(ag));
  }

  // Verdict, from the strongest evidence down (README, "Verdicts").
  report.verdict = Verdict::unknown;
  report.verdict_reason.clear();
  bool any_stopped = false, all_nothing = true, any_ran = false;
  for (const QueryResult& q : report.queries) {
    const Attempt* a = q.final_attempt();
    if (a == nullptr) continue;
    any_ran = true;
    if (stopped(*a)) any_stopped = true;
    if (a->error == 0 && q.kind != QueryKind::original_dst && a->bytes > 0) {
      report.verdict = Verdict::redirected;
      report.verdict_reason = fmt::format("{} returned {} bytes in {} mode", control_name(q.kind), a->bytes, to_string(q.mode));
      break;
    }
    if (a->error == 0 && q.kind == QueryKind::original_dst && a->original_dst) {
      const ConnectionInfo& c = report.connection;
      const IpEndpoint& dst = *a->original_dst;
      // Compared as values: a dual-stack socket reports an IPv4 peer as
      // ::ffff:a.b.c.d, which is the same endpoint as a.b.c.d.
      if (!c.local || !same_endpoint(dst, *c.local)) {
        report.verdict = Verdict::redirected;
        report.verdict_reason = fmt::format("the original destination {} ({}) differs from the local address {}",
                                            format_endpoint(dst), a->mechanism, format_endpoint(c.local));
        break;
      }
      // TPROXY keeps the original destination as the local address: the
      // evidence is that it is not the address the listener is bound to.
      if (c.listener && !reaches_listener(dst, *c.listener)) {
        report.verdict = Verdict::redirected;
        report.verdict_reason = fmt::format("the original destination {} ({}) is not the listener's address {}",
                                            format_endpoint(dst), a->mechanism, format_endpoint(c.listener));
        break;
      }
      continue;  // the original destination is this very socket: no evidence either way
    }
    if (a->error == 0 && q.kind != QueryKind::original_dst) continue;  // success with 0 bytes: nothing there
    if (a->error != 0 && !means_nothing_there(*a)) all_nothing = false;
  }
  if (report.verdict != Verdict::redirected) {
    if (!any_ran) {
      report.verdict_reason = "no query was issued";
    } else if (any_stopped) {
      report.verdict_reason = "a query did not complete (timed out or interrupted)";
    } else if (!all_nothing) {
      report.verdict_reason = "a query failed with an error that does not mean \"nothing to report\"";
    } else {
      report.verdict = Verdict::not_redirected;
      report.verdict_reason = "no query returned redirect data, and the errors mean there was none";
    }
  }

  // --expect
  report.expectation = expect.text;
  report.expectation_held.reset();
  switch (expect.kind) {
    case Expectation::Kind::none:
      break;
    case Expectation::Kind::redirected:
      report.expectation_held = report.verdict == Verdict::redirected;
      break;
    case Expectation::Kind::not_redirected:
      report.expectation_held = report.verdict == Verdict::not_redirected;
      break;
    case Expectation::Kind::error: {
      // The redirect queries (records/context) decide; where none ran (Linux),
      // the original-destination query does.
      auto check = [&](bool want_original) {
        bool seen = false, all = true;
        for (const QueryResult& q : report.queries) {
          const Attempt* a = q.final_attempt();
          if (a == nullptr || (q.kind == QueryKind::original_dst) != want_original) continue;
          seen = true;
          all = all && a->error == expect.code;
        }
        return seen ? std::optional<bool>(all) : std::nullopt;
      };
      auto held = check(false);
      if (!held) held = check(true);
      report.expectation_held = held.value_or(false);
      break;
    }
  }
}

ConnectionReport query_connection(const Platform& platform, Connection& connection,
                                  const QueryOptions& options, unsigned index) {
  ConnectionReport report;
  report.index = index;
  report.connection = connection.info();
  const auto kinds = platform.kinds();
  const auto have_modes = platform.modes();
  const std::vector<Mode> modes =
      options.modes.empty() ? std::vector<Mode>{Mode::sync, Mode::event, Mode::apc} : options.modes;

  auto skipped = [&](QueryKind kind, Mode mode, std::string why) {
    QueryResult q;
    q.kind = kind;
    q.mode = mode;
    q.skipped = true;
    q.skip_reason = std::move(why);
    report.queries.push_back(std::move(q));
  };

  for (Mode mode : modes)
    if (!contains(have_modes, mode)) report.skipped_modes.push_back({mode, platform.why_not(mode)});

  std::vector<QueryKind> wanted = options.what;
  wanted.push_back(QueryKind::original_dst);
  for (QueryKind kind : wanted) {
    if (!contains(kinds, kind)) {
      skipped(kind, Mode::sync, platform.why_not(kind));
      continue;
    }
    // getsockopt has no overlapped form: the original destination is read once.
    const std::vector<Mode> kind_modes = kind == QueryKind::original_dst ? std::vector<Mode>{Mode::sync} : modes;
    for (Mode mode : kind_modes) {
      if (!contains(have_modes, mode)) {
        skipped(kind, mode, platform.why_not(mode));
      } else if (platform.interrupted()) {
        skipped(kind, mode, "interrupted before this query was issued");
      } else {
        report.queries.push_back(run_one(connection, kind, mode, options.buffer, options.io_timeout));
      }
    }
  }
  conclude(report, options.expect);
  return report;
}

std::string describe(const SetupError& e) {
  if (e.code == 0) return e.operation.empty() ? e.message : fmt::format("{}: {}", e.operation, e.message);
  const Explanation x = explain(e.domain, e.code, Lang::en);
  std::string text = fmt::format("{}: error {}", e.operation, e.code);
  if (!x.name.empty()) text += fmt::format(" ({})", x.name);
  if (!x.system_text.empty()) text += fmt::format(": {}", x.system_text);
  if (!e.message.empty()) text += fmt::format(" ({})", e.message);
  return text;
}

namespace {

Exit exit_for(const SetupError& e) {
  switch (e.kind) {
    case SetupError::Kind::timed_out: return Exit::timed_out;
    case SetupError::Kind::interrupted: return Exit::interrupted;
    case SetupError::Kind::usage: return Exit::usage;
    case SetupError::Kind::unsupported: return Exit::unsupported;
    case SetupError::Kind::failed: break;
  }
  return Exit::setup_failed;
}

// Writes the first successful blob of each kind as <n>.<kind>.bin.
void save_blobs(ConnectionReport& report, const std::string& dir, std::FILE* status) {
  for (QueryKind kind : {QueryKind::records, QueryKind::context, QueryKind::original_dst}) {
    for (QueryResult& q : report.queries) {
      if (q.kind != kind || !q.succeeded() || q.final_attempt()->data.empty()) continue;
      const auto path = std::filesystem::path(dir) / fmt::format("{}.{}.bin", report.index, to_string(kind));
      const auto& data = q.final_attempt()->data;
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
      out.close();
      if (out) {
        q.saved_to = path.string();
      } else {
        fmt::print(status, "wfpredir: warning: could not write {}\n", path.string());
      }
      break;
    }
  }
}

}  // namespace

Exit run_query(Platform& platform, const QueryOptions& options, const ReportSink& sink, std::FILE* status) {
  if (auto problem = validate(platform, options)) {
    fmt::print(status, "wfpredir: error: {}\n", *problem);
    return Exit::usage;
  }
  if (!options.save_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.save_dir, ec);
    if (ec || !std::filesystem::is_directory(options.save_dir)) {
      fmt::print(status, "wfpredir: error: --save {}: {}\n", options.save_dir,
                 ec ? ec.message() : std::string("not a directory"));
      return Exit::input_error;
    }
  }
  platform.install_interrupt_handler();
  auto opened = platform.open(options.target);
  if (auto* err = std::get_if<SetupError>(&opened)) {
    fmt::print(status, "wfpredir: error: {}\n", describe(*err));
    return exit_for(*err);
  }
  auto& source = *std::get<std::unique_ptr<Source>>(opened);

  bool any_failed = false, any_io_timeout = false, any_expect_failed = false;
  for (unsigned n = 1; options.count == 0 || n <= options.count; ++n) {
    if (platform.interrupted()) return platform.terminated() ? Exit::terminated : Exit::interrupted;
    // Said once, before the first wait (--self connects to itself at once):
    // a line per connection would cost more than the query at high rates.
    if (n == 1 && options.target.kind != Target::Kind::self) {
      const std::string how_many = options.count == 1 ? std::string() :
                                   options.count == 0 ? std::string(", one after another until Ctrl-C")
                                                      : fmt::format(", {} in all", options.count);
      fmt::print(status, "wfpredir: waiting for {}{}{} ...\n", source.waiting_for(), how_many,
                 options.timeout ? fmt::format(" (timeout {} s each)", options.timeout->count() / 1000.0) : std::string(" (Ctrl-C to stop)"));
      std::fflush(status);
    }
    auto next = source.next(options.timeout);
    if (auto* err = std::get_if<SetupError>(&next)) {
      fmt::print(status, "wfpredir: {}{}\n", err->kind == SetupError::Kind::interrupted ? "" : "error: ", describe(*err));
      if (err->kind == SetupError::Kind::interrupted && platform.terminated()) return Exit::terminated;
      return exit_for(*err);
    }
    auto& connection = *std::get<std::unique_ptr<Connection>>(next);
    ConnectionReport report = query_connection(platform, connection, options, n);
    if (!options.save_dir.empty()) save_blobs(report, options.save_dir, status);
    sink(report);
    for (const QueryResult& q : report.queries) {
      const Attempt* a = q.final_attempt();
      if (a == nullptr) continue;
      any_failed = any_failed || a->error != 0;
      any_io_timeout = any_io_timeout || a->timed_out;
    }
    if (report.expectation_held == false) any_expect_failed = true;
    if (platform.interrupted()) return platform.terminated() ? Exit::terminated : Exit::interrupted;
  }
  if (options.expect.kind != Expectation::Kind::none) return any_expect_failed ? Exit::expectation_failed : Exit::ok;
  if (any_io_timeout) return Exit::timed_out;
  return any_failed ? Exit::unknown : Exit::ok;
}

}  // namespace wfpredir
