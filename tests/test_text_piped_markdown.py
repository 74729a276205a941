"""The web-copy (``text-piped``) and Markdown (``text-markdown``) readers.

A property test renders consistent reports in both layouts with every quirk
(tests/test_properties.py covers them too, with the other layouts); the
examples are the shapes real_variants.md §6 shows.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import gxparse
from gxparse import readers
from gxparse.readers.text_markdown import rows as md_rows
from gxparse.readers.text_markdown import to_grid
from gxparse.readers.text_piped import rows as piped_rows
from gxparse.sources.markdown import blocks, split_cells, table_lines
from gxparse.sources.text import load

from .conftest import FIXTURES
from .render_text import EXPECTED_READER, RENDERERS, Quirks, markdown, piped
from .strategies import reports

TABLES = ("active_disclosure", "applications", "review_litigation")


def _record() -> dict[str, Any]:
    """A fixed consistent report (the generator's record for text_cells_2021)."""
    data: dict[str, Any] = json.loads(
        (FIXTURES / "generated" / "text_cells_2021" / "expected.json").read_text("utf-8")
    )
    return data


def _norm(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        r: {c: Decimal(v) if isinstance(v, str) else v for c, v in cols.items()}
        for r, cols in table.items()
    }


@st.composite
def web_or_markdown(draw: st.DrawFn) -> tuple[dict[str, Any], str, str]:
    record = draw(reports())
    layout = draw(st.sampled_from(["piped", "markdown"]))
    q = Quirks(
        blank_zero=draw(st.booleans()),
        marker=draw(st.sampled_from(["", "/", "—"])),
        half_width=draw(st.booleans()),
        new_variant=draw(st.booleans()),
        direct_variant=draw(st.booleans()),
        title_one_line=draw(st.booleans()),
        spaced=draw(st.booleans()),
        tab_ends=draw(st.booleans()),
        row_lines=draw(st.booleans()),
        lead_pipe=draw(st.booleans()),
        repeat_merged=draw(st.booleans()),
        bold=draw(st.booleans()),
    )
    return record, layout, RENDERERS[layout](record, q)


@given(web_or_markdown())
def test_both_layouts_parse_back_equal(case: tuple[dict[str, Any], str, str]) -> None:
    record, layout, text = case
    report = gxparse.parse(text)
    assert report.source.reader == EXPECTED_READER[layout]
    got = report.to_dict()
    assert got["meta"] == record["meta"]
    for t in TABLES:
        assert _norm(got[t]) == _norm(record[t]), t
    assert report.ok


@given(reports(), st.sampled_from(sorted(RENDERERS)))
def test_each_layout_scores_its_own_reader_highest(record: dict[str, Any], layout: str) -> None:
    doc = load(RENDERERS[layout](record, Quirks()).encode("utf-8"))
    scores = {name: readers.get(name).detect(doc).score for name in readers.names()}
    best = max(scores, key=lambda n: scores[n])
    assert best == EXPECTED_READER[layout], scores
    mine = {"text-piped", "text-markdown"} - {EXPECTED_READER[layout]}
    assert all(scores[n] < scores[best] for n in mine)


# -- web copy, one cell a line (form b) ---------------------------------------------------


def _texts(lines: list[str]) -> list[tuple[bool, list[str]]]:
    return [(r.header, [c.text for c in r.cells]) for r in piped_rows(lines)]


def test_rows_are_rebuilt_from_cells_a_label_after_a_figure_starts_a_row() -> None:
    lines = [
        "||||",
        "三、本年度办理结果 |",
        "(一)予以公开 |",
        "5 |",
        " |",
        "5 |",
        "||||",
        "(二)部分公开 |",
        "1 |",
        "||||",
        "(三)不予公开 |",
        "1.属于国家秘密 |",
        "/ |",
    ]
    assert _texts(lines) == [
        (False, ["三、本年度办理结果", "(一)予以公开", "5", "", "5"]),
        (False, ["(二)部分公开", "1"]),
        (False, ["(三)不予公开", "1.属于国家秘密", "/"]),
    ]


def test_a_header_run_is_cut_after_its_last_column_label() -> None:
    head = ["行政复议 |", "行政诉讼 |", "结果维持 |", "结果纠正 |", "其他结果 |", "尚未审结 |"]
    lines = ["（本列数据的勾稽关系为：…） |", "申请人情况 |", "自然人 |", "其他 |", "总计 |"]
    lines += ["一、本年新收政府信息公开申请数量 |", "3 |", "3 |", *head, "总计 |", "0 |", " |"]
    assert _texts(lines) == [
        (True, ["（本列数据的勾稽关系为：…）", "申请人情况", "自然人", "其他", "总计"]),
        (False, ["一、本年新收政府信息公开申请数量", "3", "3"]),
        (True, ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]),
        (False, ["0", ""]),
    ]


