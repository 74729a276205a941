"""Score any extractor's records against gold records (see docs/scoring.md).

The scorer reads records in the spec's JSON form (``gxparse/record@1``) as
plain data: it needs no PDF, no reader and not even a well-formed
prediction. ``score(pred, gold)`` scores one document; ``score_paths(pred,
gold)`` scores files or directories of ``.json`` / ``.jsonl`` records,
matched by ``source.sha256``, document id or file stem.

Definitions, in brief (docs/scoring.md has them in full):

- A *gold cell* is every ``table.row.column`` whose gold value is not null.
  It is *right* when the prediction's value equals it as a decimal number
  (``7545 == "7545.0"``), *missing* when the prediction has null or no such
  key, and *wrong* otherwise (another number, or something that is not a
  number at all: that case carries a note).
- A wrong or missing cell is *flagged* when the prediction itself casts doubt
  on it: a failed check whose ``cells`` name it or whose rule and scope take
  it as an input, or a warning whose ``where`` touches its table row. It is a
  *silent error* otherwise. Metadata fields are flagged by a warning whose
  ``where`` is ``meta`` or ``meta.<field>``.
- A *rule break* is a ``(rule, scope)`` the gold says the source itself
  breaks (``expected_failed`` / ``failed_rules``, or failed gold ``checks``);
  it is *reported* when the prediction has a failed check with that rule and
  scope.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from attrs import frozen

from gxparse import checks
from gxparse.catalog import (
    ACTIVE_ITEMS,
    ALL_APPLICATION_ROWS,
    APPLICANT_KEYS,
    APPLICATIONS,
    RECEIVED_KEYS,
    REVIEW,
    REVIEW_COLUMN_KEYS,
    TABLES,
)
from gxparse.record import Value

META_FIELDS = ("agency", "year", "template")

# Kinds of error.
WRONG = "wrong"
MISSING = "missing"
EXTRA = "extra"

# Document status.
OK = "ok"
MALFORMED = "malformed"
NO_PREDICTION = "no prediction"

_GRANTED = ("result.granted", "result.partially_granted")


def row_group(row: str) -> str:
    """The 表三 row group a row key belongs to.

    ``received.*`` -> ``received``; 予以公开 and 部分公开 together ->
    ``result.granted/partially_granted``; the other ``result.<group>.<leaf>``
    rows -> ``result.<group>`` (the undivided ``result.other`` joins
    ``result.other``); ``result.total`` and ``carried_forward`` stand alone.
    """
    if row in RECEIVED_KEYS:
        return "received"
    if row in _GRANTED:
        return "/".join((_GRANTED[0], _GRANTED[1].split(".", 1)[1]))
    parts = row.split(".")
    if parts[0] == "result" and len(parts) > 1:
        return ".".join(parts[:2])
    return row


def _ordered_groups() -> tuple[str, ...]:
    out: list[str] = []
    for row in ALL_APPLICATION_ROWS:
        group = row_group(row.key)
        if group not in out:
            out.append(group)
    return tuple(out)


ROW_GROUPS: tuple[str, ...] = _ordered_groups()

# Column keys per table, from the catalog: used to read a warning's ``where``.
_COLUMNS: Mapping[str, frozenset[str]] = {
    "active_disclosure": frozenset(
        col.key for items in ACTIVE_ITEMS.values() for item in items for col in item.columns
    ),
    APPLICATIONS: frozenset(APPLICANT_KEYS),
    REVIEW: frozenset(REVIEW_COLUMN_KEYS),
}


# ---------------------------------------------------------------------- results


@frozen
class Tally:
    """Right, wrong and missing values out of the gold values scored."""

    right: int = 0
    wrong: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.missing

    @property
    def accuracy(self) -> float | None:
        """Share of gold values right (None when nothing was scored)."""
        return self.right / self.total if self.total else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.right + other.right, self.wrong + other.wrong, self.missing + other.missing
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "right": self.right,
            "wrong": self.wrong,
            "missing": self.missing,
            "total": self.total,
            "accuracy": self.accuracy,
        }


@frozen
class CellError:
    """One value the prediction got wrong, left out, or added.

    For metadata ``table`` is ``"meta"``, ``row`` the field and ``column`` "".
    ``expected``/``found`` are the JSON values as given (None when absent).
    """

    table: str
    row: str
    column: str
    kind: str
    expected: Any
    found: Any
    flagged: bool = False
    note: str = ""
    named: bool = False  # a failed check involves it, or a warning names its own cell

    @property
    def key(self) -> str:
        return ".".join(p for p in (self.table, self.row, self.column) if p)

    @property
    def silent(self) -> bool:
        return self.kind in (WRONG, MISSING) and not self.flagged

    @property
    def strict_silent(self) -> bool:
        """Wrong or missing with nothing naming this very cell: no failed check involving
        it and no warning whose ``where`` is its ``table.row.column``."""
        return self.kind in (WRONG, MISSING) and not self.named

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "kind": self.kind,
            "expected": _jsonable(self.expected),
            "found": _jsonable(self.found),
            "flagged": self.flagged,
            "silent": self.silent,
            "strict_silent": self.strict_silent,
            "note": self.note,
        }


RuleScope = tuple[str, str]


@frozen
class Score:
    """How one prediction compares with its gold record."""

    doc_id: str
    status: str
    tables: Mapping[str, Tally]
    groups: Mapping[str, Tally]
    meta: Mapping[str, Tally]
    errors: tuple[CellError, ...] = ()
    expected_breaks: tuple[RuleScope, ...] | None = None
    reported_breaks: tuple[RuleScope, ...] = ()
    spurious_failures: tuple[RuleScope, ...] = ()
    notes: tuple[str, ...] = ()
    pred_path: str | None = None
    gold_path: str | None = None
    pred_state: str | None = None  # the prediction's status.state, when it has one
    true_state: str | None = None  # what the gold makes it: see ``true_state``

    @property
    def cells(self) -> Tally:
        total = Tally()
        for tally in self.tables.values():
            total = total + tally
        return total

    @property
    def meta_total(self) -> Tally:
        total = Tally()
        for tally in self.meta.values():
            total = total + tally
        return total

    @property
    def extra(self) -> int:
        return sum(1 for e in self.errors if e.kind == EXTRA and e.table != "meta")

    @property
    def silent(self) -> int:
        """Wrong or missing cells of the three tables that nothing in the record flags."""
        return sum(1 for e in self.errors if e.silent and e.table != "meta")

    @property
    def silent_meta(self) -> int:
        return sum(1 for e in self.errors if e.silent and e.table == "meta")

    @property
    def strict_silent(self) -> int:
        """Wrong or missing cells of the three tables that nothing names at their own cell."""
        return sum(1 for e in self.errors if e.strict_silent and e.table != "meta")

    @property
    def complete_but_wrong(self) -> bool:
        """The worst case: the record calls itself complete and holds a wrong or missing
        value."""
        return self.pred_state == "complete" and any(
            e.kind in (WRONG, MISSING) and e.table != "meta" for e in self.errors
        )

    @property
    def exact(self) -> bool:
        """Every gold cell and metadata field right, and no extra cells."""
        return self.status == OK and not self.errors

    @property
    def missed_breaks(self) -> tuple[RuleScope, ...]:
        reported = set(self.reported_breaks)
        return tuple(b for b in self.expected_breaks or () if b not in reported)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "pred_path": self.pred_path,
            "gold_path": self.gold_path,
            "status": self.status,
            "exact": self.exact,
            "cells": self.cells.to_dict(),
            "tables": {k: v.to_dict() for k, v in self.tables.items()},
            "groups": {k: v.to_dict() for k, v in self.groups.items()},
            "meta": {k: v.to_dict() for k, v in self.meta.items()},
            "silent": self.silent,
            "strict_silent": self.strict_silent,
            "silent_meta": self.silent_meta,
            "extra": self.extra,
            "state": {"predicted": self.pred_state, "true": self.true_state},
            "complete_but_wrong": self.complete_but_wrong,
            "rule_breaks": None
            if self.expected_breaks is None
            else {
                "expected": [list(b) for b in self.expected_breaks],
                "reported": [list(b) for b in self.reported_breaks],
                "missed": [list(b) for b in self.missed_breaks],
            },
            "spurious_failures": [list(b) for b in self.spurious_failures],
            "errors": [e.to_dict() for e in self.errors],
            "notes": list(self.notes),
        }


@frozen
class CorpusScore:
    """Scores of every gold document, and what could not be matched."""

    documents: tuple[Score, ...]
    unmatched_predictions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def _sum(self, attr: str, keys: Iterable[str]) -> dict[str, Tally]:
        out = {k: Tally() for k in keys}
        for doc in self.documents:
            for key, tally in getattr(doc, attr).items():
                out[key] = out.get(key, Tally()) + tally
        return out

    @property
    def tables(self) -> dict[str, Tally]:
        return self._sum("tables", TABLES)

    @property
    def groups(self) -> dict[str, Tally]:
        return self._sum("groups", ROW_GROUPS)

    @property
    def meta(self) -> dict[str, Tally]:
        return self._sum("meta", META_FIELDS)

    @property
    def cells(self) -> Tally:
        total = Tally()
        for doc in self.documents:
            total = total + doc.cells
        return total

    @property
    def exact(self) -> int:
        return sum(1 for d in self.documents if d.exact)

    @property
    def silent(self) -> int:
        return sum(d.silent for d in self.documents)

    @property
    def silent_meta(self) -> int:
        return sum(d.silent_meta for d in self.documents)

    @property
    def strict_silent(self) -> int:
        return sum(d.strict_silent for d in self.documents)

    @property
    def states(self) -> dict[str, dict[str, int]]:
        """Documents by true state, then by the state the prediction gave itself
        (``none`` for a prediction with no status)."""
        out: dict[str, dict[str, int]] = {}
        for d in self.documents:
            if d.status != OK or d.true_state is None:
                continue
            row = out.setdefault(d.true_state, {})
            key = d.pred_state or "none"
            row[key] = row.get(key, 0) + 1
        return out

    @property
    def state_matches(self) -> tuple[int, int]:
        """(documents whose prediction states a status, of them those whose status is
        the true one)."""
        stated = [d for d in self.documents if d.status == OK and d.pred_state is not None]
        return len(stated), sum(1 for d in stated if d.pred_state == d.true_state)

    @property
    def complete_but_wrong(self) -> int:
        return sum(1 for d in self.documents if d.complete_but_wrong)

    @property
    def extra(self) -> int:
        return sum(d.extra for d in self.documents)

    def count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def breaks_expected(self) -> int:
        return sum(len(d.expected_breaks or ()) for d in self.documents)

    @property
    def breaks_reported(self) -> int:
        return sum(len(d.reported_breaks) for d in self.documents)

    @property
    def break_documents(self) -> tuple[int, int]:
        """(documents whose source breaks a rule, of them those with every break reported)."""
        docs = [d for d in self.documents if d.expected_breaks]
        return len(docs), sum(1 for d in docs if not d.missed_breaks)

    @property
    def spurious_failures(self) -> int:
        return sum(len(d.spurious_failures) for d in self.documents)

    def to_dict(self) -> dict[str, Any]:
        with_breaks, all_reported = self.break_documents
        return {
            "documents": len(self.documents),
            "scored": self.count(OK),
            "malformed": self.count(MALFORMED),
            "no_prediction": self.count(NO_PREDICTION),
            "exact": self.exact,
            "cells": self.cells.to_dict(),
            "tables": {k: v.to_dict() for k, v in self.tables.items()},
            "groups": {k: v.to_dict() for k, v in self.groups.items()},
            "meta": {k: v.to_dict() for k, v in self.meta.items()},
            "silent": self.silent,
            "strict_silent": self.strict_silent,
            "silent_meta": self.silent_meta,
            "extra": self.extra,
            "states": self.states,
            "state_matches": list(self.state_matches),
            "complete_but_wrong": self.complete_but_wrong,
            "rule_breaks": {
                "expected": self.breaks_expected,
                "reported": self.breaks_reported,
                "documents": with_breaks,
                "documents_all_reported": all_reported,
            },
            "spurious_failures": self.spurious_failures,
            "unmatched_predictions": list(self.unmatched_predictions),
            "notes": list(self.notes),
            "per_document": [d.to_dict() for d in self.documents],
        }


@frozen
class Unreadable:
    """A prediction that could not be read at all (not JSON, unreadable file): scores as
    malformed with ``note`` as the reason."""

    note: str


class GoldError(ValueError):
    """A gold record is not usable (gold is trusted: this is the caller's to fix)."""


# ---------------------------------------------------------------------- values


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return repr(value)


def as_decimal(value: Any) -> tuple[Decimal | None, str]:
    """A JSON value read as a figure: ``(number, "")``, ``(None, "")`` for null, or
    ``(None, note)`` when it is not a number.

    Integers, decimal strings (``"1926.4174"``, ``" 12 "``) and finite floats
    are numbers; an empty string counts as null; booleans, NaN, infinities,
    lists, objects and other strings are not numbers.
    """
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return None, f"not a number: {value!r}"
    if isinstance(value, int):
        return Decimal(value), ""
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None, ""
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, f"not a number: {value!r}"
    else:
        return None, f"not a number: {type(value).__name__}"
    if not number.is_finite():
        return None, f"not a finite number: {value!r}"
    return number, ""


def _agency(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value).split())


