"""How far each record can be trusted (issue #15): a status, and doubt named cell by cell.

- ``Report.status`` is ``complete`` (every value read plainly, every rule held),
  ``inconsistent`` (every value read, a rule broken by the source's own figures) or
  ``incomplete`` (values null or flagged), with counts; it is in the JSON and survives it.
- Every null or flagged value is named by a warning whose ``where`` is its own
  ``table.row.column``; a flagged value with provenance carries the reason in ``flag``.
- Fuzzed with the variant families in every text form and HTML: no wrong or missing
  value escapes without its own cell named (the scorer's *strict* count is 0), and a
  record that calls itself ``complete`` holds no wrong value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import Phase, given, note, settings

import gxparse
from gxparse import doubt, status
from gxparse.score import score, true_state

from .conftest import FIXTURES
from .strategies import reports
from .variants.damage import Case, cases, undamaged
from .variants.judge import parse_and_judge
from .variants.render import RENDERERS

FORMS = sorted(RENDERERS)
SEED = FIXTURES / "seed_000_cells" / "source.txt"
no_shrink = settings(phases=[p for p in Phase if p != Phase.shrink])


def _sources() -> list[Path]:
    out = []
    for folder in sorted(FIXTURES.iterdir()):
        out += [p for p in sorted(folder.glob("source.*")) if p.suffix != ".json"]
    return out


def _parsed() -> list[tuple[Path, gxparse.Report]]:
    out = []
    for path in _sources():
        try:
            out.append((path, gxparse.parse(path)))
        except gxparse.GxparseError:
            continue
    return out


PARSED = _parsed()


def _doubt_named(report: gxparse.Report) -> list[str]:
    """What is wrong with the per-cell naming of ``report`` (empty when all is right)."""
    named = {w.where for w in report.warnings if w.where}
    problems = []
    for t, r, c, v in report.cells():
        key = f"{t}.{r}.{c}"
        if v.value is None and key not in named:
            problems.append(f"{key} is null and no warning names it")
    for key, (code, _) in doubt.doubtful(report).items():
        if key not in named:
            problems.append(f"{key} is in doubt ({code}) and no warning names it")
        table, rest = key.split(".", 1)
        row, col = rest.rsplit(".", 1)
        value = report.table(table)[row][col]
        if code != doubt.MISSING and value.prov is not None and value.prov.flag is None:
            problems.append(f"{key} is flagged ({code}) but its provenance has no flag")
    for w in report.warnings:
        if w.code == doubt.MISSING and report.get(*_split(w.where)) is not None:
            problems.append(f"{w.where} is named missing but holds a value")
    return problems


def _split(where: str | None) -> tuple[str, str, str]:
    table, rest = (where or "").split(".", 1)
    row, col = rest.rsplit(".", 1)
    return table, row, col


@pytest.mark.parametrize("path", [p for p, _ in PARSED], ids=lambda p: p.parent.name)
def test_every_fixture_names_each_doubtful_value_at_its_cell(path: Path) -> None:
    report = dict(PARSED)[path]
    assert _doubt_named(report) == []
    s = report.status
    assert s.values == sum(1 for _ in report.cells())
    assert s.null == sum(1 for *_, v in report.cells() if v.value is None)
    assert s.passed + s.failed == len(report.checks)
    assert (s.state == status.COMPLETE) == (not s.null and not s.flagged and not s.failed)


def test_a_whole_report_read_plainly_is_complete() -> None:
    report = gxparse.parse(SEED)
    s = report.status
    assert s.state == "complete" and s.null == s.flagged == s.failed == s.unchecked == 0
    assert s.summary == f"complete: 200 values, {len(report.checks)} checks"
    assert not any(w.code in (doubt.MISSING, doubt.FLAGGED) for w in report.warnings)


def test_a_report_whose_own_figures_break_a_rule_is_inconsistent() -> None:
    report = gxparse.parse(FIXTURES / "docx_broken_rule" / "source.docx")
    s = report.status
    assert s.state == "inconsistent" and s.null == s.flagged == 0
    assert s.summary == "inconsistent: " + ", ".join(
        f"{c.rule} {c.scope}" for c in report.failed_checks
    )
    assert s.failures and s.failed == len(report.failed_checks)


def test_a_cut_off_report_is_incomplete_and_names_every_missing_cell(tmp_path: Path) -> None:
    lines = SEED.read_text("utf-8").splitlines()
    cut = next(i for i, line in enumerate(lines) if "四、结转下年度继续办理" in line)
    cut_off = tmp_path / "cut.txt"
    cut_off.write_text("\n".join(lines[: cut + 8]), "utf-8")
    report = gxparse.parse(cut_off)
    s = report.status
    missing = {
        f"{t}.{r}.{c}" for t, r, c, v in report.cells() if v.value is None
    }  # 表四 and whatever of the last row was cut
    assert {k for k in missing if k.startswith("review_litigation.")} == {
        f"review_litigation.{g}.{c}"
        for g in ("review", "litigation_direct", "litigation_after_review")
        for c in ("upheld", "corrected", "other", "pending", "total")
    }
    assert s.state == "incomplete" and s.null == len(missing)
    assert s.summary.startswith(f"incomplete: {len(missing)} of 200 values missing (")
    assert "表四" in s.summary
    assert s.unchecked >= 3  # R4 over each 表四 group
    named = {w.where: w for w in report.warnings if w.code == doubt.MISSING}
    assert set(named) == missing  # table_missing names only the table: each cell is named
    assert "table_missing" in named["review_litigation.review.total"].message


def test_the_status_is_in_the_json_and_survives_it() -> None:
    for _, report in PARSED:
        data = report.to_dict()
        again = gxparse.Report.from_json(report.to_json())
        assert data["status"] == report.status.to_dict() == again.status.to_dict()
        assert again.to_dict() == data


def test_marking_twice_changes_nothing() -> None:
    for _, report in PARSED:
        assert doubt.mark(report) == report


def test_a_value_decided_by_a_rule_is_flagged_with_the_reason() -> None:
    """A tab-printed row whose blank cells admit two alignments is placed by R3: its
    values are flagged ``alignment_by_rule`` in their provenance, each cell named."""
    source = Path(__file__).parents[1] / "benchmarks" / "corpus" / "d028.tab.txt"
    report = gxparse.parse(source)
    decided = [k for k, (code, _) in doubt.doubtful(report).items() if code == "alignment_by_rule"]
    assert decided, "d028 prints a row whose alignment only R3 decides"
    prov = report.provenance
    assert all(prov[k].flag == "alignment_by_rule" for k in decided if k in prov)
    assert report.status.state == "incomplete" and report.status.flagged == len(decided)
    # the values are right: flagged is doubt, not error
    gold = Path(str(source).replace(".tab.txt", ".gold.json"))
    assert score(report, json.loads(gold.read_text("utf-8"))).cells.accuracy == 1


@pytest.mark.parametrize("form", FORMS)
@given(record=reports())
def test_the_template_print_has_its_true_status(form: str, record: dict) -> None:
    case = undamaged(record)
    verdict, _ = parse_and_judge(case, form)
    assert verdict.score.pred_state == true_state(case.gold())


@no_shrink
@given(case=cases())
def test_no_wrong_value_escapes_its_own_cell_and_complete_means_right(case: Case) -> None:
    """Damaged prints in every form: each wrong or missing value is in a failed check or
    named at its own cell by a warning, and a record called complete is right."""
    for form in FORMS:
        verdict, _ = parse_and_judge(case, form)
        if verdict.error:
            continue
        sc = verdict.score
        strict = [
            (e.key, e.expected, e.found) for e in sc.errors if e.strict_silent and e.table != "meta"
        ]
        note(f"{form} {case.variants}: state {sc.pred_state}, strict {strict[:5]}")
        assert strict == []
        assert not sc.complete_but_wrong


def test_a_cell_not_placed_in_a_review_table_flags_all_of_it() -> None:
    """表四's three groups are printed in one row: a cell left unplaced there puts every
    figure of it in doubt. fixtures/fuzz_t4_split_blank_zeros (表四 printed as two tables,
    行政复议's row all blank) with that blank row taken out, as a converter dropping empty
    rows would: nothing is left under 行政复议's header, so 行政诉讼's figures come first
    and 复议后起诉's columns are left unplaced (read one group to the left: a gap, never
    silent)."""
    source = FIXTURES / "fuzz_t4_split_blank_zeros" / "source.html"
    blank_row = "<tr>" + "<td><p></p></td>" * 5 + "</tr>"
    text = source.read_text("utf-8")
    assert text.count(blank_row) == 1
    report = gxparse.parse(text.replace(blank_row, "").encode("utf-8"))
    doubts = doubt.doubtful(report)
    review = [f"{t}.{r}.{c}" for t, r, c, _ in report.cells() if t == "review_litigation"]
    assert all(k in doubts for k in review)
    assert {code for k, (code, _) in doubts.items() if k in review} == {
        "cell_missing",
        doubt.MISSING,
    }
    assert report.status.state == "incomplete"
