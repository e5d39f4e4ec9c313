"""Who is credited how: the agencies credit lines name, and the role words that say whether a
photographer is staff, freelance or with an agency. The one table: the credit lists read it
here, and every project file holds a copy (`credit_terms`, refreshed when the file is opened
for writing) that the `credits` view joins, so sqlite-utils users get the same answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Agency:
    name: str  # as printed in Chinese credit lines (or the wire's own spelling)
    english: str
    aliases: tuple[str, ...] = ()


AGENCIES: tuple[Agency, ...] = (
    Agency("视觉重庆", "Visual Chongqing"),
    Agency("新华社", "Xinhua", ("Xinhua", "新华网", "Xinhua News Agency")),
    Agency("视觉中国", "VCG", ("VCG", "Visual China Group", "视觉中国供图")),
    Agency("中新社", "China News Service", ("CNS", "China News Service")),
    Agency("中新网", "Chinanews.com", ("chinanews.com",)),
    Agency("人民视觉", "People Visual"),
    Agency("东方IC", "Imaginechina", ("IC photo", "ICphoto", "Imaginechina")),
    Agency("CFP", "CFP"),
    Agency("图虫创意", "Tuchong Creative"),
    Agency("人民日报", "People's Daily", ("People's Daily",)),
    Agency("中国日报", "China Daily", ("China Daily",)),
    Agency("光明日报", "Guangming Daily"),
    Agency("经济日报", "Economic Daily"),
    Agency("央视", "CCTV", ("CCTV", "中央电视台")),
    Agency("上游新闻", "Shangyou News"),
    Agency("华龙网", "Hualong.com"),
    Agency("美联社", "AP", ("AP", "AP Photo", "Associated Press")),
    Agency("路透社", "Reuters", ("Reuters", "REUTERS")),
    Agency("法新社", "AFP", ("AFP", "Agence France-Presse")),
    Agency("欧新社", "EPA", ("EPA", "EPA-EFE")),
    Agency("盖蒂图片社", "Getty Images", ("Getty Images", "Getty")),
    Agency("中央社", "CNA", ("CNA", "中央通讯社", "Central News Agency")),
    Agency("联合报系", "United Daily News", ("UDN", "联合报")),
)

_AGENCY_BY_KEY: dict[str, Agency] = {}
for _agency in AGENCIES:
    for _key in (_agency.name, _agency.english, *_agency.aliases):
        _AGENCY_BY_KEY[_key.casefold()] = _agency


def find_agency(credit: str | None) -> Agency | None:
    """The agency a credit line names: 新华社, Xinhua, `AP Photo`, `Getty Images North America`."""
    if not credit:
        return None
    text = credit.strip().removesuffix("供图").removesuffix("供圖").strip().casefold()
    found = _find_agency(text)
    if found is None and any(c >= "\u3400" for c in text):
        from caption_studio.core.article.script import simplified

        found = _find_agency(simplified(text))  # 美聯社, 新華社: printed in traditional
    return found


def _find_agency(text: str) -> Agency | None:
    if text in _AGENCY_BY_KEY:
        return _AGENCY_BY_KEY[text]
    for key, agency in _AGENCY_BY_KEY.items():  # a longer credit that starts with a known name
        if text.startswith(key) and not text[len(key):len(key) + 1].isalnum():
            return agency
    return None


def credit_english(credit: str | None) -> str | None:
    agency = find_agency(credit)
    return agency.english if agency else credit


# Role words that say who employs the photographer, checked in this order.
ROLE_STATUS: tuple[tuple[str, str], ...] = (
    ("本报", "staff"), ("本刊", "staff"),
    ("特约", "freelance"), ("通讯员", "freelance"),
)
# A bare role of the paper's own people (记者 X 摄 with no outlet named) means staff.
STAFF_ROLES = frozenset({
    "记者", "摄影记者", "首席记者", "见习记者", "实习记者", "融媒体记者", "全媒体记者", "视觉记者",
    "Staff Photographer", "Staff",
})

EMPLOYMENTS = ("staff", "freelance", "agency")


# Role words that say freelance wherever they stand (新华社通讯员).
FREELANCE_WORDS = ("通讯员",)


def table_rows() -> list[tuple[str, str]]:
    """(term, means) rows of the project file's `credit_terms` table: `agency` (casefolded
    names and aliases), `staff_prefix` / `freelance_prefix` (a role that starts with it),
    `freelance_word` (a role that holds it) and `staff_role` (a bare role of the paper's own
    people). The view applies them in the order `core.employment.infer_employment` does."""
    rows = [(key, "agency") for key in _AGENCY_BY_KEY]
    for word, status in ROLE_STATUS:
        rows.append((word, f"{status}_prefix"))
    rows += [(word, "freelance_word") for word in FREELANCE_WORDS]
    rows += [(role, "staff_role") for role in sorted(STAFF_ROLES)]
    return sorted(set(rows))
