#!/usr/bin/env python3
"""Drives the relay benchmark (tests/bench/relay.sh): the peers on loopback
and the measurements, against whatever relay listens on RELAY_PORT and
forwards to UP_PORT.

  relay_bench.py throughput RELAY_PORT UP_PORT BYTES
      one connection sends BYTES through the relay to a sink; prints seconds
      from connect to the sink's end of stream, and MiB/s
  relay_bench.py rate RELAY_PORT UP_PORT N PARALLEL
      N short connections (16 bytes each way, through an echo upstream),
      PARALLEL at a time; prints seconds and connections per second
  relay_bench.py concurrent RELAY_PORT UP_PORT N BYTES
      N connections open at once, each echoing BYTES; prints seconds
Peers are in this process (threads, selectors), the same for every relay.
"""
import selectors
import socket
import sys
import threading
import time


def listener(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(1024)
    return s


def sink_server(port, done):
    """Accepts one connection, reads to EOF, records the time."""
    srv = listener(port)

    def run():
        c, _ = srv.accept()
        buf = bytearray(1 << 20)
        total = 0
        while True:
            n = c.recv_into(buf)
            if n == 0:
                break
            total += n
        done.append((time.perf_counter(), total))
        c.close()
        srv.close()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def echo_server(port):
    """Echoes every connection and half-closes after the client does."""
    srv = listener(port)
    srv.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(srv, selectors.EVENT_READ)

    def run():
        while True:
            for key, _ in sel.select():
                s = key.fileobj
                if s is srv:
                    try:
                        c, _ = srv.accept()
                    except BlockingIOError:
                        continue
                    c.setblocking(False)
                    sel.register(c, selectors.EVENT_READ)
                    continue
                try:
                    b = s.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    b = b""
                if b:
                    try:
                        s.sendall(b)  # small: fits the send buffer
                    except OSError:
                        pass
                else:
                    sel.unregister(s)
                    s.close()

    threading.Thread(target=run, daemon=True).start()


def one_short(port, payload=b"x" * 16):
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(payload)
    c.shutdown(socket.SHUT_WR)
    got = b""
    while True:
        b = c.recv(4096)
        if not b:
            break
        got += b
    c.close()
    return got == payload


def main():
    mode, rport, uport = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if mode == "throughput":
        total = int(sys.argv[4])
        done = []
        t = sink_server(uport, done)
        chunk = b"\0" * (1 << 20)
        start = time.perf_counter()
        c = socket.create_connection(("127.0.0.1", rport))
        left = total
        while left > 0:
            n = min(left, len(chunk))
            c.sendall(chunk[:n] if n < len(chunk) else chunk)
            left -= n
        c.shutdown(socket.SHUT_WR)
        t.join(600)
        c.close()
        end, got = done[0]
        secs = end - start
        ok = got == total
        print(f"throughput {secs:.3f} s {total / secs / 1048576:.1f} MiB/s received {got} "
              f"{'ok' if ok else 'SHORT'}")
        return 0 if ok else 1
    if mode == "rate":
        n, parallel = int(sys.argv[4]), int(sys.argv[5])
        echo_server(uport)
        bad = []
        per = n // parallel

        def worker():
            for _ in range(per):
                if not one_short(rport):
                    bad.append(1)

        start = time.perf_counter()
        ts = [threading.Thread(target=worker) for _ in range(parallel)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        secs = time.perf_counter() - start
        print(f"rate {per * parallel} connections {secs:.3f} s "
              f"{per * parallel / secs:.0f} conn/s failed {len(bad)}")
        return 0 if not bad else 1
    if mode == "concurrent":
        n, size = int(sys.argv[4]), int(sys.argv[5])
        echo_server(uport)
        payload = b"y" * size
        bad = []
        barrier = threading.Barrier(n)

        def worker():
            c = socket.create_connection(("127.0.0.1", rport))
            barrier.wait()  # every connection is open before any finishes
            c.sendall(payload)
            c.shutdown(socket.SHUT_WR)
            got = 0
            while True:
                b = c.recv(65536)
                if not b:
                    break
                got += len(b)
            c.close()
            if got != size:
                bad.append(got)

        start = time.perf_counter()
        ts = [threading.Thread(target=worker) for _ in range(n)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        print(f"concurrent {n} connections open at once, {size} bytes each, "
              f"{time.perf_counter() - start:.3f} s failed {len(bad)}")
        return 0 if not bad else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
