"""Meta without debris (issue #15): the agency is the issuer's name only, the year the
title's.

A title is printed with what real pages print around it -- a browser's print header
(date, time, page title), a site name, a column name glued on
(``政府信息公开年报新乡市牧野区石桥街道办事处…``), a breadcrumb, a URL, a publication
date -- for agencies of every level (some with 政府, 信息, 网 or 政务公开 inside their own
name), in each year style and title shape. ``find_meta`` must give the agency exactly
and the title's year; a full report printed so (``tests/variants``) must parse to the
same. Without a title, or with titles that disagree, the field is null with a warning.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from attrs import evolve

import gxparse
from gxparse.meta import find_meta

from .make_docx_html_fixtures import make_record
from .variants.build import build
from .variants.damage import Case
from .variants.doc import Doc, Para
from .variants.render import render

AGENCIES = (
    "山东省人力资源和社会保障厅",  # 省 department
    "青岛市人力资源和社会保障局",  # 市 bureau
    "淮安市洪泽区人民政府",  # 区 government: 政府 inside
    "南京市人民政府办公室",  # 人民政府 inside, a bare 办公室 at the end
    "新乡市牧野区石桥街道办事处",  # 街道
    "济南市历下区泉城路街道",  # 街道 with no 办事处
    "沅陵县二酉苗族乡人民政府",  # 乡
    "雄县",  # a county naming itself, two characters
    "洛阳市卫生健康委员会",  # 委员会
    "宁波市经济和信息化局",  # 信息 inside
    "国家互联网信息办公室",  # 网 and 信息 inside
    "某县政务公开办公室",  # a column's words (政务公开) inside
    "中国(上海)自由贸易试验区临港新片区管理委员会",  # brackets, long
)

# How the title's year is printed, and the year it is.
YEARS = {
    "2023年": ("2023年", 2023),
    "2023年度": ("2023年度", 2023),
    "full_width": ("２０２３年", 2023),
    "han": ("二〇二三年", 2023),
    "spaced": ("2023 年", 2023),
}

TAIL = "政府信息公开工作年度报告"


def one_row(agency: str, year: str) -> list[str]:
    return [f"{agency}{year}{TAIL}"]


def two_rows(agency: str, year: str) -> list[str]:
    return [agency, f"{year}{TAIL}"]


def year_first(agency: str, year: str) -> list[str]:
    year = year if year.endswith("年度") else year + "度"
    return [f"{year}{agency}{TAIL}"]


def year_last(agency: str, year: str) -> list[str]:
    return [f"{agency}{TAIL}（{year}）"]


def annual(agency: str, year: str) -> list[str]:
    return [f"{agency}{year}政府信息公开年报"]


SHAPES: dict[str, Callable[[str, str], list[str]]] = {
    "one_row": one_row,
    "two_rows": two_rows,
    "year_first": year_first,
    "year_last": year_last,
    "annual": annual,
}

SITE = "新乡市人民政府门户网站"
HEADER = "2025/3/1 09:05"  # a print date, a year after the report's publication
URL = "http://www.xinxiang.gov.cn/xxgk/zfxxgknb/2024/t20240118_123456.html"


def glue(prefix: str) -> Callable[[list[str]], list[str]]:
    """The title's first row with ``prefix`` glued on (no separator)."""
    return lambda title: [prefix + title[0], *title[1:]]


# Debris around a title: a function of the title's rows giving the head of the page.
DEBRIS: dict[str, Callable[[list[str]], list[str]]] = {
    "none": lambda t: t,
    "print_header_site": lambda t: [f"{HEADER}  {SITE}", *t],
    "print_header_page_title": lambda t: [f"{HEADER}  {''.join(t)} - 新乡市人民政府网", *t],
    "print_header_glued": lambda t: [f"{HEADER}  {SITE}{t[0]}", *t[1:]],
    "print_header_spaced": lambda t: [f"{HEADER} {SITE} {t[0]}", *t[1:]],
    "site_row": lambda t: [SITE, *t],
    "site_row_short": lambda t: ["牧野区政府网", *t],
    "site_word": lambda t: [f"新乡网 {t[0]}", *t[1:]],
    "column_row": lambda t: ["政府信息公开年报", *t],
    "column_glued": glue("政府信息公开年报"),
    "column_glued_short": glue("信息公开年报"),
    "column_glued_annual": glue("年度报告"),
    "columns_row": lambda t: ["政府信息公开专栏 信息公开目录 法定主动公开内容 年报公开", *t],
    "columns_glued": glue("信息公开目录法定主动公开内容"),
    "columns_spaced": glue("政府信息公开专栏 年报公开 "),
    "breadcrumb": lambda t: ["首页 > 政务公开 > 年度报告", *t],
    "breadcrumb_here": lambda t: ["当前位置：首页 > 政府信息公开 > 政府信息公开年报", *t],
    "nav_rows": lambda t: ["首页", "政务公开", "政府信息公开", "政府信息公开年报", *t],
    "url_above": lambda t: [URL, *t],
    "page_title_after": lambda t: [f"{''.join(t)} - 新乡网", *t],
    "page_title_underscore": lambda t: [f"{''.join(t)}_新乡市人民政府", *t],
    "published_after": lambda t: [*t, "发布时间：2024-01-18 10:17 来源：本机关"],
    "published_han_date": lambda t: [*t, "发布日期：2024年01月18日 浏览次数：1024"],
    "published_glued": lambda t: [f"发布时间:2024年1月18日{t[0]}", *t[1:]],
    "everything": lambda t: [
        f"{HEADER}  {SITE}",
        "首页 > 政务公开 > 政府信息公开年报",
        *glue("政府信息公开年报")(t),
        "发布时间：2024-01-18 来源：本机关",
        URL,
    ],
}

