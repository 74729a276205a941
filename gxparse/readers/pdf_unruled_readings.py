"""Figures run across a column border in an unruled table, and their readings.

With no rule between two columns, the figures of neighbouring cells aligned towards
each other print as one word (``1`` ``5`` as ``15``). Each such word is read every way
it can be (``_parts``), and the row takes the one reading its rule (R3, R4) accepts,
with a warning naming the cells (``reading_by_rule``); undecided, the cells are left
unread (``reading_undecided``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice, product

from gxparse import catalog as cat
from gxparse.labels import PREFIX, TRUNCATED
from gxparse.layout import Row
from gxparse.numbers import Kind, parse_count
from gxparse.readers.pdf_table import (
    ACTIVE_ROW_CANDIDATES,
    APP_CANDIDATES,
    Band,
    Model,
    State,
    block_cell,
    join_words,
)
from gxparse.readers.pdf_unruled_header import _columns
from gxparse.record import ReportWarning
from gxparse.rows import match_row
from gxparse.sources.pdf import Word

_MAX_READINGS = 256  # combinations of readings tried in one row


def _parts(w: Word, model: Model) -> list[tuple[tuple[int, str], ...]]:
    """The readings of a figure that runs across a column border, or ``[]`` if it does not.

    With no rule between two columns, the figures of neighbouring cells aligned
    towards each other print as one word (``1`` ``5`` as ``15``). Readings: the
    word cut between two digits, the left part under the left column and the
    right part under the right one; or one figure, under the column its centre
    lies in (both, when it sits on the border). No part may start with a 0
    (printed figures have no leading zeros), and no digit is added or dropped.
    """
    text = w.text
    if len(text) < 2 or not text.isdigit():
        return []
    adv = (w.x1 - w.x0) / len(text)
    first = _columns(model, w.x0, w.x0 + adv)
    last = _columns(model, w.x1 - adv, w.x1)
    if not first or not last or first == last:
        return []
    a, b = first[0], last[0]
    ivs = {h: (x0, x1) for x0, x1, h in model.intervals}
    border = (ivs[a][1] + ivs[b][0]) / 2

    def ok(part: str) -> bool:
        return part == "0" or not part.startswith("0")

    out: list[tuple[tuple[int, str], ...]] = []
    for k in range(1, len(text)):
        x = w.x0 + k * adv
        if abs(x - border) <= 0.75 * adv and ok(text[:k]) and ok(text[k:]):
            out.append(((a, text[:k]), (b, text[k:])))
    if ok(text):
        if w.cx <= border + 0.5 * adv:
            out.append(((a, text),))
        if w.cx >= border - 0.5 * adv:
            out.append(((b, text),))
    return out


def _rule_holds(kind: str, values: dict[int, int]) -> bool | None:
    """R3 (表三: applicant columns add up to 总计) or R4 (表四: each group's four results
    add up to its 总计) over a row's columns; None when the table has no such rule."""
    if kind == cat.APPLICATIONS:
        n = len(cat.APPLICANT_KEYS) - 1
        return sum(values.get(h, 0) for h in range(n)) == values.get(n, 0)
    if kind == cat.REVIEW:
        n = len(cat.REVIEW_COLUMN_KEYS)
        groups = {h // n for h in values}
        return all(
            sum(values.get(g * n + c, 0) for c in range(n - 1)) == values.get(g * n + n - 1, 0)
            for g in groups
        )
    return None


def _two_readings(band: Band, figures: Sequence[Word], state: State) -> None:
    """Figures run across a column border (no rule between them) read the way the rule
    of the row (R3, R4) accepts, with a warning naming the cells; undecided, the cells
    are left unread (null) with a warning. Updates ``band.values`` in place."""
    model = band.model
    assert model is not None
    straddling = [(w, p) for w in figures if (p := _parts(w, model))]
    if not straddling:
        return
    for w, _ in straddling:
        for ws in band.values.values():
            if w in ws:
                ws.remove(w)
    fixed: dict[int, int] = {}
    known = True
    for h, ws in band.values.items():
        if not ws:
            continue
        parsed = parse_count(join_words(ws))
        if parsed.kind is Kind.NUMBER and isinstance(parsed.value, int):
            fixed[h] = parsed.value
        elif parsed.kind is not Kind.BLANK:
            known = False
    combos = list(islice(product(*(p for _, p in straddling)), _MAX_READINGS + 1))
    holding = []
    if known and len(combos) <= _MAX_READINGS:
        for combo in combos:
            values = dict(fixed)
            clash = False
            for reading in combo:
                for h, part in reading:
                    clash = clash or h in values
                    values[h] = int(part)
            if not clash and _rule_holds(model.kind, values):
                holding.append(combo)
    rule = {cat.APPLICATIONS: "R3", cat.REVIEW: "R4"}.get(model.kind)
    for n, (w, parts) in enumerate(straddling):
        chosen = {c[n] for c in holding}
        cols = sorted({h for reading in parts for h, _ in reading})
        if len(chosen) == 1 and (len(parts) > 1 or rule is not None):
            (reading,) = chosen
            for h, part in reading:
                band.values.setdefault(h, []).append(_piece(w, part, reading))
            said = " and ".join(f"{part} in column {h + 1}" for h, part in reading)
            if len(parts) > 1:
                state.warnings.extend(
                    ReportWarning(
                        "reading_by_rule",
                        f"page {band.page}: {w.text!r} runs across a column border with no "
                        f"rule; of its {len(parts)} readings only {said} satisfies {rule}",
                        _where(band, h),
                    )
                    for h in cols
                )
            continue
        why = (
            f"no reading satisfies {rule}"
            if rule is not None and not chosen
            else f"{len(chosen)} readings satisfy {rule}"
            if rule is not None
            else "the table has no rule to choose"
        )
        for h in cols:
            band.values.setdefault(h, []).append(_piece(w, w.text + "?", ()))
            state.warnings.append(
                ReportWarning(
                    "reading_undecided",
                    f"page {band.page}: {w.text!r} runs across a column border with no rule "
                    f"and admits {len(parts)} readings ({why}): left unread",
                    _where(band, h),
                )
            )


def _piece(w: Word, part: str, reading: tuple[tuple[int, str], ...]) -> Word:
    """The part of ``w`` a reading puts in one cell, with the box of its own digits."""
    if not reading or len(reading) == 1:
        return Word(part, w.x0, w.top, w.x1, w.bottom, w.size)
    adv = (w.x1 - w.x0) / len(w.text)
    start = 0 if part == reading[0][1] else len(reading[0][1])
    x0 = w.x0 + start * adv
    return Word(part, x0, w.top, x0 + len(part) * adv, w.bottom, w.size)


def _where(band: Band, h: int) -> str:
    """``table.row.column`` of value column ``h`` (the row as the assembler will match it)."""
    assert band.model is not None
    kind = band.model.kind
    if kind == cat.REVIEW:
        n = len(cat.REVIEW_COLUMN_KEYS)
        return f"{kind}.{cat.REVIEW_GROUP_KEYS[h // n]}.{cat.REVIEW_COLUMN_KEYS[h % n]}"
    row = Row(tuple(block_cell(b, band.page) for b in sorted(band.labels, key=lambda b: b.x0)))
    if kind == cat.APPLICATIONS:
        key = match_row(row, APP_CANDIDATES, TRUNCATED)[0]
        return f"{kind}.{key}.{cat.APPLICANT_KEYS[h]}" if key is not None else kind
    key = match_row(row, ACTIVE_ROW_CANDIDATES, PREFIX)[0]
    return f"{kind}.{key}" if key is not None else kind
