#!/usr/bin/env python3
"""Loopback HTTP server for scripts/bench-links.sh: answers every request after a
delay (20 ms), on 127.0.0.1 … 127.0.0.N (N "hosts", same port), and counts.

Paths:
  /r429/<anything>  answers 429 with `Retry-After: 2` the first time, then 200
  /__stats          JSON: requests, per-host peak concurrency, 429s sent (not counted)
  /__reset          zeroes the counters
  anything else     200 after the delay
Only the standard library: no aiohttp needed.
"""
import argparse
import asyncio
import json

stats = {"requests": 0, "peak_per_host": {}, "in_flight": {}, "sent_429": 0, "methods": {}}
seen_429 = set()


def reset():
    stats.update(requests=0, peak_per_host={}, in_flight={}, sent_429=0, methods={})
    seen_429.clear()


async def handle(reader, writer, host, delay):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            line = head.split(b"\r\n", 1)[0].decode("latin-1")
            method, path, _ = line.split(" ", 2)
            body = b""
            extra = ""
            status = "200 OK"
            if path == "/__stats":
                peak = stats["peak_per_host"]
                body = json.dumps({
                    "requests": stats["requests"],
                    "peak_per_host": max(peak.values(), default=0),
                    "sent_429": stats["sent_429"],
                    "methods": stats["methods"],
                }).encode()
            elif path == "/__reset":
                reset()
            else:
                stats["requests"] += 1
                stats["methods"][method] = stats["methods"].get(method, 0) + 1
                n = stats["in_flight"].get(host, 0) + 1
                stats["in_flight"][host] = n
                stats["peak_per_host"][host] = max(stats["peak_per_host"].get(host, 0), n)
                try:
                    await asyncio.sleep(delay)
                finally:
                    stats["in_flight"][host] -= 1
                if path.startswith("/r429/") and (host, path) not in seen_429:
                    seen_429.add((host, path))
                    stats["sent_429"] += 1
                    status = "429 Too Many Requests"
                    extra = "Retry-After: 2\r\n"
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n{extra}"
                "Content-Type: text/plain\r\n\r\n".encode()
                + (b"" if method == "HEAD" else body)
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--delay-ms", type=float, default=20)
    a = ap.parse_args()
    servers = []
    for i in range(1, a.hosts + 1):
        host = f"127.0.0.{i}"
        servers.append(await asyncio.start_server(
            lambda r, w, h=host: handle(r, w, h, a.delay_ms / 1000), host, a.port, backlog=4096))
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
