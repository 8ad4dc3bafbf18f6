#!/usr/bin/env python3
"""Recall and precision of WB104 on the labelled corpus, per format.

Places every value of tests/secrets/corpus.toml in the five positions the corpus test
uses (free text, under a key, block scalar, flow sequence, URL), runs
`wirebook check --offline --format json` once over all documents, and counts a
placement as found when a WB104 finding sits on its line(s).

    scripts/secrets-recall.py                       # target/debug/wirebook
    scripts/secrets-recall.py --bin PATH [--bin PATH2 ...]   # compare binaries
"""

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


def scalar(s, flow=False):
    plain = (s and s[0] not in INDICATORS and ": " not in s and " #" not in s
             and not s.endswith(":") and "\n" not in s and s.strip() == s
             and not (flow and any(c in s for c in ",[]{}")))
    return s if plain else "'" + s.replace("'", "''") + "'"


def indent(s, n):
    return "\n".join(" " * n + line for line in s.split("\n"))


def document(n, c):
    """The YAML text and [(position, first line, last line)], as tests/secrets/mod.rs."""
    parts, placed = [], []

    def put(position, written):
        start = sum(p.count("\n") for p in parts) + 1
        parts.append(written)
        placed.append((position, start, start + written.count("\n")))

    text = c.get("text", c["value"])
    parts.append(f"apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata:\n  id: corpus-{n}\n"
                 f"  title: Corpus case {n}\nspec:\n  primary:\n    app: Example\n    purpose: ")
    if c.get("block_only"):
        parts.append("Storefront sync")
    else:
        put("free text", scalar(f"See {text} for the sync"))
    parts.append(f"\nx-fixture:\n  {c.get('key', 'value')}: ")
    kv = c.get("keyvalue", c["value"])
    put("under a key", "|\n" + indent(kv, 4) if "\n" in kv else scalar(kv))
    parts.append("\n  notes: ")
    put("block scalar", "|\n    Open the admin page first.\n" + indent(text, 4) + "\n    Then restart the sync.")
    if not c.get("block_only"):
        parts.append("\n  list: [alpha, ")
        put("flow sequence", scalar(text, True))
        parts.append(", omega]")
        if c.get("url"):
            parts.append("\n  link: ")
            put("in a URL", scalar(c["url"].replace("{value}", c["value"])))
    parts.append("\n")
    return "".join(parts), placed


def measure(binary, cases, work):
    for i, c in enumerate(cases):
        (work / f"case{i:03}.yaml").write_text(document(i, c)[0])
    out = subprocess.run([binary, "check", "--offline", "--format", "json", "--today", "2026-11-29", str(work)],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{binary} failed: {out.stderr}")
    lines = defaultdict(set)
    for d in json.loads(out.stdout)["findings"]:
        if d["rule"] == "WB104":
            lines[Path(d["file"]).name].add(d["line"])
    rows = defaultdict(lambda: [0, 0, False, "secret"])  # placements, flagged, spec, expected
    for i, c in enumerate(cases):
        _, placed = document(i, c)
        row = rows[(c["expected"], c["format"])]
        row[2] |= c.get("spec", False)
        row[3] = c["expected"]
        for _, first, last in placed:
            row[0] += 1
            row[1] += any(first <= l <= last for l in lines[f"case{i:03}.yaml"])
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", action="append", help="wirebook binary (repeat to compare)")
    ap.add_argument("--write-docs", metavar="DIR",
                    help="only write the documents and manifest.json (placements) to DIR, for other scanners")
    args = ap.parse_args()
    if args.write_docs:
        cases = tomllib.loads((ROOT / "tests/secrets/corpus.toml").read_text())["case"]
        out, manifest = Path(args.write_docs), []
        out.mkdir(parents=True, exist_ok=True)
        for i, c in enumerate(cases):
            text, placed = document(i, c)
            (out / f"case{i:03}.yaml").write_text(text)
            manifest += [{"file": f"case{i:03}.yaml", "format": c["format"], "expected": c["expected"],
                          "spec": c.get("spec", False), "position": p, "first": a, "last": b} for p, a, b in placed]
        (out / "manifest.json").write_text(json.dumps(manifest))
        return
    bins = args.bin or [str(ROOT / "target/debug/wirebook")]
    cases = tomllib.loads((ROOT / "tests/secrets/corpus.toml").read_text())["case"]
    results = []
    for b in bins:
        with tempfile.TemporaryDirectory() as d:
            results.append(measure(b, cases, Path(d)))
    keys = sorted(results[0], key=lambda k: (k[0] != "secret", k[1]))
    print("binaries: " + "  |  ".join(f"[{i + 1}] {b}" for i, b in enumerate(bins)))
    print(f"{'format':<36}{'kind':<8}{'spec':<6}{'placed':>7}" + "".join(f"{f'found [{i + 1}]':>12}" for i in range(len(bins))))
    for k in keys:
        r0 = results[0][k]
        cells = "".join(f"{r[k][1]:>7} {r[k][1] * 100 // max(r[k][0], 1):>3}%" for r in results)
        print(f"{k[1]:<36}{r0[3]:<8}{'yes' if r0[2] else '':<6}{r0[0]:>7}{cells}")
    print()
    for i, r in enumerate(results):
        sec = [v for k, v in r.items() if k[0] == "secret"]
        spec = [v for v in sec if v[2]]
        ben = [v for k, v in r.items() if k[0] == "benign"]
        tp, fp = sum(v[1] for v in sec), sum(v[1] for v in ben)
        placed, spec_placed = sum(v[0] for v in sec), sum(v[0] for v in spec)
        print(f"[{i + 1}] recall {tp}/{placed} = {tp / placed:.1%}; SPEC section 3 formats "
              f"{sum(v[1] for v in spec)}/{spec_placed} = {sum(v[1] for v in spec) / spec_placed:.1%}; "
              f"benign placements flagged {fp}/{sum(v[0] for v in ben)}; precision {tp / max(tp + fp, 1):.1%}")


if __name__ == "__main__":
    main()
