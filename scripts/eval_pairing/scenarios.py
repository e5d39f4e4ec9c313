"""Generated pairing scenarios with known truth: what a photo desk actually receives.

Each scenario is a list of captions (as printed in the article) and of photos (file name,
capture time, embedded caption and By-line, sidecar text), with `truth[photo] = caption`
(None: a frame the paper did not print). `strong` says whether the signals allow a right
answer; on the other (weak) scenarios the pairing must not be confidently wrong.
`identifiable` marks the photos a desk person would pair without a doubt (the evidence singles
out one caption and no other photo competes for it): those should come out `sure`. By default
every printed photo of a strong scenario and none of a weak one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Cap:
    description: str
    names: list[str]
    date: dt.date | None
    english: bool = False
    place: str | None = None

    @property
    def credit(self) -> str:
        if self.english:
            return f"(Xinhua/{' and '.join(self.names)})"
        return "本报记者 " + " ".join(self.names) + " 摄"


@dataclass
class Pic:
    name: str  # relative path
    taken: dt.datetime | None = None
    description: str | None = None
    byline: list[str] = field(default_factory=list)
    sidecar: str | None = None


@dataclass
class Scenario:
    name: str
    strong: bool
    captions: list[Cap]
    photos: list[Pic]
    truth: list[int | None]  # per photo: index of its caption
    identifiable: list[bool] | None = None  # per photo; None: the default above

    def is_identifiable(self, photo: int) -> bool:
        if self.truth[photo] is None:
            return False
        return self.identifiable[photo] if self.identifiable is not None else self.strong


PEOPLE = [("李雨恒", "Li Yuheng"), ("徐涛", "Xu Tao"), ("张锦辉", "Zhang Jinhui"),
          ("王伟", "Wang Wei"), ("曾小明", "Zeng Xiaoming"), ("欧阳娜", "Ouyang Na")]
_WHO = ["市民", "游客", "工人", "学生", "志愿者", "技术人员", "农民", "孩子们", "老人", "医护人员"]
_WHERE = ["渝北区仙桃数据谷", "南岸区南山植物园", "江北区观音桥", "九龙坡区黄桷坪", "沙坪坝区磁器口古镇",
          "万州区江滨公园", "北碚区缙云山", "巴南区鱼洞老街", "长寿区菩提山", "涪陵区白鹤梁"]
_WHAT = ["参观无人机展览", "观赏盛开的樱花", "检修输电线路", "参加植树活动", "体验非遗剪纸",
         "收割早熟油菜", "练习太极拳", "在田间插秧", "排练川剧选段", "整理图书",
         "清理河道垃圾", "测试新能源汽车", "采摘春茶", "搭建露营帐篷"]
_EN_WHO = ["Residents", "Tourists", "Workers", "Students", "Volunteers", "Engineers", "Farmers",
           "Children", "Dancers", "Doctors"]
_EN_WHAT = ["visit a drone exhibition", "admire cherry blossoms", "repair power lines",
            "plant trees", "learn paper cutting", "harvest rapeseed", "practise tai chi",
            "rehearse a Sichuan opera", "clean a riverbank", "test electric cars",
            "pick spring tea", "set up tents"]
_EN_WHERE = ["in Yubei District", "at Nanshan Botanical Garden", "in Jiangbei District",
             "at Ciqikou ancient town", "in Wanzhou District", "on Jinyun Mountain",
             "in Banan District", "at a park in Changshou"]
DAY = dt.date(2024, 4, 23)


def _zh_caption(rng: random.Random, used: set[str]) -> tuple[str, str]:
    while True:
        who, where, what = rng.choice(_WHO), rng.choice(_WHERE), rng.choice(_WHAT)
        if what not in used:
            used.add(what)
            return f"{who}在{where}{what}。", where


def _en_caption(rng: random.Random, used: set[str]) -> tuple[str, str]:
    while True:
        who, what, where = rng.choice(_EN_WHO), rng.choice(_EN_WHAT), rng.choice(_EN_WHERE)
        if what not in used:
            used.add(what)
            return f"{who} {what} {where} in southwest China's Chongqing.", where


def draft(rng: random.Random, text: str) -> str:
    """A photographer's own caption for the frame: shorter, worded a little differently."""
    if text.isascii():
        words = text.rstrip(".").split()
        drop = rng.randrange(len(words) - 2, len(words))
        return " ".join(words[:drop]) + (" " + rng.choice(["today", "on Tuesday", ""]))
    body = text.rstrip("。")
    cut = rng.randrange(max(4, len(body) * 2 // 3), len(body) + 1)
    return rng.choice(["", "图为", "当日，"]) + body[:cut]


def _date_text(cap: Cap) -> str:
    if cap.date is None:
        return ""
    if cap.english:
        return cap.date.strftime("%B %d, %Y").replace(" 0", " ") + ". "
    return f"{cap.date.month}月{cap.date.day}日，"


def printed(cap: Cap) -> str:
    """The caption as the article prints it."""
    if cap.english:
        return f"{cap.description[:-1]} on {_date_text(cap)[:-2]}. {cap.credit}"
    return f"{_date_text(cap)}{cap.description}{cap.credit}"


def _captions(rng: random.Random, n: int, names: list[list[str]], dates: list[dt.date | None],
              english: bool = False) -> list[Cap]:
    used: set[str] = set()
    out = []
    for i in range(n):
        text, place = (_en_caption if english else _zh_caption)(rng, used)
        who = [PEOPLE[k][1] if english else PEOPLE[k][0] for k in names[i]] if names[i] else []
        out.append(Cap(text, who, dates[i], english, place))
    return out


def _camera_names(rng: random.Random, n: int, prefix: str = "DSC_") -> list[str]:
    start = rng.randrange(100, 9000)
    numbers = sorted(rng.sample(range(start, start + n * 6), n))
    return [f"{prefix}{k:04d}.JPG" for k in numbers]


def _time(day: dt.date | None, rng: random.Random, hour: int | None = None) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(hour if hour is not None else rng.randrange(8, 18),
                                            rng.randrange(60)))


def _shuffled_truth(rng: random.Random, n: int) -> list[int]:
    order = list(range(n))
    rng.shuffle(order)
    return order


# --- the scenarios --------------------------------------------------------------------------

def embedded_zh(rng: random.Random) -> Scenario:
    n = 6
    caps = _captions(rng, n, [[0]] * n, [DAY] * n)
    truth = _shuffled_truth(rng, n)
    names = _camera_names(rng, n)
    photos = [Pic(f"photos/{names[i]}", _time(DAY, rng), draft(rng, caps[c].description),
                  ["李雨恒"]) for i, c in enumerate(truth)]
    return Scenario("embedded captions (zh), shuffled DSC names", True, caps, photos, truth)


def embedded_en(rng: random.Random) -> Scenario:
    n = 5
    caps = _captions(rng, n, [[1]] * n, [DAY] * n, english=True)
    truth = _shuffled_truth(rng, n)
    names = _camera_names(rng, n, "IMG_")
    photos = [Pic(f"photos/{names[i]}", _time(DAY, rng), draft(rng, caps[c].description),
                  ["Xu Tao"]) for i, c in enumerate(truth)]
    return Scenario("embedded captions (en), wire credits", True, caps, photos, truth)


def more_photos(rng: random.Random) -> Scenario:
    n, extra = 4, 8
    caps = _captions(rng, n + extra, [[0]] * (n + extra), [DAY] * (n + extra))
    unprinted, caps = caps[n:], caps[:n]
    truth: list[int | None] = [*range(n), *([None] * extra)]
    rng.shuffle(truth)
    names = _camera_names(rng, n + extra)
    photos, spare = [], iter(unprinted)
    for i, c in enumerate(truth):
        text = draft(rng, caps[c].description) if c is not None else next(spare).description
        photos.append(Pic(f"photos/{names[i]}", _time(DAY, rng), text, ["李雨恒"]))
    return Scenario("12 photos with own captions for 4 printed captions", True, caps, photos,
                    truth)


def two_photographers(rng: random.Random) -> Scenario:
    days = [DAY - dt.timedelta(days=3), DAY]
    caps = _captions(rng, 4, [[0], [0], [1], [1]], [days[0], days[1], days[0], days[1]])
    truth = _shuffled_truth(rng, 4)
    names = _camera_names(rng, 4)
    photos = [Pic(f"photos/{names[i]}", _time(caps[c].date, rng),
                  byline=[PEOPLE[0 if c < 2 else 1][1]]) for i, c in enumerate(truth)]
    return Scenario("two photographers (By-line), two days, no captions", True, caps, photos,
                    truth)


def name_in_path(rng: random.Random) -> Scenario:
    caps = _captions(rng, 4, [[0], [1], [2], [4]], [DAY] * 4)
    truth = _shuffled_truth(rng, 4)
    paths = {0: "photos/liyuheng_0423_012.jpg", 1: "photos/xu_tao/DSC0001.JPG",
             2: "photos/ZhangJinhui-0423-3.jpg", 4: "photos/zeng_xiaoming/IMG_2201.JPG"}
    photos = [Pic(paths[[0, 1, 2, 4][c]], _time(DAY, rng)) for c in truth]
    return Scenario("photographer in folder or file name (pinyin)", True, caps, photos, truth)


def sidecar_txt(rng: random.Random) -> Scenario:
    n = 5
    caps = _captions(rng, n, [[3]] * n, [DAY] * n)
    truth = _shuffled_truth(rng, n)
    names = _camera_names(rng, n)
    photos = [Pic(f"photos/{names[i]}", _time(DAY, rng), sidecar=draft(rng, caps[c].description))
              for i, c in enumerate(truth)]
    return Scenario("sidecar .txt captions, no embedded metadata", True, caps, photos, truth)


def missing_dates(rng: random.Random) -> Scenario:
    n = 5
    caps = _captions(rng, n, [[0]] * n, [None] * n)
    truth = _shuffled_truth(rng, n)
    names = _camera_names(rng, n)
    photos = [Pic(f"photos/{names[i]}", None, draft(rng, caps[c].description))
              for i, c in enumerate(truth)]
    return Scenario("no dates anywhere, embedded captions", True, caps, photos, truth)


def half_embedded(rng: random.Random) -> Scenario:
    n = 6
    caps = _captions(rng, n, [[0]] * n, [DAY] * n)
    truth = _shuffled_truth(rng, n)
    names = _camera_names(rng, n)
    photos = [Pic(f"photos/{names[i]}", _time(DAY, rng),
                  draft(rng, caps[c].description) if i % 2 == 0 else None, ["李雨恒"])
              for i, c in enumerate(truth)]
    return Scenario("half the photos with embedded captions", False, caps, photos, truth,
                    [p.description is not None for p in photos])


def wrong_timezone(rng: random.Random) -> Scenario:
    days = [DAY - dt.timedelta(days=1), DAY, DAY, DAY - dt.timedelta(days=1)]
    caps = _captions(rng, 4, [[0]] * 4, days)
    truth = _shuffled_truth(rng, 4)
    names = _camera_names(rng, 4)
    # The camera clock is on UTC: a morning in Chongqing is the evening before.
    photos = [Pic(f"photos/{names[i]}", _time(caps[c].date, rng, rng.randrange(6, 9))
                  - dt.timedelta(hours=8)) for i, c in enumerate(truth)]
    return Scenario("EXIF clock in the wrong time zone, same photographer", False, caps, photos,
                    truth)


def same_photographer(rng: random.Random) -> Scenario:
    n = 5
    caps = _captions(rng, n, [[0]] * n, [DAY] * n)
    truth = _shuffled_truth(rng, n)
    names = _camera_names(rng, n)
    photos = [Pic(f"photos/{names[i]}", _time(DAY, rng), byline=["李雨恒"])
              for i, c in enumerate(truth)]
    return Scenario("same photographer and day for all, nothing else", False, caps, photos, truth)


def extra_photos_no_text(rng: random.Random) -> Scenario:
    n, extra = 3, 5
    caps = _captions(rng, n, [[2]] * n, [DAY] * n)
    truth: list[int | None] = [*range(n), *([None] * extra)]
    rng.shuffle(truth)
    names = _camera_names(rng, n + extra)
    photos = [Pic(f"photos/{names[i]}", _time(DAY, rng), byline=["张锦辉"])
              for i in range(n + extra)]
    return Scenario("8 photos, 3 captions, same photographer, no text", False, caps, photos, truth)


def in_order_no_text(rng: random.Random) -> Scenario:
    n = 4
    caps = _captions(rng, n, [[0]] * n, [DAY] * n)
    names = _camera_names(rng, n)
    photos = [Pic(f"photos/{names[i]}", _time(DAY, rng, 8 + i)) for i in range(n)]
    return Scenario("files in caption order, no other signal", False, caps, photos,
                    list(range(n)))


@dataclass
class _Frame:
    """What a frame says about itself: whose it is, the day its clock gives, its own text."""

    person: int | None
    day: dt.date | None
    caption: int | None  # truth
    own_text: bool = False


def _singled_out(frames: list[_Frame], picks: list[tuple[int, dt.date]], i: int) -> int | None:
    """The caption that frame i's photographer and day (or its own text) name alone, when no
    other frame of that photographer has that day or no day at all."""
    f = frames[i]
    if f.own_text:
        return f.caption
    if f.person is None or f.day is None or picks.count((f.person, f.day)) != 1:
        return None
    if any(j != i and g.person == f.person and not g.own_text and g.day in (f.day, None)
           for j, g in enumerate(frames)):
        return None
    return picks.index((f.person, f.day))


def _identifiable(frames: list[_Frame], picks: list[tuple[int, dt.date]]) -> list[bool]:
    """Singled out, and every other frame of that photographer within a day of it (a camera
    clock in another time zone) is singled out by its own evidence for another caption."""
    out = []
    for i, f in enumerate(frames):
        mine = _singled_out(frames, picks, i)
        ok = mine is not None and mine == f.caption
        if ok and not f.own_text:
            for j, g in enumerate(frames):
                near = g.day is None or abs((g.day - f.day).days) <= 1  # type: ignore[operator]
                if j != i and g.person == f.person and not g.own_text and near and (
                        _singled_out(frames, picks, j) in (None, mine)):
                    ok = False
        out.append(ok)
    return out


def name_and_date(rng: random.Random) -> Scenario:
    """The sample project's desk: frames carry their photographer (By-line in characters or
    pinyin, or pinyin in the file name) and a capture day, with no caption of their own except
    one; some (photographer, day) pairs are printed once, some twice; one frame by a printed
    photographer was not printed; one file has no metadata at all."""
    who = rng.sample(range(len(PEOPLE)), 3)
    days = [DAY - dt.timedelta(days=n) for n in (2, 1, 0)]
    n = 7
    picks = [(rng.choice(who), rng.choice(days)) for _ in range(n)]
    caps = _captions(rng, n, [[k] for k, _ in picks], [d for _, d in picks])
    frames = [_Frame(k, d if rng.random() > 0.15 else None, c)
              for c, (k, d) in enumerate(picks)]
    frames[rng.randrange(n)].own_text = True
    k, d = rng.choice(picks)
    frames.append(_Frame(k, d if rng.random() > 0.3 else None, None))  # the outtake
    frames.append(_Frame(None, None, None))  # a file with no metadata
    rng.shuffle(frames)
    numbers = iter(_camera_names(rng, len(frames)))
    photos = []
    for f in frames:
        number = next(numbers)
        text = draft(rng, caps[f.caption].description) if f.own_text else None
        if f.person is None:
            photos.append(Pic(f"photos/{number.replace('DSC_', 'IMG_')}"))
            continue
        form = rng.choice(["characters", "pinyin", "file name"])
        taken = _time(f.day, rng, rng.randrange(7, 21))
        if form == "file name":
            stem = PEOPLE[f.person][1].replace(" ", "").lower()
            photos.append(Pic(f"photos/{stem}_{number[4:8]}.jpg", taken, text))
        else:
            photos.append(Pic(f"photos/{number}", taken, text,
                              [PEOPLE[f.person][0 if form == "characters" else 1]]))
    return Scenario("photographer and day single out some captions", False, caps, photos,
                    [f.caption for f in frames], _identifiable(frames, picks))


def clock_off_by_a_day(rng: random.Random) -> Scenario:
    """A trap: one photographer, one caption a day; the later day's frame was shot early with
    the camera on UTC, so its clock gives the earlier day, and the earlier day's frame has no
    date at all. The clock points at the wrong caption."""
    days = [DAY - dt.timedelta(days=1), DAY]
    caps = _captions(rng, 2, [[0], [0]], days)
    names = _camera_names(rng, 2)
    skewed = dt.datetime.combine(DAY, dt.time(rng.randrange(6, 8), rng.randrange(60))) \
        - dt.timedelta(hours=8)
    photos = [Pic(f"photos/{names[0]}", skewed, byline=["李雨恒"]),
              Pic(f"photos/{names[1]}", None, byline=["Li Yuheng"])]
    truth: list[int | None] = [1, 0]
    if rng.random() < 0.5:
        photos.reverse()
        truth.reverse()
    return Scenario("a clock a day off, the other frame undated", False, caps, photos, truth)


def outtake_with_metadata(rng: random.Random) -> Scenario:
    """A trap: the printed frame was exported without its metadata and renamed after its
    photographer, the outtake of the same day kept its By-line and clock. The outtake has more
    evidence, none of it says which frame was printed."""
    caps = _captions(rng, 2, [[1], [2]], [DAY, DAY])
    names = _camera_names(rng, 2)
    photos = [Pic("photos/xutao_final.jpg"),
              Pic(f"photos/{names[0]}", _time(DAY, rng), byline=["徐涛"]),
              Pic(f"photos/{names[1]}", _time(DAY, rng), byline=["张锦辉"])]
    truth: list[int | None] = [0, None, 1]
    return Scenario("the outtake kept its metadata, the printed frame did not", False, caps,
                    photos, truth, [False, False, True])


SCENARIOS: list[Callable[[random.Random], Scenario]] = [
    embedded_zh, embedded_en, more_photos, two_photographers, name_in_path, sidecar_txt,
    missing_dates, half_embedded, wrong_timezone, same_photographer, extra_photos_no_text,
    in_order_no_text, name_and_date, clock_off_by_a_day, outtake_with_metadata,
]
