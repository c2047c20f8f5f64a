#!/usr/bin/env python3
"""Idle connections for tests/bench/relay_haproxy.sh.

usage: relay_idle.py RELAY_PORT UPSTREAM_PORT N

Listens on UPSTREAM_PORT (the relay's upstream), opens N connections to
RELAY_PORT, and on each exchanges one small request and answer through the
relay (so that each connection has carried data once, as a kept-alive
connection has), then leaves them all idle. Prints "ready N" once all N are
open on both sides, and holds them until its standard input closes or it is
signalled. Needs an open-file limit above 2 N + 16.
"""
import socket
import sys
import threading


def main() -> int:
    relay_port, up_port, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind(("127.0.0.1", up_port))
    lst.listen(4096)
    accepted = []
    done = threading.Event()

    def serve() -> None:
        while len(accepted) < n:
            s, _ = lst.accept()
            accepted.append(s)
            s.recv(16)
            s.sendall(b"pong")
        done.set()

    threading.Thread(target=serve, daemon=True).start()
    clients = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", relay_port))
        c.sendall(b"ping")
        clients.append(c)
    for c in clients:
        got = b""
        while len(got) < 4:
            part = c.recv(4 - len(got))
            if not part:
                print("a connection closed early", file=sys.stderr)
                return 1
            got += part
    if not done.wait(60):
        print(f"only {len(accepted)} of {n} reached the upstream", file=sys.stderr)
        return 1
    print(f"ready {n}", flush=True)
    sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main())
