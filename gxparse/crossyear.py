"""Many reports as a panel: one row per (agency, year), and checks across years.

``build(reports)`` places each record by its agency -- printed names grouped by
``gxparse.agency`` (spacing, brackets, widths, Traditional forms, ``人民政府``/``政府``)
-- and its year, and checks, per agency:

- **R5**, per column of 表三: this year's ``received.carried_over`` (二、上年结转) equals
  last year's ``carried_forward`` (四、结转下年度继续办理). Checked only for two
  consecutive years whose two cells were both found; both templates have these rows.
- **template**: the 2019 tables for the 2019 and 2020 reports, the 2021 tables from the
  2021 reports on. A report printed with the other template is a finding.
- **year_missing**: a year with no report between two years that have one.
- **duplicate**: two documents for one agency and year: the same file published twice
  (equal sha256), or two versions that differ (a conflict; the cells that differ are
  named, and the row holds null for them -- never one version's figure silently).

Each check is a ``CrossCheck``: rule, scope, ok, expected, found, message, the agency
and year, the documents it compared (path, sha256, year) and the cells it used
(``cells[i]`` is read in ``documents[i]``). A record with no agency or no year cannot be
placed: it is listed in ``unplaced``, never guessed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from attrs import field, frozen

from gxparse import agency, inputs, isolate
from gxparse.catalog import APPLICANT_KEYS, APPLICATIONS, CARRIED_FORWARD
from gxparse.compare import Document, cell_changes
from gxparse.record import Number, Report
from gxparse.serialize import number_to_json
from gxparse.status import STATES

SCHEMA = "gxparse/panel@1"
R5 = "R5"
TEMPLATE = "template"
YEAR_MISSING = "year_missing"
DUPLICATE = "duplicate"
RULES = (R5, TEMPLATE, YEAR_MISSING, DUPLICATE)
SWITCH_YEAR = 2021  # the 2021 template from the 2021 reports on
CARRIED_OVER = "received.carried_over"
_SHOWN_CELLS = 6  # cells a duplicate's message names before "and N more"

Figure = Number | str | None


def expected_template(year: int) -> str:
    """The template a report for ``year`` is printed with."""
    return "2021" if year >= SWITCH_YEAR else "2019"


@frozen
class CrossCheck:
    """One check across documents, passed or failed (see the module)."""

    rule: str
    scope: str
    ok: bool
    expected: Figure
    found: Figure
    message: str
    agency: str
    year: int  # the year the check is about (R5: the later of the two)
    documents: tuple[Document, ...]
    cells: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "scope": self.scope,
            "ok": self.ok,
            "expected": _json(self.expected),
            "found": _json(self.found),
            "message": self.message,
            "agency": self.agency,
            "year": self.year,
            "documents": [d.to_dict() for d in self.documents],
            "cells": list(self.cells),
        }


def _json(value: Figure) -> int | str | None:
    return value if isinstance(value, str) else number_to_json(value)


@frozen
class Row:
    """One agency's one year: the record's values (null where two versions disagree)."""

    agency: str  # the agency's canonical spelling
    year: int
    documents: tuple[Document, ...]
    template: str | None
    values: dict[str, Number | None]
    conflict: tuple[str, ...] = ()  # cells two versions print differently
    failed: tuple[str, ...] = ()  # R1-R4 checks a document failed: "R1[total]"
    status: str | None = None  # the least trusted of its documents' states (gxparse.status)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "documents": [d.to_dict() for d in self.documents],
            "conflict": list(self.conflict),
            "ok": self.ok,
            "status": self.status,
            "failed_checks": list(self.failed),
            "values": {k: number_to_json(v) for k, v in self.values.items()},
        }


@frozen
class Unplaced:
    document: Document
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.document.to_dict(), "reason": self.reason}


@frozen
class Panel:
    rows: tuple[Row, ...]
    checks: tuple[CrossCheck, ...]
    unplaced: tuple[Unplaced, ...] = ()
    failures: tuple[inputs.Failure, ...] = ()
    # canonical spelling -> every spelling
    agencies: dict[str, tuple[str, ...]] = field(factory=dict)
    merged: tuple[tuple[str, str], ...] = ()  # names joined by closeness (their keys)
    # agencies kept apart whose names differ in one character, in years apart (a misprint?)
    near: tuple[tuple[str, str], ...] = ()

    @property
    def failed_checks(self) -> tuple[CrossCheck, ...]:
        return tuple(c for c in self.checks if not c.ok)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def row(self, agency_name: str, year: int) -> Row | None:
        """The row of an agency (by any of its spellings) and year."""
        k = agency.key(agency_name)
        for r in self.rows:
            if r.year == year and any(agency.key(s) == k for s in self.agencies[r.agency]):
                return r
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "rows": [r.to_dict() for r in self.rows],
            "checks": [c.to_dict() for c in self.checks],
            "unplaced": [u.to_dict() for u in self.unplaced],
            "errors": [
                {"path": f.path, "error": f.error, "message": f.message} for f in self.failures
            ],
            "agencies": [
                {"agency": name, "spellings": list(spellings)}
                for name, spellings in self.agencies.items()
            ],
            "merged_by_closeness": [list(pair) for pair in self.merged],
            "similar_kept_apart": [list(pair) for pair in self.near],
        }

    def flat_rows(self) -> list[dict[str, Any]]:
        """One flat dict per row (for CSV and DataFrames): the row's documents, its
        failed checks and cross-year findings, then one column per cell
        (``table.row.column``)."""
        findings: dict[tuple[str, int], list[str]] = {}
        for c in self.failed_checks:
            findings.setdefault((c.agency, c.year), []).append(f"{c.rule}[{c.scope}]")
        keys: dict[str, None] = {}
        for r in self.rows:
            keys.update(dict.fromkeys(r.values))
        out = []
        for r in self.rows:
            flat: dict[str, Any] = {
                "agency": r.agency,
                "year": r.year,
                "template": r.template,
                "path": "; ".join(d.path or "" for d in r.documents),
                "sha256": "; ".join(d.sha256 for d in r.documents),
                "printed_agency": "; ".join(sorted({d.agency or "" for d in r.documents})),
                "conflict": "; ".join(r.conflict),
                "ok": r.ok,
                "status": r.status,
                "failed_checks": "; ".join(r.failed),
                "cross_year": "; ".join(findings.get((r.agency, r.year), ())),
            }
            for k in keys:
                flat[k] = number_to_json(r.values.get(k))
            out.append(flat)
        return out

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (counts ``Int64``, money as text); needs pandas."""
        from gxparse.frame import _pandas

        pd = _pandas()
        flat = self.flat_rows()
        frame = pd.DataFrame(flat)
        if frame.empty:
            return frame
        money = {k for r in self.rows for k, v in r.values.items() if isinstance(v, Decimal)}
        cells = [c for c in frame.columns if "." in c]
        types = {c: ("string" if c in money else "Int64") for c in cells}
        types |= {"year": "Int64", "ok": "boolean"}
        return frame.astype(types)


