"""Report metadata from the title: issuing agency and report year.

A title is ``<agency><year>年(度)?政府信息公开(工作)?(年度)?报告`` (or ``…年报``), the
year also first (``<year>年度<agency>政府信息公开工作年度报告``) or last in brackets
(``<agency>政府信息公开工作年度报告（2023年度）``); split over rows (``青岛市人力资源和
社会保障局`` / ``2023年政府信息公开工作年度报告``) or by spaces (``2023 年政府信息公开
工作年度报告``); the year in digits of either width or in Han numerals (``二〇二三年``).
The head of the document -- its first rows, up to the first numbered heading
(``一、总体情况``) -- is searched for titles; the year is a title's year, never a date
printed elsewhere (a publication date, a browser's print header).

The agency is the run of name characters (Han, brackets) that ends at the title's year,
on the title's own row; it reaches the rows above only where the name is not complete on
the title's row (nothing there, or a bare ``办公室``), or is broken mid-name at a row's
end. What a page prints around a title is taken off the front of that run: a
site name (``…门户网站``, ``…政府网``, a ``…网`` that ends a word), a column or
breadcrumb (``首页``, ``当前位置``, ``政府信息公开年报``, ``年度报告``), another
title's tail, ``关于`` / ``现公布``, and a date's unit after its digits -- as long as
what remains is a name, not a bare ``办公室`` (so ``某市政务公开办公室`` keeps its name).
A page header's date, time, URL or ``Page 9 -`` is no name character and never enters.

Titles that disagree -- two years, or two agencies neither of which is the other with
its place named in front -- leave the field null with a ``meta_ambiguous`` warning. With
no full title, a short one (``2020年报``) gives the year; with none at all, the body's
统计期限 sentence does, reported as a warning.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex
from attrs import frozen

from gxparse.labels import compact, simplified
from gxparse.record import ReportWarning

_YEAR = r"(?:19|20)\d\d"
_TAIL = r"政府信息公开(?:工作)?(?:(?:年度)?报告|年报)"
_NAME = r"[\p{Han}()·]"
_NAME_CHAR = regex.compile(_NAME)
# <agency><year>年(度)?<tail>: the anchor; the agency is the name run before it
_AGENCY_FIRST = regex.compile(rf"(?P<year>{_YEAR})年(?:度)?(?:的)?{_TAIL}")
_YEAR_FIRST = regex.compile(rf"(?P<year>{_YEAR})年(?:度)?(?P<agency>{_NAME}{{2,60}}?){_TAIL}")
# <agency><tail>(<year>年度): the agency is the name run before the tail; the year in
# brackets (a year after a title with none, on the next row, is a date)
_YEAR_LAST = regex.compile(rf"{_TAIL}\((?P<year>{_YEAR})年(?:度)?\)")
# a short title (a flipbook's document name: 2020年报_审计局): a year, used when no full
# title is found
_SHORT = regex.compile(
    rf"(?P<year>{_YEAR})(?:年报|年度报告|年度?(?:政府)?信息公开(?:工作)?年报)(?!告)"
)
_PERIOD = regex.compile(
    r"(?:统计期限|统计时限|统计期间)[^。]{0,12}?(?P<year>(?:19|20)\d\d)年\s*1月\s*1日"
)
# a year written in Han numerals: 二〇二三年
_HAN_YEAR = regex.compile(r"[〇○零一二三四五六七八九]{4}(?=年)")
_HAN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
# the report's body begins: a numbered heading (一、总体情况; 四、… on a later page), at a
# row's start or, in a document flattened to one paragraph, after its title
_BODY = regex.compile(r"[一二三四五六七八九十]{1,3}[、.]")
_BODY_INSIDE = regex.compile(r"一\s*[、.．]")
_TITLE_ROWS = 12
_ROW_MAX = 300  # a title and what is printed around it; a longer row is the body
_RUN_MAX = 60

# What a page prints around a title, ending where the agency's name can begin: report
# and column names, site names, breadcrumbs, the words that introduce a title.
_DEBRIS = regex.compile(
    r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:年报|报告)"
    r"|(?:政府信息|信息|政务)?公开(?:年报|目录|内容|专栏|栏目|指南)?|年度报告|年报|报告"
    r"|(?:门户|政府|政务)?网站|(?:门户|政府|政务|新闻)网(?![络格点信])|之窗|首页|位置|正文|专栏|栏目"
    r"|关于(?:印发|公布|发布)?|(?:现|特)(?:将|予)(?:印发|公布|发布)?|(?:现|特)?(?:印发|公布|发布)"
)
_DEBRIS_END = regex.compile(rf"(?:{_DEBRIS.pattern}|网)$")
# a place's name at the start of a name (新乡网南京市…: the site's 网 ends before it)
_PLACE_LED = regex.compile(r"\p{Han}{1,8}?(?:省|自治区|市|区|县|州|盟|旗)")
# a date's unit left at the start of the run by the digits before it (…1月18日XX局)
_DATE_UNIT = regex.compile(r"(?:年度?|月|日|号|时|分|秒)+")
# an organ's generic name with no proper name before it: not an agency on its own
_GENERIC = regex.compile(
    r"(?:人民)?(?:政府)?(?:工作)?(?:领导小组)?(?:管理|服务|事务|综合)?"
    r"(?:办公室|办公厅|办事处|委员会|管委会|中心|局|厅|委|办|院|所|馆|站|队|部|处|科|室|会)?"
)
# how an organ's name ends (a place's name ends otherwise)
_ORGANS = r"政府|办事处|委员会|管委会|办公室|办公厅|中心|局|厅|委|办|院|馆|所|站|队|部|处|科|会|社|公司|集团"
_ORGAN_END = regex.compile(rf"(?:{_ORGANS})$")
# how any issuer's name ends: an organ's, or a place's (镇, 街道, 县 report as themselves)
_NAME_END = regex.compile(rf"(?:{_ORGANS}|街道|镇|乡|县|区|市|州|盟|旗|省|村)$")
# the report naming itself: 本机关, 我局
_SELF = regex.compile(r"[本我](?:机关|单位|部门|局|委|办|厅|院|中心|所|馆|站|区|县|市|镇|乡|街道)")


@frozen
class _Title:
    year: int
    agency: str | None  # as printed
    key: str | None  # the agency simplified, to compare titles


@frozen
class _Head:
    """The head's rows joined: ``norm`` to match on, ``printed`` to slice names from."""

    printed: str
    norm: str
    rows: tuple[int, ...]  # where each row starts
    words: frozenset[int]  # where a row or a space-separated word starts

    @classmethod
    def of(cls, rows: Sequence[str]) -> _Head:
        printed, starts, words = "", [], set()
        for row in rows:
            starts.append(len(printed))
            for word in row.split():
                words.add(len(printed))
                printed += compact(word)
        norm = simplified(printed)  # a title in traditional characters (政府信息公開…報告)
        if len(norm) != len(printed):  # a conversion that did not keep characters in place
            printed = norm
        norm = _HAN_YEAR.sub(lambda m: m[0].translate(_HAN_DIGITS), norm)
        return cls(printed, norm, tuple(starts), frozenset(words))

    def row_start(self, i: int) -> int:
        """Where the row holding position ``i`` starts."""
        return max(s for s in self.rows if s <= i)

    def run_start(self, end: int) -> int:
        """Where the run of name characters that ends at ``end`` starts."""
        i = end
        while i > 0 and end - i < _RUN_MAX and _NAME_CHAR.match(self.norm[i - 1]):
            i -= 1
        return i


