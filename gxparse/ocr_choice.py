"""OCR readings in the record: each figure's confidence, its rivals, and the rules as evidence.

An OCR source hands over, beside its pages, a ``Reading`` for every word it
read: the page and box, the text, the engine's confidence in it and the other
readings the engine itself offered (a ``7`` for a ``1``, a dropped or doubled
digit). This module knows nothing of images; it works on the record:

1. Every cell whose box holds OCR'd words gets their confidence (the lowest)
   and, for a cell read as one word, the alternatives in its provenance.
2. Where R1-R4 fail, each alternative of a figure the failed rule uses is tried
   in its place. One is taken only when it makes every rule that figure enters
   hold, and no other candidate for that failure does; the cell's provenance is
   then flagged ``ocr_rule_choice`` and a warning names the cell
   (``table.row.column``). No digit is ever made up: only the engine's own
   alternatives are candidates, and a figure the engine read with no doubt has
   none -- so a report whose printed figures really break a rule keeps its
   failed check. A cell read as no figure at all (``门`` for a ``1``), on which no
   rule can fail, has its alternatives tried the same way.
3. A figure read with confidence under ``LOW_CONFIDENCE`` that no holding rule
   confirms is flagged ``ocr_low_confidence`` with a warning naming the cell,
   never passed off as certain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from attrs import evolve, frozen

from gxparse import checks
from gxparse.numbers import Kind, parse_count, parse_money
from gxparse.record import BBox, Check, Number, Provenance, Report, ReportWarning, Value

LOW_CONFIDENCE = 0.9  # a figure read with less than this is in doubt unless a rule confirms it
CHOSEN = "ocr_rule_choice"
LOW = "ocr_low_confidence"
_TABLES = ("active_disclosure", "applications", "review_litigation")
_ROUNDS = 4


@frozen
class Reading:
    """One OCR'd word: page, box (page frame, points), text, confidence, the engine's rivals."""

    page: int
    box: BBox
    text: str
    confidence: float
    alternatives: tuple[str, ...] = ()


Tables = dict[str, dict[str, dict[str, Value]]]


def apply(report: Report, readings: Iterable[Reading]) -> Report:
    """``report`` with OCR confidences and alternatives in place, rule-chosen readings taken,
    doubtful figures flagged; its checks run again."""
    readings = list(readings)
    tables = _attach(report, readings)
    warnings = list(report.warnings)
    _fill_unread(tables, warnings)
    _choose(tables, warnings)
    _flag_low(tables, warnings)
    _flag_agency(report, readings, warnings)
    apps, review = tables["applications"], tables["review_litigation"]
    return evolve(
        report,
        active_disclosure=tables["active_disclosure"],
        applications=apps,
        review_litigation=review,
        warnings=tuple(warnings),
        checks=checks.run(apps, review),
    )


def _attach(report: Report, readings: Iterable[Reading]) -> Tables:
    by_page: dict[int, list[Reading]] = defaultdict(list)
    for r in readings:
        by_page[r.page].append(r)
    tables: Tables = {}
    for name in _TABLES:
        rows: dict[str, dict[str, Value]] = {}
        for row, cols in report.table(name).items():
            rows[row] = {col: _with_reading(v, by_page) for col, v in cols.items()}
        tables[name] = rows
    return tables


def _with_reading(v: Value, by_page: Mapping[int, Sequence[Reading]]) -> Value:
    prov = v.prov
    if prov is None or prov.page is None or prov.bbox is None or not prov.raw.strip():
        return v
    x0, top, x1, bottom = prov.bbox
    inside = [
        r
        for r in by_page.get(prov.page, ())
        if x0 - 0.5 <= (r.box[0] + r.box[2]) / 2 <= x1 + 0.5
        and top - 0.5 <= (r.box[1] + r.box[3]) / 2 <= bottom + 0.5
    ]
    if not inside:
        return v
    confidence = min(r.confidence for r in inside)
    alternatives: tuple[str, ...] = ()
    if len(inside) == 1 and inside[0].text == prov.raw:
        alternatives = inside[0].alternatives
    return evolve(v, prov=evolve(prov, confidence=confidence, alternatives=alternatives))


def _parse(text: str, like: Number | None) -> Number | None:
    parsed = parse_money(text) if isinstance(like, Decimal) else parse_count(text, signed=True)
    if parsed.kind is Kind.TEXT:
        return None
    return parsed.value


def _key(table: str, row: str, col: str) -> str:
    return f"{table}.{row}.{col}"


def _split(key: str) -> tuple[str, str, str]:
    """``table.row.column`` apart (a row key may hold dots: ``result.denied.secret``)."""
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    return table, row, col


def _cell(tables: Tables, key: str) -> Value | None:
    table, row, col = _split(key)
    return tables.get(table, {}).get(row, {}).get(col)


def _put(tables: Tables, key: str, value: Value) -> None:
    table, row, col = _split(key)
    tables[table][row][col] = value


def _run(tables: Tables) -> tuple[Check, ...]:
    return checks.run(tables["applications"], tables["review_litigation"])


def _holds_all(tables: Tables, key: str, value: Number) -> bool:
    """Whether every rule ``key`` enters holds with ``value`` put there (and one does)."""
    old = _cell(tables, key)
    assert old is not None
    _put(tables, key, evolve(old, value=value))
    try:
        touched = [c for c in _run(tables) if key in c.cells]
    finally:
        _put(tables, key, old)
    return bool(touched) and all(c.ok for c in touched)


def _fill_unread(tables: Tables, warnings: list[ReportWarning]) -> None:
    """A cell OCR read as no figure at all (``门`` for a ``1``): no rule can fail on it, so
    none would ask for its alternatives. The one figure among the engine's own
    alternatives that makes every rule the cell enters hold is taken, as in
    ``_choose``; with none, or two different ones, the cell stays null."""
    for name in _TABLES:
        for row, cols in tables[name].items():
            for col, v in cols.items():
                if v.value is not None or v.prov is None or v.prov.confidence is None:
                    continue
                key = _key(name, row, col)
                winners: dict[Number, str] = {}
                for alt in v.prov.alternatives:
                    value = _parse(alt, None)
                    if value is not None and _holds_all(tables, key, value):
                        winners.setdefault(value, alt)
                if len(winners) != 1:
                    continue
                ((value, alt),) = winners.items()
                _take(tables, key, alt, value, warnings)


def _choose(tables: Tables, warnings: list[ReportWarning]) -> None:
    for _ in range(_ROUNDS):
        failed = [c for c in _run(tables) if not c.ok]
        if not failed:
            return
        taken: dict[str, tuple[str, Number, tuple[str, ...]]] = {}
        for check in failed:
            winners = []
            for key in check.cells:
                v = _cell(tables, key)
                if v is None or v.prov is None or v.prov.confidence is None:
                    continue
                for alt in v.prov.alternatives:
                    value = _parse(alt, v.value)
                    if value is None or value == v.value:
                        continue
                    if _holds_all(tables, key, value):
                        winners.append((key, alt, value))
            if len(winners) == 1:
                key, alt, value = winners[0]
                if key in taken and taken[key][1] != value:
                    taken[key] = ("", value, ())  # two failures want different readings
                else:
                    rules = tuple(f"{c.rule} [{c.scope}]" for c in failed if key in c.cells)
                    taken[key] = (alt, value, rules)
        chosen = {k: t for k, t in taken.items() if t[0]}
        if not chosen:
            return
        for key, (alt, value, rules) in chosen.items():
            _take(tables, key, alt, value, warnings, rules)


def _take(
    tables: Tables,
    key: str,
    alt: str,
    value: Number,
    warnings: list[ReportWarning],
    rules: tuple[str, ...] = (),
) -> None:
    """The engine's alternative ``alt`` (``value``) put in the cell ``key``, flagged
    ``CHOSEN``, the reading it replaces kept among its alternatives, and a warning naming
    the cell and the rules it makes hold (``rules``; by default every rule it enters)."""
    v = _cell(tables, key)
    assert v is not None and v.prov is not None
    read = v.prov.raw
    others = tuple(a for a in v.prov.alternatives if a != alt)
    prov = evolve(v.prov, raw=alt, flag=CHOSEN, alternatives=(read, *others))
    _put(tables, key, Value(value, prov))
    if not rules:
        rules = tuple(f"{c.rule} [{c.scope}]" for c in _run(tables) if key in c.cells)
    figure = "" if v.value is not None else ", no figure"
    warnings.append(
        ReportWarning(
            CHOSEN,
            f"OCR read {read!r} (confidence {v.prov.confidence:.2f}){figure}; the engine's "
            f"alternative {alt!r} is taken, as it alone makes {', '.join(rules)} hold",
            key,
        )
    )


def _flag_low(tables: Tables, warnings: list[ReportWarning]) -> None:
    confirmed = {key for c in _run(tables) if c.ok for key in c.cells}
    for name, rows in tables.items():
        for row, cols in rows.items():
            for col, v in cols.items():
                prov = v.prov
                if (
                    prov is None
                    or prov.confidence is None
                    or prov.confidence >= LOW_CONFIDENCE
                    or prov.flag is not None
                ):
                    continue
                key = _key(name, row, col)
                if key in confirmed:
                    continue
                cols[col] = evolve(v, prov=evolve(prov, flag=LOW))
                offered = (
                    f"; the engine also offered {', '.join(map(repr, prov.alternatives))}"
                    if prov.alternatives
                    else ""
                )
                warnings.append(
                    ReportWarning(
                        LOW,
                        f"OCR read {prov.raw!r} with confidence {prov.confidence:.2f} and no "
                        f"rule confirms it{offered}: check it against the page",
                        key,
                    )
                )


def _flag_agency(
    report: Report, readings: Sequence[Reading], warnings: list[ReportWarning]
) -> None:
    """The agency's name, read by OCR from a title line the engine was unsure of, is named
    by a warning: a dropped or mistaken character in a name no rule can check."""
    agency = report.meta.agency
    if not agency:
        return
    doubtful = [r for r in readings if r.confidence < LOW_CONFIDENCE and _shares(r.text, agency)]
    if doubtful:
        worst = min(doubtful, key=lambda r: r.confidence)
        warnings.append(
            ReportWarning(
                LOW,
                f"the agency {agency!r} was read by OCR from {worst.text!r} with confidence "
                f"{worst.confidence:.2f}: check the name against the page",
                "meta.agency",
            )
        )


def _shares(text: str, agency: str) -> bool:
    """Whether an OCR'd word holds a good part of the agency's name (four characters)."""
    return len(text) >= 4 and any(agency[i : i + 4] in text for i in range(len(agency) - 3))


def provenance_flagged(prov: Provenance | None) -> bool:
    """Whether OCR put this value in doubt or chose it by the rules."""
    return prov is not None and prov.flag in (CHOSEN, LOW)


__all__ = ["CHOSEN", "LOW", "LOW_CONFIDENCE", "Reading", "apply", "provenance_flagged"]
