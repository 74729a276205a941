"""The scorer: accuracy, missing vs wrong, silent vs flagged, rule breaks, robustness."""

from __future__ import annotations

import argparse
import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from gxparse import checks
from gxparse.record import Report
from gxparse.score import (
    MALFORMED,
    NO_PREDICTION,
    ROW_GROUPS,
    GoldError,
    as_decimal,
    row_group,
    rule_inputs,
    score,
    score_paths,
    stem,
    warning_touches,
)
from gxparse.score_cli import add_parser, run

ROOT = Path(__file__).resolve().parent.parent
GOLD_2021 = ROOT / "fixtures" / "seed_000_cells" / "expected.json"
GOLD_2019 = ROOT / "fixtures" / "seed_004_tabbed_2019" / "expected.json"
CELL = ("applications", "result.granted", "natural_person")


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def gold() -> dict[str, Any]:
    return load(GOLD_2021)


def record(gold: dict[str, Any], *, recheck: bool = True, **changes: Any) -> dict[str, Any]:
    """A full record with gold's values, ``changes`` applied (``"t.r.c": value``), and
    R1-R4 computed over the changed tables when ``recheck``."""
    data = {
        "schema": "gxparse/record@1",
        "source": {"path": "x.pdf", "sha256": "0" * 64, "format": "pdf"},
        **{k: copy.deepcopy(gold[k]) for k in ("meta", "active_disclosure", "applications")},
        "review_litigation": copy.deepcopy(gold["review_litigation"]),
        "checks": [],
        "warnings": [],
    }
    for key, value in changes.items():
        table, rest = key.split("__", 1)
        row, col = rest.rsplit("__", 1)
        data[table][row.replace("_DOT_", ".")][col] = value
    if recheck:
        report = Report.from_dict(data)
        report = evolve(report, checks=checks.run(report.applications, report.review_litigation))
        data["checks"] = report.to_dict()["checks"]
    return data


def key(table: str, row: str, col: str) -> str:
    return f"{table}__{row.replace('.', '_DOT_')}__{col}"


def test_exact_match(gold: dict[str, Any]) -> None:
    result = score(record(gold), gold)
    assert result.exact
    assert result.cells.accuracy == 1.0
    assert result.cells.total == sum(
        len(cols)
        for t in ("active_disclosure", "applications", "review_litigation")
        for cols in gold[t].values()
    )
    assert result.silent == 0 and result.extra == 0
    assert all(result.meta[f].right == 1 for f in ("agency", "year", "template"))
    assert result.expected_breaks == ()


def test_exact_match_2019() -> None:
    gold = load(GOLD_2019)
    result = score(record(gold), gold)
    assert result.exact
    assert "result.other" in result.groups


def test_one_wrong_cell_is_silent_without_checks(gold: dict[str, Any]) -> None:
    before = gold["applications"]["result.granted"]["natural_person"]
    pred = record(gold, recheck=False, **{key(*CELL): before + 1})
    result = score(pred, gold)
    assert not result.exact
    assert result.cells.wrong == 1 and result.cells.missing == 0
    assert result.tables["applications"].wrong == 1
    assert result.tables["active_disclosure"].wrong == 0
    assert result.groups["result.granted/partially_granted"].wrong == 1
    (error,) = result.errors
    assert error.key == "applications.result.granted.natural_person"
    assert (error.expected, error.found, error.kind) == (before, before + 1, "wrong")
    assert error.silent and result.silent == 1


def test_one_wrong_cell_is_flagged_by_its_failed_checks(gold: dict[str, Any]) -> None:
    before = gold["applications"]["result.granted"]["natural_person"]
    pred = record(gold, **{key(*CELL): before + 1})
    failed = {(c["rule"], c["scope"]) for c in pred["checks"] if not c["ok"]}
    assert failed == {("R2", "natural_person"), ("R3", "result.granted")}
    result = score(pred, gold)
    assert result.cells.wrong == 1
    assert result.silent == 0 and result.errors[0].flagged
    # The gold says the source breaks nothing: both failures are spurious.
    assert set(result.spurious_failures) == failed


