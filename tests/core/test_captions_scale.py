"""Correctness at scale: every caption of a caption-dense text is found, with its own fields.

Speed is measured in benchmarks/bench_parse.py, not here (no timed tests); the slow test
parses a text long enough that a quadratic slip would take minutes instead of seconds.
"""

from __future__ import annotations

import datetime as dt

import pytest

from caption_studio.core.article.captions import parse_article

_SURNAMES = "张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施"


def _name(i: int) -> str:
    s = _SURNAMES
    return s[i % 23] + s[(i // 23) % 23] + s[(i // 529) % 23]


def _line(i: int) -> str:
    """Layouts cycle: caption and credit on one line, a caption running into the next one,
    the credit alone in its paragraph, an English wire caption."""
    month, day = i % 12 + 1, i % 28 + 1
    kind = i % 4
    if kind == 0:
        return f"{month}月{day}日，市民在渝北区第{i}号展馆参观无人机展览。本报记者 {_name(i)} 摄\n"
    if kind == 1:
        return f"{month}月{day}日，工人在南岭区第{i}车间组装起重设备。记者 {_name(i)} 摄/视觉重庆"
    if kind == 2:
        return f"\n\n{month}月{day}日，游客在北碚湖第{i}号码头乘船。\n\n记者 {_name(i)} 摄\n\n"
    return (f"A worker walks past container {i} in Riverton, China, "
            f"{dt.date(2024, month, day):%B} {day}, 2024. REUTERS/Anna Petrov\n")


def _check(count: int) -> None:
    text = "".join(_line(i) for i in range(count))
    parsed = parse_article(text, year=2024)
    assert len(parsed.captions) == count
    for i, caption in enumerate(parsed.captions):
        assert caption.date == dt.date(2024, i % 12 + 1, i % 28 + 1), (i, caption.text)
        assert f"{i}" in caption.description, (i, caption.text)
        names = [p.name for p in caption.photographers]
        assert names == (["Anna Petrov"] if i % 4 == 3 else [_name(i)]), (i, caption.text)
        assert text[caption.span[0]:caption.span[1]].strip().endswith(
            ("摄", "视觉重庆", "REUTERS/Anna Petrov")), (i, caption.text)


def test_two_thousand_mixed_captions_all_found() -> None:
    _check(2_000)


@pytest.mark.slow
def test_thirty_thousand_caption_lines_all_found() -> None:
    _check(30_000)


@pytest.mark.slow
def test_thirty_thousand_identical_caption_lines_all_found() -> None:
    line = "4月23日，市民在渝北区仙桃数据谷参观无人机展览。本报记者 李雨恒 摄\n"
    parsed = parse_article(line * 30_000, year=2024)
    assert len(parsed.captions) == 30_000
    assert {c.description for c in parsed.captions} == {"市民在渝北区仙桃数据谷参观无人机展览。"}
    assert [c.span[0] for c in parsed.captions] == [i * len(line) for i in range(30_000)]