def test_numbered_row_labels_are_not_column_labels() -> None:
    lines = ["（七）总计 |", "4 |", "3.其他 |", "1 |"]
    assert _texts(lines) == [(False, ["（七）总计", "4"]), (False, ["3.其他", "1"])]


def test_a_pipe_on_the_next_line_closes_a_cell() -> None:
    """A page's stored text with each pipe on a line of its own (real_chengnan_2019)."""
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第(一)项",
        "|",
        "规章",
        "|",
        "0",
        "|",
        "|",
        "2",
        "|",
    ]
    assert _texts(lines) == [
        (False, ["二、主动公开政府信息情况"]),
        (False, ["第二十条第(一)项", "规章", "0", "", "2"]),
    ]


def test_cells_may_end_in_a_tab() -> None:
    assert _texts(["规章\t", "0\t", "\t", "2\t"]) == [(False, ["规章", "0", "", "2"])]


# -- web copy, one row a line (form a) ------------------------------------------------------


def test_group_label_and_first_sub_row_on_one_line() -> None:
    rows = piped_rows(["三、本年度办理结果 | (一)予以公开 | 0 | 1 | 0 | 0 | 0 | 0 | 1 |"])
    texts = [c.text for c in rows[0].cells]
    assert texts == ["三、本年度办理结果", "(一)予以公开", *"0100001"]
    assert not rows[0].sparse


def test_blank_cells_keep_their_place_and_a_border_pipe_is_no_cell() -> None:
    (row,) = piped_rows(["| | 2.其他法律行政法规禁止公开 | 25 | | | | | | 25 |"])
    assert [c.text for c in row.cells] == ["", "2.其他法律行政法规禁止公开", "25", *[""] * 5, "25"]
    assert not row.sparse


def test_padding_among_figures_makes_a_row_sparse_padding_at_its_end_does_not() -> None:
    inner, tail, label = piped_rows(
        ["规章 | 2 || 2 |", "| 0 | ||||||||", "第二十条第(一)项 |||| 信息内容 |"]
    )
    assert inner.sparse and [c.text for c in inner.cells] == ["规章", "2", "2"]
    assert not tail.sparse and [c.text for c in tail.cells] == ["0", ""]
    assert not label.sparse


def test_spacer_lines_are_no_row_but_a_row_of_blank_cells_is() -> None:
    rows = piped_rows(["||||||", "|  |  |  |"])
    assert [[c.text for c in r.cells] for r in rows] == [["", "", ""]]


def test_a_row_with_one_figure_of_seven_is_left_null() -> None:
    record = _record()
    text = piped(record, Quirks(row_lines=True))
    lines = text.splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith("二、上年结转"))
    lines[k] = "二、上年结转政府信息公开申请数量 | 0 | ||||||||"
    report = gxparse.parse("\n".join(lines))
    assert report.source.reader == "text-piped"
    carried = report.to_dict()["applications"]["received.carried_over"]
    assert set(carried.values()) == {None}
    assert any(w.where == "applications.received.carried_over" for w in report.warnings)


# -- Markdown -------------------------------------------------------------------------------


def test_a_dash_cell_of_a_web_copy_is_no_delimiter() -> None:
    lines = ["政府集中采购 |", "- |", "1 |"]
    assert _texts(lines) == [(False, ["政府集中采购", "-", "1"])]
    assert table_lines(lines) == set()
    assert table_lines(["| a | b |", "|-|-|"]) == {0, 1}
    assert table_lines(["| a | b |", "|---|"]) == set()  # cell counts differ


