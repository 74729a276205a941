"""gxparse panel: one row per (agency, year), and R5, the template, gaps and duplicates.

``tests/panel_series`` is a small multi-year set made by the corpus generator
(``python benchmarks/gen/build_panel.py --out tests/panel_series --agencies 7 --seed 3
--forms tab --years 2019-2022``): seven agencies, 结转 carried year to year, and one of
each deliberate break, listed in its manifest with what a panel must report.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gxparse
from gxparse import agency, cli
from gxparse.crossyear import DUPLICATE, R5, TEMPLATE, YEAR_MISSING, Panel, build, expected_template
from gxparse.record import Report
from gxparse.serialize import report_from_dict

from .conftest import ROOT
from .render_text import RENDERERS, Quirks
from .strategies import APPLICANTS, reports

SERIES = ROOT / "tests" / "panel_series"
MANIFEST = json.loads((SERIES / "manifest.json").read_text("utf-8"))
COLUMNS = (*APPLICANTS, "total")


def _paths() -> list[str]:
    return [str(SERIES / d["files"]["tab"]) for d in MANIFEST["documents"]]


@pytest.fixture(scope="module")
def series() -> Panel:
    return gxparse.panel(_paths(), jobs=0)


def _owner() -> dict[str, str]:
    return {d["files"]["tab"]: d["agency"] for d in MANIFEST["documents"]}


def _findings(panel: Panel) -> set[tuple[str, str, int, str]]:
    owner = _owner()
    return {
        (c.rule, owner[Path(d.path or "").name], c.year, c.scope)
        for c in panel.failed_checks
        for d in c.documents
    }


def test_series_reports_every_break_and_nothing_else(series: Panel) -> None:
    want = {
        (e["rule"], b["agency"], e["year"], e["scope"])
        for b in MANIFEST["breaks"]
        for e in b["expect"]
    }
    assert want  # the set has breaks to find
    assert _findings(series) == want
    assert not series.unplaced and not series.failures


def test_series_one_agency_per_agency(series: Panel) -> None:
    """Seven agencies, each one panel agency: the name printed another way one year is
    matched (no gap, no eighth agency), and no two agencies are merged."""
    owner = _owner()
    assert len(series.agencies) == len(MANIFEST["agencies"])
    for row in series.rows:
        assert len({owner[Path(d.path or "").name] for d in row.documents}) == 1
    spelling = next(b for b in MANIFEST["breaks"] if b["kind"] == "spelling")
    printed = spelling["detail"]["printed"]
    row = series.row(printed, spelling["year"])
    assert row is not None
    assert agency.key(printed) in {agency.key(s) for s in series.agencies[row.agency]}
    years = sorted(r.year for r in series.rows if r.agency == row.agency)
    assert years == MANIFEST["years"]


def test_series_r5_across_the_template_switch(series: Panel) -> None:
    """2020 (2019 tables) -> 2021 (2021 tables): R5 is checked across the switch, and holds
    in the consistent series."""
    broken = {b["agency"] for b in MANIFEST["breaks"] if b["kind"] in ("carry", "template")}
    owner = _owner()
    crossing = [
        c
        for c in series.checks
        if c.rule == R5
        and c.year == 2021
        and owner[Path(c.documents[1].path or "").name] not in broken
    ]
    assert len(crossing) >= len(COLUMNS) * 3
    assert all(c.ok for c in crossing)
    assert {c.documents[0].template for c in crossing} == {"2019"}
    assert {c.documents[1].template for c in crossing} == {"2021"}


def test_series_broken_carry_names_both_documents_and_cells(series: Panel) -> None:
    brk = next(b for b in MANIFEST["breaks"] if b["kind"] == "carry")
    col = brk["detail"]["column"]
    failed = [c for c in series.failed_checks if c.rule == R5]
    assert {c.scope for c in failed} == {col, "total"}
    check = next(c for c in failed if c.scope == col)
    assert [d.year for d in check.documents] == [brk["year"] - 1, brk["year"]]
    assert check.found == brk["detail"]["printed"]
    assert check.expected == brk["detail"]["consistent"]
    assert check.cells == (
        f"applications.carried_forward.{col}",
        f"applications.received.carried_over.{col}",
    )


def test_series_duplicates(series: Panel) -> None:
    dups = {c.year: c for c in series.failed_checks if c.rule == DUPLICATE}
    same = next(b for b in MANIFEST["breaks"] if b["kind"] == "duplicate")
    conflict = next(b for b in MANIFEST["breaks"] if b["kind"] == "conflict")
    twice = next(
        c for c in series.failed_checks if c.rule == DUPLICATE and c.agency == same["agency"]
    )
    assert len({d.sha256 for d in twice.documents}) == 1
    assert "published 2 times" in twice.message
    other = next(
        c for c in series.failed_checks if c.rule == DUPLICATE and c.agency == conflict["agency"]
    )
    assert len({d.sha256 for d in other.documents}) == 2
    row = series.row(conflict["agency"], conflict["year"])
    assert row is not None and set(row.conflict) == set(conflict["detail"]["cells"])
    for key in conflict["detail"]["cells"]:
        assert row.values[key] is None  # neither version's figure
        assert key in other.message
    assert dups


def test_series_template_and_gap(series: Panel) -> None:
    tpl = next(b for b in MANIFEST["breaks"] if b["kind"] == "template")
    check = next(c for c in series.failed_checks if c.rule == TEMPLATE)
    row = series.row(tpl["agency"], tpl["year"])
    assert row is not None and (check.agency, check.year) == (row.agency, tpl["year"])
    assert (check.expected, check.found) == (tpl["detail"]["expected"], tpl["detail"]["printed"])
    gap = next(b for b in MANIFEST["breaks"] if b["kind"] == "missing")
    missing = next(c for c in series.failed_checks if c.rule == YEAR_MISSING)
    assert missing.year == gap["year"]
    assert [d.year for d in missing.documents] == [gap["year"] - 1, gap["year"] + 1]
    assert not any(
        c.rule == R5 and c.agency == missing.agency and c.year == gap["year"] + 1
        for c in series.checks
    )  # nothing checked across the gap


def test_panel_from_records_matches_files(series: Panel, tmp_path: Path) -> None:
    """A panel built from last week's records (gxparse parse JSONL) finds the same."""
    records = gxparse.panel(_paths()[:12], jobs=0)
    stream = tmp_path / "records.jsonl"
    lines = []
    for row in records.rows:
        for d in row.documents:
            lines.append(gxparse.parse(Path(d.path or "")).to_json(indent=None))
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = gxparse.panel([stream])
    assert [c.to_dict() for c in again.checks] == [c.to_dict() for c in records.checks]
    assert [r.to_dict() for r in again.rows] == [r.to_dict() for r in records.rows]