def _bare(name: str) -> bool:
    """Whether ``name`` is no agency's whole name: a generic organ (办公室) alone, or the
    end of a name (和…, 与…)."""
    return len(name) < 2 or name[0] in "和与及的之" or _GENERIC.fullmatch(name) is not None


def _name_rows(head: _Head, start: int, end: int) -> int:
    """Where the agency in the run ``start:end`` begins, by rows: the title's own row,
    and the rows above while the name is not complete below them."""
    lo = max(start, head.row_start(end))
    while lo > start:
        above = max(start, head.row_start(lo - 1))
        below, prev = head.norm[lo:end], head.norm[above:lo]
        whole_row = above == head.row_start(lo - 1)
        if _bare(below) or (
            whole_row and _DEBRIS_END.search(prev) is None and _NAME_END.search(prev) is None
        ):
            lo = above  # nothing (or a bare 办公室) below, or a name broken at the row's end
            continue
        break
    return lo


def _cut_debris(head: _Head, start: int, end: int) -> int | None:
    """Where the agency in ``start:end`` begins once the debris in front is taken off;
    None when the run is debris only."""
    text = head.norm[start:end]
    if start > 0 and head.norm[start - 1].isdigit():
        unit = _DATE_UNIT.match(text)
        if unit:
            start += unit.end()
            text = text[unit.end() :]
    cuts = [m.end() for m in _DEBRIS.finditer(text)]
    # a site's name (…网) that ends a word (新乡网 | 某局…), or that a place's name
    # follows (新乡网南京市…; not 国家互联网信息办公室)
    cuts += [w - start for w in head.words if start < w < end and head.norm[w - 1] == "网"]
    cuts += [i + 1 for i, ch in enumerate(text) if ch == "网" and _PLACE_LED.match(text, i + 1)]
    for cut in sorted(set(cuts), reverse=True):
        rest = text[cut:]
        if not rest:
            return None  # a column or site name right before the year: no agency
        if not _bare(rest):
            return start + cut
    return start


