"""Judge a parse of a damaged document against its truth, with ``gxparse.score``.

The property: the record equals the truth, or every difference is flagged -- never a
wrong value without a check or warning naming its cell or row. ``gxparse.score.score``
counts the known cells (``Case.gold()``); a cell the damage made unknowable is null in the
gold, so the scorer skips it, and ``judge`` adds its own test: the parse must leave it
null, get it right anyway, or flag it (by the scorer's own definition of flagged).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from attrs import evolve, frozen

import gxparse
from gxparse.errors import GxparseError
from gxparse.score import Score, as_decimal, rule_inputs, score, warning_touches

from .damage import Case, map_doc_cells, split_key, truth_value, undamaged
from .doc import Cell
from .render import render


@frozen
class Silent:
    """A wrong or missing value nothing in the record flags."""

    key: str
    expected: Any
    found: Any
    kind: str  # wrong / missing / unknowable (a value given where none can be read)


@frozen
class Verdict:
    score: Score
    silent: tuple[Silent, ...]
    error: str = ""  # the GxparseError the parse raised, if it did (no record: nothing silent)

    @property
    def right(self) -> int:
        return self.score.cells.right

    @property
    def total(self) -> int:
        return self.score.cells.total

    @property
    def exact(self) -> bool:
        return not self.error and self.right == self.total and not self.silent


def _flagged(pred: dict[str, Any], key: str) -> bool:
    table, row, _ = split_key(key)
    for check in pred.get("checks", []):
        if check.get("ok") is False and (
            key in check.get("cells", ()) or key in rule_inputs(check["rule"], check["scope"])
        ):
            return True
    return any(
        isinstance(w.get("where"), str) and warning_touches(w["where"], table, row)
        for w in pred.get("warnings", [])
    )


def _lookup(pred: dict[str, Any], key: str) -> Any:
    table, row, col = split_key(key)
    return ((pred.get(table) or {}).get(row) or {}).get(col)


def judge(pred: dict[str, Any] | None, case: Case, *, error: str = "") -> Verdict:
    """Score ``pred`` (a record dict, None when the parse raised) against ``case``."""
    result = score(pred, case.gold())
    silent = [
        Silent(e.key, e.expected, e.found, e.kind)
        for e in result.errors
        if e.silent and e.table != "meta"
    ]
    if pred is not None:
        for key in sorted(case.unknowable):
            got, _ = as_decimal(_lookup(pred, key))
            if got is None:
                continue
            want = Decimal(str(truth_value(case.record, key)))
            if got != want and not _flagged(pred, key):
                silent.append(Silent(key, None, _lookup(pred, key), "unknowable"))
    return Verdict(result, tuple(silent), error)


def parse_and_judge(case: Case, form: str) -> tuple[Verdict, Any]:
    """Render ``case`` in ``form``, parse it, judge it; also return the source."""
    source = render(form, case)
    try:
        report = gxparse.parse(source)
    except GxparseError as exc:
        return judge(None, case, error=f"{type(exc).__name__}: {exc}"), source
    return judge(report.to_dict(), case), source


def plain_figures(case: Case) -> dict[str, str]:
    """Each figure cell's text as the template prints it (no damage), by its key."""
    return {
        c.key: c.text
        for t in undamaged(case.record).doc.tables()
        for row in t.rows
        for c in row
        if c.key
    }


def minimal_figures(case: Case, form: str) -> Case:
    """``case`` with as many damaged figure cells as possible printed plainly again while
    its parse in ``form`` still holds a silent error (label and heading damages stay):
    the smallest print of the figures that shows the bug."""
    plain = plain_figures(case)
    keys = [
        c.key
        for t in case.doc.tables()
        for row in t.rows
        for c in row
        if c.key and c.key in plain and c.text != plain[c.key] and c.key not in case.unknowable
    ]
    for key in keys:

        def revert(_t: object, _r: int, c: Cell, k: str = key) -> Cell:
            return evolve(c, text=plain[k]) if c.key == k else c

        trial = evolve(case, doc=map_doc_cells(case.doc, revert))
        if parse_and_judge(trial, form)[0].silent:
            case = trial
    return case


def damaged_figures(case: Case) -> dict[str, str]:
    """The figure cells of ``case`` printed otherwise than the template prints them."""
    plain = plain_figures(case)
    return {
        c.key: c.text
        for t in case.doc.tables()
        for row in t.rows
        for c in row
        if c.key and plain.get(c.key) != c.text
    }
