"""The HTML source and reader: decoding, Word markup, spans, portal pages, bad pages."""

from __future__ import annotations

from pathlib import Path

import pytest

import gxparse
from gxparse.errors import NotAReportError, PreTemplateReportError
from gxparse.readers.html_table import HtmlTableReader
from gxparse.sources import html as html_source
from gxparse.sources import load
from gxparse.sources.grid import Grid, grids

from .make_docx_html_fixtures import Style, make_record, render_html

TABLES = ("active_disclosure", "applications", "review_litigation")
CN = "青岛市人力资源和社会保障局2023年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("encoding", "declared", "expected"),
    [
        ("gbk", None, "gb18030"),
        ("gbk", "utf-8", "gb18030"),
        ("gbk", "iso-8859-1", "gb18030"),
        ("gb2312", "gb2312", "gb18030"),
        ("utf-8", "gbk", "utf-8"),
        ("utf-8", None, "utf-8"),
        ("gb18030", "GB18030", "gb18030"),
    ],
)
def test_decoding(encoding: str, declared: str | None, expected: str) -> None:
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    page = f"<html><head>{head if declared else ''}</head><body><p>{CN}</p></body></html>"
    text, used = html_source.decode(page.encode(encoding))
    assert used == expected
    assert CN in text


def test_bom_wins() -> None:
    page = "<html><body><p>" + CN + "</p></body></html>"
    text, used = html_source.decode("\ufeff".encode() + page.encode("utf-8"))
    assert CN in text and used == "utf-8-sig"


def test_word_markup_cell_text() -> None:
    td = html_source.cell_text(
        html_source_fragment(
            "<td><p class=MsoNormal><span lang=EN-US style='mso-bidi-font-size:10pt'>2</span>"
            "<span style='mso-font-kerning:0pt'>2<o:p></o:p></span></p>"
            "<p class=MsoNormal><span>（其中修订</span><span>16件）</span></p></td>"
        )
    )
    assert td == "22\n（其中修订16件）"
    assert (
        html_source.cell_text(html_source_fragment("<td><p>&nbsp;<o:p>&nbsp;</o:p></p></td>")) == ""
    )
    split = html_source.cell_text(html_source_fragment("<td>结果<br>维持</td>"))
    assert split == "结果\n维持"


def html_source_fragment(markup: str) -> object:
    import lxml.html

    root = lxml.html.document_fromstring(
        f"<html><body><table><tr>{markup}</tr></table></body></html>"
    )
    return root.find(".//td")


def test_rowspan_colspan_expand() -> None:
    page = (
        "<table><tr><td rowspan=3>A</td><td colspan=2>B</td></tr>"
        "<tr><td>c</td><td rowspan=2>d</td></tr><tr><td>e</td></tr></table>"
    )
    (grid,) = grids(load(page.encode()).blocks)
    assert isinstance(grid, Grid)
    assert (grid.nrows, grid.ncols) == (3, 3)
    assert [c.text for c in grid.row_cells(2)] == ["A", "e", "d"]
    e = grid.at(2, 1)
    assert e is not None and e.text == "e" and e.row == 2


def test_provenance_after_span_expansion() -> None:
    record = make_record(21)
    report = gxparse.parse(render_html(record, Style(html_style="word")))
    prov = report.applications["result.denied.third_party"]["total"].prov
    assert prov is not None and (prov.table, prov.row, prov.col) == (1, 10, 9)
    assert prov.raw == str(record["applications"]["result.denied.third_party"]["total"]) or (
        record["applications"]["result.denied.third_party"]["total"] == 0
    )


@pytest.mark.parametrize("style", ["word", "cms"])
@pytest.mark.parametrize("years", [None, "before", "after"])
def test_meta_from_title_not_from_the_list(style: str, years: str | None) -> None:
    record = make_record(22)
    report = gxparse.parse(render_html(record, Style(html_style=style, years_list=years)))
    assert report.to_dict()["meta"] == record["meta"]


def test_layout_table_is_read_through() -> None:
    record = make_record(23)
    page = render_html(record, Style()).decode("utf-8")
    body_start = page.index("<body>") + len("<body>")
    body_end = page.index("</body>")
    wrapped = (
        page[:body_start]
        + "<table width=1000><tr><td class=left><a href='/'>首页</a></td><td>"
        + page[body_start:body_end]
        + "</td></tr></table>"
        + page[body_end:]
    )
    report = gxparse.parse(wrapped.encode("utf-8"))
    for table in TABLES:
        assert report.to_dict()[table] == record[table]


def test_all_three_tables_in_one_html_table() -> None:
    from .make_docx_html_fixtures import active_grid, applications_grid, review_grid

    record = make_record(24)
    style = Style()
    rows = []
    for title, grid in (
        ("二、主动公开政府信息情况", active_grid(record, style)),
        ("三、收到和处理政府信息公开申请情况", applications_grid(record, style)),
        ("四、政府信息公开行政复议、行政诉讼情况", review_grid(record, style)),
    ):
        rows.append(f"<tr><td colspan=15>{title}</td></tr>")
        for r in grid:
            cells = "".join(f"<td rowspan={c.rowspan} colspan={c.colspan}>{c.text}</td>" for c in r)
            rows.append(f"<tr>{cells}</tr>")
    page = f"<html><body><h1>{record['meta']['agency']}2023年政府信息公开工作年度报告</h1>"
    page += f"<table>{''.join(rows)}</table></body></html>"
    report = gxparse.parse(page.encode("utf-8"))
    data = report.to_dict()
    assert data["applications"] == record["applications"]
    assert data["review_litigation"] == record["review_litigation"]


def test_page_without_report_table() -> None:
    page = (
        "<html><head><title>新闻</title></head><body><nav><a href='/'>首页</a></nav>"
        "<p>今天天气很好。</p><table><tr><td>姓名</td><td>年龄</td></tr>"
        "<tr><td>张三</td><td>30</td></tr></table></body></html>"
    )
    with pytest.raises(NotAReportError):
        gxparse.parse(page.encode("utf-8"))


def test_pre_2019_report_page_is_refused(tmp_path: Path) -> None:
    record = make_record(25)
    record["meta"]["year"] = 2017
    path = tmp_path / "2017.html"
    path.write_bytes(render_html(record, Style(html_style="cms")))
    with pytest.raises(PreTemplateReportError) as err:
        gxparse.parse(path)
    assert str(err.value).startswith(str(path))


def test_undeclared_gbk_page_decodes() -> None:
    record = make_record(26)
    data = render_html(record, Style(encoding="gbk", charset_meta="missing", html_style="word"))
    report = gxparse.parse(data)
    assert report.to_dict()["meta"] == record["meta"]
    assert report.ok


@pytest.mark.parametrize(
    "data",
    [
        b"<html></html>",
        b"<html><body><p>hello</p></body></html>",
        b"<table><tr><td>\xff\xfe\x00</td></tr></table>",
        b"<div>" + b"<div>" * 500 + b"x",
    ],
)
def test_junk_pages_never_crash(data: bytes) -> None:
    with pytest.raises(gxparse.GxparseError):
        gxparse.parse(data)


def test_detect_declines_other_documents() -> None:
    assert HtmlTableReader().detect(load(b"plain text only\n")).score == 0