def test_missing_and_wrong_are_counted_apart(gold: dict[str, Any]) -> None:
    pred = record(gold, recheck=False)
    pred["applications"]["result.granted"]["natural_person"] = None
    del pred["applications"]["carried_forward"]["total"]
    del pred["review_litigation"]["review"]
    pred["active_disclosure"]["penalty"]["decisions"] = "n/a"
    pred["active_disclosure"]["fees"]["amount"] = "1926.41740"  # same decimal: right
    result = score(pred, gold)
    assert result.cells.missing == 2 + 5
    assert result.cells.wrong == 1
    assert result.tables["review_litigation"].missing == 5
    notes = {e.key: e.note for e in result.errors}
    assert "not a number" in notes["active_disclosure.penalty.decisions"]
    assert result.silent == 8


def test_meta_missing_and_wrong(gold: dict[str, Any]) -> None:
    pred = record(gold)
    pred["meta"] = {"agency": " 青岛市人力资源和社会保障局 ", "year": "2023", "template": None}
    result = score(pred, gold)
    assert result.meta["agency"].right == 1 and result.meta["year"].right == 1
    assert result.meta["template"].missing == 1
    assert result.silent_meta == 1 and result.silent == 0
    pred["warnings"] = [{"code": "x", "message": "", "where": "meta.template"}]
    assert score(pred, gold).silent_meta == 0
    pred["meta"]["year"] = 2022
    assert score(pred, gold).meta["year"].wrong == 1


def test_warnings_flag_their_table_row(gold: dict[str, Any]) -> None:
    pred = record(gold, recheck=False)
    pred["applications"]["result.granted"]["natural_person"] = None
    for where, flagged in [
        ("applications.result.granted", True),
        ("applications.result.granted.total", True),  # another cell of the row
        ("applications", True),
        ("applications.result", True),  # a group of rows above it
        ("applications.result.partially_granted", False),
        ("review_litigation", False),
        ("meta.year", False),
    ]:
        pred["warnings"] = [{"code": "c", "message": "m", "where": where}]
        assert score(pred, gold).errors[0].flagged is flagged, where


def test_warning_touches_respects_row_keys() -> None:
    assert warning_touches("applications.result.other", "applications", "result.other.other")
    assert not warning_touches("applications.result.other.other", "applications", "result.other")
    assert warning_touches("applications.result.other.total", "applications", "result.other")
    assert not warning_touches("applications.result.granted", "applications", "result.granted_x")
    assert not warning_touches("applications.result.g", "applications", "result.granted")


def test_a_failed_check_without_cells_flags_its_rule_inputs(gold: dict[str, Any]) -> None:
    pred = record(gold, recheck=False)
    pred["applications"]["carried_forward"]["commercial"] = 99
    result = score(pred, gold)
    assert result.silent == 1
    pred["checks"] = [{"rule": "R1", "scope": "commercial", "ok": False}]
    assert score(pred, gold).silent == 0
    pred["checks"] = [{"rule": "R1", "scope": "research", "ok": False}]
    assert score(pred, gold).silent == 1
    pred["checks"] = [{"rule": "R1", "scope": "commercial", "ok": True}]
    assert score(pred, gold).silent == 1


def test_rule_inputs() -> None:
    assert rule_inputs("R1", "total") == {
        "applications.received.new.total",
        "applications.received.carried_over.total",
        "applications.result.total.total",
        "applications.carried_forward.total",
    }
    assert "applications.result.other.total" in rule_inputs("R2", "total")
    assert "applications.result.total.total" in rule_inputs("R2", "total")
    assert len(rule_inputs("R3", "result.granted")) == 7
    assert len(rule_inputs("R4", "review")) == 5
    assert rule_inputs("R4", "nonsense") == frozenset()
    assert rule_inputs("R9", "total") == frozenset()


def test_extra_cells_are_counted_and_break_exactness(gold: dict[str, Any]) -> None:
    pred = record(gold)
    pred["applications"]["result.other"] = dict.fromkeys(gold["applications"]["received.new"], 0)
    pred["applications"]["result.other"]["total"] = None
    result = score(pred, gold)
    assert result.cells.accuracy == 1.0
    assert result.extra == 6 and not result.exact and result.silent == 0


def test_decimal_comparison() -> None:
    assert as_decimal("7545")[0] == as_decimal("7545.0")[0] == as_decimal(7545)[0]
    assert as_decimal(" 12.50 ")[0] == as_decimal("12.5")[0]
    assert as_decimal(12.5)[0] == as_decimal("12.50")[0]
    assert as_decimal("") == (None, "")
    assert as_decimal(None) == (None, "")
    for bad in (True, "NaN", "inf", "1,234", "abc", [1], {"v": 1}):
        number, note = as_decimal(bad)
        assert number is None and note


