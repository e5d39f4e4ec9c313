"""Two writers on one project: the second is refused with one clear line, never corrupts
the file or loses an edit; read-only commands work alongside."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from caption_studio.core.errors import ProjectLockedError
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import get_fields

from .support import ROOT, cli_env, integrity, project_with_rows, run_cli


class Holder:
    """Another process with the project open for writing (the desktop app, a long import)."""

    def __init__(self, path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.holder", str(path)], cwd=ROOT,
            env=cli_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.first = self.proc.stdout.readline().strip()

    def edit(self, pid: int, field: str, value: str) -> None:
        self.proc.stdin.write(f"{pid} {field} {value}\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == f"done {pid}"

    def close(self) -> int:
        self.proc.stdin.close()
        return self.proc.wait(timeout=30)


def _value(path, pid, field):
    with Project.open(path, readonly=True) as project:
        return get_fields(project, pid).get(field, (None, None))[0]


def test_second_writer_is_refused_and_readers_work(tmp_path):
    path = project_with_rows(tmp_path / "desk.capstudio", photos=3)
    holder = Holder(path)
    try:
        assert holder.first == "ready"
        holder.edit(1, "headline", "from the app")
        refused = run_cli("set", path, "--photo", "2", "headline=from the cli")
        assert refused.returncode == 2
        assert refused.one_line_error and "open in another" in refused.stderr, refused.stderr
        # readers work alongside, and see what the app has committed
        info = run_cli("info", path, "--json")
        assert info.returncode == 0 and json.loads(info.stdout)["photos"] == 3
        listing = run_cli("photos", path, "--json")
        assert listing.returncode == 0, listing.stderr
        records = {r["id"]: r for r in json.loads(listing.stdout)}
        assert records[1]["fields"]["headline"]["value"] == "from the app"
        holder.edit(3, "headline", "after the refusal")
    finally:
        assert holder.close() == 0
    # once the app closed, the command gets in; nothing was lost on either side
    assert run_cli("set", path, "--photo", "2", "headline=from the cli").returncode == 0
    assert [_value(path, pid, "headline") for pid in (1, 2, 3)] == [
        "from the app", "from the cli", "after the refusal"]
    assert integrity(path) == "ok"


@pytest.mark.parametrize("writers", [3, pytest.param(10, marks=pytest.mark.slow)])
def test_racing_commands(tmp_path, writers):
    # Several `set` commands started at once: each either did its edit (exit 0) or was told
    # (exit 2, one line) and changed nothing; retried, every edit ends up there.
    path = project_with_rows(tmp_path / "desk.capstudio", photos=writers)
    pending = {pid: f"edit {pid}" for pid in range(1, writers + 1)}
    rounds = 0
    while pending:
        rounds += 1
        assert rounds <= 20, f"still refused after 20 rounds: {sorted(pending)}"
        procs = {pid: subprocess.Popen(
            [sys.executable, "-m", "caption_studio", "set", str(path), "--photo", str(pid),
             f"headline={text}", "keywords=race;desk"], env=cli_env(),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for pid, text in pending.items()}
        for pid, proc in procs.items():
            out, err = proc.communicate(timeout=60)
            if proc.returncode == 0:
                assert _value(path, pid, "headline") == pending.pop(pid)
            else:
                assert proc.returncode == 2 and "Traceback" not in err, err
                assert err.count("\n") == 1 and "open in another" in err, err
                assert _value(path, pid, "headline") is None
    assert integrity(path) == "ok"
    with Project.open(path, readonly=True) as project:
        for pid in range(1, writers + 1):
            assert get_fields(project, pid)["headline"][0] == f"edit {pid}"
            assert get_fields(project, pid)["keywords"][0] == ["race", "desk"]
        # one complete history operation per successful command
        ops = project.conn.execute(
            "SELECT operation_id, count(*) FROM history GROUP BY operation_id").fetchall()
        assert len(ops) == writers and all(n == 2 for _, n in ops)


def test_gui_controller_and_cli(tmp_path, qapp):
    from caption_studio.gui.controller import Controller

    path = project_with_rows(tmp_path / "desk.capstudio", photos=2)
    controller = Controller()
    controller.open_project(path)
    try:
        controller.set_fields([1], {"headline": "typed in the app"})
        refused = run_cli("set", path, "--photo", "1", "headline=cli")
        assert refused.returncode == 2 and refused.one_line_error
        listing = run_cli("photos", path, "--json")
        assert json.loads(listing.stdout)[0]["fields"]["headline"]["value"] == \
            "typed in the app"
    finally:
        controller.close_project()
    # the other way round: a command holds it, the app is told and keeps nothing half-open
    holder = Holder(path)
    try:
        assert holder.first == "ready"
        with pytest.raises(ProjectLockedError, match="open in another"):
            controller.open_project(path)
        assert controller.project is None
        holder.edit(2, "headline", "from the command")
    finally:
        assert holder.close() == 0
    controller.open_project(path)
    try:
        assert get_fields(controller.project, 2)["headline"][0] == "from the command"
        assert get_fields(controller.project, 1)["headline"][0] == "typed in the app"
    finally:
        controller.close_project()
    assert integrity(path) == "ok"