BODY = [
    "一、总体情况",
    "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    "2024年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。",
]


def _meta(rows: list[str]) -> tuple[str | None, int | None, list[str]]:
    agency, year, warnings = find_meta(rows)
    return agency, year, [w.code for w in warnings]


@pytest.mark.parametrize("debris", list(DEBRIS))
def test_the_agency_is_the_issuers_name_only(debris: str) -> None:
    """Every agency × title shape × year style, with ``debris`` around the title."""
    wrong = []
    for agency, shape, (year_text, year) in itertools.product(AGENCIES, SHAPES, YEARS.values()):
        rows = [*DEBRIS[debris](SHAPES[shape](agency, year_text)), *BODY]
        got = _meta(rows)
        if got != (agency, year, []):
            wrong.append((agency, shape, year_text, got))
    assert not wrong, wrong


def test_a_title_in_traditional_characters_keeps_its_printing() -> None:
    rows = [
        "當前位置：首頁 > 政府信息公開年報",
        "政府信息公開年報沅陵縣二酉苗族鄉人民政府2020年政府信息公開工作年度報告",
    ]
    assert _meta(rows) == ("沅陵縣二酉苗族鄉人民政府", 2020, [])


def test_a_site_name_glued_on_goes_when_a_place_name_follows() -> None:
    """``新乡网南京市…``: the site's 网 ends where a place's name begins; a 网 inside a
    name (国家互联网信息办公室) is kept, as is a 网 before no place (undecidable)."""
    for agency in ("南京市人民政府办公室", "济南市历下区泉城路街道", "雄县"):
        assert _meta([f"新乡网{agency}2023年政府信息公开工作年度报告"]) == (agency, 2023, [])
    assert (
        _meta(["国家互联网信息办公室2023年政府信息公开工作年度报告"])[0] == "国家互联网信息办公室"
    )


def test_an_intro_naming_the_agency_shorter_agrees_with_the_title() -> None:
    rows = [
        "青岛市李沧区财政局2023年政府信息公开工作年度报告",
        "现将区财政局2023年政府信息公开工作年度报告公布如下",
    ]
    assert _meta(rows) == ("青岛市李沧区财政局", 2023, [])
    # an organ glued in front of the name is no longer form of it: the shorter is taken
    rows = [
        "新乡市人民政府石桥街道办事处2023年政府信息公开工作年度报告",
        "石桥街道办事处2023年政府信息公开工作年度报告",
    ]
    assert _meta(rows) == ("石桥街道办事处", 2023, [])
    # the report naming itself (本机关) names no agency
    assert _meta(["本机关2023年政府信息公开工作年度报告"]) == (None, 2023, ["agency_not_found"])


# ---------------------------------------------------------------------- no title, or two


def test_no_title_gives_nulls_and_warnings_not_a_date() -> None:
    """A print header's date and a publication date are no report year."""
    rows = [f"{HEADER}  {SITE}", "发布日期：2024年01月18日", URL, *BODY[:1], BODY[2]]
    assert _meta(rows) == (None, None, ["agency_not_found", "year_not_found"])


def test_no_title_takes_the_year_from_the_period_sentence_with_a_warning() -> None:
    rows = [f"{HEADER}  {SITE}", "发布日期：2024年01月18日", *BODY]
    assert _meta(rows) == (None, 2023, ["year_from_body", "agency_not_found"])


