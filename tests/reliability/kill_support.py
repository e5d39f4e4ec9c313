"""Kill the real CLI part way through its work, and what a trial checks afterwards."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .support import CLI, cli_env


@dataclass
class Killed:
    killed: bool          # False: it finished before the kill
    returncode: int
    stdout: str
    stderr: str
    at: float             # seconds after it took the project's write lock


def _holds_lock(pid: int, inode: int) -> bool:
    # /proc/locks: "1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF"
    try:
        with open("/proc/locks") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) > 5 and parts[1] == "FLOCK" and parts[4] == str(pid) \
                        and parts[5].rsplit(":", 1)[-1] == str(inode):
                    return True
    except OSError:
        pass
    return False


def run_until_locked(args: list[str], project: Path, timeout: float = 60
                     ) -> tuple[subprocess.Popen, float]:
    """Start the CLI; return once it holds the project's write lock (its work has begun)."""
    inode = project.stat().st_ino
    proc = subprocess.Popen([*CLI, *args], env=cli_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while proc.poll() is None and not _holds_lock(proc.pid, inode):
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"{args[0]} never took the project lock")
        time.sleep(0.002)
    return proc, time.monotonic()


def measure(args: list[str], project: Path) -> tuple[float, subprocess.CompletedProcess]:
    """An uninterrupted run: how long the work takes once the lock is held."""
    proc, locked_at = run_until_locked(args, project)
    out, err = proc.communicate(timeout=300)
    window = time.monotonic() - locked_at
    return window, subprocess.CompletedProcess(args, proc.returncode, out, err)


def kill_during(args: list[str], project: Path, rng: random.Random, window: float) -> Killed:
    proc, locked_at = run_until_locked(args, project)
    delay = rng.uniform(0, window * 1.1)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    return Killed(proc.returncode == -signal.SIGKILL, proc.returncode,
                  out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                  time.monotonic() - locked_at)


def temp_files(folder: Path) -> list[str]:
    """What a crash may leave: write-back temporaries, half-made projects, backups."""
    found = []
    for path in folder.rglob("*"):
        name = path.name
        if name.endswith((".capstudio-tmp", ".tmp")) or name.startswith(".new-") \
                or ".capstudio.v" in name:
            found.append(str(path.relative_to(folder)))
    return sorted(found)


def fresh_copy(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)
    return target
