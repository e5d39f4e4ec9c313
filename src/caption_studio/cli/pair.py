"""`pair`: pair photos with the captions of the project's articles."""

from __future__ import annotations

import json
from pathlib import Path

import click

from caption_studio.cli.common import ProgressBar, user_errors
from caption_studio.core.pairing.matcher import PairingResult, pair_project
from caption_studio.core.project.file import Project


@click.command("pair")
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--article", "article_id", type=int, metavar="ID",
              help="Only the captions of this article (default: every article).")
@click.option("--dry-run", is_flag=True, help="Show what would be paired; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@user_errors
def pair(project: Path, article_id: int | None, dry_run: bool, as_json: bool) -> None:
    """Pair unpaired photos with captions. Sure pairs are applied (the photo's caption,
    photographer, date and place are filled from the caption); ambiguous ones are kept as
    proposals for a person to confirm; pairs a person confirmed are never changed. Every pair
    is printed with its score, margin, state and the reasons for it."""
    bar = ProgressBar("pairing", enabled=False if as_json else None)
    try:
        with Project.open(project, readonly=dry_run) as opened:
            result, _ = pair_project(opened, article_id=article_id, dry_run=dry_run,
                                     progress=bar)
            opened_paths = opened.conn.execute("SELECT id, path FROM photos").fetchall()
            captions = {cid: (article, position, text) for cid, article, position, text in
                        opened.conn.execute(
                            "SELECT id, article_id, position, text FROM captions")}
    finally:
        bar.close()
    photos = dict(opened_paths)
    if as_json:
        data = result.to_json()
        data["dry_run"] = dry_run
        for item in (*data["pairs"], *data["kept"]):  # type: ignore[misc]
            article, position, text = captions.get(item["caption_id"], (None, None, ""))
            item.update(photo_path=photos.get(item["photo_id"]), article=article,
                        caption_index=position, caption_text=text)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _print(result, photos, captions, dry_run)


def _print(result: PairingResult, photos: dict[int, str],
           captions: dict[int, tuple[int, int, str]], dry_run: bool) -> None:
    for p in (*result.kept, *result.pairs):
        article, position, text = captions.get(p.caption_id, (None, None, ""))
        click.echo(f"{p.state:<9}  score {p.score:.2f}  margin {p.margin:+.2f}  "
                   f"{photos.get(p.photo_id)}  <->  article {article} caption {position}: "
                   f"{_short(text)}")
        if p.reasons:
            click.echo(f"           {'; '.join(p.reasons)}")
    for pid in result.unmatched_photos:
        click.echo(f"unmatched photo    {pid}: {photos.get(pid)}")
    for cid in result.unmatched_captions:
        article, position, text = captions.get(cid, (None, None, ""))
        click.echo(f"unmatched caption  article {article} caption {position}: {_short(text)}")
    sure = sum(1 for p in result.pairs if p.state == "sure")
    ambiguous = len(result.pairs) - sure
    verb = "would apply" if dry_run else "applied"
    click.echo(f"{len(result.pairs)} pair(s): {sure} sure ({verb}), {ambiguous} ambiguous "
               f"(to confirm), {len(result.kept)} confirmed kept; "
               f"{len(result.unmatched_photos)} photo(s) and "
               f"{len(result.unmatched_captions)} caption(s) unmatched")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"
