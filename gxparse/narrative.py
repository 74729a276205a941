"""Figures the report's prose states, and the N1 check of each against the tables.

``find`` reads the rows outside the three tables' regions as one running text
(rows joined, spaces between Han characters and figures dropped, so that a sentence
wrapped over lines or pages reads whole), cuts it into sentences, and matches the
phrasings of ``gxparse.phrasings`` in each. A match becomes a ``Statement``: the
quantity, the figure, the sentence, and the provenance of the figure (the rows'
page, line and box). A clause that opens with a comparison or another year
(``同比``, ``较上年``, ``2022年``) is never read as this year's figure.

``check`` compares each statement that names table cells with the record: rule
``N1``, scope the quantity, ``expected`` the table's figure, ``found`` the prose's.
They agree when the prose equals one of the quantity's readings (money: the table's
amount rounded to the digits the prose prints). A disagreement is a failed check and
a ``prose_disagrees`` warning naming both places. A statement about a quantity the
tables do not hold, or whose cells are null, is kept and not checked.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

import regex
from attrs import frozen

from gxparse.catalog import END_HEADINGS
from gxparse.layout import Cell, Row
from gxparse.phrasings import BY_NAME, PHRASINGS, SUMS, Phrasing
from gxparse.record import BBox, Check, Number, Provenance, Report, ReportWarning, Statement

RULE = "N1"

# -- the running text ----------------------------------------------------------------

_HEADING = regex.compile(
    r"^\s*(?:[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d))"
)
_ASCII_WORD = regex.compile(r"[0-9A-Za-z.%]")
_SENTENCE_END = "。！？!?"
_END_HEADING_MAX = 30
_SENTENCE_MAX = 400  # characters of a sentence kept whole in a statement's text
_CONTEXT = 120  # characters kept either side of the phrase of a longer one


@frozen
class _Text:
    """Prose joined: ``text``, and for each character the (row, cell) it came from
    (None for a space put back between two figures); ``breaks`` are positions that end
    a sentence whatever the text says (a heading's start, a table between)."""

    text: str
    origin: tuple[tuple[int, int] | None, ...]
    breaks: frozenset[int]


def _cell_key(text: str, p: Provenance) -> tuple[object, ...]:
    return (text, p.page, p.line, p.bbox, p.table, p.row, p.col)


def _join(rows: Sequence[Row], keep: Iterable[int]) -> _Text:
    """The rows ``keep`` as one text. A cell met before (a reader that also hands over
    lines joined into one row, for wrapped labels) is read once, where first met."""
    chars: list[str] = []
    origin: list[tuple[int, int] | None] = []
    breaks: set[int] = set()
    seen: set[tuple[object, ...]] = set()
    last = None
    for r in keep:
        row = rows[r]
        if row.header:
            continue
        fresh = []
        for c, cell in enumerate(row.cells):
            key = _cell_key(cell.text, cell.prov)
            if key not in seen:
                seen.add(key)
                fresh.append(c)
        if not fresh:
            continue
        if last is None or r != last + 1 or (fresh[0] == 0 and _HEADING.match(row.text)):
            breaks.add(len(chars))
        last = r
        for k, c in enumerate(fresh):
            # cells of one line are apart; a line's end is no space (a figure wrapped
            # over two lines, as a text export cuts it, reads whole)
            space = k > 0
            for ch in row.cells[c].text:
                if ch.isspace():
                    space = True
                    continue
                norm = unicodedata.normalize("NFKC", ch)
                ch = norm if len(norm) == 1 else ch
                if space and chars and _ASCII_WORD.match(chars[-1]) and _ASCII_WORD.match(ch):
                    chars.append(" ")
                    origin.append(None)
                chars.append(ch)
                origin.append((r, c))
                space = False
    return _Text("".join(chars), tuple(origin), frozenset(breaks))


def _sentences(t: _Text) -> list[tuple[int, int]]:
    """Where each sentence starts and ends in ``t.text``."""
    out = []
    start = 0
    for i, ch in enumerate(t.text):
        if i in t.breaks and i > start:
            out.append((start, i))
            start = i
        if ch in _SENTENCE_END:
            out.append((start, i + 1))
            start = i + 1
    if start < len(t.text):
        out.append((start, len(t.text)))
    return out


# -- figures ---------------------------------------------------------------------------

_HAN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_HAN_UNIT = {"十": 10, "百": 100, "千": 1000}


def han_number(text: str) -> int | None:
    """``十二`` -> 12, ``一百二十`` -> 120, ``两`` -> 2, ``二〇`` -> 20 (digit by digit);
    None for a run that is no number (``十十``)."""
    if not any(ch in _HAN_UNIT for ch in text):
        if len(text) > 1 and any(ch == "两" for ch in text):
            return None
        return int("".join(str(_HAN_DIGIT[ch]) for ch in text))
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in _HAN_DIGIT:
            if digit is not None and digit != 0:
                return None
            digit = _HAN_DIGIT[ch]
        else:
            unit = _HAN_UNIT[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def _figure(num: str, money: bool) -> Number | None:
    if num[0].isdigit():
        try:
            value = Decimal(num.replace(",", ""))
        except InvalidOperation:
            return None
    else:
        han = han_number(num)
        if han is None:
            return None
        value = Decimal(han)
    if not money:
        return int(value) if value == value.to_integral_value() and "." not in num else None
    return value


# -- matching ----------------------------------------------------------------------------

_COMPILED = {p.name: regex.compile(p.pattern) for p in PHRASINGS}
_MARKERS = {p.name: {q: regex.compile(m) for q, m in (p.markers or {}).items()} for p in PHRASINGS}
_CLAUSE_START = regex.compile(r"[，,、：:（(；;]")
# what turns a clause into another year's figure or a comparison
_OTHER_TIME = regex.compile(r"同比|较|比|上一?年|去年|前年|往年|同期|以前|以往|历年")
_YEAR = regex.compile(r"((?:19|20)\d\d)年")
_FOLLOW_PREFIX = 8  # characters between a clause's start and a bare item, at most
_INHERIT = regex.compile(r"(?:其中|具体|分别|包括|从申请|从办理|办理结果|在办理)")


_TEMPLATED = {
    key: frozenset(t for t, k in p.quantity.items() if k == key)
    for p in PHRASINGS
    if not isinstance(p.quantity, str)
    for key in p.quantity.values()
}


def _in_template(quantity: str, template: str | None) -> bool:
    """Whether the template has ``quantity`` (a 2019 column is no 2021 quantity)."""
    held = _TEMPLATED.get(quantity)
    return held is None or (template or "2021") in held


@frozen
class _Hit:
    phrasing: Phrasing
    start: int  # the phrase in the text
    end: int
    num: tuple[int, int] | None  # the figure's span (None: a negation, value 0)
    value: Number
    quantity: str


def _prefix_ok(
    text: str, start: int, clauses: list[int], year: int | None, limit: int | None
) -> bool:
    """Whether the words between the clause's start and a phrase leave it this year's
    figure (no comparison, no other year) -- and, for a bare item, are few."""
    clause = clauses[bisect_right(clauses, start) - 1]
    prefix = text[clause:start]
    if limit is not None and len(prefix) > limit:
        return False
    if _OTHER_TIME.search(prefix):
        return False
    return not any(year is not None and int(y) != year for y in _YEAR.findall(prefix))


def _hits(text: str, span: tuple[int, int], template: str | None, year: int | None) -> list[_Hit]:
    s_start, s_end = span
    out: list[_Hit] = []
    clauses = [s_start, *(m.end() for m in _CLAUSE_START.finditer(text, s_start, s_end))]
    for p in PHRASINGS:
        for m in _COMPILED[p.name].finditer(text, s_start, s_end, overlapped=True):
            if m.end() == m.start():
                continue
            if any(word not in m[0] for word in p.require):
                continue
            limit = _FOLLOW_PREFIX if p.kind == "follow" else None
            if not _prefix_ok(text, m.start(), clauses, year, limit):
                continue
            if p.kind == "topic":
                out.append(_Hit(p, m.start(), m.end(), None, 0, ""))
                continue
            if p.kind == "zero":
                for q, marker in _MARKERS[p.name].items():
                    if marker.search(m[0]) and _in_template(q, template):
                        out.append(_Hit(p, m.start(), m.end(), None, 0, q))
                continue
            quantity = p.quantity_for(template)
            if quantity is None:
                continue
            value = _figure(m["num"], p.money)
            if value is None:
                continue
            out.append(_Hit(p, m.start(), m.end(), m.span("num"), value, quantity))
    return sorted(out, key=lambda h: (h.start, h.end))


def _resolve(hits: list[_Hit]) -> list[_Hit]:
    """One reading per figure: the longest phrase that reads it (``部分公开的1件`` over
    ``公开的1件``), then the phrasing listed first; one statement per quantity and phrase."""
    best: dict[object, _Hit] = {}
    for h in hits:
        key: object = h.num if h.num is not None else (h.start, h.quantity)
        other = best.get(key)
        if other is None or (h.end - h.start) > (other.end - other.start):
            best[key] = h
    chosen = sorted(best.values(), key=lambda h: (h.start, -h.end))
    # a negation inside a longer negation of the same quantity is the same statement
    out: list[_Hit] = []
    reach: dict[str, int] = {}  # quantity -> where its last negation kept ends
    for h in chosen:
        if h.num is None:
            if h.end <= reach.get(h.quantity, -1):
                continue
            reach[h.quantity] = h.end
        out.append(h)
    return sorted(out, key=lambda h: (h.start, h.end))


def _with_topics(
    sentences: list[tuple[int, int]], per: list[list[_Hit]], text: str
) -> list[list[_Hit]]:
    """Keep a ``follow`` item only where an anchor earlier in its sentence (or in the
    sentence before, for one that opens with 其中) set the item's topic."""
    out: list[list[_Hit]] = []
    topic = ""
    for (start, _), hits in zip(sentences, per, strict=True):
        topic = topic if _INHERIT.match(text, start) else ""
        kept = []
        for h in hits:
            if h.phrasing.kind in ("anchor", "topic"):
                topic = h.phrasing.topic
                if h.phrasing.kind == "topic":
                    continue
            elif h.phrasing.kind == "follow" and h.phrasing.topic != topic:
                continue
            kept.append(h)
        out.append(_resolve(kept))
    return out


def _prov(rows: Sequence[Row], t: _Text, lo: int, hi: int, raw: str) -> Provenance:
    spots = [t.origin[i] for i in range(lo, hi) if t.origin[i] is not None]
    cells = []
    for spot in dict.fromkeys(spots):
        assert spot is not None
        r, c = spot
        cells.append(rows[r].cells[c].prov)
    if not cells:
        return Provenance(raw=raw)
    first = cells[0]
    boxes = [p.bbox for p in cells if p.bbox is not None and p.page == first.page]
    bbox: BBox | None = None
    if boxes:
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
    return Provenance(
        raw=raw, page=first.page, line=first.line, bbox=bbox, table=first.table, row=first.row
    )


def _ends_tables(text: str) -> bool:
    """A heading of the parts that follow the tables (五、存在的主要问题及改进情况)."""
    return len(text) <= _END_HEADING_MAX and any(h in text for h in END_HEADINGS)


def prose_rows(rows: Sequence[Row], tables: Iterable[range]) -> list[int]:
    """The rows that are prose: those outside the tables' regions, a row inside one that
    ends a sentence (。), and every row from the heading of the parts after the tables
    on (a region can run to the document's end)."""
    inside: set[int] = set()
    regions = list(tables)
    for region in regions:
        inside.update(region)
    start = min((r.start for r in regions if len(r)), default=len(rows))
    end = next((i for i in range(start, len(rows)) if _ends_tables(rows[i].text)), len(rows))
    return [i for i in range(len(rows)) if i not in inside or i >= end or "。" in rows[i].text]


def find(
    rows: Sequence[Row],
    tables: Iterable[range],
    *,
    template: str | None = None,
    year: int | None = None,
) -> tuple[Statement, ...]:
    """The statements of the prose: every row outside the ``tables`` regions."""
    keep = prose_rows(rows, tables)
    t = _join(rows, keep)
    sentences = _sentences(t)
    per = [_hits(t.text, s, template, year) for s in sentences]
    out: list[Statement] = []
    for (s_start, s_end), hits in zip(sentences, _with_topics(sentences, per, t.text), strict=True):
        for h in hits:
            lo, hi = h.num if h.num is not None else (h.start, h.end)
            out.append(
                Statement(
                    quantity=h.quantity,
                    value=h.value,
                    text=_excerpt(t.text, s_start, s_end, h),
                    prov=_prov(rows, t, lo, hi, t.text[h.start : h.end]),
                    cells=_named_cells(h),
                    phrasing=h.phrasing.name,
                )
            )
    return tuple(out)


def _excerpt(text: str, start: int, end: int, h: _Hit) -> str:
    """The sentence, or around the phrase when the sentence is longer than a sentence
    can be (a document with no full stops)."""
    if end - start <= _SENTENCE_MAX:
        return text[start:end]
    lo, hi = max(start, h.start - _CONTEXT), min(end, h.end + _CONTEXT)
    return ("…" if lo > start else "") + text[lo:hi] + ("…" if hi < end else "")


def find_in_text(
    text: str, *, template: str | None = "2021", year: int | None = None
) -> tuple[Statement, ...]:
    """The statements of plain prose, one row a line (``line`` counts from 1)."""
    rows = [
        Row((Cell(line, Provenance(raw=line, line=n)),))
        for n, line in enumerate(text.splitlines(), start=1)
    ]
    return find(rows, (), template=template, year=year)


def _named_cells(h: _Hit) -> tuple[str, ...]:
    if h.quantity.startswith("prose."):
        return ()
    return SUMS.get(h.quantity, (h.quantity,))


# -- the N1 check --------------------------------------------------------------------------


def _expand(report: Report, key: str) -> list[str]:
    """A cell key, its ``*`` standing for each row of the record that fits."""
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    if "*" not in row:
        return [key]
    pattern = regex.compile(regex.escape(row).replace(r"\*", ".*"))
    return [f"{table}.{r}.{col}" for r in report.table(table) if pattern.fullmatch(r)]


def _sum(report: Report, cells: Sequence[str]) -> tuple[Number | None, tuple[str, ...]]:
    keys: list[str] = []
    for cell in cells:
        keys += _expand(report, cell)
    if not keys:
        return None, ()
    total: Number = 0
    for key in keys:
        table, rest = key.split(".", 1)
        row, col = rest.rsplit(".", 1)
        value = report.get(table, row, col)
        if value is None:
            return None, tuple(keys)
        total += value
    return total, tuple(keys)


def _readings(report: Report, s: Statement) -> list[tuple[Number, tuple[str, ...]]]:
    """Each reading of the statement that the record can add up: its own cells, then
    the alternatives its phrasing lists (受理: new, or new with last year's carried over)."""
    if not s.cells:
        return []
    p = BY_NAME.get(s.phrasing)
    sums = p.readings if p is not None and p.readings and p.readings[0] == s.cells else (s.cells,)
    out = []
    for cells in sums:
        total, keys = _sum(report, cells)
        if total is not None:
            out.append((total, keys))
    return out


def _agrees(prose: Number, table: Number) -> bool:
    """Counts agree when equal; an amount when the table's, rounded to the digits the
    prose prints (``1926.42万元`` for 1926.4174), equals it."""
    if not isinstance(prose, Decimal) and not isinstance(table, Decimal):
        return prose == table
    p, t = Decimal(prose), Decimal(table)
    exponent = p.as_tuple().exponent
    if p == t:
        return True
    return (
        isinstance(exponent, int) and exponent <= 0 and t.quantize(Decimal(1).scaleb(exponent)) == p
    )


def _money_in_table_unit(s: Statement) -> Number:
    """A money statement in the tables' unit (万元): ``380元`` is 0.038."""
    if (
        isinstance(s.value, Decimal)
        and s.prov.raw.endswith("元")
        and not s.prov.raw.endswith("万元")
    ):
        return s.value / Decimal(10000)
    return s.value


def _where(p: Provenance | None) -> str:
    if p is None:
        return "?"
    if p.page is not None:
        return f"page {p.page}"
    if p.line is not None:
        return f"line {p.line}" if p.table is None else f"table {p.table} row {p.row}"
    if p.table is not None:
        return f"table {p.table} row {p.row}"
    return "?"


def check(report: Report) -> tuple[tuple[Check, ...], tuple[ReportWarning, ...]]:
    """An N1 check for each statement whose cells the record holds; a warning for each
    disagreement, naming the prose's place and the table's."""
    checks: list[Check] = []
    warnings: list[ReportWarning] = []
    for s in report.statements:
        readings = _readings(report, s)
        if not readings:
            continue
        prose = _money_in_table_unit(s)
        agreeing = next(((v, k) for v, k in readings if _agrees(prose, v)), None)
        expected, cells = agreeing or readings[0]
        ok = agreeing is not None
        table_at = _where(report.provenance.get(cells[0])) if len(cells) == 1 else "the table"
        cells_text = cells[0] if len(cells) == 1 else " + ".join(cells)
        verdict = "agrees" if ok else "disagrees"
        message = (
            f"{RULE} [{s.quantity}] the prose ({_where(s.prov)}: {s.prov.raw}) states {s.value}; "
            f"the table ({table_at}: {cells_text}) holds {expected}: {verdict}"
        )
        checks.append(Check(RULE, s.quantity, ok, expected, prose, message, cells))
        if not ok:
            warnings.append(ReportWarning("prose_disagrees", message, s.quantity))
    return tuple(checks), tuple(warnings)
