#!/usr/bin/env python3
"""The peers of netns_relay_faults.sh, one role per run:

  relay_fault_peer.py echo HOST PORT            server: echoes every connection (threads)
  relay_fault_peer.py hold HOST PORT N SECONDS  N clients connect at once, send 1 KiB, hold
  relay_fault_peer.py ping HOST PORT            one client: 5 bytes there and back, prints ok
  relay_fault_peer.py flood-reset HOST PORT NBYTES DELAY  server: sends NBYTES to its one
        client, waits DELAY s, then closes with a reset (SO_LINGER 0)
  relay_fault_peer.py stalled HOST PORT WAIT    client: reads nothing for WAIT s, then reads
        to the end; prints "reset BYTES", "eof BYTES" or "stuck BYTES" (nothing for 5 s)
  relay_fault_peer.py trickle HOST PORT NBYTES  server: sends NBYTES in 16 KiB steps, 50 ms
        apart, then closes; prints the bytes sent on stdout
  relay_fault_peer.py idle HOST PORT SECONDS    client: sends nothing; prints what ended it
Exit 0 unless the role could not run at all.
"""
import socket
import struct
import sys
import threading
import time


def listen(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(1024)
    return s


def read_to_end(c, quiet_limit=5.0):
    c.settimeout(quiet_limit)
    got = 0
    try:
        while True:
            b = c.recv(65536)
            if not b:
                return "eof", got
            got += len(b)
    except ConnectionResetError:
        return "reset", got
    except socket.timeout:
        return "stuck", got


def main():
    role, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    args = sys.argv[4:]
    if role == "echo":
        srv = listen(host, port)

        def echo(c):
            with c:
                try:
                    while True:
                        b = c.recv(65536)
                        if not b:
                            return
                        c.sendall(b)
                except OSError:
                    return

        while True:
            c, _ = srv.accept()
            threading.Thread(target=echo, args=(c,), daemon=True).start()
    elif role == "hold":
        n, hold = int(args[0]), float(args[1])
        socks = []
        for _ in range(n):
            try:
                s = socket.create_connection((host, port), timeout=2)
                s.sendall(b"x" * 1024)
                socks.append(s)
            except OSError:
                pass
        print(len(socks), flush=True)
        time.sleep(hold)
    elif role == "ping":
        with socket.create_connection((host, port), timeout=5) as s:
            s.sendall(b"hello")
            got = b""
            while len(got) < 5:
                b = s.recv(5 - len(got))
                if not b:
                    break
                got += b
            print("ok" if got == b"hello" else f"bad {got!r}")
    elif role == "flood-reset":
        nbytes, delay = int(args[0]), float(args[1])
        srv = listen(host, port)
        c, _ = srv.accept()
        c.setblocking(False)
        data, sent, deadline = b"z" * 65536, 0, time.time() + 10
        while sent < nbytes and time.time() < deadline:
            try:
                sent += c.send(data[: min(len(data), nbytes - sent)])
            except BlockingIOError:
                time.sleep(0.01)
        time.sleep(delay)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
        print(sent, flush=True)
    elif role == "stalled":
        c = socket.create_connection((host, port), timeout=5)
        time.sleep(float(args[0]))
        how, got = read_to_end(c)
        print(how, got, flush=True)
    elif role == "trickle":
        nbytes = int(args[0])
        srv = listen(host, port)
        c, _ = srv.accept()
        sent = 0
        try:
            while sent < nbytes:
                sent += c.send(b"t" * min(16384, nbytes - sent))
                time.sleep(0.05)
            c.shutdown(socket.SHUT_WR)
            c.recv(1)
        except OSError:
            pass
        print(sent, flush=True)
    elif role == "idle":
        c = socket.create_connection((host, port), timeout=5)
        how, got = read_to_end(c, float(args[0]))
        print(how, got, flush=True)
    else:
        print(f"unknown role {role}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
