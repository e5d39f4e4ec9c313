"""An import killed while its worker processes run leaves nothing behind: no worker waiting
for ever on its queue with the dead import's output pipes and a copy of its project lock."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from tests.media_builders import make_jpeg

from .support import CLI, cli_env


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry))
    return kids


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(condition, timeout: float = 30) -> bool:  # noqa: ANN001 - a small local helper
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_killed_import_leaves_no_worker_processes(tmp_path):
    photos = tmp_path / "photos"
    for n in range(120):  # enough for worker processes
        make_jpeg(photos / f"IMG_{n:03}.jpg", size=(16, 12), color=(n, 80, 160),
                  iptc={"Iptc.Application2.Caption": f"第{n}张"})
    project = tmp_path / "desk.capstudio"
    subprocess.run([*CLI, "new", str(project)], env=cli_env(), check=True, capture_output=True)

    proc = subprocess.Popen([*CLI, "import", str(project), str(photos)], env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: list[int] = []
    assert _wait_for(lambda: len(workers.extend(_children(proc.pid)) or workers) >= 2
                     or proc.poll() is not None)
    assert proc.poll() is None, "the import ended before its workers could be seen"
    proc.kill()
    proc.communicate(timeout=30)  # the output pipes close: nothing else holds them
    assert _wait_for(lambda: not any(_alive(pid) for pid in set(workers)), timeout=10), \
        "worker processes outlived the import"
    again = subprocess.run([*CLI, "import", str(project), str(photos)], env=cli_env(),
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr  # not locked by a leftover worker
