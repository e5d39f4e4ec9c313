"""The README's screenshot walk, run as a test: the first hour at the desk on the sample
(open, auto-pair, confirm the sure pairs, correct a place, search a two-character name,
export credits, make the contact sheet) works end to end in the real window."""

from __future__ import annotations

from scripts import desk_walk


def test_the_first_hour_walk_runs_on_the_sample(qapp, tmp_path):
    taken = desk_walk.run(tmp_path / "walk", "en")
    assert [p.name for p in taken] == [
        "01-start.png", "02-opened.png", "03-auto-paired.png", "04-sure-confirmed.png",
        "05-place-corrected.png", "06-search-two-characters.png", "07-export-credits.png"]
    assert all(p.stat().st_size > 1000 for p in taken)
