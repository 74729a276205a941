"""Bad input gets a specific error under GxparseError naming the file, or a record with warnings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import gxparse
from gxparse import errors

from .conftest import FIXTURES

SEED = FIXTURES / "seed_000_cells" / "source.txt"
SEED_2019 = FIXTURES / "seed_004_tabbed_2019" / "source.txt"


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(errors.EmptySourceError) as exc:
        gxparse.parse(p)
    assert str(p) in str(exc.value)


def test_whitespace_only_file(tmp_path: Path) -> None:
    p = tmp_path / "blank.txt"
    p.write_text(" \n\t\n  ", "utf-8")
    with pytest.raises(errors.EmptySourceError):
        gxparse.parse(p)


def test_binary_junk(tmp_path: Path) -> None:
    p = tmp_path / "junk.bin"
    p.write_bytes(os.urandom(4096))
    with pytest.raises(errors.BinarySourceError) as exc:
        gxparse.parse(p)
    assert str(p) in str(exc.value)


def test_missing_file() -> None:
    with pytest.raises(gxparse.SourceNotFoundError) as exc:
        gxparse.parse("no/such/report.pdf")
    assert "no/such/report.pdf" in str(exc.value)
    assert isinstance(exc.value, FileNotFoundError)


def test_text_without_report_tables(tmp_path: Path) -> None:
    p = tmp_path / "news.txt"
    p.write_text(
        "关于开展春季植树活动的通知\n各单位：\n为改善生态环境，定于3月12日开展植树活动。\n", "utf-8"
    )
    with pytest.raises(errors.NotAReportError) as exc:
        gxparse.parse(p)
    assert str(p) in str(exc.value)


def test_gbk_text_decodes(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes(SEED.read_text("utf-8").replace("“", '"').replace("”", '"').encode("gbk"))
    report = gxparse.parse(p)
    assert report.meta.agency == "青岛市人力资源和社会保障局"
    assert report.get("applications", "result.total", "total") == 46
    assert report.ok


def test_gb18030_text_decodes(tmp_path: Path) -> None:
    p = tmp_path / "gb18030.txt"
    p.write_bytes(SEED_2019.read_text("utf-8").encode("gb18030"))
    report = gxparse.parse(p)
    assert report.get("applications", "received.new", "research") == 1
    assert report.meta.template == "2019"


def test_utf16_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "utf16.txt"
    p.write_bytes(SEED.read_text("utf-8").encode("utf-16"))
    assert gxparse.parse(p).get("applications", "received.new", "natural_person") == 41


def test_pre_2019_report_is_refused(tmp_path: Path) -> None:
    text = SEED_2019.read_text("utf-8").replace("2019 年政府信息公开", "2017 年政府信息公开")
    p = tmp_path / "old.txt"
    p.write_text(text, "utf-8")
    with pytest.raises(errors.PreTemplateReportError) as exc:
        gxparse.parse(p)
    assert "2017" in str(exc.value) and str(p) in str(exc.value)


def test_cut_off_report_returns_what_was_found(tmp_path: Path) -> None:
    lines = SEED.read_text("utf-8").splitlines()
    cut = next(i for i, line in enumerate(lines) if "结转下年度继续办理" in line)
    p = tmp_path / "cut.txt"
    p.write_text("\n".join(lines[:cut]), "utf-8")
    report = gxparse.parse(p)
    assert report.get("applications", "received.new", "total") == 44
    assert report.get("applications", "carried_forward", "total") is None
    assert report.get("review_litigation", "review", "total") is None
    codes = {(w.code, w.where) for w in report.warnings}
    assert ("row_missing", "applications.carried_forward") in codes
    assert ("table_missing", "review_litigation") in codes
    # rules needing the missing row are not checked; the others still are
    assert not [c for c in report.checks if c.rule == "R1"]
    assert [c for c in report.checks if c.rule == "R2"]


def test_report_without_table_two(tmp_path: Path) -> None:
    lines = SEED.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().endswith("主动公开政府信息情况"))
    end = next(
        i for i, line in enumerate(lines) if line.strip().endswith("收到和处理政府信息公开申请情况")
    )
    p = tmp_path / "no_t2.txt"
    p.write_text("\n".join(lines[:start] + lines[end:]), "utf-8")
    report = gxparse.parse(p)
    assert report.meta.template == "2021"
    assert all(
        v.value is None for _, cols in report.active_disclosure.items() for v in cols.values()
    )
    assert ("table_missing", "active_disclosure") in {(w.code, w.where) for w in report.warnings}
    assert report.ok


def test_a_figure_that_is_not_a_number_is_null_and_flagged(tmp_path: Path) -> None:
    text = SEED_2019.read_text("utf-8").replace("(一) 予以公开\t69", "(一) 予以公开\t六十九")
    p = tmp_path / "word.txt"
    p.write_text(text, "utf-8")
    report = gxparse.parse(p)
    assert report.get("applications", "result.granted", "natural_person") is None
    assert ("not_a_number", "applications.result.granted.natural_person") in {
        (w.code, w.where) for w in report.warnings
    }


def test_strict_raises_on_a_failed_rule(tmp_path: Path) -> None:
    text = SEED_2019.read_text("utf-8").replace("(一) 予以公开\t69", "(一) 予以公开\t70")
    p = tmp_path / "bad.txt"
    p.write_text(text, "utf-8")
    report = gxparse.parse(p)
    assert not report.ok
    with pytest.raises(errors.ReconciliationError) as exc:
        gxparse.parse(p, strict=True)
    assert {(c.rule, c.scope) for c in exc.value.failed} == {
        (c.rule, c.scope) for c in report.failed_checks
    }


def test_unknown_reader_lists_the_registered_ones() -> None:
    with pytest.raises(errors.UnknownReaderError) as exc:
        gxparse.parse(SEED, readers=["nope"])
    assert "text-cells" in str(exc.value)


def test_forcing_the_wrong_reader_invents_nothing() -> None:
    report = gxparse.parse(SEED, readers=["text-wrapped"])
    assert report.source.attempts[0].score == 0.0
    unaligned = {w.where for w in report.warnings if w.code == "row_unaligned"}
    for row, cols in report.applications.items():
        if any(v.value is None for v in cols.values()):
            assert f"applications.{row}" in unaligned
    assert report.get("applications", "received.new", "natural_person") is None


def test_every_error_is_a_gxparse_error() -> None:
    for name in errors.__dict__:
        obj = getattr(errors, name)
        if (
            isinstance(obj, type)
            and issubclass(obj, Exception)
            and obj.__module__ == errors.__name__
        ):
            assert issubclass(obj, errors.GxparseError), name