def _compare_meta(name: str, gold: Any, pred: Any) -> tuple[str | None, str]:
    """``(None, "")`` when right, else ``(kind, note)``."""
    if pred is None or (isinstance(pred, str) and not pred.strip()):
        return MISSING, ""
    if name == "agency":
        if not isinstance(pred, str):
            return WRONG, f"not a string: {type(pred).__name__}"
        return (None, "") if _agency(pred) == _agency(str(gold)) else (WRONG, "")
    if name == "template":
        if isinstance(pred, bool) or not isinstance(pred, (str, int)):
            return WRONG, f"not a template name: {pred!r}"
        return (None, "") if str(pred).strip() == str(gold).strip() else (WRONG, "")
    got, note = as_decimal(pred)
    want, _ = as_decimal(gold)
    if got is None:
        return WRONG, note
    return (None, "") if got == want else (WRONG, "")


# ---------------------------------------------------------------------- flags


def rule_inputs(rule: str, scope: str) -> frozenset[str]:
    """The ``table.row.column`` keys a rule checked at ``scope`` takes as input.

    Empty for an unknown rule or a scope the rule does not have. R2 counts every
    result row of either 表三 layout, since a prediction may use either.
    """
    try:
        table, left, right = checks.terms(rule, scope)
    except KeyError:
        return frozenset()
    return frozenset(f"{table}.{r}.{c}" for r, c in (*left, *right))


