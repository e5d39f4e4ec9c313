"""Another Caption Studio holding a project open for writing (as the desktop app does),
run as its own process by the two-writer trials:

    python -m tests.reliability.holder PROJECT

prints `ready` once it holds the project, then for each stdin line `ID FIELD VALUE` makes that
edit (committed at once, as in the app) and prints `done ID`; closes the project at EOF.
"""

from __future__ import annotations

import sys

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import set_fields


def main(path: str) -> int:
    try:
        project = Project.open(path)
    except CaptionStudioError as exc:
        print(f"refused {exc}", flush=True)
        return 2
    with project:
        print("ready", flush=True)
        for line in sys.stdin:
            pid, field, value = line.rstrip("\n").split(" ", 2)
            set_fields(project, [int(pid)], {field: value})
            print(f"done {pid}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
