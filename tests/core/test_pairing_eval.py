"""A fast subset of scripts/eval_pairing: real JPEGs, the real importer and parser, the real
pairing core. The full run (more seeds, every scenario) is the script itself."""

from scripts.eval_pairing.eval_pairing import evaluate, summary

FAST = ["embedded_zh", "name_in_path", "more_photos", "wrong_timezone", "same_photographer",
        "extra_photos_no_text"]


def test_pairing_quality_on_generated_desks():
    results = evaluate(seeds=1, only=FAST)
    assert set(results) == set(FAST)
    total = summary(results)
    assert total["strong_accuracy"] >= 0.95
    assert total["confidently_wrong"] == 0
    # The weak scenarios are left for a person, not guessed.
    assert all(results[name]["sure"] == 0 for name in
               ("wrong_timezone", "same_photographer", "extra_photos_no_text"))
    assert all(r["parser_missed"] == 0 for r in results.values())
