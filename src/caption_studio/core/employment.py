"""Staff, freelance or agency: what a photographer's printed role and credit line say.

Apart from `core.credit_terms` (the tables) because it also needs how a role names its outlet
(`core.article.credits.role_credit`, 新华社记者 -> 新华社), and that module looks agencies
up in those tables: while this lived in credit_terms, the two imported each other (issue 17).
"""

from __future__ import annotations

from caption_studio.core.article.credits import role_credit
from caption_studio.core.credit_terms import FREELANCE_WORDS, ROLE_STATUS, STAFF_ROLES, find_agency


def infer_employment(role: str | None, credit: str | None) -> str | None:
    """staff / freelance / agency from how the photo is credited, or None when it does not say."""
    role = (role or "").strip()
    if any(c >= "\u3400" for c in role):
        from caption_studio.core.article.script import simplified

        role = simplified(role)  # 記者, 特約攝影: the role words are kept in simplified form
    for prefix, status in ROLE_STATUS:
        if role.startswith(prefix) or (prefix in FREELANCE_WORDS and prefix in role):
            return status
    if find_agency(credit) or find_agency(_role_outlet(role)):
        return "agency"
    if role in STAFF_ROLES and not credit:
        return "staff"
    return None


def _role_outlet(role: str) -> str | None:
    return role_credit(role) if role else None
