"""HTML forms of a report, as government portals publish them.

* ``word``: Word's "save as web page" markup (mso- styles, ``<o:p>``, nested ``<p><span>``
  in every ``<td>``, ``&nbsp;`` in empty cells) inside a portal page with navigation,
  breadcrumb, share buttons, footer and links to the agency's other annual reports;
* ``cms``: a plain CMS article with ``<table border="1">`` and bare cell text.

Pages are written as UTF-8 or GBK, with a right, missing or wrong ``<meta charset>``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from layout import Cell, Grid, report_grids
from options import RenderOptions
from prose import ReportText

# Column widths in points, from the official template's grids.
_WIDTHS = {
    "active_disclosure": (121.75, 121.75, 121.75, 121.75),
    "applications": (37.7, 46.05, 163.55, *(34.25,) * 7),
    "review_litigation": (32.45,) * 15,
}
_HEADINGS_AT = {"active_disclosure": 1, "applications": 2, "review_litigation": 3}


def other_years(year: int, many: bool) -> list[int]:
    """Years of the agency's other reports listed on the page (newest first)."""
    first = 2008 if many else max(2015, year - 4)
    return [y for y in range(year + (2 if many else 1), first - 1, -1) if y != year]


def render_html(
    record: dict[str, Any], text: ReportText, options: RenderOptions, path: Path
) -> None:
    """Write the report as one HTML page in the style and encoding of ``options``."""
    grids = report_grids(record, options)
    if options.html_style == "word":
        page = _portal_page(record, text, options, _word_article(text, grids, options))
    else:
        page = _cms_page(record, text, options, grids)
    path.write_bytes(page.encode(options.html_encoding, errors="xmlcharrefreplace"))


def _meta_charset(options: RenderOptions) -> str:
    if options.html_charset_meta == "missing":
        return ""
    if options.html_charset_meta == "wrong" or options.html_encoding == "utf-8":
        return '<meta charset="utf-8">'
    return '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'


# ---------------------------------------------------------------- Word markup


def _word_span(text: str, pt: float, font: str) -> str:
    style = (
        f"font-size:{pt:.1f}pt;font-family:{font};mso-bidi-font-family:{font};"
        "color:black;mso-font-kerning:0pt"
    )
    if not text:
        return f"<span lang=EN-US style='font-size:{pt:.1f}pt'><o:p>&nbsp;</o:p></span>"
    body = "<br>".join(escape(line, quote=False) for line in text.split("\n"))
    lang = " lang=EN-US" if text.lstrip("-").replace(".", "").isdigit() else ""
    return f"<span{lang} style='{style}'>{body}<span lang=EN-US><o:p></o:p></span></span>"


def _word_cell(cell: Cell, grid: Grid, options: RenderOptions) -> str:
    widths = _WIDTHS[grid.name]
    width = sum(widths[cell.col : cell.col + cell.colspan])
    spans = f" colspan={cell.colspan}" if cell.colspan > 1 else ""
    spans += f" rowspan={cell.rowspan}" if cell.rowspan > 1 else ""
    shaded = grid.name == "active_disclosure" and cell.colspan == 4
    style = (
        f"width:{width:.1f}pt;border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;"
        + ("background:#C6D9F1;" if shaded else "")
        + "padding:0cm 2.85pt 0cm 2.85pt"
    )
    align = "center" if cell.key is not None or cell.row < 3 else "left"
    paragraph = (
        f"<p class=MsoNormal align={align} style='text-align:{align};mso-pagination:widow-orphan'>"
        + _word_span(cell.text, options.table_pt, "宋体")
        + "</p>"
    )
    pixels = round(width * 4 / 3)
    return f"  <td width={pixels}{spans} valign=middle style='{style}'>\n  {paragraph}\n  </td>"


def _word_table(grid: Grid, options: RenderOptions) -> str:
    width = sum(_WIDTHS[grid.name])
    rows = []
    for index, cells in enumerate(grid.origin_rows()):
        first = ";mso-yfti-firstrow:yes" if index == 0 else ""
        body = "\n".join(_word_cell(cell, grid, options) for cell in cells)
        rows.append(f" <tr style='mso-yfti-irow:{index}{first};height:17.0pt'>\n{body}\n </tr>")
    style = (
        f"width:{width:.1f}pt;border-collapse:collapse;mso-table-layout-alt:fixed;"
        "mso-yfti-tbllook:1184;mso-padding-alt:0cm 2.85pt 0cm 2.85pt"
    )
    return (
        "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0"
        f" width={round(width * 4 / 3)} style='{style}'>\n" + "\n".join(rows) + "\n</table>"
    )


def _word_paragraph(
    text: str, options: RenderOptions, *, title: bool = False, heading: bool = False
) -> str:
    if title:
        span = _word_span(text, 22.0, "方正小标宋简体")
        style = "text-align:center;line-height:28.0pt"
        return f"<p class=MsoNormal align=center style='{style}'><b>{span}</b></p>"
    style = "text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt"
    span = _word_span(text, options.body_pt, "黑体" if heading else "仿宋_GB2312")
    return f"<p class=MsoNormal style='{style};mso-line-height-rule:exactly'>{span}</p>"


def _word_article(text: ReportText, grids: tuple[Grid, Grid, Grid], options: RenderOptions) -> str:
    headings = text.headings()
    parts = [_word_paragraph(line, options, title=True) for line in text.title]
    parts.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
    parts.append(_word_paragraph(headings[0], options, heading=True))
    parts += [_word_paragraph(p, options) for p in text.overview]
    for grid in grids:
        parts.append(_word_paragraph(headings[_HEADINGS_AT[grid.name]], options, heading=True))
        parts.append(_word_table(grid, options))
        parts.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
    parts.append(_word_paragraph(headings[4], options, heading=True))
    parts += [_word_paragraph(p, options) for p in text.problems]
    parts.append(_word_paragraph(headings[5], options, heading=True))
    parts += [_word_paragraph(p, options) for p in text.other]
    return "<div class=WordSection1 style='layout-grid:15.6pt'>\n" + "\n".join(parts) + "\n</div>"


