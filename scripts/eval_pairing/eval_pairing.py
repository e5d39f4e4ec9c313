#!/usr/bin/env python3
"""Score photo-caption pairing on generated scenarios and compare with the saved baseline.

In the spirit of Picard's ``scripts/eval_matching``: every scenario is built as a real project
(JPEGs written with Pillow and exiv2, `.txt` sidecars, imported by the real importer; the
article written as a text file and parsed by the real caption parser) and paired by the real
core. It prints, per scenario, the share of pairs right, how many were confidently wrong
(`sure` but wrong), how many were left ambiguous, and the share of identifiable pairs (those a
desk person would call obvious, see `scenarios.py`) that came out `sure`, then says whether each
number got better or worse than ``baseline.json``. ``--save`` records the current numbers as the new baseline.

    .venv/bin/python scripts/eval_pairing/eval_pairing.py [-v] [--seeds N] [--save]

Goals: at least 95% right on the scenarios whose signals allow it, no confidently wrong pair
anywhere (ambiguous instead), and at least 97% of the identifiable pairs sure.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT, ROOT / "src"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from scripts.eval_pairing.fixtures import CaptionSpec, add_article  # noqa: E402
from scripts.eval_pairing.scenarios import SCENARIOS, Scenario, printed  # noqa: E402
from tests.media_builders import make_jpeg  # noqa: E402

from caption_studio.core.article.store import import_article  # noqa: E402
from caption_studio.core.media.importer import import_paths  # noqa: E402
from caption_studio.core.pairing.matcher import propose_pairs  # noqa: E402
from caption_studio.core.project.file import Project  # noqa: E402

BASELINE = Path(__file__).resolve().parent / "baseline.json"


def _write_photos(folder: Path, scenario: Scenario) -> None:
    for i, pic in enumerate(scenario.photos):
        path = folder / pic.name
        exif: dict[str, Any] = {}
        iptc: dict[str, Any] = {}
        if pic.taken:
            exif["Exif.Photo.DateTimeOriginal"] = pic.taken.strftime("%Y:%m:%d %H:%M:%S")
        if pic.description:
            iptc["Iptc.Application2.Caption"] = pic.description
        if pic.byline:
            iptc["Iptc.Application2.Byline"] = pic.byline
        # Frames of one scene differ in their pixels, so two with the same metadata are still
        # two photos to the importer (which recognises a file by its content).
        make_jpeg(path, (32, 24), exif=exif or None, iptc=iptc or None,
                  color=(40 + 9 * i % 200, 120, 200 - 7 * i % 150))
        if pic.sidecar:
            path.with_suffix(".txt").write_text(pic.sidecar, "utf-8")


def _write_article(folder: Path, scenario: Scenario) -> Path:
    english = scenario.captions[0].english
    headline = "Spring in Chongqing" if english else "山城春日"
    body = ("CHONGQING, April 24 (Xinhua) -- Spring has come to the mountain city."
            if english else "本报讯 春日的山城处处生机盎然。")
    text = "\n\n".join([headline, body, *(printed(c) for c in scenario.captions)]) + "\n"
    path = folder / "article.txt"
    path.write_text(text, "utf-8")
    return path


def build(folder: Path, scenario: Scenario) -> tuple[Project, dict[int, int], dict[int, int],
                                                       bool]:
    """The project, {photo id: photo index}, {caption id: caption index}, parsed-by-parser."""
    _write_photos(folder / "in", scenario)
    project = Project.create(folder / "eval.capstudio")
    import_paths(project, [folder / "in"], workers=2)
    photo_ids = dict(project.conn.execute("SELECT path, id FROM photos"))
    by_photo = {photo_ids[f"in/{p.name}"]: i for i, p in enumerate(scenario.photos)}
    article = import_article(project, _write_article(folder, scenario), year=2024)
    rows = project.conn.execute("SELECT id, description, text FROM captions WHERE article_id = ? "
                                "ORDER BY position", (article,)).fetchall()
    by_caption: dict[int, int] = {}
    for cid, description, text in rows:
        for i, cap in enumerate(scenario.captions):
            key = cap.description[:12]
            if key in (description or text) and i not in by_caption.values():
                by_caption[cid] = i
                break
    parsed = len(by_caption) == len(scenario.captions) == len(rows)
    if not parsed:  # the parser missed something: score pairing on rows stored directly
        project.conn.execute("DELETE FROM captions")
        specs = [CaptionSpec(printed(c), [(n, "记者") for n in c.names],
                             c.date.isoformat() if c.date else None, c.place,
                             description=c.description) for c in scenario.captions]
        _, ids = add_article(project, specs, headline="山城春日")
        by_caption = {cid: i for i, cid in enumerate(ids)}
    return project, by_photo, by_caption, parsed


def score(scenario: Scenario, project: Project, by_photo: dict[int, int],
          by_caption: dict[int, int], verbose: bool) -> Counter[str]:
    result = propose_pairs(project)
    counts: Counter[str] = Counter()
    truth = {i: c for i, c in enumerate(scenario.truth) if c is not None}
    counts["truth"] += len(truth)
    counts["identifiable"] += sum(scenario.is_identifiable(i) for i in truth)
    for pair in result.pairs:
        photo, caption = by_photo[pair.photo_id], by_caption[pair.caption_id]
        right = truth.get(photo) == caption
        counts["right" if right else "wrong"] += 1
        counts[pair.state] += 1
        if not right and pair.state == "sure":
            counts["confidently_wrong"] += 1
        identifiable = scenario.is_identifiable(photo)
        if right and pair.state == "sure" and identifiable:
            counts["identifiable_sure"] += 1
        if verbose and identifiable and not (right and pair.state == "sure"):
            print(f"    NOT SURE (identifiable): photo {scenario.photos[photo].name} -> caption "
                  f"{caption + 1} {pair.state} score {pair.score:.2f} margin {pair.margin:.2f} "
                  f"{'; '.join(pair.reasons)}")
        if verbose and not right:
            print(f"    WRONG {pair.state}: photo {scenario.photos[photo].name} -> caption "
                  f"{caption + 1} (truth: {truth.get(photo, '-') if photo not in truth else truth[photo] + 1}) "
                  f"score {pair.score:.2f} margin {pair.margin:.2f} {'; '.join(pair.reasons)}")
    return counts


def evaluate(seeds: int = 3, verbose: bool = False,
             only: list[str] | None = None) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for make in SCENARIOS:
        if only and make.__name__ not in only:
            continue
        total: Counter[str] = Counter()
        strong = True
        unparsed = 0
        for seed in range(seeds):
            scenario = make(random.Random(f"{make.__name__}-{seed}"))
            strong = scenario.strong
            with tempfile.TemporaryDirectory(prefix="eval-pairing-") as tmp:
                project, by_photo, by_caption, parsed = build(Path(tmp), scenario)
                try:
                    total += score(scenario, project, by_photo, by_caption, verbose)
                finally:
                    project.close()
                unparsed += not parsed
        out[make.__name__] = {
            "strong": float(strong),
            "accuracy": round(total["right"] / total["truth"], 4) if total["truth"] else 1.0,
            "confidently_wrong": float(total["confidently_wrong"]),
            "ambiguous": float(total["ambiguous"]),
            "sure": float(total["sure"]),
            "pairs": float(total["truth"]),
            "identifiable": float(total["identifiable"]),
            "identifiable_sure": float(total["identifiable_sure"]),
            "parser_missed": float(unparsed),
        }
    return out


def summary(results: dict[str, dict[str, float]]) -> dict[str, float]:
    strong = [r for r in results.values() if r["strong"]]
    weak = [r for r in results.values() if not r["strong"]]
    pairs = sum(r["pairs"] for r in strong) or 1
    identifiable = sum(r.get("identifiable", 0) for r in results.values())
    return {
        "identifiable": identifiable,
        "identifiable_sure_share": round(sum(r.get("identifiable_sure", 0)
                                             for r in results.values()) / (identifiable or 1), 4),
        "strong_accuracy": round(sum(r["accuracy"] * r["pairs"] for r in strong) / pairs, 4),
        "confidently_wrong": sum(r["confidently_wrong"] for r in results.values()),
        "weak_confidently_wrong": sum(r["confidently_wrong"] for r in weak),
        "ambiguous": sum(r["ambiguous"] for r in results.values()),
    }


def report(results: dict[str, dict[str, float]], baseline: dict[str, Any]) -> list[str]:
    lines = [f"{'scenario':<22} {'kind':<6} {'pairs':>5} {'right':>7} {'sure':>5} "
             f"{'ambig':>5} {'conf.wrong':>10} {'obvious sure':>12}"]
    old = baseline.get("scenarios", {})
    for name, r in results.items():
        was = old.get(name, {})
        trend = ""
        if was and (r["accuracy"], r["confidently_wrong"]) != (
                was.get("accuracy"), was.get("confidently_wrong")):
            better = (r["confidently_wrong"], -r["accuracy"]) < (
                was.get("confidently_wrong", 0), -was.get("accuracy", 0))
            trend = f"  {'better' if better else 'WORSE'} than baseline " \
                    f"({was.get('accuracy', 0):.0%}, {was.get('confidently_wrong', 0):.0f} wrong)"
        lines.append(f"{name:<22} {'strong' if r['strong'] else 'weak':<6} {r['pairs']:>5.0f} "
                     f"{r['accuracy']:>7.1%} {r['sure']:>5.0f} {r['ambiguous']:>5.0f} "
                     f"{r['confidently_wrong']:>10.0f} {_share(r):>12}{trend}"
                     + (f"  (parser missed captions in {r['parser_missed']:.0f} run(s))"
                        if r["parser_missed"] else ""))
    total = summary(results)
    lines.append("")
    lines.append(f"strong scenarios: {total['strong_accuracy']:.1%} right (goal >= 95%); "
                 f"confidently wrong: {total['confidently_wrong']:.0f} "
                 f"({total['weak_confidently_wrong']:.0f} on weak scenarios; goal 0); "
                 f"ambiguous: {total['ambiguous']:.0f}")
    was = baseline.get("summary", {}).get("identifiable_sure_share")
    lines.append(f"identifiable pairs marked sure: {total['identifiable_sure_share']:.1%} of "
                 f"{total['identifiable']:.0f} (goal >= 97%)"
                 + (f"; baseline {was:.1%}" if was is not None else ""))
    return lines


def _share(r: dict[str, float]) -> str:
    if not r.get("identifiable"):
        return "-"
    return f"{r['identifiable_sure']:.0f}/{r['identifiable']:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong pair")
    parser.add_argument("--seeds", type=int, default=3, help="runs of each scenario")
    parser.add_argument("--only", nargs="*", help="scenario names")
    parser.add_argument("--save", action="store_true", help="save these numbers as the baseline")
    args = parser.parse_args(argv)
    results = evaluate(args.seeds, args.verbose, args.only)
    baseline = json.loads(BASELINE.read_text("utf-8")) if BASELINE.exists() else {}
    print("\n".join(report(results, baseline)))
    if args.save:
        BASELINE.write_text(json.dumps({"seeds": args.seeds, "scenarios": results,
                                        "summary": summary(results)}, indent=2) + "\n", "utf-8")
        print(f"baseline saved to {BASELINE.relative_to(ROOT)}")
    total = summary(results)
    return 0 if (total["strong_accuracy"] >= 0.95 and not total["confidently_wrong"]
                 and total["identifiable_sure_share"] >= 0.97) else 1


if __name__ == "__main__":
    sys.exit(main())
