"""Report <-> JSON, in the contract's exact keys (docs/record.md).

Kept outside the models (cattrs style): counts are JSON integers, money is a
string holding the source's decimal digits, a value not found is null, and
provenance is one flat map keyed ``<table>.<row>.<column>``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from gxparse.record import (
    SCHEMA,
    Attempt,
    Check,
    Meta,
    Number,
    Provenance,
    Report,
    ReportWarning,
    Source,
    Statement,
    Table,
    Value,
)

TABLE_KEYS = ("active_disclosure", "applications", "review_litigation")
_PROV_OPTIONAL = ("page", "line", "bbox", "table", "row", "col", "flag", "confidence")


def number_to_json(value: Number | None) -> int | str | None:
    if isinstance(value, Decimal):
        return str(value)
    return value


def number_from_json(value: Any) -> Number | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError(f"not a figure: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return Decimal(value)
    raise TypeError(f"not a figure: {value!r}")


def prov_to_dict(prov: Provenance) -> dict[str, Any]:
    out: dict[str, Any] = {"raw": prov.raw}
    for key in _PROV_OPTIONAL:
        value = getattr(prov, key)
        if value is not None:
            out[key] = list(value) if key == "bbox" else value
    if prov.alternatives:
        out["alternatives"] = list(prov.alternatives)
    return out


def prov_from_dict(data: Mapping[str, Any]) -> Provenance:
    bbox = data.get("bbox")
    return Provenance(
        raw=str(data.get("raw", "")),
        page=data.get("page"),
        line=data.get("line"),
        bbox=None
        if bbox is None
        else (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])),
        table=data.get("table"),
        row=data.get("row"),
        col=data.get("col"),
        flag=data.get("flag"),
        confidence=None if data.get("confidence") is None else float(data["confidence"]),
        alternatives=tuple(str(a) for a in data.get("alternatives", ())),
    )


def statement_to_dict(s: Statement) -> dict[str, Any]:
    """A prose statement: quantity, value, the cells it names, the sentence, provenance."""
    return {
        "quantity": s.quantity,
        "value": number_to_json(s.value),
        "cells": list(s.cells),
        "phrasing": s.phrasing,
        "text": s.text,
        "provenance": prov_to_dict(s.prov),
    }


def statement_from_dict(data: Mapping[str, Any]) -> Statement:
    return Statement(
        quantity=data["quantity"],
        value=_figure(data["value"]),
        text=data.get("text", ""),
        prov=prov_from_dict(data.get("provenance", {})),
        cells=tuple(data.get("cells", ())),
        phrasing=data.get("phrasing", ""),
    )


def _table_to_dict(table: Table) -> dict[str, dict[str, int | str | None]]:
    return {
        row: {col: number_to_json(v.value) for col, v in cols.items()}
        for row, cols in table.items()
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    src = report.source
    source: dict[str, Any] = {
        "path": src.path,
        "sha256": src.sha256,
        "format": src.format,
        "reader": src.reader,
        "pages": src.pages,
        "attempts": [
            {"reader": a.reader, "score": a.score, "outcome": a.outcome, "reasons": list(a.reasons)}
            for a in src.attempts
        ],
    }
    return {
        "schema": report.schema,
        "source": source,
        "meta": {
            "agency": report.meta.agency,
            "year": report.meta.year,
            "template": report.meta.template,
        },
        "status": report.status.to_dict(),
        "active_disclosure": _table_to_dict(report.active_disclosure),
        "applications": _table_to_dict(report.applications),
        "review_litigation": _table_to_dict(report.review_litigation),
        "checks": [
            {
                "rule": c.rule,
                "scope": c.scope,
                "ok": c.ok,
                "expected": number_to_json(c.expected),
                "found": number_to_json(c.found),
                "message": c.message,
                "cells": list(c.cells),
            }
            for c in report.checks
        ],
        "warnings": [
            {"code": w.code, "message": w.message, "where": w.where} for w in report.warnings
        ],
        "statements": [statement_to_dict(s) for s in report.statements],
        "provenance": {key: prov_to_dict(p) for key, p in report.provenance.items()},
    }


def _table_from_dict(name: str, data: Mapping[str, Any], prov: Mapping[str, Any]) -> Table:
    out: dict[str, dict[str, Value]] = {}
    for row, cols in data.items():
        out[row] = {}
        for col, raw in cols.items():
            p = prov.get(f"{name}.{row}.{col}")
            out[row][col] = Value(number_from_json(raw), None if p is None else prov_from_dict(p))
    return out


def report_from_dict(data: Mapping[str, Any]) -> Report:
    if data.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} record (schema={data.get('schema')!r})")
    s = data["source"]
    m = data["meta"]
    prov = data.get("provenance", {})
    return Report(
        schema=SCHEMA,
        source=Source(
            path=s.get("path"),
            sha256=s["sha256"],
            format=s["format"],
            reader=s.get("reader"),
            pages=s.get("pages"),
            attempts=tuple(
                Attempt(a["reader"], float(a["score"]), a["outcome"], tuple(a.get("reasons", ())))
                for a in s.get("attempts", ())
            ),
        ),
        meta=Meta(agency=m.get("agency"), year=m.get("year"), template=m.get("template")),
        active_disclosure=_table_from_dict(
            "active_disclosure", data.get("active_disclosure", {}), prov
        ),
        applications=_table_from_dict("applications", data.get("applications", {}), prov),
        review_litigation=_table_from_dict(
            "review_litigation", data.get("review_litigation", {}), prov
        ),
        checks=tuple(
            Check(
                rule=c["rule"],
                scope=c["scope"],
                ok=bool(c["ok"]),
                expected=_figure(c["expected"]),
                found=_figure(c["found"]),
                message=c.get("message", ""),
                cells=tuple(c.get("cells", ())),
            )
            for c in data.get("checks", ())
        ),
        warnings=tuple(
            ReportWarning(w["code"], w["message"], w.get("where")) for w in data.get("warnings", ())
        ),
        statements=tuple(statement_from_dict(s) for s in data.get("statements", ())),
    )


def _figure(value: Any) -> Number:
    number = number_from_json(value)
    if number is None:
        raise TypeError("a check's expected/found figure cannot be null")
    return number


def report_to_json(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)


def report_from_json(text: str | bytes) -> Report:
    return report_from_dict(json.loads(text))
