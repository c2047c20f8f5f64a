#!/usr/bin/env python3
"""Both ends of a relay test: a server and N concurrent clients that each send
random bytes and read to the end of stream at the same time (full duplex,
each side half-closes after sending), and write one line per connection:
"<sha256 of what it sent> <sha256 of what it received> <bytes received>".
The test compares the two files: every stream must arrive intact.

  relay_peer.py server HOST PORT NBYTES COUNT OUT [READY_FILE]
  relay_peer.py clients HOST PORT NBYTES N OUT
Exit 0 when every connection completed; 1 otherwise (the reason on stderr).
"""
import hashlib
import os
import socket
import sys
import threading

CHUNK = 65536


def duplex(sock, nbytes):
    """Sends nbytes of random data while reading to EOF; returns the hashes."""
    data = os.urandom(nbytes)
    sent = hashlib.sha256(data).hexdigest()
    error = []

    def send():
        try:
            view = memoryview(data)
            while view:
                n = sock.send(view[:CHUNK])
                view = view[n:]
            sock.shutdown(socket.SHUT_WR)
        except OSError as e:
            error.append(e)

    t = threading.Thread(target=send)
    t.start()
    h = hashlib.sha256()
    got = 0
    while True:
        b = sock.recv(CHUNK)
        if not b:
            break
        h.update(b)
        got += len(b)
    t.join()
    if error:
        raise error[0]
    return sent, h.hexdigest(), got


def main():
    role, host, port, nbytes, count, out = sys.argv[1:7]
    port, nbytes, count = int(port), int(nbytes), int(count)
    lines, failures, lock = [], [], threading.Lock()

    def run(sock):
        try:
            with sock:
                sent, received, got = duplex(sock, nbytes)
            with lock:
                lines.append(f"{sent} {received} {got}\n")
        except OSError as e:
            with lock:
                failures.append(repr(e))

    threads = []
    if role == "server":
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        srv = socket.socket(family, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind((host, port))
        srv.listen(512)
        if len(sys.argv) > 7:
            open(sys.argv[7], "w").close()
        srv.settimeout(60)
        for _ in range(count):
            conn, _ = srv.accept()
            conn.settimeout(60)
            t = threading.Thread(target=run, args=(conn,))
            t.start()
            threads.append(t)
    else:
        def client():
            try:
                s = socket.create_connection((host, port), timeout=60)
            except OSError as e:
                with lock:
                    failures.append(repr(e))
                return
            run(s)

        # All started before any can finish: they overlap in the relay.
        for _ in range(count):
            t = threading.Thread(target=client)
            t.start()
            threads.append(t)
    for t in threads:
        t.join()
    with open(out, "w") as f:
        f.writelines(lines)
    if failures:
        print(f"relay_peer {role}: {len(failures)} failed: {failures[:3]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
