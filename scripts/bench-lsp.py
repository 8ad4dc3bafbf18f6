#!/usr/bin/env python3
"""Benchmark `wirebook server` over stdio, the way an editor drives it.

  scripts/bench-lsp.py                        # release build, 1,000 documents, 40 edits
  BIN=target/debug/wirebook DOCS=200 scripts/bench-lsp.py

Prints:
  * initialize: the time from the `initialize` request to its answer for a workspace
    of DOCS documents (the server reads, indexes and lints all of them before it
    answers), and the server's peak memory (VmHWM);
  * change: the time from a `didChange` of a 200-line document to the
    `publishDiagnostics` of that version, over EDITS edits that add and remove a
    finding (the document is part of the workspace, so WB004 and WB201 see every
    other document), as median, p90 and max;
  * the same change round trip for yaml-language-server (the schema only), when
    tests/editor/node_modules has it: the peer editors already run.
Only the standard library; no network (every server is started here on pipes).
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(os.environ.get("BIN", os.path.join(ROOT, "target/release/wirebook")))
DOCS = int(os.environ.get("DOCS", "1000"))
EDITS = int(os.environ.get("EDITS", "40"))
TODAY = "2026-11-20"
EXAMPLE = os.path.join(ROOT, "examples/integrations/shopify-orders.yaml")


class Lsp:
    def __init__(self, cmd, cwd):
        self.p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.next = 1

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        msg = json.loads(self.p.stdout.read(length))
        if "method" in msg and "id" in msg:  # a request from the server: answer it
            result = None
            if msg["method"] == "workspace/configuration":
                result = [None] * len(msg["params"]["items"])
            self.send({"id": msg["id"], "result": result})
        return msg

    def request(self, method, params):
        rid = self.next
        self.next += 1
        self.send({"id": rid, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == rid and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def wait_publish(self, uri, version=None):
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                if version is None or m["params"].get("version") in (version, None):
                    return m["params"]

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.p.wait(timeout=10)
        except Exception:
            self.p.kill()

    def peak_kib(self):
        try:
            with open(f"/proc/{self.p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None


def doc(base, i):
    return (base.replace("id: shopify-orders ", f"id: doc-{i:05d} ")
                .replace("title: Shopify order sync", f"title: Integration {i}")
                .replace("last_reviewed: 2026-10-02", f"last_reviewed: 2026-10-{1 + i % 28:02d}"))


def two_hundred_lines(base):
    """The example with secondary apps added until it is 200 lines long."""
    text = base.replace("id: shopify-orders ", "id: edited-doc ")
    extra = []
    n = 0
    while len((text + "".join(extra)).splitlines()) < 200:
        n += 1
        extra.append(f"    - app: Extra App {n}\n      relationship: Supporting app number {n}\n"
                     f"      access: {{who_has_access: [\"@team-{n}\"], grants_access: \"@it-admins\"}}\n")
    marker = "  validation:"
    return text.replace(marker, "".join(extra) + marker, 1)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bench_changes(lsp, uri, text, finding_line, label):
    lines = text.split("\n")
    good = lines[finding_line]
    bad = good.replace("true", "yes")
    times = []
    for v in range(2, EDITS + 2):
        new = bad if v % 2 == 0 else good
        change = {"range": {"start": {"line": finding_line, "character": 0},
                            "end": {"line": finding_line, "character": len(lines[finding_line])}},
                  "text": new}
        lines[finding_line] = new
        t = time.perf_counter()
        lsp.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                              "contentChanges": [change]})
        lsp.wait_publish(uri, v)
        times.append((time.perf_counter() - t) * 1000)
    print(f"{label:<28} median {statistics.median(times):6.1f} ms   p90 {pct(times, 90):6.1f} ms"
          f"   max {max(times):6.1f} ms   ({EDITS} edits)")


def main():
    if not os.path.exists(BIN):
        sys.exit(f"no binary at {BIN}: cargo build --release")
    base = open(EXAMPLE).read().replace("img/shopify-webhooks.png",
                                        "https://wiki.acme.example/img/shopify.png")
    work = tempfile.mkdtemp(prefix="wirebook-bench-lsp.")
    try:
        for i in range(DOCS - 1):
            with open(os.path.join(work, f"doc-{i:05d}.yaml"), "w") as f:
                f.write(doc(base, i))
        edited = two_hundred_lines(base)
        path = os.path.join(work, "edited.yaml")
        with open(path, "w") as f:
            f.write(edited)
        uri = "file://" + path
        assert len(edited.splitlines()) >= 200
        finding_line = edited.split("\n").index("    contains_pii: true")
        print(f"workspace: {DOCS} documents, {sum(os.path.getsize(os.path.join(work, n)) for n in os.listdir(work)) / 1e6:.1f} MB;"
              f" edited document: {len(edited.splitlines())} lines; binary {os.path.relpath(BIN, ROOT)}", flush=True)

        t = time.perf_counter()
        subprocess.run([BIN, "check", "--offline", "--quiet", "--today", TODAY, work],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"{'check --offline (same docs)':<28} {(time.perf_counter() - t) * 1000:6.0f} ms"
              " (for scale: the machine's load shows here too)", flush=True)
        lsp = Lsp([BIN, "server", "--today", TODAY], work)
        t = time.perf_counter()
        lsp.request("initialize", {"processId": None, "rootUri": "file://" + work,
                                   "capabilities": {}, "workspaceFolders": [{"uri": "file://" + work, "name": "w"}]})
        init_ms = (time.perf_counter() - t) * 1000
        lsp.notify("initialized", {})
        print(f"{'wirebook initialize':<28} {init_ms:6.0f} ms (indexed and linted {DOCS} documents)")
        lsp.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml",
                                                               "version": 1, "text": edited}})
        lsp.wait_publish(uri, 1)
        bench_changes(lsp, uri, edited, finding_line, "wirebook change -> publish")
        peak = lsp.peak_kib()
        lsp.close()
        if peak:
            print(f"{'wirebook peak memory':<28} {peak / 1024:6.0f} MiB")

        yls = os.path.join(ROOT, "tests/editor/node_modules/yaml-language-server/bin/yaml-language-server")
        if shutil.which("node") and os.path.exists(yls):
            schema = os.path.join(ROOT, "schema/integration.schema.json")
            peer_text = f"# yaml-language-server: $schema={schema}\n" + edited
            peer = Lsp(["node", yls, "--stdio"], work)
            t = time.perf_counter()
            peer.request("initialize", {"processId": None, "rootUri": "file://" + work, "capabilities": {},
                                        "workspaceFolders": [{"uri": "file://" + work, "name": "w"}]})
            print(f"{'yaml-language-server init':<28} {(time.perf_counter() - t) * 1000:6.0f} ms (opens files lazily)")
            peer.notify("initialized", {})
            peer.notify("workspace/didChangeConfiguration", {"settings": {"yaml": {"validate": True, "schemaStore": {"enable": False}}}})
            peer.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml",
                                                                    "version": 1, "text": peer_text}})
            peer.wait_publish(uri)
            bench_changes(peer, uri, peer_text, finding_line + 1, "yaml-language-server (peer)")
            peer.close()
        else:
            print("yaml-language-server (peer)  not installed: cd tests/editor && npm install")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
