#!/usr/bin/env python3
"""A client that holds one connection, for the end-to-end tests and the
README examples: connects to HOST:PORT as soon as something listens there
(retrying for 60 s: the tool takes seconds to start under Wine), writes its
own port to PORT_FILE if given, sends TEXT and half-closes if given, then
reads to the end, so it holds the connection until the other side closes it.

  connect_peer.py HOST PORT [--port-file PORT_FILE] [--send TEXT]
Exit 1 when nothing listened within 60 s.
"""
import argparse
import socket
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--port-file")
    p.add_argument("--send", default="")
    args = p.parse_args()
    deadline = time.time() + 60
    while True:
        try:
            s = socket.create_connection((args.host, args.port), timeout=5)
            break
        except OSError:
            if time.time() > deadline:
                sys.exit(1)
            time.sleep(0.05)
    if args.port_file:
        with open(args.port_file, "w") as f:
            f.write("%d\n" % s.getsockname()[1])
    s.settimeout(60)
    if args.send:
        s.sendall(args.send.encode())
        s.shutdown(socket.SHUT_WR)
    try:
        while s.recv(4096):
            pass
    except OSError:
        pass


if __name__ == "__main__":
    main()
