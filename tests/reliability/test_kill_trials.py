"""SIGKILL the real CLI at random moments during import, batch `set`, `pair` and `embed`.

After every kill: the project passes `PRAGMA integrity_check`; what it holds is a state the
command could have committed (each transaction whole or absent, every edit it reported
there); no original image is damaged (each file is the original or a complete, verified
rewrite with the same pixel data); a re-run finishes the work, matching an uninterrupted run,
and leaves no temporary file. Each trial has its own seed, printed when it fails.

The default run makes 2 trials per command; `make test-slow` makes 50.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from caption_studio.core.article.store import import_article
from caption_studio.core.media.importer import import_paths
from caption_studio.core.media.metadata import read_embedded
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import set_fields
from tests.media_builders import jpeg_scan_data, make_jpeg

from .kill_support import fresh_copy, kill_during, measure, temp_files
from .support import digests, integrity, project_with_rows

PHOTOS = 40
SET_PHOTOS = 1500
DEFAULT_TRIALS = 2
SLOW_TRIALS = 50
PLACES = ["渝北区仙桃数据谷", "南岸区南山植物园", "江北区观音桥", "渝中区解放碑", "沙坪坝区磁器口"]


def _caption(i: int) -> str:
    return (f"4月{1 + i % 28}日，市民在{PLACES[i % 5]}参观第{i + 1}届城市建设成果展，"
            f"展台编号{i * 7 + 3}。本报记者 李雨恒 摄")


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Path:
    """photos/ (real JPEGs with IPTC/EXIF), article.txt, empty.capstudio, desk.capstudio
    (photos and article imported, a manual headline on each photo: something to embed)."""
    root = tmp_path_factory.mktemp("scene")
    for i in range(PHOTOS):
        make_jpeg(root / "photos" / f"DSC_{i + 1:04}.jpg", (480, 320),
                  color=(40 + i * 5, 120, 200 - i * 3),
                  iptc={"Iptc.Application2.Caption": _caption(i)[:24],
                        "Iptc.Application2.Byline": "李雨恒"},
                  exif={"Exif.Photo.DateTimeOriginal": f"2024:04:{1 + i % 28:02} 10:00:00"})
    (root / "article.txt").write_text(
        "山城春日\n\n本报讯 春日的山城处处生机盎然。\n\n"
        + "\n\n".join(_caption(i) for i in range(PHOTOS)) + "\n", "utf-8")
    Project.create(root / "empty.capstudio").close()
    with Project.create(root / "desk.capstudio") as project:
        import_paths(project, [root / "photos"], workers=1)
        import_article(project, root / "article.txt", year=2024)
        ids = [r[0] for r in project.conn.execute("SELECT id FROM photos ORDER BY id")]
        for pid in ids:
            set_fields(project, [pid], {"headline": f"山城春日 {pid}", "keywords": ["春", "重庆"]})
    project_with_rows(root / "rows.capstudio", photos=SET_PHOTOS, meta_rows=0)
    return root


# -- what a project holds ------------------------------------------------------------------

def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def photo_state(path: Path) -> dict[str, tuple]:
    photos = dict(_rows(path, "SELECT id, path FROM photos"))
    state = {p: [fp] for p, fp in _rows(path, "SELECT path, fingerprint FROM photos")}
    for pid, field, value, prov in _rows(
            path, "SELECT photo_id, field, value, provenance FROM field_values "
                  "ORDER BY photo_id, field"):
        state[photos[pid]].append((field, value, prov))
    return {k: tuple(v) for k, v in state.items()}


def caption_state(path: Path) -> list[tuple]:
    return _rows(path, "SELECT article_id, position, text FROM captions ORDER BY id")


def pairing_state(path: Path) -> list[tuple]:
    return _rows(path, "SELECT ph.path, c.position, p.state FROM pairings p "
                       "JOIN photos ph ON ph.id = p.photo_id "
                       "JOIN captions c ON c.id = p.caption_id ORDER BY ph.path")


def history_ops_complete(path: Path, expected_sizes: set[int]) -> None:
    for op, n in _rows(path, "SELECT operation_id, count(*) FROM history GROUP BY 1"):
        assert n in expected_sizes, f"history operation {op} has {n} rows: half an edit"


def embedded_headline(path: Path) -> str | None:
    return read_embedded(path).fields.get("headline")


# -- the commands ----------------------------------------------------------------------------

def _import_args(d: Path) -> list[str]:
    return ["import", str(d / "empty.capstudio"), str(d / "photos"), "--article",
            str(d / "article.txt"), "--year", "2024"]


def _set_args(d: Path, seed: int) -> list[str]:
    refs = [a for pid in range(1, SET_PHOTOS + 1) for a in ("--photo", str(pid))]
    return ["set", str(d / "rows.capstudio"), *refs, f"headline=batch {seed}",
            "keywords=春;重庆", "city=重庆市"]


def _pair_args(d: Path) -> list[str]:
    return ["pair", str(d / "desk.capstudio")]


def _embed_args(d: Path) -> list[str]:
    return ["embed", str(d / "desk.capstudio"), "--in-place"]


@pytest.fixture(scope="module")
def reference(scene, tmp_path_factory) -> dict[str, dict]:
    """Each command run once to the end on its own copy: its work window and final state."""
    ref: dict[str, dict] = {}
    d = fresh_copy(scene, tmp_path_factory.mktemp("ref") / "import")
    window, run = measure(_import_args(d), d / "empty.capstudio")
    assert run.returncode == 0, run.stderr
    ref["import"] = {"window": window, "photos": photo_state(d / "empty.capstudio"),
                     "captions": caption_state(d / "empty.capstudio")}
    d = fresh_copy(scene, tmp_path_factory.mktemp("ref") / "set")
    window, run = measure(_set_args(d, 0), d / "rows.capstudio")
    assert run.returncode == 0, run.stderr
    ref["set"] = {"window": window}
    d = fresh_copy(scene, tmp_path_factory.mktemp("ref") / "pair")
    window, run = measure(_pair_args(d), d / "desk.capstudio")
    assert run.returncode == 0, run.stderr
    ref["pair"] = {"window": window, "pairings": pairing_state(d / "desk.capstudio"),
                   "photos": photo_state(d / "desk.capstudio")}
    assert ref["pair"]["pairings"], "the scene must give the pairing something to pair"
    d = fresh_copy(scene, tmp_path_factory.mktemp("ref") / "embed")
    window, run = measure(_embed_args(d), d / "desk.capstudio")
    assert run.returncode == 0, run.stderr
    ref["embed"] = {"window": window}
    return ref


def _trials(n_default: int = DEFAULT_TRIALS):
    return [*(pytest.param(seed, id=f"seed{seed}") for seed in range(n_default)),
            *(pytest.param(seed, id=f"seed{seed}", marks=pytest.mark.slow)
              for seed in range(n_default, SLOW_TRIALS))]


def _trial_dir(scene: Path, tmp_path: Path) -> Path:
    return fresh_copy(scene, tmp_path / "trial")


def _reader_opens(project: Path, why: str) -> None:
    # the first thing after a crash is often a reader (info, photos, an export)
    try:
        Project.open(project, readonly=True).close()
    except Exception as exc:  # noqa: BLE001 - the failure message is the point
        raise AssertionError(f"{why}: a reader cannot open the project: {exc}") from exc


def _explain(seed: int, killed) -> str:
    return (f"seed {seed}: killed={killed.killed} {killed.at:.3f}s after it took the lock; "
            f"exit {killed.returncode}; stderr: {killed.stderr[-500:]}")


# -- the trials ------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", _trials())
def test_kill_import(scene, reference, tmp_path, seed):
    d = _trial_dir(scene, tmp_path)
    originals = digests(d / "photos")
    killed = kill_during(_import_args(d), d / "empty.capstudio",
                         random.Random(f"import{seed}"), reference["import"]["window"])
    why = _explain(seed, killed)
    project = d / "empty.capstudio"
    _reader_opens(project, why)
    assert integrity(project) == "ok", why
    assert digests(d / "photos") == originals, why
    ref = reference["import"]
    # every photo there is whole (the same row and values as an uninterrupted import)
    for path, state in photo_state(project).items():
        assert state == ref["photos"][path], f"{why}: {path} half imported"
    assert caption_state(project) in ([], ref["captions"]), why
    # the importer's "search rows deferred" flag lives inside its transaction, never after
    assert _rows(project, "SELECT count(*) FROM meta WHERE key = 'search_deferred'") == [(0,)], why
    rerun = measure(_import_args(d), project)[1]
    assert rerun.returncode == 0, f"{why}; re-run: {rerun.stderr}"
    assert photo_state(project) == ref["photos"], why
    assert caption_state(project) == ref["captions"], why
    assert temp_files(d) == [], why


@pytest.mark.parametrize("seed", _trials())
def test_kill_batch_set(scene, reference, tmp_path, seed):
    d = _trial_dir(scene, tmp_path)
    project = d / "rows.capstudio"
    killed = kill_during(_set_args(d, seed), project, random.Random(f"set{seed}"),
                         reference["set"]["window"])
    why = _explain(seed, killed)
    _reader_opens(project, why)
    assert integrity(project) == "ok", why
    changed = _rows(project, "SELECT count(*) FROM field_values WHERE field = 'headline' "
                             f"AND value = 'batch {seed}'")[0][0]
    # one batch edit is one transaction: every photo or none
    assert changed in (0, SET_PHOTOS), f"{why}: {changed} of {SET_PHOTOS} photos changed"
    history_ops_complete(project, {SET_PHOTOS * 3})
    if "value(s) changed" in killed.stdout:  # it said so: then it must be there
        assert changed == SET_PHOTOS, why
    rerun = measure(_set_args(d, seed), project)[1]
    assert rerun.returncode == 0, f"{why}; re-run: {rerun.stderr}"
    assert _rows(project, "SELECT count(*) FROM field_values WHERE field = 'city'")[0][0] \
        == SET_PHOTOS, why
    history_ops_complete(project, {SET_PHOTOS * 3})
    assert temp_files(d) == [], why


@pytest.mark.parametrize("seed", _trials())
def test_kill_pair(scene, reference, tmp_path, seed):
    d = _trial_dir(scene, tmp_path)
    project = d / "desk.capstudio"
    before = photo_state(project)
    killed = kill_during(_pair_args(d), project, random.Random(f"pair{seed}"),
                         reference["pair"]["window"])
    why = _explain(seed, killed)
    _reader_opens(project, why)
    assert integrity(project) == "ok", why
    ref = reference["pair"]
    # pairing is applied in one transaction: all of it, with the values it filled, or none
    assert (pairing_state(project), photo_state(project)) in (
        ([], before), (ref["pairings"], ref["photos"])), why
    rerun = measure(_pair_args(d), project)[1]
    assert rerun.returncode == 0, f"{why}; re-run: {rerun.stderr}"
    assert pairing_state(project) == ref["pairings"], why
    assert photo_state(project) == ref["photos"], why
    assert temp_files(d) == [], why


@pytest.mark.parametrize("seed", _trials())
def test_kill_embed(scene, reference, tmp_path, seed):
    d = _trial_dir(scene, tmp_path)
    project = d / "desk.capstudio"
    photos = sorted((d / "photos").glob("*.jpg"))
    original = {p.name: p.read_bytes() for p in photos}
    scans = {p.name: jpeg_scan_data(p) for p in photos}
    expected = {r[1].rsplit("/", 1)[-1]: json.loads(json.dumps(r[0])) for r in _rows(
        project, "SELECT fv.value, p.path FROM field_values fv JOIN photos p "
                 "ON p.id = fv.photo_id WHERE fv.field = 'headline'")}
    killed = kill_during(_embed_args(d), project, random.Random(f"embed{seed}"),
                         reference["embed"]["window"])
    why = _explain(seed, killed)
    _reader_opens(project, why)
    assert integrity(project) == "ok", why
    recorded = {r[0].rsplit("/", 1)[-1] for r in _rows(
        project, "SELECT p.path FROM embeds e JOIN photos p ON p.id = e.photo_id")}
    for p in photos:
        # the original, or a complete rewrite: same pixels, the new values readable
        if p.read_bytes() != original[p.name]:
            assert jpeg_scan_data(p) == scans[p.name], f"{why}: {p.name} pixels changed"
            assert embedded_headline(p) == expected[p.name], f"{why}: {p.name} half written"
        elif p.name in recorded:
            raise AssertionError(f"{why}: {p.name} recorded as embedded but not written")
    rerun = measure(_embed_args(d), project)[1]
    assert rerun.returncode == 0, f"{why}; re-run: {rerun.stderr}"
    for p in photos:
        assert jpeg_scan_data(p) == scans[p.name], why
        assert embedded_headline(p) == expected[p.name], why
    assert temp_files(d) == [], why


def test_scene_is_sane(scene):
    # a guard for the trials: originals are real photos, the article has all its captions
    assert len(list((scene / "photos").glob("*.jpg"))) == PHOTOS
    assert len(caption_state(scene / "desk.capstudio")) == PHOTOS
