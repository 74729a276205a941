"""Named examples of what the assembler must get right, each from a real failure."""

from __future__ import annotations

import gxparse

from .conftest import FIXTURES

SEED = (FIXTURES / "seed_004_tabbed_2019" / "source.txt").read_text("utf-8")


def _codes(report: gxparse.Report) -> set[tuple[str, str | None]]:
    return {(w.code, w.where) for w in report.warnings}


def test_overview_subheading_and_prose_do_not_open_table_two() -> None:
    """（一）主动公开政府信息情况 in the overview, then a paragraph ending in 规范性文件。"""
    text = SEED.replace(
        "一、总体情况\n",
        "一、总体情况\n（一）主动公开政府信息情况\n本年度未制发或废止规范性文件。\n",
    )
    report = gxparse.parse(text)
    assert report.get("active_disclosure", "normative_documents", "public_total") == 124
    assert report.provenance["active_disclosure.normative_documents.made"].raw == "13"


def test_short_table_two_row_is_null_not_zero() -> None:
    report = gxparse.parse(SEED.replace("政府集中采购\t27\t6659425.34 元\t", "政府集中采购"))
    assert report.get("active_disclosure", "procurement", "items") is None
    assert ("row_short", "active_disclosure.procurement") in _codes(report)


def test_blank_money_with_unit_is_zero() -> None:
    report = gxparse.parse(SEED.replace("27\t6659425.34 元", "—\t— 元"))
    assert report.get("active_disclosure", "procurement", "items") == 0
    assert str(report.get("active_disclosure", "procurement", "amount")) == "0"
    assert report.provenance["active_disclosure.procurement.amount"].raw == "— 元"


def test_table_four_printed_all_blank_is_zeros() -> None:
    report = gxparse.parse(SEED.replace("\t".join(["0"] * 15), "\t" * 14))
    assert [
        report.get("review_litigation", g, "total")
        for g in ("review", "litigation_direct", "litigation_after_review")
    ] == [0, 0, 0]
    assert ("table_missing", "review_litigation") not in _codes(report)


def test_wrapped_money_with_a_separate_unit() -> None:
    text = (FIXTURES / "seed_003_wrapped" / "source.txt").read_text("utf-8")
    report = gxparse.parse(text.replace("行政事业性收费 631", "行政事业性收费 631 万元"))
    assert str(report.get("active_disclosure", "fees", "amount")) == "631"
    assert report.provenance["active_disclosure.fees.amount"].raw == "631 万元"


def test_spaced_digits_read_as_one_figure_by_the_rule() -> None:
    """`1 5` where 总计 says 15: the digits of one figure, spaced out."""
    text = SEED.replace(
        "5. 要求行政机关确认或重新出具已获取信息\t\t15\t",
        "5. 要求行政机关确认或重新出具已获取信息\t\t1 5\t",
    )
    report = gxparse.parse(text)
    assert report.get("applications", "result.not_processed.confirmation", "natural_person") == 15
    assert (
        report.provenance["applications.result.not_processed.confirmation.natural_person"].raw
        == "1 5"
    )
    assert ("reading_by_rule", "applications.result.not_processed.confirmation") in _codes(report)
    assert report.ok


def test_two_figures_in_one_cell_read_as_two_cells_by_the_rule() -> None:
    """`3 1` with the next cell blank and 总计 4: two cells' figures run together."""
    text = SEED.replace("3. 危及“三安全一稳定”\t3\t\t1\t", "3. 危及“三安全一稳定”\t3 1\t\t\t")
    report = gxparse.parse(text)
    row = report.applications["result.denied.security_stability"]
    assert (row["natural_person"].value, row["commercial"].value, row["research"].value) == (
        3,
        1,
        0,
    )
    assert ("reading_by_rule", "applications.result.denied.security_stability") in _codes(report)


def test_no_reading_passes_the_rule_so_the_cell_stays_null() -> None:
    text = SEED.replace("(一) 予以公开\t69\t", "(一) 予以公开\t6 8\t")
    report = gxparse.parse(text)
    assert report.get("applications", "result.granted", "natural_person") is None
    assert ("not_a_number", "applications.result.granted.natural_person") in _codes(report)