def warning_touches(where: str, table: str, row: str) -> bool:
    """Whether a warning's ``where`` touches the row ``table.row``.

    ``where`` touches the row when it names the table (``applications``), a
    group of rows above it at a dot boundary (``applications.result.denied``),
    the row itself, or any cell of that row (``applications.<row>.<column>``
    where ``<column>`` is one of the table's column keys). Anything else --
    another row, ``meta.*``, free text -- touches nothing in the tables.
    """
    where = where.strip()
    path = f"{table}.{row}"
    if path == where or path.startswith(where + "."):
        return True
    head, _, column = where.rpartition(".")
    return head == path and column in _COLUMNS.get(table, frozenset())


@frozen
class _Flags:
    cells: frozenset[str] = frozenset()
    wheres: tuple[str, ...] = ()
    failed: tuple[RuleScope, ...] = ()
    notes: tuple[str, ...] = ()

    def cell(self, table: str, row: str, column: str) -> bool:
        if f"{table}.{row}.{column}" in self.cells:
            return True
        return any(warning_touches(w, table, row) for w in self.wheres)

    def named(self, table: str, row: str, column: str) -> bool:
        """A failed check involves the cell, or a warning's ``where`` is the cell itself."""
        key = f"{table}.{row}.{column}"
        return key in self.cells or any(w.strip() == key for w in self.wheres)

    def meta(self, name: str) -> bool:
        return any(w.strip() in ("meta", f"meta.{name}") for w in self.wheres)


