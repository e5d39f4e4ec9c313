"""Write-back on a folder of real files nobody here has seen: `check_writeback.py FOLDER`.

Copies FOLDER into a temporary directory (the originals are never touched), imports it into a
temporary project, sets a Chinese caption, creator, city, headline and keywords on every
photo, runs `embed --out` and `embed --in-place` through the real CLI, and prints per file:
what happened (written in the file / sidecar / refused + reason / not imported + reason),
whether exiftool reads every field back, and the unmanaged tags that changed (the
fidelity check's reference view, exiftool -j -a -G1). Ends with the totals.

    PYTHONPATH=src python scripts/check_writeback.py /tmp/photos [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from caption_studio.core.media import fidelity, write_plan
from caption_studio.core.media.exiftool_session import Session
from caption_studio.core.media.importer import import_paths
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import set_fields

VALUES: dict[str, Any] = {
    "description": "5月2日，游客在贵阳花溪公园划船。本报记者 周文静 摄",
    "creator": ["周文静"], "city": "贵阳", "headline": "花溪泛舟", "keywords": ["旅游", "划船"]}
_XMP_CHECKS = {"description": "XMP-dc:Description", "creator": "XMP-dc:Creator",
               "city": "XMP-photoshop:City", "headline": "XMP-photoshop:Headline",
               "keywords": "XMP-dc:Subject"}
_IIM_CHECKS = {"description": "IPTC:Caption-Abstract", "creator": "IPTC:By-line",
               "city": "IPTC:City", "headline": "IPTC:Headline", "keywords": "IPTC:Keywords"}


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _managed() -> set[str]:
    tags = {t for key in VALUES for t in write_plan.MANAGED_TAGS[key]}
    return tags | set(write_plan.IIM_FRAME) | {"XMP-x:XMPToolkit"}


def _wrong_fields(tags: dict[str, Any], iim: bool) -> list[str]:
    checks = [*_XMP_CHECKS.items(), *(_IIM_CHECKS.items() if iim else [])]
    wrong = []
    for key, tag in checks:
        want = VALUES[key]
        got = tags.get(tag)
        if (_as_list(got) if isinstance(want, list) else got) != want:
            wrong.append(f"{tag}={got!r}")
    return wrong


def _cli(*args: str) -> dict[str, Any]:
    run = subprocess.run([sys.executable, "-m", "caption_studio", *args, "--json"],
                         capture_output=True, text=True, timeout=1800, env=os.environ)
    try:
        return json.loads(run.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"{' '.join(args)} failed ({run.returncode}):\n{run.stderr}") from None


def _check_copy(et: Session, original: Path, written: Path, sidecar: Path | None,
                iim: bool) -> tuple[list[str], list[str]]:
    """(fields not read back right, unmanaged tags changed) for one written file."""
    before = et.tags(original, "UTF8")
    if sidecar is not None:
        changed = [] if written.read_bytes() == original.read_bytes() else ["photo file changed"]
        return _wrong_fields(et.tags(sidecar, "UTF8"), False), changed
    after = et.tags(written, "UTF8")
    return _wrong_fields(after, iim), fidelity.differences(before, after, _managed())


def check(folder: Path, work: Path) -> list[dict[str, Any]]:
    photos = work / "photos"
    shutil.copytree(folder, photos)
    for path in photos.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    originals = work / "originals"
    shutil.copytree(photos, originals)
    project_path = work / "check.capstudio"
    with Project.create(project_path) as project:
        summary = import_paths(project, [photos])
        set_fields(project, summary.photo_ids, VALUES)
        stored = dict(project.conn.execute("SELECT id, path FROM photos").fetchall())
    rows: dict[str, dict[str, Any]] = {}
    for path, reason in summary.skipped:
        rows[Path(path).name] = {"file": Path(path).name, "import": f"skipped: {reason}"}
    duplicates = {Path(p).name for p, w in summary.warnings if w.startswith("duplicate of")}
    for path in photos.rglob("*"):
        if path.is_file() and path.name not in rows:  # neither imported nor skipped
            rows[path.name] = {"file": path.name, "import": (
                "a duplicate, not imported" if path.name in duplicates
                else "read as a sidecar" if path.suffix.lower() == ".xmp"
                else "not looked at (not a photo type)")}
    for path, warning in summary.warnings:
        rows.setdefault(Path(path).name, {"file": Path(path).name}).setdefault(
            "warnings", []).append(warning)
    for name in stored.values():
        rows.setdefault(Path(name).name, {"file": Path(name).name})["import"] = "imported"
    out = work / "out"
    results = {"out": _cli("embed", str(project_path), "--out", str(out)),
               "in-place": _cli("embed", str(project_path), "--in-place")}
    with Session() as et:
        for mode, result in results.items():
            refused = {Path(s["path"]).name: s["reason"] for s in result["skipped"]}
            written = {Path(p).name for p in result["written"]}
            for name in stored.values():
                base = Path(name).name
                row = rows[base]
                rel = Path(os.path.relpath(work / name, photos))  # stored relative to work
                original = originals / rel
                target = (out / "photos" / rel) if mode == "out" else photos / rel
                sidecar = target.with_suffix(".xmp")
                # a sidecar written for this photo: the photo itself left as it was (a RAW
                # beside a JPEG of the same name shares the name.xmp)
                has_sidecar = sidecar.name in written and sidecar.name != base and \
                    target.read_bytes() == original.read_bytes()
                if base in refused:
                    row[mode] = f"refused: {refused[base]}"
                    continue
                if base not in written and not has_sidecar:
                    row[mode] = "neither written nor refused"
                    continue
                kind = "sidecar" if has_sidecar else "written"
                file_type = et.tags(original).get("File:FileType", "")
                wrong, changed = _check_copy(et, original, target,
                                             sidecar if has_sidecar else None,
                                             file_type in write_plan.IIM_FORMATS)
                row[mode] = kind
                row[f"{mode} wrong fields"] = wrong
                row[f"{mode} unmanaged changed"] = changed
    return sorted(rows.values(), key=lambda r: r["file"])


def _print(rows: list[dict[str, Any]]) -> None:
    totals: Counter[str] = Counter()
    for row in rows:
        line = f"{row['file']}: {row.get('import', '?')}"
        for mode in ("out", "in-place"):
            if mode in row:
                state = row[mode]
                totals[f"{mode} {state.split(':')[0]}"] += 1
                wrong = row.get(f"{mode} wrong fields", [])
                changed = row.get(f"{mode} unmanaged changed", [])
                totals[f"{mode} files with wrong fields"] += bool(wrong)
                totals[f"{mode} unmanaged tags changed"] += len(changed)
                line += f" | {mode}: {state}"
                if wrong:
                    line += f"; wrong: {', '.join(wrong)}"
                if changed:
                    line += f"; changed: {'; '.join(changed[:6])}"
        totals["import " + row.get("import", "?").split(":")[0]] += 1
        print(line)
        for warning in row.get("warnings", []):
            print(f"    warning: {warning}")
    print()
    for key in sorted(totals):
        print(f"{key}: {totals[key]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="check-writeback-") as tmp:
        rows = check(args.folder.resolve(), Path(tmp))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _print(rows)


if __name__ == "__main__":
    main()
