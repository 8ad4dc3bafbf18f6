"""PEP 517 build backend of the wirebook pre-commit hook package (standard library only).

The package has no code: its wheel is metadata that pins the `wirebook` wheel, which holds
the binary. Writing that wheel here, instead of asking pip for setuptools, keeps the hook
installable offline (from a folder holding only the wirebook wheel) and saves the first run
the download and set-up of a build backend.

The release workflow renders VERSION from wirebook's Cargo.toml
(scripts/render-pre-commit-mirror.py); the unrendered template refuses to build.
"""

import base64
import hashlib
import io
import os
import tarfile
import zipfile

NAME = "wirebook-pre-commit"
VERSION = "@VERSION@"
SUMMARY = "pre-commit hook for wirebook, installed from the prebuilt wheel on PyPI"
REQUIRES = [f"wirebook=={VERSION}"]
SOURCES = [".pre-commit-hooks.yaml", "README.md", "build_backend.py", "pyproject.toml"]
EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: the same inputs give the same bytes


def _checked_version():
    if VERSION.startswith("@"):
        raise RuntimeError(
            "this is wirebook's unrendered pre-commit template; render it first with "
            "scripts/render-pre-commit-mirror.py VERSION OUTDIR"
        )
    return VERSION


def _metadata():
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {NAME}",
        f"Version: {_checked_version()}",
        f"Summary: {SUMMARY}",
        "Home-page: https://github.com/wirebook/wirebook",
        "License: MIT",
    ]
    lines += [f"Requires-Dist: {r}" for r in REQUIRES]
    return "\n".join(lines) + "\n"


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _checked_version()
    stem = f"{NAME.replace('-', '_')}-{version}"
    info = f"{stem}.dist-info"
    files = {
        f"{info}/METADATA": _metadata().encode(),
        f"{info}/WHEEL": (
            "Wheel-Version: 1.0\n"
            f"Generator: {NAME} build_backend.py\n"
            "Root-Is-Purelib: true\n"
            "Tag: py3-none-any\n"
        ).encode(),
    }
    record = [_record_line(path, data) for path, data in files.items()]
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    name = f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as whl:
        for path, data in files.items():
            whl.writestr(zipfile.ZipInfo(path, EPOCH), data)
    return name


def build_sdist(sdist_directory, config_settings=None):
    version = _checked_version()
    stem = f"{NAME.replace('-', '_')}-{version}"
    here = os.path.dirname(os.path.abspath(__file__))
    name = f"{stem}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        entries = []
        for path in SOURCES:
            with open(os.path.join(here, path), "rb") as f:
                entries.append((path, f.read()))
        entries.append(("PKG-INFO", _metadata().encode()))
        for path, data in entries:
            member = tarfile.TarInfo(f"{stem}/{path}")
            member.size, member.mode, member.mtime = len(data), 0o644, 315532800
            tar.addfile(member, io.BytesIO(data))
    return name
