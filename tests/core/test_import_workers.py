"""The import's worker processes (`import_paths(..., processes=True)`, what the CLI uses):
the work is shared out and comes back in order, a failure or a dead worker costs one file,
cancelling stops the workers at once, and none is left behind.

These were the tests of the process pool of our own (`core/media/forked.py`) that a
`concurrent.futures.ProcessPoolExecutor` replaced (issue 17, seam 7); they now go through the
importer, which is what they were for."""

import os
import time

import pytest

from caption_studio.core.media import probe as probing
from caption_studio.core.media.importer import import_paths
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from caption_studio.core.tasks import CancelToken
from tests.media_builders import make_jpeg


def _children_of_me():
    me = os.getpid()
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me and fields[0] != "Z":
                kids.append(int(entry))
    return kids


@pytest.fixture
def photos(tmp_path):
    folder = tmp_path / "photos"
    for n in range(90):
        make_jpeg(folder / f"IMG_{n:03}.jpg", size=(16, 12), color=(n, 80, 160),
                  iptc={"Iptc.Application2.Caption": f"第{n}号"})
    return folder


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "desk.capstudio") as p:
        yield p


def _probed_by(monkeypatch, wrap):
    """Wrap the probe of one file; forked workers inherit the wrapped function."""
    real = probing._probe_file
    monkeypatch.setattr(probing, "_probe_file", lambda c, legacy: wrap(real, c, legacy))


def test_the_work_is_shared_out_and_every_photo_gets_its_own_values(
        photos, project, monkeypatch, tmp_path):
    seen = tmp_path / "pids"
    seen.mkdir()

    def record(real, candidate, legacy):
        time.sleep(0.002)  # long enough that one worker cannot take all the work alone
        (seen / str(os.getpid())).touch()
        return real(candidate, legacy)

    _probed_by(monkeypatch, record)
    progress = []
    summary = import_paths(project, [photos], processes=True, batch_size=20,
                           progress=lambda done, total, label: progress.append((done, total)))
    assert summary.imported == 90 and not summary.skipped
    for name, pid in project.conn.execute("SELECT file_name, id FROM photos"):
        assert ops.get_fields(project, pid)["description"][0] == f"第{int(name[4:7])}号"
    pids = {int(p.name) for p in seen.iterdir()}
    assert os.getpid() not in pids and len(pids) == min(2, os.cpu_count() or 2)
    done = [d for d, total in progress if total == 90]
    assert done == sorted(done) and done[-1] == 90  # progress only goes forward, to the end
    assert _children_of_me() == []  # reaped


def test_an_error_in_a_worker_skips_that_file_only(photos, project, monkeypatch):
    def fails_on_seven(real, candidate, legacy):
        if candidate.path.endswith(b"IMG_007.jpg"):
            raise ValueError("seven")
        return real(candidate, legacy)

    _probed_by(monkeypatch, fails_on_seven)
    summary = import_paths(project, [photos], processes=True, batch_size=20)
    assert summary.imported == 89
    assert [(os.path.basename(p), r) for p, r in summary.skipped] == [
        ("IMG_007.jpg", "could not be read (ValueError: seven)")]
    assert _children_of_me() == []


def _slow_after_the_first_batch(real, candidate, legacy):
    if not candidate.path.endswith((b"IMG_000.jpg", b"IMG_001.jpg")):
        time.sleep(10)  # the workers are busy with the next batch when the import stops
    return real(candidate, legacy)


def test_cancelling_stops_busy_workers_at_once(photos, project, monkeypatch):
    _probed_by(monkeypatch, _slow_after_the_first_batch)
    cancel = CancelToken()

    def cancel_after_the_first_batch(done, total, label):
        if done:
            cancel.cancel()

    started = time.monotonic()
    summary = import_paths(project, [photos], processes=True, batch_size=2, cancel=cancel,
                           progress=cancel_after_the_first_batch)
    assert summary.interrupted and summary.imported == 2
    assert time.monotonic() - started < 5  # not 10 s for each file a worker holds
    assert _children_of_me() == []


def test_ctrl_c_stops_busy_workers_at_once(photos, project, monkeypatch):
    _probed_by(monkeypatch, _slow_after_the_first_batch)

    def interrupt(done, total, label):
        if done:
            raise KeyboardInterrupt

    started = time.monotonic()
    summary = import_paths(project, [photos], processes=True, batch_size=2,
                           progress=interrupt)
    assert summary.interrupted and summary.imported == 2
    assert time.monotonic() - started < 5
    assert _children_of_me() == []
