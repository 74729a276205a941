"""gxparse diff: what changed between two reports of one agency (cells, checks, meta)."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import gxparse
from gxparse import cli
from gxparse.compare import APPEARED, CHANGED, DISAPPEARED, ONLY_A, ONLY_B
from gxparse.record import Report, Value

from .conftest import ROOT

SERIES = ROOT / "tests" / "panel_series"
MANIFEST = json.loads((SERIES / "manifest.json").read_text("utf-8"))


def _doc(kind: str | None = None, year: int | None = None, agency: str | None = None) -> Path:
    """A document of the series: of the agency given ``kind`` of break (None: a clean one)."""
    if agency is None:
        broken = {b["kind"]: b["agency"] for b in MANIFEST["breaks"]}
        clean = [a for a in MANIFEST["agencies"] if a not in broken.values()]
        agency = broken[kind] if kind else clean[0]
    doc = next(
        d
        for d in MANIFEST["documents"]
        if d["agency"] == agency and (year is None or d["year"] == year)
    )
    return SERIES / doc["files"]["tab"]


def _with(report: Report, table: str, row: str, col: str, value: int | None) -> Report:
    cells = {r: dict(c) for r, c in report.table(table).items()}
    old = cells[row][col]
    cells[row][col] = Value(value, old.prov)
    return attrs.evolve(report, **{table: cells})


def test_same_report_no_differences() -> None:
    a = gxparse.parse(_doc())
    d = gxparse.diff(a, a)
    assert d.empty and d.same_document and d.same_agency


def test_two_years_of_one_agency() -> None:
    a, b = gxparse.parse(_doc(year=2021)), gxparse.parse(_doc(year=2022))
    d = gxparse.diff(a, b)
    assert d.same_agency and not d.same_document
    assert [(m.field, m.a, m.b) for m in d.meta] == [("year", 2021, 2022)]
    va = {f"{t}.{r}.{c}": v.value for t, r, c, v in a.cells()}
    vb = {f"{t}.{r}.{c}": v.value for t, r, c, v in b.cells()}
    differ = {k for k in va.keys() & vb.keys() if va[k] != vb[k]}
    assert differ  # two years of figures
    listed = {c.key: (c.a, c.b) for c in d.cells if c.kind in (CHANGED, APPEARED, DISAPPEARED)}
    assert listed == {k: (va[k], vb[k]) for k in differ}


def test_template_switch_lists_cells_only_one_has() -> None:
    a, b = gxparse.parse(_doc(year=2020)), gxparse.parse(_doc(year=2021))
    d = gxparse.diff(a, b)
    assert ("template", "2019", "2021") in [(m.field, m.a, m.b) for m in d.meta]
    only_a = {c.key for c in d.cells if c.kind == ONLY_A}
    only_b = {c.key for c in d.cells if c.kind == ONLY_B}
    assert "active_disclosure.procurement.items" in only_a
    assert "active_disclosure.regulations.issued" in only_b


def test_nulls_and_checks() -> None:
    a = gxparse.parse(_doc())
    b = _with(a, "applications", "received.new", "total", None)
    b = _with(b, "review_litigation", "review", "total", 999)
    b = attrs.evolve(b, checks=tuple(
        attrs.evolve(c, ok=False, found=999) if (c.rule, c.scope) == ("R4", "review") else c
        for c in b.checks
        if (c.rule, c.scope) != ("R1", "total")
    ))  # fmt: skip
    d = gxparse.diff(a, b)
    kinds = {c.key: c.kind for c in d.cells}
    assert kinds == {
        "applications.received.new.total": APPEARED,
        "review_litigation.review.total": CHANGED,
    }
    assert gxparse.diff(b, a).cells[0].kind == DISAPPEARED
    checks = {(c.rule, c.scope): (c.a is not None and c.a.ok, c.b) for c in d.checks}
    assert checks[("R1", "total")] == (True, None)  # no longer run
    assert checks[("R4", "review")][1] is not None and not checks[("R4", "review")][1].ok
    data = d.to_dict()
    assert data["counts"][APPEARED] == 1 and data["counts"]["checks"] == 2


def test_conflicting_versions() -> None:
    brk = next(b for b in MANIFEST["breaks"] if b["kind"] == "conflict")
    files = {d["id"]: SERIES / d["files"]["tab"] for d in MANIFEST["documents"]}
    a, b = (files[i] for i in brk["detail"]["versions"])
    d = gxparse.diff(a, b)  # files: parsed
    assert {c.key for c in d.cells} == set(brk["detail"]["cells"])
    assert not d.meta and not d.checks


def test_different_agencies_are_said(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["diff", str(_doc("carry")), str(_doc("template"))])
    out = capsys.readouterr().out
    assert code == cli.EXIT_RULES
    assert "do not name the same agency" in out


def test_cli_text_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    brk = next(b for b in MANIFEST["breaks"] if b["kind"] == "conflict")
    files = {d["id"]: SERIES / d["files"]["tab"] for d in MANIFEST["documents"]}
    a, b = (str(files[i]) for i in brk["detail"]["versions"])
    code = cli.main(["diff", a, b])
    out = capsys.readouterr().out
    assert code == cli.EXIT_RULES
    assert out.startswith(f"A: {a}")
    assert "review_litigation.review.upheld" in out and "cells: 2 changed" in out
    # a record file against the report file it came from: same figures
    record = tmp_path / "a.json"
    gxparse.parse(Path(a)).save(record)
    code = cli.main(["diff", str(record), a, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == cli.EXIT_OK
    assert data["schema"] == "gxparse/diff@1" and data["same_document"]


def test_cli_unreadable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    two = tmp_path / "two.jsonl"
    line = gxparse.parse(_doc()).to_json(indent=None)
    two.write_text(line + "\n" + line + "\n", encoding="utf-8")
    assert cli.main(["diff", str(two), str(_doc())]) == cli.EXIT_INPUT
    assert "holds 2 records" in capsys.readouterr().err
    missing = tmp_path / "nope.pdf"
    assert cli.main(["diff", str(missing), str(_doc())]) == cli.EXIT_INPUT
    assert str(missing) in capsys.readouterr().err
