"""Build the standalone VisitDesk app with PyInstaller, in a build environment of its own.

    python3.11 packaging/build.py            (Linux or macOS; Windows: py -3.11 packaging\\build.py)

It makes build/venv-PLATFORM from this checkout (the app's dependencies from pyproject.toml and
PyInstaller, at the versions pinned in packaging/constraints.txt), then runs PyInstaller with
packaging/visitdesk.spec. The app lands in dist/: dist/VisitDesk/ on Linux and Windows,
dist/VisitDesk.app on macOS. On Linux it also packs dist/VisitDesk-VERSION-linux-x86_64.tar.gz
with the install script, desktop entry and AppStream metadata.

Only the standard library is used here, so any Python 3.11+ can run it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
APP_ID = "uk.org.visitdesk.VisitDesk"
LINUX_FILES = [
    "linux/install.sh",
    "linux/uninstall.sh",
    f"linux/{APP_ID}.desktop",
    f"linux/{APP_ID}.metainfo.xml",
]


def version() -> str:
    text = (ROOT / "visitdesk" / "__init__.py").read_text("utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not found:
        raise SystemExit("cannot find __version__ in visitdesk/__init__.py")
    return found.group(1)


def app_dependencies() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


def run(*command: str | Path, **kwargs) -> None:
    printable = " ".join(str(c) for c in command)
    print(f"$ {printable}", flush=True)
    subprocess.run([str(c) for c in command], check=True, **kwargs)


def build_env(fresh: bool) -> Path:
    """The build environment's Python, made (or brought up to date) from this checkout."""
    folder = BUILD / f"venv-{sys.platform}"
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if fresh and folder.exists():
        shutil.rmtree(folder)
    if not python.exists():
        print(f"Making the build environment in {folder.relative_to(ROOT)}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    run(
        python,
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--quiet",
        "--constraint",
        PACKAGING / "constraints.txt",
        "--requirement",
        PACKAGING / "requirements-build.txt",
        *app_dependencies(),
    )
    return python


def pyinstaller(python: Path) -> None:
    run(
        python,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        DIST,
        "--workpath",
        BUILD / "pyinstaller",
        PACKAGING / "visitdesk.spec",
        cwd=ROOT,
    )


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def linux_archive(ver: str) -> Path:
    """A tarball an IT team can unpack anywhere and install with install.sh."""
    machine = platform.machine() or "x86_64"
    top = f"VisitDesk-{ver}-linux-{machine}"
    out = DIST / f"{top}.tar.gz"

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz") as tar:
        tar.add(DIST / "VisitDesk", arcname=f"{top}/VisitDesk", filter=owned_by_root)
        for name in LINUX_FILES:
            tar.add(PACKAGING / name, arcname=f"{top}/{Path(name).name}", filter=owned_by_root)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the standalone VisitDesk app.")
    parser.add_argument(
        "--fresh", action="store_true", help="remake the build environment from nothing"
    )
    args = parser.parse_args()

    ver = version()
    python = build_env(args.fresh)
    pyinstaller(python)

    if sys.platform == "darwin":
        app = DIST / "VisitDesk.app"
        print(f"Built {app.relative_to(ROOT)} ({folder_size(app) / 2**20:.0f} MB).")
        print("Next: sign and notarise it as packaging/macos/README.md describes.")
    elif sys.platform == "win32":
        app = DIST / "VisitDesk"
        print(f"Built {app.relative_to(ROOT)} ({folder_size(app) / 2**20:.0f} MB).")
        print(f"Next: iscc /DAppVersion={ver} packaging\\windows\\visitdesk.iss")
    else:
        app = DIST / "VisitDesk"
        archive = linux_archive(ver)
        print(
            f"Built {app.relative_to(ROOT)} ({folder_size(app) / 2**20:.0f} MB) "
            f"and {archive.relative_to(ROOT)} ({archive.stat().st_size / 2**20:.0f} MB)."
        )
        print("Check it with: bash packaging/check-linux-build.sh")
    return 0


if __name__ == "__main__":
    sys.exit(main())
