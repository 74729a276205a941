"""Rendering options: how one report is laid out in every form (DOCX/PDF, HTML, text)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

# How the tables are ruled: every border ("all", the template), none at all, only the
# horizontal rules, only the outer frame, or the frame and horizontal rules (no inner
# vertical rule) -- the ways reports without (all) rules are made from the same Word table.
BORDERS = ("all", "none", "horizontal", "frame", "frame_horizontal")
FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "AR PL UMing CN")
# Rows before which a split 表三 may start its second Word table.
SPLIT_POINTS = (
    "result.granted",
    "result.denied.state_secret",
    "result.denied.internal_affairs",
    "result.unavailable.not_held",
    "result.not_processed.duplicate",
    "result.total",
)
# Rows from which the tab-separated text loses its leading empty label cells (seed 004).
COLLAPSE_POINTS = (
    "result.not_processed.duplicate",
    "result.not_processed.petition",
    "result.unavailable.unclear",
    "result.total",
)


@dataclass(frozen=True)
class RenderOptions:
    """Every knob of the renderers; the defaults give a plain official-template report."""

    font: str = "Noto Serif CJK SC"
    body_pt: float = 12.0
    table_pt: float = 10.0
    zero_text: str = "0"  # a zero cell prints as "0", "" (blank-as-zero), "—" or "/"
    repeat_header: bool = False  # Word's repeated header rows (w:tblHeader) on 表三
    split_table3_before: str | None = None  # 表三 row key that starts a second Word table
    table3_new_page: bool = False  # 三、收到和处理… starts a new page (page break before)
    table4_header_rows: int = 3  # 3 as in the template, or 2 (groups over sub-headers)
    title_lines: int = 1  # the title on one line, or agency / "YYYY年…报告" on two
    body_paragraphs: int = 2  # paragraphs of prose in 一、总体情况 (drives page breaks)
    halfwidth_labels: bool = False  # "(一) 予以公开" instead of "（一）予以公开"
    new_label: str = "新收"  # 一、本年新收… or (2019-era) 本年新增…
    direct_suit_label: str = "未经复议直接起诉"  # or 未经复议直接诉讼 (some 2019 reports)
    procurement_unit: str = ""  # printed after the 2019 采购总金额: "", " 元", "万元"
    html_style: str = "word"  # "word" (saved-as-web-page, in a portal) or "cms"
    html_encoding: str = "utf-8"  # bytes of the page: "utf-8" or "gbk"
    html_charset_meta: str = "right"  # "right", "missing" or "wrong" <meta charset>
    html_years_first: bool = False  # other years' report links placed before the article
    tab_collapse_from: str | None = None  # tab text: rows from here lose leading empty cells
    cells_bookmarks: bool = True  # "[bookmark: _Hlk…]" noise in the cell-per-line text
    arabic_headings: bool = False  # "2、 主动公开…" (lost list numbering) in the text forms
    table_borders: str = "all"  # one of BORDERS
    # "center" (the template), or "edges": 表三's value cells with no side margin, alternately
    # right- and left-aligned, so two neighbours' figures meet where a rule would part them
    value_align: str = "center"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pick(rng: random.Random, weighted: Mapping[Any, float]) -> Any:
    return rng.choices(tuple(weighted), weights=tuple(weighted.values()))[0]


def random_options(rng: random.Random, record: dict[str, Any]) -> RenderOptions:
    """Options drawn with roughly the frequencies seen in published reports.

    Four-digit 表三 figures get a table font of at most 10.5 pt: larger ones would wrap
    inside the template's narrow value columns.
    """
    old = record["meta"]["template"] == "2019"
    wide = any(value >= 1000 for row in record["applications"].values() for value in row.values())
    sizes = {9.0: 1, 10.0: 3, 10.5: 2} if wide else {9.0: 1, 10.0: 3, 10.5: 2, 11.0: 1, 12.0: 1}
    encoding = _pick(rng, {"utf-8": 0.6, "gbk": 0.4})
    return RenderOptions(
        font=rng.choice(FONTS),
        body_pt=_pick(rng, {10.5: 1, 12.0: 3, 14.0: 2, 16.0: 1}),
        table_pt=_pick(rng, sizes),
        zero_text=_pick(rng, {"0": 0.55, "": 0.3, "—": 0.08, "/": 0.07}),
        repeat_header=rng.random() < 0.3,
        split_table3_before=rng.choice(SPLIT_POINTS) if rng.random() < 0.2 else None,
        table3_new_page=rng.random() < 0.4,
        table4_header_rows=_pick(rng, {3: 0.8, 2: 0.2}),
        title_lines=_pick(rng, {1: 0.6, 2: 0.4}),
        body_paragraphs=rng.randint(1, 9),
        halfwidth_labels=rng.random() < 0.3,
        new_label=_pick(rng, {"新收": 0.5, "新增": 0.5}) if old else "新收",
        direct_suit_label=(
            _pick(rng, {"未经复议直接起诉": 0.6, "未经复议直接诉讼": 0.4})
            if old
            else "未经复议直接起诉"
        ),
        procurement_unit=_pick(rng, {"": 0.4, " 元": 0.4, "万元": 0.2}) if old else "",
        html_style=_pick(rng, {"word": 0.6, "cms": 0.4}),
        html_encoding=encoding,
        html_charset_meta=(
            _pick(rng, {"right": 0.5, "missing": 0.25, "wrong": 0.25})
            if encoding == "gbk"
            else _pick(rng, {"right": 0.85, "missing": 0.15})
        ),
        html_years_first=rng.random() < 0.2,
        tab_collapse_from=rng.choice(COLLAPSE_POINTS) if rng.random() < 0.35 else None,
        cells_bookmarks=rng.random() < 0.6,
        arabic_headings=rng.random() < 0.2,
    )