def test_split_cells_keeps_escaped_pipes_and_empty_cells() -> None:
    assert [c.strip() for c in split_cells(r"| a \| b | | c |")] == ["a | b", "", "c"]
    assert [c.strip() for c in split_cells("a | b")] == ["a", "b"]


def test_paragraph_markup_is_stripped() -> None:
    lines = [
        "# 某局2023年政府信息公开工作年度报告",
        "",
        "**二、主动公开政府信息情况**",
        "- 信息公开的及时性还需进一步提高。",
        "> 本报告中所列数据的统计期限自1月1日起至12月31日止。",
        "---",
        "[链接](http://example.com)与 *强调*",
    ]
    assert [b.text for b in blocks(lines)] == [  # type: ignore[union-attr]
        "某局2023年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "信息公开的及时性还需进一步提高。",
        "本报告中所列数据的统计期限自1月1日起至12月31日止。",
        "链接与 强调",
    ]


def _figures(lines: list[str]) -> list[list[tuple[str, int | None]]]:
    out = []
    for r in md_rows(lines):
        cells = [(c.text, c.column) for c in r.cells if c.text and c.kind.name != "TEXT"]
        if cells:
            out.append(cells)
    return out


def test_repeated_merged_figure_is_read_once_and_hinted() -> None:
    lines = [
        "| 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 |",
        "|---|---|---|---|",
        "| 信息内容 | 本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量 |",
        "| 行政许可 | 6 | 6 | 6 |",
    ]
    assert _figures(lines) == [[("6", 0)]]


def test_equal_figures_under_separate_headers_stay_separate() -> None:
    lines = [
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "| --- | :-: | --- | ---: |",
        "| 规章 | 2 | 2 | 2 |",
    ]
    assert _figures(lines) == [[("2", 0), ("2", 1), ("2", 2)]]


def test_emptied_merged_header_cells_still_give_column_hints() -> None:
    """Merged cells printed in their first slot only: 表三's two-row header."""
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    orgs = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    lines = [
        f"| {note} |  |  | 申请人情况 |  |  |  |  |  |  |",
        "|---|---|---|---|---|---|---|---|---|---|",
        "|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |",
        "|  |  |  |  | " + " | ".join(orgs) + " |  |",
        "| 一、本年新收政府信息公开申请数量 |  |  | 1 | 2 | 3 | 4 | 5 | 6 | 21 |",
    ]
    (table,) = [b for b in blocks(lines) if not hasattr(b, "text")]
    grid = to_grid(table, 0)  # type: ignore[arg-type]
    assert grid.at(2, 3) is grid.at(1, 3)  # 自然人 spans two header rows
    assert grid.at(1, 8) is grid.at(1, 4)  # 法人或其他组织 spans five columns
    assert grid.at(2, 9) is grid.at(1, 9)  # 总计 spans two header rows
    assert _figures(lines) == [[(str(v), k) for k, v in enumerate([1, 2, 3, 4, 5, 6, 21])]]


def test_a_blank_row_is_not_taken_for_a_header() -> None:
    lines = [
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "|---|---|---|---|",
        "| 规章 |  |  |  |",
        "| 行政规范性文件 | 1 | 0 | 3 |",
    ]
    rows = md_rows(lines)
    assert [c.text for c in rows[1].cells] == ["规章", "", "", ""]
    assert [c.column for c in rows[2].cells] == [None, 0, 1, 2]


def test_a_piped_page_is_not_markdown_and_markdown_is_not_a_piped_page() -> None:
    record = _record()
    web = load(piped(record, Quirks(row_lines=True, lead_pipe=True)).encode("utf-8"))
    md = load(markdown(record, Quirks()).encode("utf-8"))
    assert readers.get("text-markdown").detect(web).score == 0
    assert readers.get("text-piped").detect(md).score == 0
    assert readers.get("text-piped").detect(web).score > 0.5
    assert readers.get("text-markdown").detect(md).score > 0.5