@pytest.mark.parametrize(
    ("pred", "status"),
    [
        (None, NO_PREDICTION),
        ([], MALFORMED),
        ("not a record", MALFORMED),
        (42, MALFORMED),
    ],
)
def test_unusable_predictions(gold: dict[str, Any], pred: Any, status: str) -> None:
    result = score(pred, gold)
    assert result.status == status
    assert result.cells.right == 0 and result.notes
    assert result.silent == 0  # visibly failed, not silently wrong
    if status == NO_PREDICTION:
        assert result.cells.missing == result.cells.total
    else:
        assert result.cells.wrong == result.cells.total


def test_malformed_levels_score_as_wrong_with_a_note(gold: dict[str, Any]) -> None:
    pred = record(gold, recheck=False)
    pred["applications"] = ["not", "an", "object"]
    pred["review_litigation"]["review"] = "garbage"
    pred["checks"] = "nope"
    pred["warnings"] = [1, {"where": 5}]
    pred["meta"] = []
    result = score(pred, gold)
    assert result.tables["applications"].wrong == result.tables["applications"].total
    assert result.tables["review_litigation"].wrong == 5
    assert result.tables["active_disclosure"].accuracy == 1.0
    assert any("applications is not an object" in n for n in result.notes)
    assert any("checks is not a list" in n for n in result.notes)
    assert result.meta["agency"].missing == 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(junk=json_values, table=st.sampled_from(["meta", "applications", "checks", "warnings"]))
def test_any_json_scores_without_raising(junk: Any, table: str) -> None:
    gold = load(GOLD_2021)
    score(junk, gold)
    pred = record(gold, recheck=False)
    pred[table] = junk
    result = score(pred, gold)
    assert result.cells.total == score(gold, gold).cells.total


def test_gold_must_be_well_formed(gold: dict[str, Any]) -> None:
    bad = copy.deepcopy(gold)
    bad["applications"]["result.granted"]["total"] = "abc"
    with pytest.raises(GoldError):
        score(gold, bad)
    with pytest.raises(GoldError):
        score(gold, {**gold, "failed_rules": [{"rule": "R1"}]})


def test_rule_break_detection(gold: dict[str, Any]) -> None:
    printed = gold["applications"]["result.granted"]["total"] + 1
    broken = copy.deepcopy(gold)
    broken["applications"]["result.granted"]["total"] = printed
    broken["failed_rules"] = [
        {"rule": "R2", "scope": "total"},
        {"rule": "R3", "scope": "result.granted"},
    ]
    good_reader = record(broken)  # reads the printed figure, reports both failures
    result = score(good_reader, broken)
    assert result.exact
    assert result.reported_breaks == (("R2", "total"), ("R3", "result.granted"))
    assert result.missed_breaks == () and result.spurious_failures == ()

    fixer = record(gold)  # "fixes" the source: wrong cell, no failure reported
    result = score(fixer, broken)
    assert result.cells.wrong == 1 and result.silent == 1
    assert result.reported_breaks == ()
    assert result.missed_breaks == (("R2", "total"), ("R3", "result.granted"))


def test_expected_breaks_from_a_full_gold_record(gold: dict[str, Any]) -> None:
    broken = record(gold, **{key(*CELL): 10_000})
    result = score(broken, broken)
    assert result.expected_breaks is not None and len(result.expected_breaks) == 2
    assert result.missed_breaks == ()
    no_breaks_known = {k: gold[k] for k in ("meta", "applications")}
    assert score(broken, no_breaks_known).expected_breaks is None


def test_row_groups_come_from_the_catalog() -> None:
    assert ROW_GROUPS == (
        "received",
        "result.granted/partially_granted",
        "result.denied",
        "result.unavailable",
        "result.not_processed",
        "result.other",
        "result.total",
        "carried_forward",
    )
    assert row_group("result.other") == row_group("result.other.overdue_fee") == "result.other"


def test_stem() -> None:
    assert stem("corpus/d001.gold.json") == "d001"
    assert stem("/x/d001.tab.txt") == "d001"
    assert stem("fixtures/seed_000_cells/expected.json") == "seed_000_cells"
    assert stem("a.b.json") == "a.b"