# -- building -----------------------------------------------------------------------------


def _values(report: Report) -> dict[str, Number | None]:
    return {f"{t}.{r}.{c}": v.value for t, r, c, v in report.cells()}


def _row(name: str, year: int, reports: Sequence[Report]) -> Row:
    first = reports[0]
    values = _values(first)
    conflict: dict[str, None] = {}
    for other in reports[1:]:
        for change in cell_changes(first, other):
            conflict[change.key] = None
    for k in conflict:
        values[k] = None  # two versions disagree: neither figure is the row's
    templates = {r.meta.template for r in reports}
    failed = dict.fromkeys(f"{c.rule}[{c.scope}]" for r in reports for c in r.failed_checks)
    states = [r.status.state for r in reports]
    return Row(
        name,
        year,
        tuple(Document.of(r) for r in reports),
        templates.pop() if len(templates) == 1 else None,
        values,
        tuple(conflict),
        tuple(failed),
        max(states, key=STATES.index),
    )


def _unique(reports: Iterable[Report]) -> Iterator[Report]:
    """Each document once: a record given twice (same path and sha256) is one document."""
    seen = set()
    for r in reports:
        k = (r.source.path, r.source.sha256)
        if k not in seen:
            seen.add(k)
            yield r


def build(reports: Iterable[Report], failures: Iterable[inputs.Failure] = ()) -> Panel:
    """The panel of ``reports``: its rows and cross-year checks (see the module)."""
    placed: list[Report] = []
    unplaced = []
    for r in _unique(reports):
        missing = [f for f in ("agency", "year") if getattr(r.meta, f) is None]
        if missing:
            reason = " and ".join(f"meta.{f}" for f in missing) + " not found: cannot be placed"
            unplaced.append(Unplaced(Document.of(r), reason))
        else:
            placed.append(r)
    grouping = agency.group([(r.meta.agency or "", r.meta.year or 0) for r in placed])
    cells: dict[tuple[str, int], list[Report]] = {}
    for r in placed:
        cells.setdefault((grouping.of[r.meta.agency or ""], r.meta.year or 0), []).append(r)
    for rs in cells.values():  # documents in a stable order, whatever order they came in
        rs.sort(key=lambda r: (r.source.path or "", r.source.sha256))
    rows = {k: _row(k[0], k[1], rs) for k, rs in sorted(cells.items())}
    checks: list[CrossCheck] = []
    for (name, year), rs in sorted(cells.items()):
        if len(rs) > 1:
            checks.append(_duplicate(name, year, rs, rows[(name, year)]))
    by_agency: dict[str, list[int]] = {}
    for name, year in rows:
        by_agency.setdefault(name, []).append(year)
    for name, years in by_agency.items():
        for year in years:
            check = _template(rows[(name, year)])
            if check is not None:
                checks.append(check)
        for before, after in itertools.pairwise(years):
            a, b = rows[(name, before)], rows[(name, after)]
            if after == before + 1:
                checks += _carry(a, b)
            else:
                checks += _gap(a, b)
    order = {rule: i for i, rule in enumerate(RULES)}
    checks.sort(key=lambda c: (c.agency, c.year, order[c.rule]))
    return Panel(
        tuple(rows.values()),
        tuple(checks),
        tuple(unplaced),
        tuple(failures),
        grouping.spellings,
        grouping.merged,
        grouping.near,
    )


