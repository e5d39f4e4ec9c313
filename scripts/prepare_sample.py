"""Build a fresh working copy of the sample project for `make run`, so the checkout stays clean.

Copies sample_project/ into the run folder, makes `sample.capstudio` there, imports the photos
and the article through the same core functions the `import` command uses, and pairs them
(unless `pair=False`: the desk walk shows auto-pair itself).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from caption_studio.core.article.store import import_article
from caption_studio.core.media.importer import import_paths
from caption_studio.core.pairing import matcher as pairing
from caption_studio.core.project.file import Project

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_YEAR = 2024  # the article prints month and day only


def main(run_dir: str, *, pair: bool = True) -> Path:
    target = Path(run_dir).resolve()
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "sample_project", target,
                    ignore=shutil.ignore_patterns("*.capstudio*", "*.cache"))
    project_path = target / "sample.capstudio"
    with Project.create(project_path) as project:
        summary = import_paths(project, [target])
        article_id = import_article(project, target / "article.txt", year=SAMPLE_YEAR)
        if pair:
            pairing.pair_project(project, article_id=article_id)
    problems = summary.skipped + summary.warnings
    for path, text in problems:
        print(f"sample: {path}: {text}", file=sys.stderr)
    print(f"{project_path}: {summary.imported} photos, article {article_id}")
    return project_path


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "run")
