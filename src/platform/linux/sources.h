#pragma once
/// \file sources.h
/// Where the Linux backend's connections come from: a listener that accepts
/// (plain or TPROXY), a connector that resolves a name and connects, and
/// --self, which connects to its own loopback listener.

#include <memory>
#include <variant>

#include "core/platform.h"

namespace wfpredir::linux_backend {

/// Listens on target.bind:target.port. A port of 0 or a bind address that is
/// no IPv4/IPv6 literal is refused (SetupError::Kind::usage): the engine's
/// validate() checks both first and names the flag; this is the backend's own guard.
std::variant<std::unique_ptr<Source>, SetupError> open_listen(const Target& target);

/// Resolves target.host (getaddrinfo) and connects to each address in turn.
std::variant<std::unique_ptr<Source>, SetupError> open_connect(const Target& target);

/// Listens on an ephemeral 127.0.0.1 port and connects to it.
std::variant<std::unique_ptr<Source>, SetupError> open_self();

}  // namespace wfpredir::linux_backend