def _related(record: dict[str, Any], options: RenderOptions) -> str:
    meta = record["meta"]
    items = []
    for index, year in enumerate(other_years(meta["year"], options.html_years_first)):
        href = f"/zwgk/ndbg/{year + 1}01/t{year + 1}0120_{700000 + index * 37}.html"
        items.append(
            f'<li><a href="{href}" target="_blank">{escape(meta["agency"])}{year}年政府信息公开'
            f"工作年度报告</a><span>{year + 1}-01-{20 + index % 8}</span></li>"
        )
    return '<div class="related"><h3>历年年报</h3><ul>\n' + "\n".join(items) + "\n</ul></div>"


def _portal_page(
    record: dict[str, Any], text: ReportText, options: RenderOptions, article: str
) -> str:
    meta = record["meta"]
    agency, title = escape(meta["agency"]), escape("".join(text.title))
    related = _related(record, options)
    body = [
        '<div class="top"><div class="w1200"><span>欢迎访问' + agency + "门户网站</span>"
        '<a href="javascript:;" id="wza">无障碍</a><a href="javascript:;">长者模式</a>'
        '<a href="javascript:;" id="jft">繁體</a></div></div>',
        '<div class="header"><a href="/"><img src="/images/logo.png" alt="' + agency + '"></a>'
        '<form class="search" action="/search/"><input name="q" placeholder="请输入关键字">'
        "<button>搜索</button></form></div>",
        '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
        '<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li>'
        '<li><a href="/zjwm/">走进我们</a></li></ul></div>',
        '<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>'
        ' &gt; <a href="/zwgk/ndbg/">政府信息公开年报</a> &gt; 正文</div>',
    ]
    if options.html_years_first:
        body.append(related)
    body += [
        '<div class="article">',
        f'<h1 class="title">{title}</h1>',
        f'<div class="info">发布时间：{meta["year"] + 1}-01-20 来源：{agency} 浏览次数：'
        '<span id="views">1024</span> 【字体：<a href="javascript:;">大</a> '
        '<a href="javascript:;">中</a> <a href="javascript:;">小</a>】</div>',
        '<div class="content" id="zoom">',
        article,
        "</div>",
        '<div class="share">分享到：<a class="wx" href="javascript:;">微信</a>'
        '<a class="wb" href="javascript:;">微博</a><a class="qq" href="javascript:;">QQ空间</a>'
        ' <a href="javascript:window.print()">【打印本页】</a>'
        ' <a href="javascript:window.close()">【关闭窗口】</a></div>',
        "</div>",
    ]
    if not options.html_years_first:
        body.append(related)
    body.append(
        f'<div class="footer"><p>主办单位：{agency}　联系电话：0532-85912345</p>'
        '<p>网站标识码：3702000012　<a href="https://beian.miit.gov.cn/">鲁ICP备05012345号-1</a>'
        "　鲁公网安备 37020202000123号</p></div>"
    )
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns:v="urn:schemas-microsoft-com:vml"'
        ' xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:w="urn:schemas-microsoft-com:office:word">\n<head>\n'
        + _meta_charset(options)
        + f"\n<title>{title}_{agency}</title>\n"
        '<link rel="stylesheet" href="/css/article.css">\n'
        '<script src="/js/jquery.min.js"></script>\n'
        "<style>\n<!-- p.MsoNormal {margin:0cm;text-align:justify;font-size:10.5pt;"
        'font-family:"Times New Roman";} -->\n</style>\n</head>\n<body>\n'
        + "\n".join(body)
        + '\n<script>$("#views").load("/count?id=1");</script>\n</body>\n</html>\n'
    )


# ---------------------------------------------------------------- CMS markup


def _cms_table(grid: Grid) -> str:
    rows = []
    for cells in grid.origin_rows():
        tds = []
        for cell in cells:
            spans = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            spans += f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            tds.append(f"<td{spans}>{escape(cell.text.replace(chr(10), ''))}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return (
        '<table border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>"
    )


def _cms_page(
    record: dict[str, Any], text: ReportText, options: RenderOptions, grids: tuple[Grid, ...]
) -> str:
    headings = text.headings()
    title = escape("".join(text.title))
    parts = [
        f'<p style="text-align:center"><strong>{escape(line)}</strong></p>' for line in text.title
    ]
    parts.append(f"<p><strong>{headings[0]}</strong></p>")
    parts += [f"<p>　　{escape(p)}</p>" for p in text.overview]
    for grid in grids:
        parts.append(f"<p><strong>{headings[_HEADINGS_AT[grid.name]]}</strong></p>")
        parts.append(_cms_table(grid))
    parts.append(f"<p><strong>{headings[4]}</strong></p>")
    parts += [f"<p>　　{escape(p)}</p>" for p in text.problems]
    parts.append(f"<p><strong>{headings[5]}</strong></p>")
    parts += [f"<p>　　{escape(p)}</p>" for p in text.other]
    meta = record["meta"]
    return (
        "<html>\n<head>\n" + _meta_charset(options) + f"\n<title>{title}</title>\n</head>\n<body>\n"
        f'<div class="main"><div class="bt">{title}</div>'
        f'<div class="sj">发布日期：{meta["year"] + 1}-01-25　'
        f"信息来源：{escape(meta['agency'])}</div>\n"
        '<div class="TRS_Editor">\n' + "\n".join(parts) + "\n</div></div>\n</body>\n</html>\n"
    )