def _objects(
    pred: Mapping[str, Any], key: str, notes: list[str]
) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The objects of the list ``pred[key]`` with their places; what is not one is noted."""
    items = pred.get(key, [])
    if not isinstance(items, list):
        notes.append(f"{key} is not a list: {type(items).__name__}")
        return
    for i, item in enumerate(items):
        if isinstance(item, Mapping):
            yield i, item
        else:
            notes.append(f"{key}[{i}] is not an object")


def _flags(pred: Mapping[str, Any]) -> _Flags:
    notes: list[str] = []
    cells: set[str] = set()
    failed: list[RuleScope] = []
    for i, check in _objects(pred, "checks", notes):
        ok = check.get("ok")
        if ok is None or not isinstance(ok, (bool, int)) or ok:
            continue
        rule, scope = check.get("rule"), check.get("scope")
        if isinstance(rule, str) and isinstance(scope, str):
            failed.append((rule, scope))
            cells |= rule_inputs(rule, scope)
        listed = check.get("cells", [])
        if isinstance(listed, list):
            cells |= {c for c in listed if isinstance(c, str)}
        else:
            notes.append(f"checks[{i}].cells is not a list")
    wheres: list[str] = []
    for _, warning in _objects(pred, "warnings", notes):
        where = warning.get("where")
        if isinstance(where, str):
            wheres.append(where)
    return _Flags(frozenset(cells), tuple(wheres), tuple(dict.fromkeys(failed)), tuple(notes))


def expected_breaks(gold: Mapping[str, Any]) -> tuple[RuleScope, ...] | None:
    """The (rule, scope) pairs the gold says its source breaks; None when it does not say.

    Read from ``expected_failed`` or ``failed_rules`` (lists of
    ``{"rule", "scope"}``), else from the failed entries of a full record's
    ``checks``.
    """
    for key in ("expected_failed", "failed_rules"):
        if key in gold:
            items = gold[key]
            break
    else:
        checks = gold.get("checks")
        if not isinstance(checks, list):
            return None
        items = [c for c in checks if isinstance(c, Mapping) and c.get("ok") is False]
    if not isinstance(items, list):
        raise GoldError(f"expected_failed must be a list, not {type(items).__name__}")
    out: list[RuleScope] = []
    for item in items:
        if not (
            isinstance(item, Mapping)
            and isinstance(item.get("rule"), str)
            and isinstance(item.get("scope"), str)
        ):
            raise GoldError(f"a rule break must be {{'rule': str, 'scope': str}}, not {item!r}")
        out.append((item["rule"], item["scope"]))
    return tuple(dict.fromkeys(out))


# ---------------------------------------------------------------------- scoring


def _gold_cells(gold: Mapping[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    for table in TABLES:
        rows = gold.get(table, {})
        if not isinstance(rows, Mapping):
            raise GoldError(f"gold {table} is not an object")
        for row, cols in rows.items():
            if not isinstance(cols, Mapping):
                raise GoldError(f"gold {table}.{row} is not an object")
            for col, value in cols.items():
                if value is None:
                    continue
                number, note = as_decimal(value)
                if number is None:
                    raise GoldError(f"gold {table}.{row}.{col}: {note or 'empty'}")
                yield table, row, col, value


def is_record_like(data: Any) -> bool:
    """Whether ``data`` looks like a record or gold record (an object with a table or meta)."""
    return isinstance(data, Mapping) and any(k in data for k in (*TABLES, "meta"))


def _lookup(pred: Mapping[str, Any], table: str, row: str, col: str) -> tuple[Any, str]:
    """The prediction's value at ``table.row.col`` and a note when a level is not an object."""
    rows = pred.get(table)
    if rows is None:
        return None, ""
    if not isinstance(rows, Mapping):
        return _Malformed, f"{table} is not an object"
    cols = rows.get(row)
    if cols is None:
        return None, ""
    if not isinstance(cols, Mapping):
        return _Malformed, f"{table}.{row} is not an object"
    return cols.get(col), ""