def write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path, gold: dict[str, Any]) -> tuple[Path, Path]:
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_2019 = load(GOLD_2019)
    write(gold_dir / "a.gold.json", {**gold, "expected_failed": []})
    write(gold_dir / "b.gold.json", gold_2019)
    write(gold_dir / "c.gold.json", gold)
    write(gold_dir / "d.gold.json", gold)
    write(gold_dir / "manifest.json", {"documents": ["a", "b", "c", "d"]})
    # a and b in one JSONL, found by their source path; c is not JSON; d has none.
    a = record(gold)
    a["source"]["path"] = "/somewhere/a.pdf"
    printed = gold_2019["applications"]["result.total"]["total"] + 1
    b = record(gold_2019, **{key("applications", "result.total", "total"): printed})
    b["source"]["path"] = "b.docx"
    stray = record(gold)
    stray["source"]["path"] = "zzz.pdf"
    pred_dir.mkdir()
    (pred_dir / "run.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (a, b, stray)) + "\n{oops\n",
        encoding="utf-8",
    )
    (pred_dir / "c.json").write_text("{not json", encoding="utf-8")
    return pred_dir, gold_dir


def test_directories_and_jsonl(corpus: tuple[Path, Path]) -> None:
    pred_dir, gold_dir = corpus
    result = score_paths(pred_dir, gold_dir)
    docs = {d.doc_id: d for d in result.documents}
    assert set(docs) == {"a", "b", "c", "d"}
    assert docs["a"].exact
    assert docs["b"].cells.wrong == 1 and docs["b"].silent == 0  # R1/R2/R3 fail on it
    assert docs["c"].status == MALFORMED and "not JSON" in docs["c"].notes[0]
    assert docs["d"].status == NO_PREDICTION
    assert result.exact == 1
    assert len(result.unmatched_predictions) == 2  # the stray record and the bad line
    assert any("manifest.json" in n for n in result.notes)


def test_matching_by_sha256_beats_file_names(tmp_path: Path, gold: dict[str, Any]) -> None:
    g1 = {**record(gold), "source": {"sha256": "a" * 64}}
    g2 = copy.deepcopy(g1)
    g2["source"] = {"sha256": "b" * 64}
    g2["applications"]["received.new"]["total"] += 1
    write(tmp_path / "gold" / "one.json", g1)
    write(tmp_path / "gold" / "two.json", g2)
    p = record(g2)
    p["source"] = {"sha256": "B" * 64, "path": "one.pdf"}
    write(tmp_path / "pred" / "one.json", p)
    result = score_paths(tmp_path / "pred", tmp_path / "gold")
    docs = {d.doc_id: d for d in result.documents}
    assert docs["two"].exact and docs["one"].status == NO_PREDICTION


def test_single_files(tmp_path: Path, gold: dict[str, Any]) -> None:
    write(tmp_path / "g.json", gold)
    write(tmp_path / "p.json", record(gold))
    assert score_paths(tmp_path / "p.json", tmp_path / "g.json").exact == 1
    with pytest.raises(FileNotFoundError):
        score_paths(tmp_path / "nope.json", tmp_path / "g.json")


def cli(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["score", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = run(args, out, err)
    return code, out.getvalue(), err.getvalue()


def test_cli_table_json_and_diff(corpus: tuple[Path, Path]) -> None:
    pred_dir, gold_dir = corpus
    code, out, _ = cli(str(pred_dir), str(gold_dir))
    assert code == 0
    assert "4 gold documents" in out and "result.denied" in out and "silent errors" in out

    code, out, _ = cli(str(pred_dir), str(gold_dir), "--diff")
    assert "applications.result.total.total: expected" in out
    assert "[wrong, flagged]" in out

    code, out, _ = cli(str(pred_dir), str(gold_dir), "--json")
    data = json.loads(out)
    assert data["documents"] == 4 and data["exact"] == 1
    assert "errors" not in data["per_document"][0]
    data = json.loads(cli(str(pred_dir), str(gold_dir), "--json", "--diff")[1])
    (b,) = [d for d in data["per_document"] if d["doc_id"] == "b"]
    assert b["errors"][0]["key"] == "applications.result.total.total"


def test_cli_missing_path(tmp_path: Path) -> None:
    code, _, err = cli(str(tmp_path / "nope"), str(tmp_path))
    assert code == 2 and "no such file" in err


def test_cli_is_wired_into_gxparse(corpus: tuple[Path, Path], capsys: Any) -> None:
    from gxparse.cli import main

    pred_dir, gold_dir = corpus
    assert main(["score", str(pred_dir), str(gold_dir)]) == 0
    assert "exact documents" in capsys.readouterr().out


def test_a_report_object_scores_like_its_json(gold: dict[str, Any]) -> None:
    report = Report.from_dict(record(gold))
    assert score(report, gold).exact
