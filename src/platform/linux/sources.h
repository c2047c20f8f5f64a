#pragma once
/// \file sources.h
/// Where the Linux backend's connections come from: a listener that accepts
/// (plain or TPROXY), a connector that resolves a name and connects, and
/// --self, which connects to its own loopback listener.

#include <memory>
#include <variant>

#include "model/platform.h"

namespace wfpredir::linux_backend {

/// Listens on target.at. A port of 0 is refused (SetupError::Kind::usage)
/// as on Windows: the CLI never builds one; this is the backend's own guard.
std::variant<std::unique_ptr<Source>, SetupError> open_listen(const ListenTarget& target);

/// Resolves target.host (getaddrinfo) and connects to each address in turn.
std::variant<std::unique_ptr<Source>, SetupError> open_connect(const ConnectTarget& target);

/// Listens on an ephemeral 127.0.0.1 port and connects to it.
std::variant<std::unique_ptr<Source>, SetupError> open_self();

}  // namespace wfpredir::linux_backend
