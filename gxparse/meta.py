"""Report metadata from the title: issuing agency and report year.

Titles come split over lines (``青岛市人力资源和社会保障局`` / ``2023年政府信息
公开工作年度报告``) or by spaces (``2023 年政府信息公开 工作年度报告``), with the
year before or after the agency. The first rows of a document are joined
without separators and searched; the body's 统计期限 sentence is a fallback
for the year, reported as a warning.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from gxparse.labels import compact, simplified
from gxparse.record import ReportWarning

_TITLE_TAIL = r"政府信息公开(?:工作)?(?:年度)?报告"
_AGENCY = r"[\p{Han}（）()·〇]{2,60}?"
_AGENCY_FIRST = regex.compile(
    rf"(?P<agency>{_AGENCY})(?:关于)?(?P<year>(?:19|20)\d\d)年(?:度)?(?:的)?{_TITLE_TAIL}"
)
_YEAR_FIRST = regex.compile(rf"(?P<year>(?:19|20)\d\d)年(?:度)?(?P<agency>{_AGENCY}){_TITLE_TAIL}")
_PERIOD = regex.compile(
    r"(?:统计期限|统计时限|统计期间)[^。]{0,12}?(?P<year>(?:19|20)\d\d)年\s*1月\s*1日"
)
_LEADING_JUNK = regex.compile(r"^(?:关于|(?:现|特)?(?:印发|公布))")
_TITLE_ROWS = 6


def find_meta(rows: Sequence[str]) -> tuple[str | None, int | None, list[ReportWarning]]:
    """Agency and year from a document's first rows of text (body as fallback)."""
    warnings: list[ReportWarning] = []
    head = [compact(r) for r in rows[: _TITLE_ROWS * 4] if r.strip()][:_TITLE_ROWS]
    printed = "".join(head)
    joined = simplified(printed)  # a title in traditional characters (政府信息公開…報告)
    agency: str | None = None
    year: int | None = None
    m = _AGENCY_FIRST.search(joined) or _YEAR_FIRST.search(joined)
    if m:
        start, end = m.span("agency")
        # the agency as printed, where the conversion kept every character in its place
        name = printed[start:end] if len(printed) == len(joined) else m["agency"]
        agency = _LEADING_JUNK.sub("", name) or None
        year = int(m["year"])
    if year is None:
        body = simplified(compact("".join(rows[:200])))
        p = _PERIOD.search(body)
        if p:
            year = int(p["year"])
            warnings.append(
                ReportWarning(
                    "year_from_body",
                    f"report year {year} taken from the 统计期限 sentence, not the title",
                    "meta.year",
                )
            )
    if agency is None:
        warnings.append(
            ReportWarning("agency_not_found", "no issuing agency found in the title", "meta.agency")
        )
    if year is None:
        warnings.append(
            ReportWarning(
                "year_not_found", "no report year found in the title or the body", "meta.year"
            )
        )
    return agency, year, warnings