def test_a_title_below_the_first_heading_is_the_body_not_the_title() -> None:
    rows = ["一、总体情况", "现将某县生态环境局2023年政府信息公开工作年度报告公布如下。"]
    assert _meta(rows)[:2] == (None, None)
    # a document flattened to one paragraph: its body, after 一、, cites another report
    flat = "某县生态环境局2023年政府信息公开工作年度报告 一、总体情况 对照某市2022年政府信息公开工作年度报告"
    assert _meta([flat]) == ("某县生态环境局", 2023, [])


def test_a_date_after_a_title_with_no_year_is_no_year() -> None:
    rows = ["某县生态环境局政府信息公开工作年度报告", "2024年1月18日", "一、总体情况"]
    assert _meta(rows)[1] is None


def test_a_column_name_alone_before_the_year_is_no_agency() -> None:
    for debris in ("政府信息公开年报", "首页 > 年度报告", SITE):
        assert _meta([debris, "2023年政府信息公开工作年度报告"]) == (
            None,
            2023,
            ["agency_not_found"],
        )


def test_titles_naming_two_years_leave_the_year_null() -> None:
    rows = [
        "洛阳市司法局2022年政府信息公开工作年度报告",
        "洛阳市司法局2023年政府信息公开工作年度报告",
        *BODY,
    ]
    agency, year, warnings = find_meta(rows)
    assert (agency, year) == ("洛阳市司法局", None)
    assert [(w.code, w.where) for w in warnings] == [("meta_ambiguous", "meta.year")]


def test_titles_naming_two_agencies_leave_the_agency_null() -> None:
    rows = [
        f"{HEADER}  洛阳市司法局2023年政府信息公开工作年度报告",
        "洛阳市民政局2023年政府信息公开工作年度报告",
        *BODY,
    ]
    agency, year, warnings = find_meta(rows)
    assert (agency, year) == (None, 2023)
    assert [(w.code, w.where) for w in warnings] == [("meta_ambiguous", "meta.agency")]
    assert "洛阳市司法局" in warnings[0].message and "洛阳市民政局" in warnings[0].message


def test_a_short_title_gives_the_year_only_when_there_is_no_full_one() -> None:
    """A flipbook's document name (``2020年报_审计局``) is the report's title."""
    assert _meta(["Page 9 - 2020年报_审计局", "四、结转下年度继续办理 0 0 0"]) == (
        None,
        2020,
        ["agency_not_found"],
    )
    # links to other years' reports beside a full title do not compete with it
    rows = ["2024年报 2023年报 2022年报", "洛阳市司法局2023年政府信息公开工作年度报告"]
    assert _meta(rows) == ("洛阳市司法局", 2023, [])
    # with no full title, several short ones are ambiguous
    assert _meta(["2024年报 2023年报", *BODY])[:2] == (None, None)


# ---------------------------------------------------------------------- a whole report

FORMS = ("tabbed", "cells", "wrapped", "piped", "markdown", "html")
END_TO_END = (
    ("新乡市牧野区石桥街道办事处", "everything", "one_row"),
    ("淮安市洪泽区人民政府", "print_header_page_title", "two_rows"),
    ("南京市人民政府办公室", "column_glued", "two_rows"),
    ("宁波市经济和信息化局", "breadcrumb_here", "one_row"),
    ("国家互联网信息办公室", "published_glued", "year_first"),
)


def _case(agency: str, debris: str, shape: str) -> Case:
    record = make_record(7)
    record["meta"] = {**record["meta"], "agency": agency, "year": 2023, "template": "2021"}
    doc = build(record)
    head = DEBRIS[debris](SHAPES[shape](agency, "2023年"))
    assert isinstance(doc.blocks[0], Para)
    return Case(evolve(doc, blocks=(*(Para(t) for t in head), *doc.blocks[1:])), record)


@pytest.mark.parametrize(("agency", "debris", "shape"), END_TO_END)
def test_a_report_printed_with_debris_parses_to_the_issuer(
    agency: str, debris: str, shape: str
) -> None:
    """``gxparse.parse`` of a whole report, the title printed among ``debris``, in each
    form: the agency exact, the title's year, no meta warning."""
    case = _case(agency, debris, shape)
    assert isinstance(case.doc, Doc)
    for form in FORMS:
        source = render(form, case)
        report = gxparse.parse(source) if isinstance(source, bytes) else gxparse.parse(text=source)
        meta_warnings = [w.code for w in report.warnings if (w.where or "").startswith("meta")]
        assert (report.meta.agency, report.meta.year, meta_warnings) == (agency, 2023, []), form