def _duplicate(name: str, year: int, reports: Sequence[Report], row: Row) -> CrossCheck:
    docs = tuple(Document.of(r) for r in reports)
    shas = {d.sha256 for d in docs}
    paths = ", ".join(d.path or "<input>" for d in docs)
    if len(shas) == 1:
        message = f"{name} {year}: the same document published {len(docs)} times ({paths})"
    else:
        shown = ", ".join(row.conflict[:_SHOWN_CELLS])
        more = len(row.conflict) - _SHOWN_CELLS
        tail = f" and {more} more" if more > 0 else ""
        differ = (
            f"{len(row.conflict)} cells differ ({shown}{tail}); they are null in the row"
            if row.conflict
            else "their cells agree"
        )
        message = (
            f"{name} {year}: {len(docs)} different documents ({len(shas)} versions) claim "
            f"this agency and year ({paths}); {differ}"
        )
    return CrossCheck(DUPLICATE, str(year), False, 1, len(docs), message, name, year, docs)


def _template(row: Row) -> CrossCheck | None:
    if row.template is None:
        return None
    want = expected_template(row.year)
    ok = row.template == want
    verdict = "as expected" if ok else f"expected the {want} tables"
    message = (
        f"template [{row.year}] {row.agency}: printed with the {row.template} tables, {verdict} "
        f"(the 2019 template for 2019-2020, the 2021 template from the {SWITCH_YEAR} reports on)"
    )
    return CrossCheck(
        TEMPLATE, "meta.template", ok, want, row.template, message, row.agency, row.year,
        row.documents[:1], ("meta.template",),
    )  # fmt: skip


def _carry(before: Row, after: Row) -> Iterator[CrossCheck]:
    """R5 per column of 表三 between two consecutive years."""
    docs = (before.documents[0], after.documents[0])
    for col in APPLICANT_KEYS:
        fwd = f"{APPLICATIONS}.{CARRIED_FORWARD}.{col}"
        over = f"{APPLICATIONS}.{CARRIED_OVER}.{col}"
        expected, found = before.values.get(fwd), after.values.get(over)
        if expected is None or found is None:
            continue
        ok = expected == found
        verdict = "holds" if ok else f"fails: expected {expected}, found {found}"
        message = (
            f"R5 [{col}] {after.agency}: {after.year}'s 上年结转 = {before.year}'s "
            f"结转下年度继续办理 {verdict} ({docs[1].path or '<input>'} against "
            f"{docs[0].path or '<input>'})"
        )
        yield CrossCheck(
            R5, col, ok, expected, found, message, after.agency, after.year, docs, (fwd, over)
        )


def _gap(before: Row, after: Row) -> Iterator[CrossCheck]:
    docs = (before.documents[0], after.documents[0])
    for year in range(before.year + 1, after.year):
        message = (
            f"{before.agency}: no report for {year}, between {before.year} "
            f"({docs[0].path or '<input>'}) and {after.year} ({docs[1].path or '<input>'}); "
            "R5 is not checked across the gap"
        )
        yield CrossCheck(
            YEAR_MISSING, str(year), False, year, None, message, before.agency, year, docs
        )


def panel(
    sources: Iterable[inputs.Source],
    *,
    jobs: int | None = None,
    timeout: float | None = isolate.DEFAULT_TIMEOUT,
    memory: int | None = isolate.DEFAULT_MEMORY,
    readers: list[str] | None = None,
) -> Panel:
    """The panel of ``sources``: ``Report`` objects, record dicts, record files
    (``.json``/``.jsonl`` from ``gxparse parse``) and report files, parsed in ``jobs``
    isolated workers (0: in this process). A file that cannot be read is in
    ``Panel.failures``."""
    reports, failures = inputs.load(
        sources,
        jobs=jobs,
        timeout=timeout,
        memory=memory,
        readers=readers,
    )
    return build(reports, failures)


__all__ = [
    "DUPLICATE",
    "R5",
    "TEMPLATE",
    "YEAR_MISSING",
    "CrossCheck",
    "Panel",
    "Row",
    "Unplaced",
    "build",
    "expected_template",
    "panel",
]
