#!/usr/bin/env python3
"""Score the caption parser on the fixture corpus and compare with the saved baseline.

In the spirit of Picard's ``scripts/eval_matching``: run it before and after a change to the
parser; it prints caption recall/precision and per-field accuracy, then says for each number
whether it got better or worse than ``baseline.json``. ``--save`` records the current numbers
as the new baseline (commit it with the change that earned them).

`caption.place` is the share of captions with an expected place (sublocation, city,
province/state, country, country code) whose five fields are all right. The articles marked
``real_page`` (text as copied from published web pages and e-papers) are scored again on their
own, under ``real_page.*``.

    .venv/bin/python scripts/eval_captions/eval_captions.py [-v] [--save] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "tests" / "core" / "fixtures" / "articles"
BASELINE = Path(__file__).resolve().parent / "baseline.json"
CAPTION_FIELDS = ("description", "date", "date_source", "location", "photographers", "credit")
ARTICLE_FIELDS = ("headline", "date", "writers")


def _load_corpus_module(folder: Path) -> Any:
    spec = importlib.util.spec_from_file_location("caption_corpus", folder / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["caption_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _people(items: list[dict[str, Any]]) -> list[list[Any]]:
    return [[p["name"], p["role"]] for p in items]


def _match(expected: list[dict[str, Any]], found: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pair expected and found captions by description (in order, best ratio >= 0.6)."""
    pairs, used = [], set()
    for i, exp in enumerate(expected):
        best, best_ratio = None, 0.6
        for j, got in enumerate(found):
            if j in used:
                continue
            ratio = difflib.SequenceMatcher(None, exp["description"], got["description"]).ratio()
            if ratio > best_ratio:
                best, best_ratio = j, ratio
        if best is not None:
            used.add(best)
            pairs.append((i, best))
    return pairs


def evaluate(folder: Path = CORPUS_DIR, verbose: bool = False) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "src"))
    corpus = _load_corpus_module(folder)
    cases = corpus.load_corpus(folder)
    metrics = _score(cases, verbose)
    real = [c for c in cases if c.real_page]
    if real:
        for key, value in _score(real, False).items():
            if not key.startswith("article.") and key != "articles":
                metrics[f"real_page.{key}"] = value
    return metrics


def _score(cases: list[Any], verbose: bool) -> dict[str, float]:
    from caption_studio.core.article.captions import parse_article
    from caption_studio.core.article.decode import read_article_bytes

    n_expected = n_found = n_matched = 0
    field_hits = dict.fromkeys(CAPTION_FIELDS, 0)
    article_hits = dict.fromkeys(ARTICLE_FIELDS, 0)
    place_hits = place_n = 0
    for case in cases:
        parsed = parse_article(read_article_bytes(case.data, case.filename), year=case.year,
                               default_date=case.default_date).to_json()
        exp = case.expected
        art = parsed["article"]
        got_article = {"headline": art["headline"], "date": art["date"], "writers": _people(art["writers"])}
        for key in ARTICLE_FIELDS:
            if got_article[key] == exp[key]:
                article_hits[key] += 1
            elif verbose:
                print(f"{case.name}: article {key}: expected {exp[key]!r}, got {got_article[key]!r}")
        found = parsed["captions"]
        n_expected += len(exp["captions"])
        n_found += len(found)
        pairs = _match(exp["captions"], found)
        n_matched += len(pairs)
        if verbose:
            matched_found = {j for _, j in pairs}
            for i, e in enumerate(exp["captions"]):
                if i not in {i2 for i2, _ in pairs}:
                    print(f"{case.name}: missed caption {e['description']!r}")
            for j, f in enumerate(found):
                if j not in matched_found:
                    print(f"{case.name}: spurious caption {f['text']!r}")
        place_n += sum(1 for e in exp["captions"] if "place" in e)
        for i, j in pairs:
            e, f = exp["captions"][i], dict(found[j])
            f["photographers"] = _people(f["photographers"])
            for key in CAPTION_FIELDS:
                if f[key] == e[key]:
                    field_hits[key] += 1
                elif verbose:
                    print(f"{case.name}: caption {i + 1} {key}: expected {e[key]!r}, got {f[key]!r}")
            if "place" in e:
                if f["place"] == e["place"]:
                    place_hits += 1
                elif verbose:
                    print(f"{case.name}: caption {i + 1} place: expected {e['place']!r}, got {f['place']!r}")
    metrics = {
        "articles": len(cases),
        "captions_expected": n_expected,
        "recall": n_matched / n_expected if n_expected else 1.0,
        "precision": n_matched / n_found if n_found else 1.0,
    }
    for key in CAPTION_FIELDS:
        metrics[f"caption.{key}"] = field_hits[key] / n_matched if n_matched else 1.0
    metrics["places_expected"] = place_n
    metrics["caption.place"] = place_hits / place_n if place_n else 1.0
    for key in ARTICLE_FIELDS:
        metrics[f"article.{key}"] = article_hits[key] / len(cases) if cases else 1.0
    return metrics


def compare(metrics: dict[str, float], baseline: dict[str, float]) -> list[str]:
    lines = []
    for key, value in metrics.items():
        if key.endswith(("articles", "captions_expected", "places_expected")):
            lines.append(f"{key:34} {value:>7}")
            continue
        old = baseline.get(key)
        if old is None:
            verdict = "(new)"
        elif value > old + 1e-9:
            verdict = f"better (was {old:.1%})"
        elif value < old - 1e-9:
            verdict = f"WORSE (was {old:.1%})"
        else:
            verdict = "same"
        lines.append(f"{key:34} {value:7.1%}  {verdict}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--save", action="store_true", help="save these numbers as the baseline")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    args = parser.parse_args(argv)
    metrics = evaluate(args.corpus, args.verbose)
    baseline = json.loads(BASELINE.read_text("utf-8")) if BASELINE.exists() else {}
    print("\n".join(compare(metrics, baseline)))
    worse = any(k in baseline and isinstance(v, float) and v < baseline[k] - 1e-9 for k, v in metrics.items())
    if args.save:
        BASELINE.write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", "utf-8")
        print(f"baseline saved to {BASELINE.relative_to(ROOT)}")
    elif worse:
        print("worse than the baseline")
    return 1 if worse and not args.save else 0


if __name__ == "__main__":
    sys.exit(main())
