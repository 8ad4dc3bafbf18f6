#!/usr/bin/env python3
"""Render the pre-commit mirror (dist/pre-commit/) for one wirebook version.

    scripts/render-pre-commit-mirror.py 0.1.0 OUTDIR

Copies every file of the template into OUTDIR (created if missing; existing files with the
same names are replaced, others such as .git are left alone) with each `@VERSION@` replaced
by the version. The release workflow commits OUTDIR into the mirror repository and tags it
vVERSION; scripts/test-wheel.sh renders it into a throwaway repository and runs it.
"""

import os
import re
import sys

TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dist", "pre-commit")


def render(version, out):
    if not re.fullmatch(r"\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?", version):
        sys.exit(f"render-pre-commit-mirror: {version!r} is not a version like 1.2.3")
    os.makedirs(out, exist_ok=True)
    names = sorted(os.listdir(TEMPLATE))
    for name in names:
        src = os.path.join(TEMPLATE, name)
        if not os.path.isfile(src) or name.endswith(".pyc"):
            continue
        with open(src, encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text.replace("@VERSION@", version))
    rendered = [n for n in names if os.path.isfile(os.path.join(TEMPLATE, n))]
    print(f"render-pre-commit-mirror: wirebook {version} -> {out} ({', '.join(rendered)})")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    render(sys.argv[1], sys.argv[2])
