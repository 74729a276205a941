"""Every fixture parses to its hand-checked golden record.

``fixtures/<case>/`` holds ``source.*``, ``expected.json`` (checked by hand
against the source, or by construction for generated cases; see each NOTE.md)
and optionally ``record.json``, a full-record snapshot regenerated with
``GXPARSE_REGEN=1``.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import gxparse
from gxparse.numbers import Kind, parse_count, parse_money

from .conftest import FIXTURES

REGEN = os.environ.get("GXPARSE_REGEN") == "1"
TABLES = ("active_disclosure", "applications", "review_litigation")


def _cases() -> list[Path]:
    out = []
    for expected in sorted(FIXTURES.glob("**/expected.json")):
        if list(expected.parent.glob("source.*")):
            out.append(expected.parent)
    return out


CASES = _cases()


def _source(case: Path) -> Path:
    return next(iter(case.glob("source.*")))


def _failed(gold: dict[str, Any]) -> set[tuple[str, str]]:
    listed = gold.get("failed_rules", gold.get("expected_failed", []))
    return {(f["rule"], f["scope"]) for f in listed}


def _norm(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Money strings compare as decimals (gold "7545" == parsed "7545")."""
    return {
        row: {col: Decimal(v) if isinstance(v, str) else v for col, v in cols.items()}
        for row, cols in table.items()
    }


@pytest.fixture(scope="module", params=CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def _parsed(request: pytest.FixtureRequest) -> tuple[Path, gxparse.Report | Exception]:
    path: Path = request.param
    try:
        return path, gxparse.parse(_source(path))
    except gxparse.GxparseError as exc:  # a known gap of a real fixture, raised in its tests
        return path, exc


def _known_gap(request: pytest.FixtureRequest, path: Path, *names: str) -> None:
    """Mark the test a strict xfail where the fixture's ``known_gaps`` names it: what gxparse
    does not yet read right in a real document, kept visible (it must fail, or the mark goes)."""
    gaps = json.loads((path / "expected.json").read_text("utf-8")).get("known_gaps", {})
    for name in names:
        if name in gaps:
            request.applymarker(pytest.mark.xfail(strict=True, reason=gaps[name]))


@pytest.fixture
def case(
    request: pytest.FixtureRequest, _parsed: tuple[Path, gxparse.Report | Exception]
) -> tuple[Path, gxparse.Report]:
    path, _ = _parsed
    _known_gap(request, path, "parse", request.node.originalname.removeprefix("test_"))
    return _parsed  # type: ignore[return-value]  # opened in the test, so a raise is its failure


def _open(case: tuple[Path, gxparse.Report]) -> tuple[Path, gxparse.Report]:
    path, report = case
    if isinstance(report, Exception):
        raise report
    return path, report


def test_meta(case: tuple[Path, gxparse.Report]) -> None:
    path, report = _open(case)
    gold = json.loads((path / "expected.json").read_text("utf-8"))
    got = report.to_dict()["meta"]
    assert got == gold["meta"]


@pytest.mark.parametrize("table", TABLES)
def test_table(
    request: pytest.FixtureRequest, case: tuple[Path, gxparse.Report], table: str
) -> None:
    path, report = _open(case)
    _known_gap(request, path, f"table:{table}")
    gold = json.loads((path / "expected.json").read_text("utf-8"))
    got = report.to_dict()[table]
    assert _norm(got) == _norm(gold[table])


def test_failed_rules_are_the_sources_own(case: tuple[Path, gxparse.Report]) -> None:
    path, report = _open(case)
    gold = json.loads((path / "expected.json").read_text("utf-8"))
    assert {(c.rule, c.scope) for c in report.failed_checks} == _failed(gold)


def test_every_value_traces_to_its_printed_text(case: tuple[Path, gxparse.Report]) -> None:
    _, report = _open(case)
    for table, row, col, value in report.cells():
        if value.value is None or value.prov is None:
            continue
        raw = value.prov.raw
        parsed = (
            parse_money(raw) if isinstance(value.value, Decimal) else parse_count(raw, signed=True)
        )
        assert parsed.kind is not Kind.TEXT, f"{table}.{row}.{col}: raw {raw!r}"
        assert parsed.value == value.value, f"{table}.{row}.{col}: raw {raw!r} vs {value.value}"
        located = (value.prov.page, value.prov.line, value.prov.row)
        assert any(x is not None for x in located), f"{table}.{row}.{col} has no location"


def test_every_nonzero_value_has_provenance(case: tuple[Path, gxparse.Report]) -> None:
    _, report = _open(case)
    missing = [
        f"{t}.{r}.{c}"
        for t, r, c, v in report.cells()
        if v.value not in (None, 0) and v.prov is None
    ]
    assert missing == []


SNAPSHOT_CASES = [c for c in CASES if (c / "record.json").exists() or c.name.startswith("seed_")]


@pytest.mark.parametrize("path", SNAPSHOT_CASES, ids=[c.name for c in SNAPSHOT_CASES])
def test_snapshot(path: Path) -> None:
    """The full record (provenance, warnings, checks) has not changed unnoticed."""
    snap = path / "record.json"
    data = gxparse.parse(_source(path)).to_dict()
    data["source"]["path"] = None
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if REGEN:
        snap.write_text(text, "utf-8")
    assert json.loads(snap.read_text("utf-8")) == json.loads(text)


def test_regeneration_flag_is_off_in_ci() -> None:
    if os.environ.get("CI"):
        assert not REGEN, (
            "GXPARSE_REGEN must not be set in CI: snapshots would regenerate themselves"
        )