def _agency(head: _Head, start: int, end: int) -> tuple[str | None, str | None]:
    """The agency printed at ``start:end`` (debris off), and its simplified form."""
    if head.norm.endswith("关于", start, end):  # 某局关于2023年…
        end -= 2
    cut = _cut_debris(head, start, end)
    if cut is None:
        return None, None
    norm = head.norm[cut:end]
    while norm and norm[0] in ")·":
        norm, cut = norm[1:], cut + 1
    if _bare(norm) or _SELF.fullmatch(norm):
        return None, None
    return head.printed[cut:end], norm


def _titles(head: _Head) -> tuple[list[_Title], list[_Title]]:
    """The full titles in the head, and the short ones."""
    full: list[_Title] = []
    taken: list[tuple[int, int]] = []
    for m in _AGENCY_FIRST.finditer(head.norm):
        end = m.start("year")
        start = _name_rows(head, head.run_start(end), end)
        full.append(_Title(int(m["year"]), *_agency(head, start, end)))
        taken.append(m.span())
    for m in _YEAR_FIRST.finditer(head.norm):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        full.append(_Title(int(m["year"]), *_agency(head, *m.span("agency"))))
        taken.append(m.span())
    for m in _YEAR_LAST.finditer(head.norm):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        end = m.start()
        start = _name_rows(head, head.run_start(end), end)
        full.append(_Title(int(m["year"]), *_agency(head, start, end)))
        taken.append(m.span())
    short = []
    for m in _SHORT.finditer(head.norm):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        end = m.start("year")
        start = _name_rows(head, head.run_start(end), end)
        short.append(_Title(int(m["year"]), *_agency(head, start, end)))
    return full, short


def _one_agency(titles: Sequence[_Title]) -> tuple[str | None, list[str]]:
    """The agency the titles agree on, or None and the names when they disagree.

    Names agree when each ends with the shortest: the longest that adds no organ in front
    of it is taken (青岛市李沧区财政局 for 区财政局; 某局, not 某市人民政府某局)."""
    named = sorted(
        {(t.key, t.agency) for t in titles if t.key and t.agency}, key=lambda n: (-len(n[0]), n)
    )
    if not named:
        return None, []
    shortest = named[-1][0]
    if not all(key.endswith(shortest) for key, _ in named):
        return None, sorted({printed for _, printed in named})
    # the first that adds no organ in front of the shortest (the shortest adds nothing)
    return next(p for k, p in named if not _ORGAN_END.search(k[: len(k) - len(shortest)])), []


def _head_rows(rows: Sequence[str]) -> list[str]:
    """The document's first rows with text, up to its first numbered heading."""
    head: list[str] = []
    for row in rows:
        text = compact(row)
        if not text:
            continue
        if _BODY.match(text) or len(head) == _TITLE_ROWS:
            break
        inside = _BODY_INSIDE.search(row, 0, _ROW_MAX)
        head.append(row[: inside.start() if inside else _ROW_MAX])
        if inside:
            break
    return head


def find_meta(rows: Sequence[str]) -> tuple[str | None, int | None, list[ReportWarning]]:
    """Agency and year from a document's first rows of text (body as fallback)."""
    warnings: list[ReportWarning] = []
    full, short = _titles(_Head.of(_head_rows(rows)))
    titles = full or short
    agency, names = _one_agency(titles)
    years = sorted({t.year for t in titles})
    year = years[0] if len(years) == 1 else None
    if len(years) > 1:
        warnings.append(
            ReportWarning(
                "meta_ambiguous",
                f"the titles at the head of the document name different years ({years}); "
                "the year is left null",
                "meta.year",
            )
        )
    if names:
        warnings.append(
            ReportWarning(
                "meta_ambiguous",
                f"the titles at the head of the document name different agencies ({names}); "
                "the agency is left null",
                "meta.agency",
            )
        )
    if not titles:
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
    if agency is None and not names:
        warnings.append(
            ReportWarning("agency_not_found", "no issuing agency found in the title", "meta.agency")
        )
    if year is None and len(years) < 2:
        warnings.append(
            ReportWarning(
                "year_not_found", "no report year found in the title or the body", "meta.year"
            )
        )
    return agency, year, warnings
