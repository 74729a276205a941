"""The command line: formats, several files, bad files on one line each, exit status."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import gxparse
from gxparse.cli import EXIT_INCOMPLETE, EXIT_INPUT, EXIT_OK, EXIT_RULES, main

from .conftest import FIXTURES

SEED = str(FIXTURES / "seed_000_cells" / "source.txt")
SEED19 = str(FIXTURES / "seed_004_tabbed_2019" / "source.txt")


def test_parse_one_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", SEED]) == EXIT_OK  # jsonl by default: one record a line
    (line,) = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["schema"] == "gxparse/record@1"
    assert record["applications"]["received.new"]["total"] == 44


def test_json_is_an_array_whatever_the_number_of_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["parse", SEED, "--format", "json"]) == EXIT_OK
    (record,) = json.loads(capsys.readouterr().out)
    assert record["applications"]["received.new"]["total"] == 44
    assert main(["parse", SEED, SEED19, "--format", "json", "-j", "1"]) == EXIT_OK
    assert [r["meta"]["year"] for r in json.loads(capsys.readouterr().out)] == [2023, 2019]


def test_parse_jsonl_many_files_to_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["parse", SEED, SEED19, "-j", "1", "-o", str(out)]) == EXIT_OK
    lines = out.read_text("utf-8").splitlines()
    assert [json.loads(x)["meta"]["year"] for x in lines] == [2023, 2019]


def test_parse_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", SEED19, "--format", "csv"]) == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    research = next(r for r in rows if r["row"] == "received.new" and r["column"] == "research")
    assert research["value"] == "1" and research["line"] == "49"
    amount = next(r for r in rows if r["row"] == "procurement" and r["column"] == "amount")
    assert amount["value"] == "6659425.34" and amount["raw"] == "6659425.34 元"


def test_bad_files_are_one_line_each_and_the_rest_come_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x00\x01\x02binary" * 100)
    code = main(["parse", "-q", "-j", "1", str(empty), SEED, str(junk), "missing.txt"])
    captured = capsys.readouterr()
    assert code == EXIT_INPUT
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["schema"] for line in lines] == [
        "gxparse/error@1", "gxparse/record@1", "gxparse/error@1", "gxparse/error@1"
    ]  # fmt: skip
    assert lines[0]["error"] == "EmptySourceError" and lines[0]["path"] == str(empty)
    errors = captured.err.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"error: {empty}: ")
    assert errors[1].startswith(f"error: {junk}: ")
    assert errors[2].startswith("error: missing.txt: ")
    assert "Traceback" not in captured.err


def test_check_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", SEED]) == EXIT_OK
    checks = len(gxparse.parse(SEED).checks)
    assert f"{SEED}: complete: 200 values, {checks} checks (青岛市" in capsys.readouterr().out


def test_check_names_failed_rules_and_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(
        Path(SEED19).read_text("utf-8").replace("(一) 予以公开\t69", "(一) 予以公开\t70"), "utf-8"
    )
    assert main(["check", str(bad)]) == EXIT_RULES
    out = capsys.readouterr().out
    assert f"{bad}: inconsistent: R2 natural_person, R3 result.granted (" in out
    assert "R2 natural_person: expected 160, found 159" in out
    assert "R3 result.granted: expected 70, found 69" in out
    assert "applications.result.granted.natural_person='70' (line 51, col 2)" in out


def test_unknown_reader(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", SEED, "--reader", "nope"]) == EXIT_INPUT
    assert "registered readers" in capsys.readouterr().err


def test_python_dash_m_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gxparse", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("gxparse ")


def test_check_says_incomplete_naming_the_missing_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = Path(SEED).read_text("utf-8").splitlines()
    # cut off just after 表三's first row: no rule has all its cells
    cut = next(i for i, line in enumerate(lines) if "本年新收政府信息公开申请数量" in line)
    cut_off = tmp_path / "cut_off.txt"
    cut_off.write_text("\n".join(lines[: cut + 3]), "utf-8")
    assert main(["check", str(cut_off)]) == EXIT_INCOMPLETE
    out = capsys.readouterr().out
    report = gxparse.parse(cut_off)
    status = report.status
    assert status.state == "incomplete" and status.passed == status.failed == 0
    assert status.unchecked == 7 + 7 + len(report.applications) + 3  # R1, R2, R3 a row, R4
    assert f"{cut_off}: incomplete: {status.null} of {status.values} values missing (表三, 表四)" in out
    assert "table_missing" in out
    assert "  missing review_litigation.review: upheld, corrected, other, pending, total" in out
