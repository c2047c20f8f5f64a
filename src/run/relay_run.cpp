// The run of `relay` (relay_run.h): each step of engine.h's drive_run
// accepts, queries and hands a connection over on the calling thread; the
// forwarding is on the platform's loop threads, and the run's end waits for
// (or, interrupted, resets) the connections still in flight.
#include "run/relay_run.h"

#include <fmt/format.h>

#include <mutex>
#include <thread>

#include "analysis/relay_plan.h"
#include "platform/system.h"
#include "render/render_reason.h"
#include "run/blob_save.h"
#include "run/engine.h"
#include "text/i18n.h"
#include "text/visible.h"

namespace wfpredir {
namespace {

using Clock = std::chrono::steady_clock;

/// How long an interrupted run waits for its connections to be reported
/// after they were reset, before it ends anyway (the tool's other waits'
/// cancel grace).
constexpr auto kStopGrace = std::chrono::seconds(5);

/// What ended the run, for each interrupted connection's end_reason.
Reason stop_reason(const Platform& platform) {
  return reason(platform.terminated() ? ReasonKind::relay_terminated
                                      : ReasonKind::relay_interrupted);
}

/// "wfpredir: warning: connection N: WHY", in the run's language.
void warn_refused(std::FILE* status, unsigned index, const Reason& why) {
  fmt::print(
      status, "{}\n",
      trf("wfpredir: warning: connection {}: {}", index, visible(reason_text(why, language()))));
}

bool has_abandoned_request(const ConnectionReport& r) {
  for (const QueryResult& q : r.queries)
    for (const Attempt& a : q.attempts)
      if (a.abandoned) return true;
  return false;
}

}  // namespace

Exit run_relay(Platform& platform, const RelayOptions& options, const RelaySink& sink,
               std::FILE* status, RelaySummary& summary) {
  const QueryOptions& q = options.query;
  std::optional<IpEndpoint> to;
  if (options.to_host) {
    auto r = resolve_upstream(*options.to_host, options.to_port);
    if (auto* err = std::get_if<SetupError>(&r)) {
      fmt::print(status, "{}--to: {}\n", tr("wfpredir: error: "), describe(*err));
      return Exit::setup_failed;
    }
    to = std::get<IpEndpoint>(r);
  }
  platform.install_interrupt_handler();
  auto opened = platform.open(q.target);
  if (auto* err = std::get_if<SetupError>(&opened)) {
    fmt::print(status, "{}{}\n", tr("wfpredir: error: "), describe(*err));
    return exit_for(*err, platform);
  }
  auto& source = *std::get<std::unique_ptr<Source>>(opened);

  // The sink runs on the loop's thread; the tally is read here after it idles.
  std::mutex tally_lock;
  unsigned expectation_failed = 0;
  const RelaySink tallying = [&](const RelayReport& r) {
    {
      std::lock_guard lock(tally_lock);
      summary.add(r);
      if (r.query.expectation_held == false) ++expectation_failed;
    }
    sink(r);
  };
  LoopGuard guard;
  auto loop = make_relay_loop(options, tallying, guard);

  // On Ctrl-C/SIGTERM: --drain lets the connections in flight finish first,
  // then the rest are reset; the run ends within the grace whatever happens.
  auto finish = [&](std::optional<Exit> forced) {
    std::optional<Clock::time_point> stop_by;
    bool stopped = false;
    auto stop = [&] {
      if (stopped) return;
      stopped = true;
      forced = platform.terminated() ? Exit::terminated : Exit::interrupted;
      if (loop->active() != 0 && options.drain_ms != 0) {
        const auto drain_until = Clock::now() + std::chrono::milliseconds(options.drain_ms);
        fmt::print(status, "{}\n",
                   trf("wfpredir: draining {} connections for at most {} s (--drain) ...",
                       loop->active(), options.drain_ms / 1000.0));
        std::fflush(status);
        while (loop->active() != 0 && Clock::now() < drain_until)
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      loop->stop_all(stop_reason(platform));
      stop_by = Clock::now() + kStopGrace;
    };
    if (platform.interrupted()) stop();
    // Waits in slices so that Ctrl-C while connections drain ends them.
    while (loop->active() != 0) {
      if (platform.interrupted()) stop();
      if (stop_by && Clock::now() > *stop_by) {
        fmt::print(status, "{}\n",
                   trf("wfpredir: warning: {} connections were not reported within the grace; "
                       "the run ends without them",
                       loop->active()));
        std::lock_guard lock(tally_lock);
        summary.peak_concurrent = loop->peak();
        return *forced;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    loop->wait_idle();
    std::lock_guard lock(tally_lock);
    summary.peak_concurrent = loop->peak();
    if (forced) return *forced;
    return relay_exit(summary, expectation_failed, q.expect.kind != Expectation::Kind::none);
  };

  const auto opening = [&] {
    fmt::print(
        status, "{}\n",
        trf("wfpredir: relaying {} to {}{} ...", source.waiting_for(),
            to ? format_endpoint(*to) : std::string(tr("each connection's original destination")),
            q.count == 0   ? std::string(tr(" until Ctrl-C"))
            : q.count == 1 ? std::string()
                           : trf(", {} connections", q.count)));
    std::fflush(status);
  };
  const RunStep step = [&](unsigned index) -> std::variant<RunOutcome, RunRetry, SetupError, Exit> {
    auto next = source.next(q.timeout);
    if (auto* err = std::get_if<SetupError>(&next); err && err->kind == SetupError::Kind::failed &&
                                                    out_of_descriptors(err->domain, err->code)) {
      // Out of descriptors: the listener stays, and its queue holds the
      // clients while accepting pauses until a connection ends (or a short
      // while passes, for descriptors freed elsewhere), as haproxy does.
      const unsigned before = loop->active();
      const auto paused = Clock::now();
      if (summary.accept_pauses == 0)
        fmt::print(status, "{}\n",
                   trf("wfpredir: warning: {}; accepting pauses until descriptors free up "
                       "(raise the limit: ulimit -n)",
                       describe(*err)));
      std::fflush(status);
      while (!platform.interrupted() && loop->active() >= before && before != 0 &&
             Clock::now() - paused < std::chrono::milliseconds(500))
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (before == 0 && !platform.interrupted())
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::lock_guard lock(tally_lock);
      ++summary.accept_pauses;
      summary.paused_seconds += std::chrono::duration<double>(Clock::now() - paused).count();
      return RunRetry{};
    }
    if (auto* err = std::get_if<SetupError>(&next)) return std::move(*err);
    auto& connection = *std::get<std::unique_ptr<Connection>>(next);
    RelayJob job;
    job.report.query = query_connection(platform, connection, q, index);
    if (!q.save_dir.empty()) {
      if (auto failed = save_blobs(job.report.query, q.save_dir))
        fmt::print(status, "{}{}\n", tr("wfpredir: error: "),
                   trf("--save: cannot write {}: {}", failed->path, failed->reason));
    }
    const ConnectionInfo& c = job.report.query.connection;
    // Any peer, not only loopback: the relay's upstream connection can come
    // back through a redirect from one of the host's other addresses.
    std::optional<unsigned> origin;
    if (c.peer) origin = guard.came_back(*c.peer);
    RelayPart& part = job.report.relay;
    // A request whose end was never seen keeps its OVERLAPPED on the socket:
    // once the loop associated the socket with its completion port, the late
    // completion would be read as one of the loop's own operations. Such a
    // socket stays with its connection and is closed, never handed over
    // (docs/winsock-contract.md#overlapped-semantics).
    const bool abandoned = has_abandoned_request(job.report.query);
    if (abandoned) {
      job.refuse = RelayEnd::query_abandoned;
      part.end_reason = reason(ReasonKind::relay_query_abandoned);
      warn_refused(status, index, *part.end_reason);
    } else if (origin) {
      job.refuse = RelayEnd::loop_refused;
      part.end_reason = reason(ReasonKind::relay_came_back, *origin);
      fmt::print(status, "{}\n",
                 trf("wfpredir: warning: loop: connection {} comes back from connection {}'s "
                     "upstream socket; let the relay's marked traffic through before the "
                     "redirect rule: nft insert rule ip nat output meta mark {:#x} accept",
                     index, *origin, options.mark));
    } else {
      Reason why;
      bool loops = false;
      part.upstream = choose_upstream(job.report.query, to, part.chosen_by, why, &loops);
      if (!part.upstream) {
        job.refuse = loops ? RelayEnd::loop_refused : RelayEnd::no_destination;
        warn_refused(status, index, why);
        part.end_reason = std::move(why);
      }
    }
    if (!abandoned) {
      const auto native = connection.release_socket();
      if (!native)
        throw std::logic_error("relay: the connection's socket could not be handed over");
      job.client = *native;
    }
    // A refused loop counts too: --count 2 with two looped connections ends at
    // once (exit 3) instead of waiting for a client that cannot come.
    // The last client is in: the listener closes before its upstream connect
    // starts, so an upstream connection that a redirect rule sends back here
    // is refused at once instead of waiting unaccepted in the backlog.
    if (q.count != 0 && index == q.count) std::get<std::unique_ptr<Source>>(opened).reset();
    loop->start(std::move(job));
    return RunOutcome{};  // its verdict and end are tallied as it is reported
  };
  // The connections' tally is the summary's; the run ends when they have.
  const RunFinish end = [&](std::optional<Exit> forced, const RunTally&) { return finish(forced); };
  return drive_run(platform, q, status, nullptr, opening, step, end);
}

}  // namespace wfpredir