class _MalformedType:
    def __repr__(self) -> str:
        return "<malformed>"


_Malformed: Any = _MalformedType()


def score(
    pred: Any,
    gold: Mapping[str, Any],
    *,
    doc_id: str = "",
    pred_path: str | None = None,
    gold_path: str | None = None,
) -> Score:
    """Score one prediction against one gold record.

    ``pred`` is a record as JSON data (a dict), a ``Report`` (anything with
    ``to_dict()``), None for no prediction, or anything else, which scores as
    malformed. ``gold`` is a record or the generator's gold form; a malformed
    gold raises ``GoldError``.
    """
    if not isinstance(gold, Mapping):
        raise GoldError(f"gold is not an object: {type(gold).__name__}")
    gold_meta = gold.get("meta", {})
    if not isinstance(gold_meta, Mapping):
        raise GoldError("gold meta is not an object")
    cells = list(_gold_cells(gold))
    to_dict = getattr(pred, "to_dict", None)
    if callable(to_dict) and not isinstance(pred, Mapping):
        pred = to_dict()

    notes: list[str] = []
    status = OK
    if pred is None:
        status = NO_PREDICTION
        notes.append("no prediction")
    elif isinstance(pred, Unreadable):
        status = MALFORMED
        notes.append(pred.note)
    elif not isinstance(pred, Mapping):
        status = MALFORMED
        notes.append(f"prediction is not a JSON object: {type(pred).__name__}")
    if status != OK:
        return _failed_document(status, cells, gold_meta, gold, notes, doc_id, pred_path, gold_path)
    assert isinstance(pred, Mapping)
    flags = _flags(pred)
    notes.extend(flags.notes)

    tables: dict[str, Tally] = {t: Tally() for t in TABLES}
    groups: dict[str, Tally] = {}
    errors: list[CellError] = []
    seen_notes: set[str] = set()
    for table, row, col, want in cells:
        found, level_note = _lookup(pred, table, row, col)
        if level_note and level_note not in seen_notes:
            seen_notes.add(level_note)
            notes.append(level_note)
        kind: str | None
        if found is _Malformed:
            kind, note = WRONG, level_note
        else:
            got, note = as_decimal(found)
            if got is None:
                kind = WRONG if note else MISSING
            else:
                kind = None if got == as_decimal(want)[0] else WRONG
        tally = Tally(
            right=int(kind is None), wrong=int(kind == WRONG), missing=int(kind == MISSING)
        )
        tables[table] = tables[table] + tally
        if table == APPLICATIONS:
            group = row_group(row)
            groups[group] = groups.get(group, Tally()) + tally
        if kind is not None:
            errors.append(
                CellError(
                    table,
                    row,
                    col,
                    kind,
                    want,
                    None if found is _Malformed else found,
                    flags.cell(table, row, col),
                    note,
                    flags.named(table, row, col),
                )
            )
    errors.extend(_extras(pred, gold, flags))

    meta: dict[str, Tally] = {}
    pred_meta = pred.get("meta", {})
    if not isinstance(pred_meta, Mapping):
        notes.append("meta is not an object")
        pred_meta = {}
    for name in META_FIELDS:
        want = gold_meta.get(name)
        if want is None:
            continue
        kind, note = _compare_meta(name, want, pred_meta.get(name))
        meta[name] = Tally(int(kind is None), int(kind == WRONG), int(kind == MISSING))
        if kind is not None:
            errors.append(
                CellError("meta", name, "", kind, want, pred_meta.get(name), flags.meta(name), note)
            )

    expected = expected_breaks(gold)
    reported: tuple[RuleScope, ...] = ()
    spurious: tuple[RuleScope, ...] = ()
    if expected is not None:
        failed = set(flags.failed)
        reported = tuple(b for b in expected if b in failed)
        spurious = tuple(b for b in flags.failed if b not in set(expected))
    return Score(
        doc_id=doc_id,
        status=OK,
        tables=tables,
        groups={g: groups[g] for g in (*ROW_GROUPS, *sorted(groups)) if g in groups},
        meta=meta,
        errors=tuple(errors),
        expected_breaks=expected,
        reported_breaks=reported,
        spurious_failures=spurious,
        notes=tuple(notes),
        pred_path=pred_path,
        gold_path=gold_path,
        pred_state=_pred_state(pred),
        true_state=true_state(gold),
    )


