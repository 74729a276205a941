"""What changed between two reports: ``diff(a, b) -> Diff``.

Meant for two reports of one agency (two years, or a report and its corrected
version), but any two records compare. A cell is compared where both templates have it;
one only one record has is listed apart (``only_a`` / ``only_b``: a template switch
gives many). A value that is null in one record and not the other is a null that
*appeared* (``a`` had a value, ``b`` has none) or *disappeared*. Checks are matched by
rule and scope; those whose outcome differs, or that only one record could run, are
listed. Money is compared by value (``1.50`` and ``1.5`` are the same amount).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from attrs import frozen

from gxparse import agency
from gxparse.record import Check, Number, Report
from gxparse.serialize import number_to_json

CHANGED = "changed"
APPEARED = "null_appeared"  # a value in a, null in b
DISAPPEARED = "null_disappeared"  # null in a, a value in b
ONLY_A = "only_a"
ONLY_B = "only_b"
KINDS = (CHANGED, APPEARED, DISAPPEARED, ONLY_A, ONLY_B)


@frozen
class Document:
    """Which document a side of a comparison is."""

    path: str | None
    sha256: str
    agency: str | None
    year: int | None
    template: str | None

    @classmethod
    def of(cls, report: Report) -> Document:
        m = report.meta
        return cls(report.source.path, report.source.sha256, m.agency, m.year, m.template)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
        }

    def label(self) -> str:
        return (
            f"{self.path or '<input>'} ({self.agency or '?'} {self.year or '?'}, "
            f"template {self.template or '?'}, sha256 {self.sha256[:12]})"
        )


@frozen
class CellChange:
    key: str  # table.row.column
    kind: str  # one of KINDS
    a: Number | None
    b: Number | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "a": number_to_json(self.a),
            "b": number_to_json(self.b),
        }


@frozen
class CheckChange:
    """A check whose outcome differs (``a``/``b`` None: the record could not run it)."""

    rule: str
    scope: str
    a: Check | None
    b: Check | None

    def to_dict(self) -> dict[str, Any]:
        def side(c: Check | None) -> dict[str, Any] | None:
            if c is None:
                return None
            return {
                "ok": c.ok,
                "expected": number_to_json(c.expected),
                "found": number_to_json(c.found),
            }

        return {"rule": self.rule, "scope": self.scope, "a": side(self.a), "b": side(self.b)}


@frozen
class MetaChange:
    field: str  # agency, year, template
    a: Any
    b: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "a": self.a, "b": self.b}


@frozen
class WarningChange:
    code: str
    where: str | None
    side: str  # "a" (only in a: gone in b) or "b" (new in b)
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "where": self.where, "side": self.side, "message": self.message}


@frozen
class Diff:
    a: Document
    b: Document
    same_agency: bool  # the two names are one agency (gxparse.agency.close)
    meta: tuple[MetaChange, ...]
    cells: tuple[CellChange, ...]
    checks: tuple[CheckChange, ...]
    warnings: tuple[WarningChange, ...]

    @property
    def same_document(self) -> bool:
        return self.a.sha256 == self.b.sha256

    @property
    def empty(self) -> bool:
        """Nothing differs in meta, cells, checks or warnings."""
        return not (self.meta or self.cells or self.checks or self.warnings)

    def count(self, kind: str) -> int:
        return sum(c.kind == kind for c in self.cells)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "gxparse/diff@1",
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "same_agency": self.same_agency,
            "same_document": self.same_document,
            "counts": {kind: self.count(kind) for kind in KINDS}
            | {"checks": len(self.checks), "meta": len(self.meta), "warnings": len(self.warnings)},
            "meta": [m.to_dict() for m in self.meta],
            "cells": [c.to_dict() for c in self.cells],
            "checks": [c.to_dict() for c in self.checks],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _values(report: Report) -> dict[str, Number | None]:
    return {f"{t}.{r}.{c}": v.value for t, r, c, v in report.cells()}


def cell_changes(a: Report, b: Report) -> Iterator[CellChange]:
    """Every cell that differs, in ``a``'s record order then ``b``'s cells ``a`` lacks."""
    va, vb = _values(a), _values(b)
    for key, x in va.items():
        if key not in vb:
            yield CellChange(key, ONLY_A, x, None)
            continue
        y = vb[key]
        if x == y:
            continue
        kind = APPEARED if y is None else DISAPPEARED if x is None else CHANGED
        yield CellChange(key, kind, x, y)
    for key, y in vb.items():
        if key not in va:
            yield CellChange(key, ONLY_B, None, y)


def _check_changes(a: Report, b: Report) -> Iterator[CheckChange]:
    ca = {(c.rule, c.scope): c for c in a.checks}
    cb = {(c.rule, c.scope): c for c in b.checks}
    for rs in [*ca, *(k for k in cb if k not in ca)]:
        x, y = ca.get(rs), cb.get(rs)
        if x is None or y is None or x.ok != y.ok:
            yield CheckChange(rs[0], rs[1], x, y)


def _warning_changes(a: Report, b: Report) -> Iterator[WarningChange]:
    wa = {(w.code, w.where): w for w in a.warnings}
    wb = {(w.code, w.where): w for w in b.warnings}
    for k, w in wa.items():
        if k not in wb:
            yield WarningChange(w.code, w.where, "a", w.message)
    for k, w in wb.items():
        if k not in wa:
            yield WarningChange(w.code, w.where, "b", w.message)


def one_report(source: Any, *, jobs: int = 0, timeout: float | None = None) -> Report:
    """A ``Report`` from a ``Report``, a record dict, a record file holding one record, or a
    report file (parsed in this process, or with ``jobs=1`` in an isolated worker under
    ``timeout`` seconds)."""
    from gxparse import inputs

    if isinstance(source, Report):
        return source
    reports, failures = inputs.load([source], jobs=jobs, timeout=timeout)
    if failures:
        f = failures[0]
        raise inputs.RecordFileError(f.message.removeprefix(f"{f.path}: "), path=f.path)
    if len(reports) != 1:
        raise inputs.RecordFileError(
            f"holds {len(reports)} records; diff compares one with one", path=str(source)
        )
    return reports[0]


def diff(a: Any, b: Any) -> Diff:
    """What differs between reports ``a`` and ``b``: ``Report`` objects, record dicts,
    record files of one record, or report files (parsed)."""
    a, b = one_report(a), one_report(b)
    meta = tuple(
        MetaChange(name, getattr(a.meta, name), getattr(b.meta, name))
        for name in ("agency", "year", "template")
        if getattr(a.meta, name) != getattr(b.meta, name)
    )
    na, nb = a.meta.agency, b.meta.agency
    same = (
        na is not None
        and nb is not None
        and (
            agency.close(agency.key(na), agency.key(nb))
            or agency.bare_key(na) == agency.bare_key(nb)
        )
    )
    return Diff(
        Document.of(a),
        Document.of(b),
        same,
        meta,
        tuple(cell_changes(a, b)),
        tuple(_check_changes(a, b)),
        tuple(_warning_changes(a, b)),
    )


__all__ = [
    "CellChange",
    "CheckChange",
    "Diff",
    "Document",
    "MetaChange",
    "cell_changes",
    "diff",
    "one_report",
]
