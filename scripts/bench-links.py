#!/usr/bin/env python3
"""Driver for scripts/bench-links.sh: link checking, wirebook vs lychee (when installed).

Scenarios on a loopback server answering after 20 ms (scripts/bench-server.py):
  one-host   2,000 unique URLs on 127.0.0.1
  20-hosts  20,000 unique URLs over 127.0.0.1 … 127.0.0.20
  429       20 URLs on one host, each answering 429 once with `Retry-After: 2`
Prints wall time, peak memory (max RSS, from /usr/bin/time) and the requests the
server saw, and the highest number of concurrent requests it saw on one host.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIREBOOK = os.path.abspath(os.environ.get("WIREBOOK", os.path.join(ROOT, "target/release/wirebook")))
PER_DOC = 20


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def server_call(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
        return json.loads(r.read() or b"{}")


def write_docs(directory, urls):
    os.makedirs(directory, exist_ok=True)
    for n, start in enumerate(range(0, len(urls), PER_DOC)):
        links = "".join(f"      - {u}\n" for u in urls[start:start + PER_DOC])
        with open(os.path.join(directory, f"doc{n:05}.yaml"), "w") as f:
            f.write(
                "apiVersion: wirebook.dev/v1\nkind: Integration\n"
                f"metadata:\n  id: bench-{n}\n  title: Bench {n}\n"
                f"spec:\n  primary:\n    app: Bench\n    links:\n{links}"
            )


def timed(cmd, cwd):
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, cwd=cwd,
                         capture_output=True, text=True)
    last = out.stderr.strip().splitlines()[-1]
    wall, rss = last.split()
    return float(wall), int(rss) // 1024, out


def main():
    port = free_port()
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts/bench-server.py"),
                               "--port", str(port), "--hosts", "20"], stdout=subprocess.PIPE, text=True)
    try:
        server.stdout.readline()
        scenarios = {
            "one-host": [f"http://127.0.0.1:{port}/page/{i}" for i in range(2000)],
            "20-hosts": [f"http://127.0.0.{1 + i % 20}:{port}/page/{i}" for i in range(20000)],
            "429": [f"http://127.0.0.1:{port}/r429/{i}" for i in range(20)],
        }
        only = sys.argv[1:]
        lychee = shutil.which("lychee")
        print(f"wirebook: {WIREBOOK}\nlychee: {lychee or 'not installed (cargo install lychee)'}\n")
        print("| scenario | tool | URLs | wall (s) | peak RSS (MiB) | requests | peak per host | findings/exit |")
        print("|---|---|---|---|---|---|---|---|")
        for name, urls in scenarios.items():
            if only and name not in only:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                docs = os.path.join(tmp, "docs")
                write_docs(docs, urls)
                # The documents are minimal: only link findings count here.
                ids = [l.split()[0] for l in subprocess.run([WIREBOOK, "rule"], capture_output=True,
                                                            text=True).stdout.splitlines() if l.strip()]
                off = "".join(f'{i} = "off"\n' for i in ids if not i.startswith("WB5"))
                with open(os.path.join(tmp, "wirebook.toml"), "w") as f:
                    f.write(f'[rules]\n{off}[links]\ncache = "{tmp}/cache.json"\n')
                runs = [("wirebook", [WIREBOOK, "check", "--quiet", "--format", "json", "docs"])]
                if lychee:
                    files = sorted(os.path.join("docs", p) for p in os.listdir(docs))
                    runs.append(("lychee", [lychee, "--no-progress", "--cache=false"] + files))
                for tool, cmd in runs:
                    server_call(port, "/__reset")
                    if os.path.exists(os.path.join(tmp, "cache.json")):
                        os.remove(os.path.join(tmp, "cache.json"))
                    wall, rss, out = timed(cmd, tmp)
                    st = server_call(port, "/__stats")
                    if tool == "wirebook":
                        try:
                            found = sum(1 for f in json.loads(out.stdout)["findings"]
                                        if f["rule"].startswith("WB5"))
                        except ValueError:
                            found = "?"
                        result = f"{found} link findings, exit {out.returncode}"
                    else:
                        result = f"exit {out.returncode}"
                    print(f"| {name} | {tool} | {len(urls)} | {wall:.2f} | {rss} | "
                          f"{st['requests']} | {st['peak_per_host']} | {result} |", flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
