// The run of `relay` (relay_run.h): the accept-query-hand-over loop on the
// calling thread, the forwarding on the platform's loop thread.
#include "core/relay_run.h"

#include <fmt/format.h>

#include <mutex>
#include <thread>

#include "core/blob_save.h"
#include "core/engine.h"
#include "core/i18n.h"
#include "core/visible.h"

namespace wfpredir {
namespace {

// A connection from this machine to itself: loopback, or the address it was
// accepted on. Only such a peer can be one of the relay's own upstream sockets.
bool from_this_machine(const ConnectionInfo& c) {
  if (!c.peer) return false;
  const IpEndpoint p = c.peer->normalised();
  if (p.family == Family::ipv4 && p.address[0] == 127) return true;
  if (p.family == Family::ipv6) {
    IpEndpoint loop6{};
    loop6.family = Family::ipv6;
    loop6.address[15] = 1;
    if (p.address == loop6.address) return true;
  }
  return c.local && format_address(c.local->normalised()) == format_address(p);
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

  auto finish = [&](std::optional<Exit> forced) {
    if (platform.interrupted()) loop->stop_all();
    // Waits in slices so that Ctrl-C while connections drain ends them.
    while (loop->active() != 0) {
      if (platform.interrupted()) {
        loop->stop_all();
        forced = platform.terminated() ? Exit::terminated : Exit::interrupted;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    loop->wait_idle();
    std::lock_guard lock(tally_lock);
    summary.peak_concurrent = loop->peak();
    if (forced) return *forced;
    return relay_exit(summary, expectation_failed, q.expect.kind != Expectation::Kind::none);
  };

  unsigned index = 0;
  for (unsigned relayed = 0; q.count == 0 || relayed < q.count;) {
    if (platform.interrupted())
      return finish(platform.terminated() ? Exit::terminated : Exit::interrupted);
    if (index == 0) {
      fmt::print(
          status, "{}\n",
          trf("wfpredir: relaying {} to {}{} ...", source.waiting_for(),
              to ? format_endpoint(*to) : std::string(tr("each connection's original destination")),
              q.count == 0   ? std::string(tr(" until Ctrl-C"))
              : q.count == 1 ? std::string()
                             : trf(", {} connections", q.count)));
      std::fflush(status);
    }
    auto next = source.next(q.timeout);
    if (auto* err = std::get_if<SetupError>(&next)) {
      fmt::print(
          status, "{}{}\n",
          tr(err->kind == SetupError::Kind::interrupted ? "wfpredir: " : "wfpredir: error: "),
          describe(*err));
      return finish(exit_for(*err, platform));
    }
    auto& connection = *std::get<std::unique_ptr<Connection>>(next);
    RelayJob job;
    job.report.query = query_connection(platform, connection, q, ++index);
    if (!q.save_dir.empty()) {
      if (auto failed = save_blobs(job.report.query, q.save_dir))
        fmt::print(status, "{}{}\n", tr("wfpredir: error: "),
                   trf("--save: cannot write {}: {}", failed->path, failed->reason));
    }
    const ConnectionInfo& c = job.report.query.connection;
    std::optional<unsigned> origin;
    if (c.peer && from_this_machine(c)) origin = guard.came_back(c.peer->port);
    RelayPart& part = job.report.relay;
    // A request whose end was never seen keeps its OVERLAPPED on the socket:
    // once the loop associated the socket with its completion port, the late
    // completion would be read as one of the loop's own operations. Such a
    // socket stays with its connection and is closed, never handed over
    // (docs/winsock-contract.md#overlapped-semantics).
    const bool abandoned = has_abandoned_request(job.report.query);
    if (abandoned) {
      job.refuse = RelayEnd::query_abandoned;
      part.end_detail =
          tr("a query on this socket was still pending after its cancel grace, so the socket was "
             "closed rather than handed to the relay");
      fmt::print(status, "{}\n",
                 trf("wfpredir: warning: connection {}: {}", index, visible(part.end_detail)));
    } else if (origin) {
      job.refuse = RelayEnd::loop_refused;
      part.end_detail =
          trf("this connection comes from the relay's own upstream socket of connection {}: the "
              "redirect rule caught the relay's own traffic (a loop)",
              *origin);
      fmt::print(status, "{}\n",
                 trf("wfpredir: warning: loop: connection {} comes back from connection {}'s "
                     "upstream socket; let the relay's marked traffic through before the "
                     "redirect rule: nft insert rule ip nat output meta mark {:#x} accept",
                     index, *origin, options.mark));
    } else {
      std::string why;
      bool loops = false;
      part.upstream = choose_upstream(job.report.query, to, part.chosen_by, why, &loops);
      if (!part.upstream) {
        job.refuse = loops ? RelayEnd::loop_refused : RelayEnd::no_destination;
        part.end_detail = why;
        fmt::print(status, "{}\n",
                   trf("wfpredir: warning: connection {}: {}", index, visible(why)));
      }
    }
    if (!abandoned) {
      const auto native = connection.release_socket();
      if (!native)
        throw std::logic_error("relay: the connection's socket could not be handed over");
      job.client = *native;
    }
    // Connections the relay refused as loops are its own traffic, not clients.
    if (!origin) ++relayed;
    // The last client is in: the listener closes before its upstream connect
    // starts, so an upstream connection that a redirect rule sends back here
    // is refused at once instead of waiting unaccepted in the backlog.
    if (q.count != 0 && relayed == q.count) std::get<std::unique_ptr<Source>>(opened).reset();
    loop->start(std::move(job));
  }
  return finish(std::nullopt);
}

}  // namespace wfpredir