def _pred_state(pred: Mapping[str, Any]) -> str | None:
    status = pred.get("status")
    state = status.get("state") if isinstance(status, Mapping) else None
    return state if isinstance(state, str) else None


def true_state(gold: Mapping[str, Any]) -> str:
    """The status a right record of the gold's source has: ``incomplete`` when the gold
    holds a null (the source itself lacks the value), ``inconsistent`` when the source
    breaks a rule (as the gold says, or else as its figures show), else ``complete``."""
    for table in TABLES:
        for cols in (gold.get(table) or {}).values():
            if any(v is None for v in cols.values()):
                return "incomplete"
    breaks = expected_breaks(gold)
    if breaks is None:  # the gold does not say: its own figures do
        breaks = _gold_breaks(gold)
    return "inconsistent" if breaks else "complete"


def _gold_breaks(gold: Mapping[str, Any]) -> tuple[RuleScope, ...]:
    """The rules the gold's own figures break (R1-R4 over its tables)."""

    def table(name: str) -> dict[str, dict[str, Value]]:
        return {
            row: {col: Value(as_decimal(v)[0]) for col, v in cols.items()}
            for row, cols in (gold.get(name) or {}).items()
        }

    return tuple(
        (c.rule, c.scope) for c in checks.run(table(APPLICATIONS), table(REVIEW)) if not c.ok
    )


def _extras(pred: Mapping[str, Any], gold: Mapping[str, Any], flags: _Flags) -> list[CellError]:
    """Non-null prediction cells at keys the gold does not have."""
    out: list[CellError] = []
    for table in TABLES:
        rows = pred.get(table)
        if not isinstance(rows, Mapping):
            continue
        gold_rows = gold.get(table, {})
        for row, cols in rows.items():
            if not isinstance(cols, Mapping):
                continue
            gold_cols = gold_rows.get(row, {})
            for col, value in cols.items():
                if (
                    col in gold_cols
                    or value is None
                    or (isinstance(value, str) and not value.strip())
                ):
                    continue
                out.append(
                    CellError(
                        table,
                        str(row),
                        str(col),
                        EXTRA,
                        None,
                        value,
                        flags.cell(table, str(row), str(col)),
                        "not in the gold record",
                    )
                )
    return out


