"""A fast subset of scripts/eval_pairing: real JPEGs, the real importer and parser, the real
pairing core. The full run (more seeds, every scenario) is the script itself."""

from scripts.eval_pairing.eval_pairing import evaluate, summary

FAST = ["embedded_zh", "name_in_path", "more_photos", "wrong_timezone", "same_photographer",
        "extra_photos_no_text", "name_and_date", "clock_off_by_a_day", "outtake_with_metadata"]


def test_pairing_quality_on_generated_desks():
    results = evaluate(seeds=1, only=FAST)
    assert set(results) == set(FAST)
    total = summary(results)
    assert total["strong_accuracy"] >= 0.95
    assert total["confidently_wrong"] == 0
    # What a desk person would pair without a doubt comes out sure.
    assert total["identifiable"] >= 15 and total["identifiable_sure_share"] >= 0.97
    # The weak scenarios are left for a person, not guessed.
    assert all(results[name]["sure"] == 0 for name in
               ("wrong_timezone", "same_photographer", "extra_photos_no_text",
                                   "clock_off_by_a_day"))
    assert all(r["parser_missed"] == 0 for r in results.values())
