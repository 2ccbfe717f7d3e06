"""The font the chart writes Chinese in (docs/setup.md, "The CJK font"): found, or installed
from Debian's ``fonts-noto-cjk`` where this machine can (root, apt-get); else one line saying
how, and exit status 1. ``make test`` runs it first, so a fresh clone sets itself up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studio.chart import cjk_font

PACKAGE = "fonts-noto-cjk"


def install() -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "-qq", PACKAGE]
    print(f"installing {PACKAGE}, the chart's CJK font (docs/setup.md)", flush=True)
    if subprocess.run(command, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)  # lists not fetched yet
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    if cjk_font()[0] is not None:
        return 0
    if getattr(os, "geteuid", lambda: -1)() == 0 and shutil.which("apt-get"):
        install()
        cjk_font.cache_clear()
        if cjk_font()[0] is not None:
            return 0
    print(f"no CJK font: charts would draw Chinese names as boxes. Install one: "
          f"sudo apt-get install {PACKAGE} (Debian, Ubuntu); macOS and Windows have one",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