def _failed_document(
    status: str,
    cells: Sequence[tuple[str, str, str, Any]],
    gold_meta: Mapping[str, Any],
    gold: Mapping[str, Any],
    notes: list[str],
    doc_id: str,
    pred_path: str | None,
    gold_path: str | None,
) -> Score:
    """No usable record: every gold value is missing (no prediction) or wrong (malformed).

    The failure is visible (there is no record to trust), so every error
    counts as flagged, not silent.
    """
    kind = MISSING if status == NO_PREDICTION else WRONG
    one = Tally(0, int(kind == WRONG), int(kind == MISSING))
    tables = {t: Tally() for t in TABLES}
    groups: dict[str, Tally] = {}
    errors: list[CellError] = []
    for table, row, col, want in cells:
        tables[table] = tables[table] + one
        if table == APPLICATIONS:
            group = row_group(row)
            groups[group] = groups.get(group, Tally()) + one
        errors.append(CellError(table, row, col, kind, want, None, True, notes[0], True))
    meta: dict[str, Tally] = {}
    for name in META_FIELDS:
        want = gold_meta.get(name)
        if want is not None:
            meta[name] = one
            errors.append(CellError("meta", name, "", kind, want, None, True, notes[0], True))
    return Score(
        doc_id=doc_id,
        status=status,
        tables=tables,
        groups={g: groups[g] for g in (*ROW_GROUPS, *sorted(groups)) if g in groups},
        meta=meta,
        errors=tuple(errors),
        expected_breaks=expected_breaks(gold),
        notes=tuple(notes),
        pred_path=pred_path,
        gold_path=gold_path,
    )


# ---------------------------------------------------------------------- files

_SUFFIXES = (
    ".jsonl",
    ".json",
    ".gold",
    ".expected",
    ".pred",
    ".record",
    ".pdf",
    ".docx",
    ".doc",
    ".html",
    ".htm",
    ".txt",
    ".tab",
    ".cells",
    ".wrapped",
)
_GENERIC_STEMS = frozenset({"expected", "gold", "record", "pred", "prediction", "output"})


def stem(path: str) -> str:
    """A document id from a file name: known extensions and tags stripped.

    ``abc.gold.json`` -> ``abc``; ``abc.tab.txt`` -> ``abc``; a generic name
    such as ``fixtures/case_1/expected.json`` -> its directory, ``case_1``.
    """
    p = Path(path.replace("\\", "/"))
    name = p.name
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if name.lower().endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)]
                changed = True
    if name.lower() in _GENERIC_STEMS and p.parent.name:
        return p.parent.name
    return name


@frozen
class Entry:
    """One record read from a file: its data (or None) and where it came from."""

    location: str
    data: Any
    file_stem: str
    note: str = ""
    single: bool = True

    def ids(self) -> list[tuple[str, str]]:
        """Match keys, strongest first: ("sha256", h), ("id", x), ("stem", s)."""
        out: list[tuple[str, str]] = []
        data = self.data
        if isinstance(data, Mapping):
            source = data.get("source")
            if isinstance(source, Mapping):
                sha = source.get("sha256")
                if isinstance(sha, str) and sha:
                    out.append(("sha256", sha.lower()))
            for key in ("id", "doc_id", "document_id"):
                value = data.get(key)
                if isinstance(value, (str, int)) and not isinstance(value, bool):
                    out.append(("id", str(value)))
            if isinstance(source, Mapping):
                path = source.get("path")
                if isinstance(path, str) and path:
                    out.append(("stem", stem(path)))
        if self.single:
            out.append(("stem", self.file_stem))
        return list(dict.fromkeys(out))


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".json", ".jsonl")
        )
    return [path]


