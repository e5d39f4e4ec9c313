from __future__ import annotations

import pytest

from caption_studio.core.article.credits import CREDIT_STYLES, find_credits, role_credit


def one(text):
    (match,) = find_credits(text)
    return [(p.name, p.role) for p in match.people], match.credit, match.flag


@pytest.mark.parametrize("text, expected", [
    ("记者 王某 摄", ([("王某", "记者")], None, None)),
    ("记者王某摄", ([("王某", "记者")], None, None)),
    ("记者 王某 摄/视觉重庆", ([("王某", "记者")], "视觉重庆", None)),
    ("本报记者 王某 摄", ([("王某", "本报记者")], None, None)),
    ("新华社记者 王某 摄", ([("王某", "新华社记者")], "新华社", None)),
    ("中新社记者 王某 摄", ([("王某", "中新社记者")], "中新社", None)),
    ("（新华社发 王某 摄）", ([("王某", None)], "新华社", None)),
    ("新华社发 王某 摄", ([("王某", None)], "新华社", None)),
    ("记者 王某 通讯员 李某 摄", ([("王某", "记者"), ("李某", "通讯员")], None, None)),
    ("记者 王某、李某 摄", ([("王某", "记者"), ("李某", "记者")], None, None)),
    ("。王某 摄\n", ([("王某", None)], None, None)),
    ("特约摄影 王某\n", ([("王某", "特约摄影")], None, None)),
    ("摄影/王某\n", ([("王某", None)], None, None)),
    ("图/王某\n", ([("王某", None)], None, None)),
    ("图/本报记者 王某\n", ([("王某", "本报记者")], None, None)),
    # an agency in Latin letters after 图/ is the credit, not a missed caption
    ("图/IC photo\n", ([], "IC photo", None)),
    ("图/CFP\n", ([], "CFP", None)),
    ("视觉中国供图", ([], "视觉中国", None)),
    ("（资料图片）", ([], None, "（资料图片）")),
    ("新华社记者 王某 摄（资料图片）", ([("王某", "新华社记者")], "新华社", "（资料图片）")),
    ("(AP Photo/Andy Lee)", ([("Andy Lee", None)], "AP", None)),
    ("(AP Photo)", ([], "AP", None)),
    ("(AP Photo/Ng Han Sun, File)", ([("Ng Han Sun", None)], "AP", "File")),
    ("(Xinhua via AP)", ([], "Xinhua via AP", None)),
    ("REUTERS/Aly Tan", ([("Aly Tan", None)], "Reuters", None)),
    ("REUTERS/Aly Tan/File Photo", ([("Aly Tan", None)], "Reuters", "File Photo")),
    ("(Xinhua/Wang Hao)", ([("Wang Hao", None)], "Xinhua", None)),
    ("(Photo by Wang Hao/Xinhua)", ([("Wang Hao", None)], "Xinhua", None)),
    ("(Photo by Kim Fry/Getty Images)", ([("Kim Fry", None)], "Getty Images", None)),
    # gallery aggregators' forms of the wires' credits
    ("(Photo by Mark Li/AP Photo)", ([("Mark Li", None)], "AP", None)),
    ("(Photo by Jean Favre/EPA/EFE)", ([("Jean Favre", None)], "EPA-EFE", None)),
    ("新华社记者 王某 摄pagebreak", ([("王某", "新华社记者")], "新华社", None)),
    ("(Photo by HECTOR DIAZ / AFP)", ([("HECTOR DIAZ", None)], "AFP", None)),
    ("(AFP PHOTO / WANG ZHI)", ([("WANG ZHI", None)], "AFP", None)),
    ("EPA-EFE/WU HAO", ([("WU HAO", None)], "EPA-EFE", None)),
    ("[Photo by Wang Hao/China Daily]", ([("Wang Hao", None)], "China Daily", None)),
    ("[Photo/VCG]", ([], "VCG", None)),
    # Taiwan's papers, in the simplified view traditional articles are read through
    ("（中央社记者林某摄 113年2月24日）", ([("林某", "中央社记者")], "中央社", None)),
    ("记者林某／摄影", ([("林某", "记者")], None, None)),
    ("图／联合报系资料照\n", ([], "联合报系", "资料照")),
])
def test_credit_styles(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize("text", [
    "记者从市经信委获悉", "记者现场拍摄。", "摄像头", "新华社发布消息", "BEIJING, May 1 (Xinhua) -- text",
    "told Reuters on Monday", "WASHINGTON (AP) — text",
])
def test_not_credits(text):
    assert find_credits(text) == []


def test_every_style_has_an_example_it_matches():
    for style in CREDIT_STYLES:
        assert style.example and style.regex.search(style.example), style.key


def test_role_credit():
    assert role_credit("新华社记者") == "新华社"
    assert role_credit("本报记者") is None
    assert role_credit("记者") is None
    assert role_credit("云岭日报记者") == "云岭日报"


def test_bare_names_before_she_are_separate_people():
    from caption_studio.core.article.credits import find_credits

    (match,) = find_credits("张锦辉 尹诗语 摄/视觉重庆")
    assert [p.name for p in match.people] == ["张锦辉", "尹诗语"]
    assert match.credit == "视觉重庆"
    (match,) = find_credits("张锦辉、尹诗语 摄")
    assert [p.name for p in match.people] == ["张锦辉", "尹诗语"]