# -- records made here ---------------------------------------------------------------------


def _report(record: dict[str, Any], name: str) -> Report:
    data = copy.deepcopy(record)
    data["schema"] = "gxparse/record@1"
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    data["source"] = {"path": name, "sha256": digest, "format": "text"}
    return report_from_dict(data)


def _chain(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each year's 上年结转 set to the year before's 结转下年度 (R1 kept through 本年新收,
    or a larger 结转下年度 where 本年新收 would go below 0)."""
    for before, after in itertools.pairwise(records):
        apps = after["applications"]
        for col in APPLICANTS:
            over = before["applications"]["carried_forward"][col]
            apps["received.carried_over"][col] = over
            new = apps["result.total"][col] + apps["carried_forward"][col] - over
            if new < 0:
                apps["carried_forward"][col] -= new
                new = 0
            apps["received.new"][col] = new
        for row in ("received.carried_over", "received.new", "carried_forward"):
            apps[row]["total"] = sum(apps[row][c] for c in APPLICANTS)
    return records


@st.composite
def consistent_series(draw: st.DrawFn) -> list[dict[str, Any]]:
    """One agency's reports for a run of consecutive years, 结转 carried on, each on the
    template of its year."""
    first = draw(st.integers(2019, 2023))
    n = draw(st.integers(2, 4))
    out = []
    for year in range(first, first + n):
        rec = draw(reports(template=expected_template(year)))
        rec["meta"]["year"] = year
        rec["meta"]["agency"] = "淮安市洪泽区人民政府"
        out.append(rec)
    return _chain(out)


@given(consistent_series())
def test_property_consistent_series_passes_r5(records: list[dict[str, Any]]) -> None:
    panel = build([_report(r, f"r{r['meta']['year']}.txt") for r in records])
    r5 = [c for c in panel.checks if c.rule == R5]
    assert len(r5) == len(COLUMNS) * (len(records) - 1)
    assert panel.ok, [c.message for c in panel.failed_checks]


@given(consistent_series(), st.data())
def test_property_one_broken_carry_fails_exactly_there(
    records: list[dict[str, Any]], data: st.DataObject
) -> None:
    at = data.draw(st.integers(1, len(records) - 1), label="year index")
    col = data.draw(st.sampled_from(COLUMNS), label="column")
    delta = data.draw(st.sampled_from([-3, -1, 1, 2, 7]), label="delta")
    forward = records[at - 1]["applications"]["carried_forward"][col]
    printed = forward + delta if forward + delta >= 0 else forward - delta
    records[at]["applications"]["received.carried_over"][col] = printed  # this cell alone
    panel = build([_report(r, f"r{r['meta']['year']}.txt") for r in records])
    failed = panel.failed_checks
    assert [(c.rule, c.scope, c.year) for c in failed] == [(R5, col, records[at]["meta"]["year"])]
    years = [records[at - 1]["meta"]["year"], records[at]["meta"]["year"]]
    assert [d.year for d in failed[0].documents] == years
    assert [d.path for d in failed[0].documents] == [f"r{y}.txt" for y in years]


@settings(max_examples=10)
@given(consistent_series(), st.data())
def test_property_through_parsing(records: list[dict[str, Any]], data: st.DataObject) -> None:
    """The same, end to end: each year printed in a text layout and parsed; a consistent
    series passes R5, and one 上年结转 misprinted fails exactly there, naming both documents."""
    layout = data.draw(st.sampled_from(sorted(RENDERERS)), label="layout")
    at = data.draw(st.integers(1, len(records) - 1), label="year index")
    col = data.draw(st.sampled_from(COLUMNS), label="column")
    texts = [RENDERERS[layout](r, Quirks()) for r in records]
    parsed = [gxparse.parse(t) for t in texts]
    assert build(parsed).ok
    forward = records[at - 1]["applications"]["carried_forward"][col]
    broken = copy.deepcopy(records[at])
    broken["applications"]["received.carried_over"][col] = forward + 1
    parsed[at] = gxparse.parse(RENDERERS[layout](broken, Quirks()))
    failed = build(parsed).failed_checks
    assert [(c.rule, c.scope) for c in failed] == [(R5, col)]
    assert [d.sha256 for d in failed[0].documents] == [
        parsed[at - 1].source.sha256,
        parsed[at].source.sha256,
    ]


def _simple(agency_name: str | None, year: int | None, path: str) -> Report:
    """A parsed report of the series, given another agency, year and path."""
    report = gxparse.parse(Path(_paths()[0]))
    meta = attrs.evolve(report.meta, agency=agency_name, year=year)
    return attrs.evolve(report, meta=meta, source=attrs.evolve(report.source, path=path))


def test_unplaced_records_are_listed_not_guessed() -> None:
    recs = [
        _simple("某某县生态环境局", 2020, "a.txt"),
        _simple(None, 2020, "b.txt"),
        _simple("某某县生态环境局", None, "c.txt"),
    ]
    panel = build(recs)
    assert [r.documents[0].path for r in panel.rows] == ["a.txt"]
    reasons = {u.document.path: u.reason for u in panel.unplaced}
    assert set(reasons) == {"b.txt", "c.txt"}
    assert "meta.agency" in reasons["b.txt"] and "meta.year" in reasons["c.txt"]


def test_same_record_given_twice_is_one_document() -> None:
    rec = _simple("某某县生态环境局", 2020, "a.txt")
    panel = build([rec, rec])
    assert len(panel.rows) == 1 and not panel.failed_checks


# -- agency names ------------------------------------------------------------------------

SAME = [
    ("spaces", "青岛市市南区教育局", "青岛市 市南区 教育局"),
    ("traditional", "青岛市市南区教育局", "青島市市南區教育局"),
    ("full_width", "ＡＢ市测试区教育局", "AB市测试区教育局"),
    ("people_gov", "淮安市洪泽区人民政府", "淮安市洪泽区政府"),
    ("bracket_word", "淮安市洪泽区人民政府", "淮安市洪泽区人民政府（本级）"),
    ("half_brackets", "淮安市洪泽区人民政府(本级)", "淮安市洪泽区人民政府（本级）"),
]
DIFFERENT = [
    ("other_district", "青岛市市南区教育局", "青岛市市北区教育局"),
    ("city_vs_district", "青岛市教育局", "青岛市市南区教育局"),
    ("office_vs_government", "青岛市市南区人民政府", "青岛市市南区人民政府办公室"),
    ("place_dropped", "洪泽区人民政府", "淮安市洪泽区人民政府"),
    ("other_department", "青岛市民政局", "青岛市财政局"),
]


@pytest.mark.parametrize(("a", "b"), [c[1:] for c in SAME], ids=[c[0] for c in SAME])
def test_agency_same(a: str, b: str) -> None:
    g = agency.group([(a, 2021), (b, 2022)])
    assert g.of[a] == g.of[b]


@pytest.mark.parametrize(("a", "b"), [c[1:] for c in DIFFERENT], ids=[c[0] for c in DIFFERENT])
def test_agency_different(a: str, b: str) -> None:
    g = agency.group([(a, 2021), (b, 2022)])
    assert g.of[a] != g.of[b]


def test_agency_closeness_is_reported() -> None:
    g = agency.group([("淮安市洪泽区人民政府", 2021), ("淮安市洪泽区政府", 2022)])
    assert g.merged == (("淮安市洪泽区政府", "淮安市洪泽区人民政府"),)
    assert g.of["淮安市洪泽区人民政府"] == "淮安市洪泽区政府"  # one each: the latest is shown
    assert set(g.spellings["淮安市洪泽区政府"]) == {"淮安市洪泽区人民政府", "淮安市洪泽区政府"}


def test_misprint_kept_apart_is_reported() -> None:
    """One character replaced is never matched, but a name printed so in a year the other
    has no report is pointed out; two districts reporting in the same years are not."""
    names = [("青岛市市南区教育局", y) for y in (2019, 2020, 2022)] + [("青岛市市男区教育局", 2021)]
    names += [("青岛市市北区教育局", y) for y in (2019, 2020, 2021, 2022)]
    g = agency.group(names)
    assert len(g.spellings) == 3
    assert g.near == (("青岛市市南区教育局", "青岛市市男区教育局"),)


# -- command line --------------------------------------------------------------------------


def _tab(*ids: str) -> list[str]:
    files = {d["id"]: str(SERIES / d["files"]["tab"]) for d in MANIFEST["documents"]}
    return [files[i] for i in ids]


def _agency_docs(kind: str) -> list[str]:
    brk = next(b for b in MANIFEST["breaks"] if b["kind"] == kind)
    return [d["id"] for d in MANIFEST["documents"] if d["agency"] == brk["agency"]]


def test_cli_json_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["panel", *_tab(*_agency_docs("carry")), "-j", "0"])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_RULES
    data = json.loads(out)
    assert data["schema"] == "gxparse/panel@1"
    assert len(data["rows"]) == len(MANIFEST["years"])
    assert {c["scope"] for c in data["checks"] if not c["ok"]} >= {"total"}
    assert "cross-year checks:" in err and "R5 [" in err


def test_cli_consistent_series_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clean = [a for a in MANIFEST["agencies"] if a not in {b["agency"] for b in MANIFEST["breaks"]}]
    ids = [d["id"] for d in MANIFEST["documents"] if d["agency"] == clean[0]]
    out_csv = tmp_path / "panel.csv"
    code = cli.main(["panel", *_tab(*ids), "-j", "0", "--format", "csv", "-o", str(out_csv)])
    assert code == cli.EXIT_OK
    lines = out_csv.read_text("utf-8").splitlines()
    assert len(lines) == 1 + len(ids)
    assert lines[0].startswith("agency,year,template,path")
    assert "applications.received.carried_over.total" in lines[0]


def test_cli_bad_file_and_records(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7 truncated")
    stream = tmp_path / "records.jsonl"
    ids = _agency_docs("template")
    code = cli.main(["panel", *_tab(*ids), str(bad), "-j", "1", "--records", str(stream)])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_INPUT
    assert f"error: {bad}" in err
    assert json.loads(out)["errors"][0]["path"] == str(bad)
    # the records kept: a panel from them alone, no parsing
    code = cli.main(["panel", str(stream)])
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert code == cli.EXIT_INPUT  # the stream keeps the bad file's error line
    assert [c["rule"] for c in data["checks"] if not c["ok"]] == [TEMPLATE]


def test_cli_parquet(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    target = tmp_path / "panel.parquet"
    ids = _agency_docs("conflict")
    code = cli.main(
        ["panel", *_tab(*ids), "-j", "0", "--format", "parquet", "-o", str(target), "-q"]
    )
    assert code == cli.EXIT_RULES
    frame = pd.read_parquet(target)
    assert len(frame) == len(MANIFEST["years"])
    assert str(frame["applications.received.new.total"].dtype) == "Int64"
    conflict = frame[frame["conflict"] != ""]
    assert len(conflict) == 1
    assert conflict["review_litigation.review.total"].isna().all()