def read_records(path: str | Path) -> list[Entry]:
    """Every record in a file or directory of ``.json`` / ``.jsonl`` files.

    A ``.json`` file holds one record or a list of records; a ``.jsonl`` file
    one record per line. What cannot be read becomes an entry with ``data``
    None and a note, never an exception (a missing path raises
    ``FileNotFoundError``).
    """
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"{root}: no such file or directory")
    out: list[Entry] = []
    for file in _files(root):
        file_stem = stem(str(file))
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            out.append(Entry(str(file), None, file_stem, f"cannot be read: {exc}"))
            continue
        if file.suffix.lower() == ".jsonl":
            lines = [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
            for i, line in lines:
                loc = f"{file}:{i}"
                try:
                    out.append(Entry(loc, json.loads(line), file_stem, single=len(lines) == 1))
                except ValueError as exc:
                    out.append(Entry(loc, None, file_stem, f"not JSON: {exc}", len(lines) == 1))
            continue
        try:
            data = json.loads(text)
        except ValueError as exc:
            out.append(Entry(str(file), None, file_stem, f"not JSON: {exc}"))
            continue
        if isinstance(data, list):
            for i, item in enumerate(data):
                out.append(Entry(f"{file}[{i}]", item, file_stem, single=len(data) == 1))
        else:
            out.append(Entry(str(file), data, file_stem))
    return out


def _gold_id(entry: Entry) -> str:
    ids = entry.ids()
    for kind in ("id", "stem", "sha256"):
        for k, value in ids:
            if k == kind:
                return value
    return entry.location


def match(
    preds: Sequence[Entry], golds: Sequence[Entry]
) -> tuple[list[tuple[Entry, Entry | None]], list[Entry]]:
    """Pair every gold with at most one prediction: by sha256, then id, then stem.

    Returns ``(gold, pred or None)`` pairs in gold order, and the predictions
    left unmatched.
    """
    index: dict[tuple[str, str], int] = {}
    for g, gold in enumerate(golds):
        for key in gold.ids():
            index.setdefault(key, g)
    taken: dict[int, Entry] = {}
    unmatched: list[Entry] = []
    for kind in ("sha256", "id", "stem"):
        rest: list[Entry] = []
        for pred in [*preds] if kind == "sha256" else unmatched:
            hit = next(
                (
                    index[k]
                    for k in pred.ids()
                    if k[0] == kind and k in index and index[k] not in taken
                ),
                None,
            )
            if hit is None:
                rest.append(pred)
            else:
                taken[hit] = pred
        unmatched = rest
    return [(gold, taken.get(g)) for g, gold in enumerate(golds)], unmatched


def score_paths(pred_path: str | Path, gold_path: str | Path) -> CorpusScore:
    """Score every gold record under ``gold_path`` against ``pred_path``'s records.

    Two files holding one record each are paired whatever their names.

    Gold files that hold no record (an object with none of the table keys nor
    ``meta``, e.g. a corpus ``manifest.json``) are skipped with a note; a
    gold record that is malformed raises ``GoldError``.
    """
    notes: list[str] = []
    golds: list[Entry] = []
    for entry in read_records(gold_path):
        if entry.data is None:
            raise GoldError(f"{entry.location}: {entry.note}")
        if not is_record_like(entry.data):
            notes.append(f"{entry.location}: not a record, skipped")
            continue
        golds.append(entry)
    preds = read_records(pred_path)
    if Path(pred_path).is_file() and Path(gold_path).is_file() and len(preds) == len(golds) == 1:
        # One record against one: no ids needed.
        pairs: list[tuple[Entry, Entry | None]] = [(golds[0], preds[0])]
        unmatched: list[Entry] = []
    else:
        pairs, unmatched = match(preds, golds)
    docs: list[Score] = []
    for gold, pred in pairs:
        doc_id = _gold_id(gold)
        try:
            if pred is None:
                result = score(None, gold.data, doc_id=doc_id, gold_path=gold.location)
            else:
                data = pred.data if pred.data is not None else Unreadable(pred.note)
                result = score(
                    data,
                    gold.data,
                    doc_id=doc_id,
                    pred_path=pred.location,
                    gold_path=gold.location,
                )
        except GoldError as exc:
            raise GoldError(f"{gold.location}: {exc}") from None
        docs.append(result)
    for pred in unmatched:
        notes.append(
            f"{pred.location}: matches no gold record{': ' + pred.note if pred.note else ''}"
        )
    return CorpusScore(tuple(docs), tuple(p.location for p in unmatched), tuple(notes))


__all__ = [
    "MALFORMED",
    "NO_PREDICTION",
    "OK",
    "ROW_GROUPS",
    "CellError",
    "CorpusScore",
    "Entry",
    "GoldError",
    "Score",
    "Tally",
    "Unreadable",
    "as_decimal",
    "expected_breaks",
    "match",
    "read_records",
    "row_group",
    "rule_inputs",
    "score",
    "score_paths",
    "stem",
    "warning_touches",
]
