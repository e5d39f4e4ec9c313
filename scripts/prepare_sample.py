"""Build a fresh working copy of the sample project for `make run`, so the checkout stays clean.

Copies sample_project/ into the run folder and makes `sample.capstudio` there.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from caption_studio.core.project import Project

ROOT = Path(__file__).resolve().parent.parent


def main(run_dir: str) -> None:
    target = Path(run_dir).resolve()
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "sample_project", target,
                    ignore=shutil.ignore_patterns("*.capstudio*", "*.cache"))
    Project.create(target / "sample.capstudio").close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "run")
