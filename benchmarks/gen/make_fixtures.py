"""Regenerate the named test fixtures under fixtures/generated/<case>/.

    python benchmarks/gen/make_fixtures.py                 # every case
    python benchmarks/gen/make_fixtures.py --case pdf_2019_basic --case html_cms_2019

Each case directory holds ``source.<ext>``, ``expected.json`` (the generator's input
record, hence correct by construction) and ``NOTE.md``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from forms import SUFFIXES, Document, Spec, make_document, pdf_layout, write_forms, write_gold
from options import RenderOptions
from pdf_render import convert_to_pdf

SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
# Keep a mid-table break away from 表三's first and last few rows.
_MIDDLE_MARGIN = 4


@dataclass(frozen=True)
class Case:
    name: str
    form: str
    about: str
    spec: Spec
    options: RenderOptions = field(default_factory=RenderOptions)
    mid_table_break: bool = False  # PDF: 表三 must continue on the next page mid-table


def _spec(name: str, template: str = "2021", **kwargs: Any) -> Spec:
    return Spec(f"fixture:{name}", template, **kwargs)


CASES = (
    Case(
        "docx_2021_basic",
        "docx",
        "The official 2021 template filled in place, zeros printed as 0.",
        _spec("docx_2021_basic"),
    ),
    Case(
        "docx_2019_basic",
        "docx",
        "2019 template: 表二 with 第二十条第（一）（五）（六）（八）（九）项 and signed 本年增/减, "
        "表三 with the single （六）其他处理 row.",
        _spec("docx_2019_basic", "2019"),
    ),
    Case(
        "docx_2021_blank_zero",
        "docx",
        "Zero cells left blank (blank-as-zero) in all three tables.",
        _spec("docx_2021_blank_zero"),
        RenderOptions(zero_text=""),
    ),
    Case(
        "docx_2021_split_table3",
        "docx",
        "表三 cut into two Word tables (a paragraph between) before "
        "5.属于三类内部事务信息; the second table restarts the merged label cells empty.",
        _spec("docx_2021_split_table3"),
        RenderOptions(split_table3_before="result.denied.internal_affairs"),
    ),
    Case(
        "docx_2021_single_other",
        "docx",
        "A 2021-era report that kept the undivided （六）其他处理 row (key result.other).",
        _spec("docx_2021_single_other", single_other=True),
    ),
    Case(
        "docx_2021_broken_r1",
        "docx",
        "The source breaks R1: one received/carried-forward cell was moved; see "
        "expected.json perturbed/expected_failed.",
        _spec("docx_2021_broken_r1", break_rule="R1"),
    ),
    Case(
        "pdf_2021_notosans_11pt",
        "pdf",
        "LibreOffice PDF in Noto Sans CJK SC, 11 pt body and tables.",
        _spec("pdf_2021_notosans_11pt"),
        RenderOptions(font=SANS, body_pt=11.0, table_pt=11.0),
    ),
    Case(
        "pdf_2021_serif_14pt_break",
        "pdf",
        "Noto Serif CJK SC, 14 pt body / 12 pt tables; 表三 starts on one page and continues "
        "on the next mid-table, without a repeated header.",
        _spec("pdf_2021_serif_14pt_break"),
        RenderOptions(font=SERIF, body_pt=14.0, table_pt=12.0, body_paragraphs=3),
        mid_table_break=True,
    ),
    Case(
        "pdf_2021_repeat_header",
        "pdf",
        "表三 crosses a page mid-table and Word's repeated header rows (w:tblHeader on its "
        "three header rows) are drawn again on the continuation page.",
        _spec("pdf_2021_repeat_header"),
        RenderOptions(font=SERIF, table_pt=11.0, repeat_header=True, body_paragraphs=4),
        mid_table_break=True,
    ),
    Case(
        "pdf_2019_basic",
        "pdf",
        "2019 template as PDF (Noto Sans CJK SC), 未经复议直接诉讼 wording in 表四.",
        _spec("pdf_2019_basic", "2019"),
        RenderOptions(font=SANS, direct_suit_label="未经复议直接诉讼", procurement_unit=" 元"),
    ),
    Case(
        "pdf_2021_broken_r3",
        "pdf",
        "The source breaks R3 (one 表三 cell moved, so its row total no longer adds up).",
        _spec("pdf_2021_broken_r3", break_rule="R3"),
        RenderOptions(font="AR PL UMing CN", table_pt=10.5),
    ),
    Case(
        "pdf_2021_unruled_serif_10pt",
        "pdf",
        "The official Word table with every border removed (no rules at all), Noto Serif "
        "CJK SC 10 pt tables: columns only from the header's alignment.",
        _spec("pdf_2021_unruled_serif_10pt"),
        RenderOptions(font=SERIF, table_pt=10.0, table_borders="none"),
    ),
    Case(
        "pdf_2021_partial_frame",
        "pdf",
        "Only each table's outer frame is ruled (no inner rule), AR PL UMing CN 10.5 pt.",
        _spec("pdf_2021_partial_frame"),
        RenderOptions(font="AR PL UMing CN", table_pt=10.5, table_borders="frame"),
    ),
    Case(
        "pdf_2021_partial_frame_horizontal_break",
        "pdf",
        "The frame and the horizontal rules, but no inner vertical rule; Noto Sans CJK SC "
        "10 pt; 表三 crosses a page with its header rows repeated.",
        _spec("pdf_2021_partial_frame_horizontal_break"),
        RenderOptions(
            font=SANS,
            table_pt=10.0,
            table_borders="frame_horizontal",
            repeat_header=True,
            body_paragraphs=4,
        ),
        mid_table_break=True,
    ),
    Case(
        "pdf_2021_partial_two_readings",
        "pdf",
        "Frame and horizontal rules only, value cells with no side margin and alternately "
        "right- and left-aligned: two neighbours' figures meet where the missing vertical "
        "rule would have parted them (``1`` ``5`` print as ``15``), so the geometry admits "
        "two readings and only the rules (R3, R4) can choose.",
        _spec("pdf_2021_partial_two_readings"),
        RenderOptions(
            font=SERIF, table_pt=10.0, table_borders="frame_horizontal", value_align="edges"
        ),
    ),
    Case(
        "pdf_2021_unruled_sans_12pt_break",
        "pdf",
        "No rules at all, Noto Sans CJK SC 12 pt tables and 14 pt body; 表三 starts on one "
        "page and continues on the next mid-table, without a repeated header.",
        _spec("pdf_2021_unruled_sans_12pt_break"),
        RenderOptions(
            font=SANS, body_pt=14.0, table_pt=12.0, table_borders="none", body_paragraphs=3
        ),
        mid_table_break=True,
    ),
    Case(
        "pdf_2019_unruled_blank_zero",
        "pdf",
        "2019 template with no rules at all and zero cells left blank (blank-as-zero).",
        _spec("pdf_2019_unruled_blank_zero", "2019"),
        RenderOptions(font=SANS, table_pt=10.5, table_borders="none", zero_text=""),
    ),
    Case(
        "pdf_2021_partial_horizontal",
        "pdf",
        "Only the horizontal rules (no vertical rule anywhere), Noto Serif CJK SC 11 pt; "
        "表三 breaks across pages mid-table, and 表四's header is cut by the next page break "
        "(group labels and the first characters of the column labels on one page, the rest "
        "on the next).",
        _spec("pdf_2021_partial_horizontal"),
        RenderOptions(font=SERIF, table_pt=11.0, table_borders="horizontal", body_paragraphs=4),
        mid_table_break=True,
    ),
    Case(
        "html_word_2021",
        "html",
        "Word 'save as web page' markup (mso- styles, <o:p>, &nbsp; cells, rowspan/colspan) "
        "inside a portal page with navigation, breadcrumb, share buttons and footer; UTF-8.",
        _spec("html_word_2021"),
    ),
    Case(
        "html_cms_2019",
        "html",
        "Plain CMS article: <table border=1> with rowspan/colspan and bare cell text; 2019.",
        _spec("html_cms_2019", "2019"),
        RenderOptions(html_style="cms"),
    ),
    Case(
        "html_gbk_nocharset",
        "html",
        "A CMS page whose bytes are GBK with no <meta charset> at all.",
        _spec("html_gbk_nocharset"),
        RenderOptions(html_style="cms", html_encoding="gbk", html_charset_meta="missing"),
    ),
    Case(
        "html_gbk_wrong_charset",
        "html",
        'A Word-style portal page in GBK bytes that declares <meta charset="utf-8">.',
        _spec("html_gbk_wrong_charset"),
        RenderOptions(html_encoding="gbk", html_charset_meta="wrong"),
    ),
    Case(
        "html_multi_year_page",
        "html",
        "A portal page listing the agency's reports of many other years (2008 on, including "
        "the next year) before the article: the report's own year comes from its title.",
        _spec("html_multi_year_page"),
        RenderOptions(html_years_first=True),
    ),
    Case(
        "text_tab_2019_collapsed",
        "tab",
        "Tab-separated rows (seeds 001/004); from 2.重复申请 on, rows lost their leading "
        "empty label cells; blank zeros keep their tab positions.",
        _spec("text_tab_2019_collapsed", "2019"),
        RenderOptions(zero_text="", tab_collapse_from="result.not_processed.duplicate"),
    ),
    Case(
        "text_cells_2021",
        "cells",
        "One cell a line, tab-indented, blank line between rows, wrapped cell text, "
        "[bookmark: _Hlk…] noise (seeds 000/002).",
        _spec("text_cells_2021"),
        RenderOptions(cells_bookmarks=True, title_lines=2, arabic_headings=True),
    ),
    Case(
        "text_wrapped_2021",
        "wrapped",
        "PDF-to-text layout (seed 003): wrapped labels, 自然/人 split headers, space-separated "
        "figures, 表四's 15 figures on one line.",
        _spec("text_wrapped_2021"),
        RenderOptions(halfwidth_labels=True),
    ),
)


# Cases gxparse does not read right yet (see docs/pdf.md): built only on request
# (``--case``), so that fixtures/generated holds only cases the tests hold it to.
NOT_YET: tuple[Case, ...] = ()


def _mid_table(layout: dict[str, Any], keys: list[str], repeat: bool) -> bool:
    opening = layout["rows_opening_a_page"]
    if not opening or layout["heading_page"] != layout["first_row_page"]:
        return False
    index = keys.index(opening[0])
    middle = _MIDDLE_MARGIN <= index <= len(keys) - _MIDDLE_MARGIN
    return middle and layout["header_repeated"] == repeat


def _pdf(case: Case, document: Document, target: Path) -> tuple[Document, dict[str, Any]]:
    """Render to PDF; for a mid-table break, lengthen 一、总体情况 until it happens."""
    lengths = range(case.options.body_paragraphs, 10) if case.mid_table_break else [None]
    with tempfile.TemporaryDirectory(prefix="gx_fixture_") as tmp:
        for length in lengths:
            if length is not None:
                document = make_document(case.spec, replace(case.options, body_paragraphs=length))
            docx = Path(tmp) / f"{case.name}.docx"
            write_forms(document, docx.with_suffix(""), ("docx",))
            pdf = convert_to_pdf([docx], Path(tmp))[0]
            layout = pdf_layout(document, pdf)
            keys = list(layout["rows"])
            if not case.mid_table_break or _mid_table(layout, keys, case.options.repeat_header):
                shutil.copyfile(pdf, target)
                return document, layout
    raise RuntimeError(f"{case.name}: no body length gives a mid-table break")


def _note(case: Case, document: Document, layout: dict[str, Any] | None) -> str:
    record, meta = document.record, document.record["meta"]
    lines = [
        f"# {case.name}",
        "",
        case.about,
        "",
        f"- source: `source{SUFFIXES[case.form]}` ({case.form}),"
        f" template {meta['template']}, {meta['agency']} {meta['year']}",
        f"- expected_failed: `{json.dumps(record['expected_failed'], ensure_ascii=False)}`",
        "- regenerate: `python benchmarks/gen/make_fixtures.py --case " + case.name + "`",
        f"- generator spec: `{json.dumps(document.spec.__dict__, ensure_ascii=False)}`",
        f"- options: `{json.dumps(document.options.to_dict(), ensure_ascii=False)}`",
    ]
    if layout is not None:
        pages = {k: v for k, v in layout.items() if k != "rows"}
        lines.append(f"- 表三 in the PDF: `{json.dumps(pages, ensure_ascii=False)}`")
    lines += [
        "",
        "`expected.json` is the record the generator drew *before* rendering the source, so "
        "it is correct by construction (not read back from the file). Its `expected_failed` "
        "lists every (rule, scope) check that fails, computed by the generator's own checker "
        "(benchmarks/gen/rules.py); `perturbed`, when present, names the moved cell.",
        "",
    ]
    return "\n".join(lines)


def build_case(case: Case, root: Path) -> None:
    out = root / case.name
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    document = make_document(case.spec, case.options)
    layout = None
    if case.form == "pdf":
        document, layout = _pdf(case, document, out / "source.pdf")
    else:
        write_forms(document, out / "source", (case.form,))
    write_gold(document, out / "expected.json")
    (out / "NOTE.md").write_text(_note(case, document, layout), encoding="utf-8")


def main() -> None:
    names = [case.name for case in (*CASES, *NOT_YET)]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("fixtures/generated"))
    parser.add_argument("--case", action="append", choices=names, help="default: all")
    args = parser.parse_args()
    for case in (*CASES, *NOT_YET):
        if (args.case is None and case in CASES) or (args.case and case.name in args.case):
            build_case(case, args.out)
            print(f"{args.out / case.name}")


if __name__ == "__main__":
    main()
