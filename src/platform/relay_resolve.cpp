// --to HOST:PORT as an endpoint (relay_loop.h's resolve_upstream), through
// Asio's resolver, as the relay loop's sockets are.
#include <asio.hpp>

#include "platform/relay_asio.h"
#include "platform/relay_loop.h"
#include "platform/relay_steps.h"

namespace wfpredir {

std::variant<IpEndpoint, SetupError> resolve_upstream(const std::string& host, std::uint16_t port) {
  if (auto literal = parse_ip_literal(host, port)) return *literal;
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  std::error_code ec;
  const auto found = resolver.resolve(host, std::to_string(port), ec);
  if (ec || found.empty())
    return SetupError{SetupError::Kind::failed, "resolve " + host, relay_error_domain(), ec.value(),
                      ec ? std::string() : std::string("no address")};
  return relay_asio::from_asio(found.begin()->endpoint());
}

}  // namespace wfpredir
