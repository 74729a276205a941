"""Render report records as Word documents and web pages; write the DOCX/HTML fixtures.

``render_docx`` fills the official 2021 template (``shared/templates``) with
python-docx, reshaping its tables for the 2019 template and the undivided
（六）其他处理 row; ``render_html`` writes a portal page (Word's "save as web
page" markup or a plain CMS table) with rowspan/colspan. Labels come from
``tests/strategies.py``, typed from the templates independently of
``gxparse.catalog``. Used by the round-trip property test and, run as a
script, to (re)write ``fixtures/docx_*`` and ``fixtures/html_*``:

    python -m tests.make_docx_html_fixtures
"""

from __future__ import annotations

import copy
import io
import json
import random
import zipfile
from dataclasses import dataclass, replace
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from .strategies import (
    APPLICANT_LABELS,
    APPLICANTS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    active_spec,
    layout_rows,
    sections,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT.parent / "shared" / "templates" / "official_2021_template.docx"
if not TEMPLATE.exists():  # a checkout with shared/ beside it
    TEMPLATE = Path("/work/shared/templates/official_2021_template.docx")
FIXTURES = ROOT / "fixtures"

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
REVIEW_HEAD = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
PROSE = (
    "本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自{year}年1月1日起至"
    "{year}年12月31日止。"
)


@dataclass(frozen=True)
class Style:
    """How one report is printed."""

    zero: str = "0"  # a zero prints as "0", "" (blank-as-zero), "—" or "/"
    split_before: str | None = None  # 表三 row key that starts a second table
    split_heading: bool = False  # a "（续表）" paragraph between the two parts (else a page break)
    title_lines: int = 1
    numbered_headings: bool = False  # DOCX: headings numbered by Word list numbering
    split_runs: bool = False  # DOCX: labels split over runs, soft line breaks in headers
    notes: bool = False  # a note after some figures: 22（其中修订16件）
    html_style: str = "cms"  # "word" (saved as web page, in a portal) or "cms"
    encoding: str = "utf-8"  # "utf-8" or "gbk"
    charset_meta: str = "right"  # "right", "missing" or "wrong"
    years_list: str | None = None  # "before" / "after": links to other years' reports


def _fmt(value: Any, style: Style) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return style.zero if Decimal(value) == 0 else value
    return style.zero if value == 0 else str(value)


def _note(value: Any, style: Style) -> str:
    text = _fmt(value, style)
    if style.notes and isinstance(value, int) and value >= 2:
        text += f"（其中修订{value // 2}件）"
    return text


def title_lines(record: dict[str, Any], style: Style) -> list[str]:
    meta = record["meta"]
    if style.title_lines == 2:
        return [meta["agency"], f"{meta['year']}年政府信息公开工作年度报告"]
    return [f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告"]


def _t3_rows(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    layout = "split_other" if "result.other.other" in record["applications"] else "single_other"
    return layout_rows(layout)


# -- grids: one description shared by the HTML renderer ----------------------------------


@dataclass
class HCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


def active_grid(record: dict[str, Any], style: Style) -> list[list[HCell]]:
    template = record["meta"]["template"]
    spec = active_spec(template)
    rows: list[list[HCell]] = []
    for section, items in sections(template):
        rows.append([HCell(section, colspan=4, header=True)])
        cols = spec[items[0]][1]
        spans = {3: (1, 1, 1), 2: (1, 2), 1: (3,)}[len(cols)]
        rows.append(
            [HCell("信息内容", header=True)]
            + [
                HCell(label, colspan=s, header=True)
                for (_, label, _), s in zip(cols, spans, strict=True)
            ]
        )
        for key in items:
            label, kcols = spec[key]
            values = record["active_disclosure"][key]
            rows.append(
                [HCell(label)]
                + [
                    HCell(_note(values[c], style) if i == 0 else _fmt(values[c], style), colspan=s)
                    for i, ((c, _, _), s) in enumerate(zip(kcols, spans, strict=True))
                ]
            )
    return rows


def applications_grid(record: dict[str, Any], style: Style) -> list[list[HCell]]:
    rows = [
        [
            HCell(T3_NOTE, rowspan=3, colspan=3, header=True),
            HCell("申请人情况", colspan=7, header=True),
        ],
        [
            HCell("自然人", rowspan=2, header=True),
            HCell("法人或其他组织", colspan=5, header=True),
            HCell("总计", rowspan=2, header=True),
        ],
        [HCell(label, header=True) for label in APPLICANT_LABELS[1:6]],
    ]
    layout = _t3_rows(record)
    results = [k for k, _, _ in layout if k.startswith("result.")]
    groups: dict[str, int] = {}
    for _, group, _ in layout:
        if group and group != "三、本年度办理结果":
            groups[group] = groups.get(group, 0) + 1
    seen: set[str] = set()
    for key, group, label in layout:
        values = record["applications"][key]
        cells: list[HCell] = []
        if key == results[0]:
            cells.append(HCell("三、本年度办理结果", rowspan=len(results)))
        if not key.startswith("result."):
            cells.append(HCell(label, colspan=3))
        elif group in groups:
            if group not in seen:
                seen.add(group)
                cells.append(HCell(group, rowspan=groups[group]))
            cells.append(HCell(label))
        else:
            cells.append(HCell(label, colspan=2))
        cells += [HCell(_fmt(values[c], style)) for c in (*APPLICANTS, "total")]
        rows.append(cells)
    return rows


def review_grid(record: dict[str, Any], style: Style) -> list[list[HCell]]:
    data = record["review_litigation"]
    return [
        [HCell("行政复议", colspan=5, header=True), HCell("行政诉讼", colspan=10, header=True)],
        [HCell(h, rowspan=2, header=True) for h in REVIEW_HEAD]
        + [
            HCell("未经复议直接起诉", colspan=5, header=True),
            HCell("复议后起诉", colspan=5, header=True),
        ],
        [HCell(h, header=True) for h in REVIEW_HEAD * 2],
        [HCell(_fmt(data[g][c], style)) for g in REVIEW_GROUPS for c in REVIEW_COLUMNS],
    ]


# -- DOCX --------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _qn(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _set_text(tc: Any, text: str, *, runs: bool = False) -> None:
    """Replace a cell's (or paragraph's) text, keeping its first paragraph's formatting."""
    paragraphs = tc.findall(_qn("p")) if tc.tag == _qn("tc") else [tc]
    p = paragraphs[0]
    for extra in paragraphs[1:]:
        tc.remove(extra)
    first_run = p.find(_qn("r"))
    rpr = None if first_run is None else first_run.find(_qn("rPr"))
    for child in list(p):
        if child.tag != _qn("pPr"):
            p.remove(child)
    pieces = [text]
    if runs and len(text) >= 4:
        third = len(text) // 3
        pieces = [text[:third], text[third : 2 * third], text[2 * third :]]
    for piece in pieces:
        r = p.makeelement(_qn("r"), {})
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        for n, line in enumerate(piece.split("\n")):
            if n:
                r.append(r.makeelement(_qn("br"), {}))
            t = r.makeelement(_qn("t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
            t.text = line
            r.append(t)
        p.append(r)


def _tcs(tr: Any) -> list[Any]:
    return [tc for tc in tr if tc.tag == _qn("tc")]


def _set_span(tc: Any, span: int) -> None:
    tcpr = tc.find(_qn("tcPr"))
    old = tcpr.find(_qn("gridSpan"))
    if old is not None:
        tcpr.remove(old)
    if span > 1:
        g = tcpr.makeelement(_qn("gridSpan"), {_qn("val"): str(span)})
        tcpr.insert(1, g)


def _fill_active(tbl: Any, record: dict[str, Any], style: Style) -> None:
    """Rebuild 表二 from the template's own row shapes for either template."""
    rows = [tr for tr in tbl if tr.tag == _qn("tr")]
    section_proto, header_proto, data_proto = rows[0], rows[1], rows[2]
    for tr in rows:
        tbl.remove(tr)
    for grid_row in active_grid(record, style):
        if len(grid_row) == 1:
            tr = copy.deepcopy(section_proto)
            _set_text(_tcs(tr)[0], grid_row[0].text)
        else:
            tr = copy.deepcopy(header_proto if grid_row[0].header else data_proto)
            tcs = _tcs(tr)
            for tc in tcs[len(grid_row) :]:
                tr.remove(tc)
            for tc, cell in zip(tcs, grid_row, strict=False):
                _set_span(tc, cell.colspan)
                _set_text(tc, cell.text, runs=style.split_runs and cell.header)
        tbl.append(tr)


def _fill_applications(tbl: Any, record: dict[str, Any], style: Style) -> None:
    rows = [tr for tr in tbl if tr.tag == _qn("tr")]
    body = rows[3:]
    keys = [k for k, _, _ in layout_rows("split_other")]
    by_key = dict(zip(keys, body, strict=True))
    layout = _t3_rows(record)
    if "result.other" in record["applications"]:
        # the undivided （六）其他处理 row, shaped like （七）总计 (label over two columns)
        single = copy.deepcopy(by_key["result.total"])
        _set_text(_tcs(single)[1], "（六）其他处理")
        by_key["result.other.overdue_correction"].addprevious(single)
        for k in (
            "result.other.overdue_correction",
            "result.other.overdue_fee",
            "result.other.other",
        ):
            tbl.remove(by_key.pop(k))
        by_key["result.other"] = single
    for key, _, label in layout:
        tr = by_key[key]
        tcs = _tcs(tr)
        values = record["applications"][key]
        for tc, col in zip(tcs[-7:], (*APPLICANTS, "total"), strict=True):
            _set_text(tc, _fmt(values[col], style))
        if style.split_runs:
            _set_text(tcs[-8], label, runs=True)
    if style.split_runs:  # header words broken by soft line breaks, as in the template
        _set_text(_tcs(rows[2])[2], "商业\n企业")


def _fill_review(tbl: Any, record: dict[str, Any], style: Style) -> None:
    rows = [tr for tr in tbl if tr.tag == _qn("tr")]
    data = record["review_litigation"]
    values = [_fmt(data[g][c], style) for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    for tc, text in zip(_tcs(rows[3]), values, strict=True):
        _set_text(tc, text)


def _split_table(tbl: Any, before: int, *, heading: bool) -> None:
    """Move rows from ``before`` on into a second Word table after a break."""
    rows = [tr for tr in tbl if tr.tag == _qn("tr")]
    second = tbl.makeelement(_qn("tbl"), {})
    for child in tbl:
        if child.tag in (_qn("tblPr"), _qn("tblGrid")):
            second.append(copy.deepcopy(child))
    for tr in rows[before:]:
        second.append(tr)
    gap = tbl.makeelement(_qn("p"), {})
    r = gap.makeelement(_qn("r"), {})
    if heading:
        t = r.makeelement(_qn("t"), {})
        t.text = "（续表）"
        r.append(t)
    else:
        r.append(r.makeelement(_qn("br"), {_qn("type"): "page"}))
    gap.append(r)
    tbl.addnext(gap)
    gap.addnext(second)


_NUMBERING_XML = (
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="7">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>'
)


def _number_headings(document: Any, paragraphs: list[Any]) -> None:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.parts.numbering import NumberingPart

    part = NumberingPart.load(
        PackURI("/word/numbering.xml"),
        CT.WML_NUMBERING,
        _NUMBERING_XML.encode(),
        document.part.package,
    )
    document.part.relate_to(part, RT.NUMBERING)
    for p in paragraphs:
        ppr = p._p.get_or_add_pPr()
        numpr = ppr.makeelement(_qn("numPr"), {})
        numpr.append(numpr.makeelement(_qn("ilvl"), {_qn("val"): "0"}))
        numpr.append(numpr.makeelement(_qn("numId"), {_qn("val"): "3"}))
        ppr.append(numpr)
        text = p.text.split("、", 1)[1]
        _set_text(p._p, text)


def render_docx(record: dict[str, Any], style: Style = Style()) -> bytes:
    """The report as a Word document: the official template, filled in."""
    import docx

    document = docx.Document(str(TEMPLATE))
    paragraphs = document.paragraphs
    title = next(p for p in paragraphs if "格式模板" in p.text)
    lines = title_lines(record, style)
    _set_text(title._p, lines[0])
    for line in reversed(lines[1:]):
        extra = copy.deepcopy(title._p)
        _set_text(extra, line)
        title._p.addnext(extra)
    for p in paragraphs:
        if p.text.startswith("（文字描述"):
            _set_text(p._p, PROSE.format(year=record["meta"]["year"]))
    tables = document.tables
    _fill_active(tables[0]._tbl, record, style)
    _fill_applications(tables[1]._tbl, record, style)
    _fill_review(tables[2]._tbl, record, style)
    if style.split_before:
        keys = [k for k, _, _ in _t3_rows(record)]
        _split_table(
            tables[1]._tbl, 3 + keys.index(style.split_before), heading=style.split_heading
        )
    if style.numbered_headings:
        heads = [p for p in document.paragraphs if p.text.strip() in HEADINGS]
        _number_headings(document, heads)
    out = io.BytesIO()
    document.save(out)
    return _stable_zip(out.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same package with fixed entry timestamps, so regenerated fixtures are identical."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            stamp = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            z.writestr(stamp, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# -- HTML --------------------------------------------------------------------------------


def _word_cell(cell: HCell, width: int) -> str:
    span = "".join(
        f' {a}="{v}"' for a, v in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if v > 1
    )
    lines = cell.text.split("\n") if cell.text else []
    if not lines:
        inner = "<p class=MsoNormal align=center><span lang=EN-US>&nbsp;<o:p></o:p></span></p>"
    else:
        inner = "".join(
            "<p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>"
            + "".join(
                f"<span style='font-size:10.0pt;font-family:宋体;mso-bidi-font-family:宋体;"
                f"mso-font-kerning:0pt'>{escape(part)}</span>"
                for part in _pieces(line)
            )
            + "<span lang=EN-US style='font-size:10.0pt'><o:p></o:p></span></p>"
            for line in lines
        )
    return (
        f"<td width={width}{span} valign=center style='border:solid windowtext 1.0pt;"
        f"mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>{inner}</td>"
    )


def _pieces(text: str) -> list[str]:
    """Word's HTML export splits text at every change of language or font."""
    if len(text) < 3:
        return [text]
    mid = len(text) // 2
    return [text[:mid], text[mid:]]


def _cms_cell(cell: HCell) -> str:
    tag = "th" if cell.header else "td"
    span = "".join(
        f' {a}="{v}"' for a, v in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if v > 1
    )
    text = "<br/>".join(escape(line) for line in cell.text.split("\n"))
    return f"<{tag}{span}>{text}</{tag}>"


def _html_table(rows: list[list[HCell]], style: Style) -> str:
    if style.html_style == "word":
        body = "".join(
            "<tr style='height:20.0pt'>" + "".join(_word_cell(c, 60) for c in r) + "</tr>"
            for r in rows
        )
        return (
            "<div align=center><table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 "
            f"style='border-collapse:collapse;mso-yfti-tbllook:1184'>{body}</table></div>"
        )
    body = "".join("<tr>" + "".join(_cms_cell(c) for c in r) + "</tr>" for r in rows)
    return f'<table border="1" cellspacing="0" style="width:100%"><tbody>{body}</tbody></table>'


def _para(text: str, style: Style, tag: str = "p") -> str:
    if style.html_style == "word":
        return (
            f"<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><span "
            f"style='font-size:16.0pt;font-family:仿宋_GB2312'>{escape(text)}<o:p></o:p></span></p>"
        )
    return f"<{tag}>{escape(text)}</{tag}>"


def _years_list(record: dict[str, Any]) -> str:
    meta = record["meta"]
    items = "".join(
        f'<li><a href="/xxgk/{y}/report.html">{escape(meta["agency"])}{y}年政府信息公开工作年度报告'
        f'</a><span class="date">{y + 1}-01-20</span></li>'
        for y in range(meta["year"] + 1, meta["year"] - 5, -1)
        if y != meta["year"]
    )
    return f'<div class="list"><h3>年度报告</h3><ul>{items}</ul></div>'


def render_html(record: dict[str, Any], style: Style = Style()) -> bytes:
    """The report as a portal page."""
    lines = title_lines(record, style)
    meta = record["meta"]
    t3 = applications_grid(record, style)
    t3_parts = [t3]
    if style.split_before:
        keys = [k for k, _, _ in _t3_rows(record)]
        at = 3 + keys.index(style.split_before)
        t3_parts = [t3[:at], t3[at:]]
    t3_html = ("<p>（续表）</p>" if style.split_heading else "").join(
        _html_table(part, style) for part in t3_parts
    )
    article = "".join(
        [
            "".join(f'<h1 class="title">{escape(line)}</h1>' for line in lines),
            '<div class="info">发布日期：2024-01-20 来源：本机关 '
            '<span class="share">分享到：<a href="#">微信</a><a href="#">微博</a></span></div>',
            _para(HEADINGS[0], style, "h2"),
            _para(PROSE.format(year=meta["year"]), style),
            _para(HEADINGS[1], style, "h2"),
            _html_table(active_grid(record, style), style),
            _para(HEADINGS[2], style, "h2"),
            t3_html,
            _para(HEADINGS[3], style, "h2"),
            _html_table(review_grid(record, style), style),
            _para(HEADINGS[4], style, "h2"),
            _para("（略）", style),
            _para(HEADINGS[5], style, "h2"),
            _para("本年度未收取信息处理费。", style),
        ]
    )
    charset = {
        "right": "gbk" if style.encoding == "gbk" else "utf-8",
        "wrong": "utf-8" if style.encoding == "gbk" else "gbk",
        "missing": None,
    }[style.charset_meta]
    head = f'<meta charset="{charset}">' if charset else ""
    years = _years_list(record) if style.years_list else ""
    page = (
        '<!DOCTYPE html><html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
        f"{head}<title>{escape(lines[-1])}_{escape(meta['agency'])}</title>"
        "<style>td{border:1px solid #000}</style><script>var nav=1;</script></head><body>"
        '<div class="header"><nav><a href="/">首页</a><a href="/xxgk/">政府信息公开</a>'
        '<a href="/xxgk/ndbg/">政府信息公开年报</a></nav></div>'
        '<div class="crumb">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>'
        f"{years if style.years_list == 'before' else ''}"
        f'<div class="article">{article}</div>'
        f"{years if style.years_list == 'after' else ''}"
        "<footer><p>主办：某某市人民政府办公室 网站标识码：0000000000</p></footer>"
        "</body></html>"
    )
    return page.encode("gbk" if style.encoding == "gbk" else "utf-8")


# -- records and expected checks -------------------------------------------------------------


def make_record(seed: int, *, template: str = "2021", single_other: bool = False) -> dict[str, Any]:
    """A consistent record with a figure in every column (deterministic)."""
    rng = random.Random(seed)
    spec = active_spec(template)
    active: dict[str, dict[str, Any]] = {}
    for key, (_, cols) in spec.items():
        active[key] = {}
        for col, _, kind in cols:
            if kind == "money":
                active[key][col] = f"{rng.randint(1, 9999)}.{rng.randint(0, 9999):04d}"
            elif kind == "signed":
                active[key][col] = rng.randint(-9, 9) or -3
            else:
                active[key][col] = rng.choice([0, rng.randint(1, 40), rng.randint(100, 3000)])
    layout = "single_other" if single_other else "split_other"
    keys = [k for k, _, _ in layout_rows(layout)]
    leaves = [k for k in keys if k.startswith("result.") and k != "result.total"]
    table: dict[str, dict[str, int]] = {k: {} for k in keys}
    for n, col in enumerate(APPLICANTS):
        for k in leaves:
            table[k][col] = rng.choice([0, 0, rng.randint(1, 9)]) * (n + 1)
        table[leaves[n % len(leaves)]][col] += 1  # never an all-zero column
        total = sum(table[k][col] for k in leaves)
        table["result.total"][col] = total
        table["carried_forward"][col] = rng.randint(0, 3)
        table["received.carried_over"][col] = rng.randint(0, total)
        table["received.new"][col] = (
            total + table["carried_forward"][col] - table["received.carried_over"][col]
        )
    for k in keys:
        table[k]["total"] = sum(table[k][c] for c in APPLICANTS)
    review = {}
    for g in REVIEW_GROUPS:
        parts = [rng.randint(0, 6) for _ in range(4)]
        review[g] = dict(zip(REVIEW_COLUMNS, [*parts, sum(parts)], strict=True))
    agency = ("青岛市人力资源和社会保障局", "淮安市洪泽区人民政府", "杭州市西湖区教育局")[seed % 3]
    return {
        "meta": {
            "agency": agency,
            "year": 2023 if template == "2021" else 2020,
            "template": template,
        },
        "active_disclosure": active,
        "applications": {k: {c: table[k][c] for c in (*APPLICANTS, "total")} for k in keys},
        "review_litigation": review,
    }


def failed_rules(record: dict[str, Any]) -> list[dict[str, str]]:
    """(rule, scope) of every R1-R4 check the record's own figures break."""
    app = record["applications"]
    cols = (*APPLICANTS, "total")
    leaves = [k for k in app if k.startswith("result.") and k != "result.total"]
    out = []
    for c in cols:
        if app["received.new"][c] + app["received.carried_over"][c] != (
            app["result.total"][c] + app["carried_forward"][c]
        ):
            out.append({"rule": "R1", "scope": c})
        if sum(app[k][c] for k in leaves) != app["result.total"][c]:
            out.append({"rule": "R2", "scope": c})
    for k, row in app.items():
        if sum(row[c] for c in APPLICANTS) != row["total"]:
            out.append({"rule": "R3", "scope": k})
    for g, row in record["review_litigation"].items():
        if sum(row[c] for c in REVIEW_COLUMNS[:4]) != row["total"]:
            out.append({"rule": "R4", "scope": g})
    return out


# -- the fixture set ------------------------------------------------------------------------

CASES: dict[str, tuple[dict[str, Any], str, Style, str]] = {}


def _case(name: str, record: dict[str, Any], fmt: str, style: Style, note: str) -> None:
    CASES[name] = (record, fmt, style, note)


def _cases() -> None:
    r21 = make_record(1)
    r21b = make_record(2, single_other=True)
    r19 = make_record(3, template="2019", single_other=True)
    broken = make_record(4)
    broken["applications"]["result.granted"]["natural_person"] += 1  # breaks R2 and R3
    _case("docx_2021_plain", r21, "docx", Style(), "official 2021 template filled, zeros as 0")
    _case(
        "docx_2021_blank_split",
        r21,
        "docx",
        Style(zero="", split_before="result.unavailable.not_held", split_runs=True),
        "zeros printed as empty cells; 表三 split in two Word tables at a page break; "
        "labels split over runs, soft line breaks in header words",
    )
    _case(
        "docx_2021_numbered_notes",
        r21b,
        "docx",
        Style(
            zero="—",
            numbered_headings=True,
            notes=True,
            title_lines=2,
            split_before="result.denied.internal_affairs",
            split_heading=True,
        ),
        "headings numbered by Word list numbering; 表二 figures with notes (22（其中修订11件）); "
        "undivided （六）其他处理 row; title on two lines; 表三 split around a （续表） heading; "
        "zeros as —",
    )
    _case("docx_2019", r19, "docx", Style(zero="/"), "2019 template (表二 reshaped), zeros as /")
    _case(
        "docx_broken_rule",
        broken,
        "docx",
        Style(),
        "one figure off: R2 natural_person and R3 result.granted fail, as printed",
    )
    _case(
        "html_2021_word_gbk_undeclared",
        r21,
        "html",
        Style(
            html_style="word", encoding="gbk", charset_meta="missing", years_list="before", zero=""
        ),
        "Word 'save as web page' markup in a portal page, GBK without a charset declaration, "
        "other years' reports listed before the article, blank-as-zero",
    )
    _case(
        "html_2021_cms_wrong_charset",
        r21b,
        "html",
        Style(
            html_style="cms",
            encoding="gbk",
            charset_meta="wrong",
            years_list="after",
            split_before="result.not_processed.duplicate",
            title_lines=2,
        ),
        "plain CMS tables with rowspan/colspan, GBK page declaring UTF-8, 表三 in two tables, "
        "two-line title, other years listed after",
    )
    _case(
        "html_2019_cms", r19, "html", Style(html_style="cms", zero="—"), "2019 template, CMS style"
    )
    _case(
        "html_broken_rule", broken, "html", Style(html_style="word"), "one figure off, Word style"
    )


def write(root: Path = FIXTURES) -> list[Path]:
    _cases()
    written = []
    for name, (record, fmt, style, note) in CASES.items():
        case = root / name
        case.mkdir(parents=True, exist_ok=True)
        data = render_docx(record, style) if fmt == "docx" else render_html(record, style)
        (case / f"source.{fmt}").write_bytes(data)
        expected = {**record, "expected_failed": failed_rules(record)}
        (case / "expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        (case / "NOTE.md").write_text(
            f"# {name}\n\nGenerated by `python -m tests.make_docx_html_fixtures` "
            f"(golden values by construction).\n\n{note}.\n\nStyle: `{replace(style)}`\n",
            "utf-8",
        )
        written.append(case)
    return written


if __name__ == "__main__":
    for path in write():
        print(path.relative_to(ROOT))
