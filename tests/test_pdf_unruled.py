"""Unruled and partly ruled PDF tables: fixtures from the generator, and two readings.

``fixtures/generated/pdf_*_unruled_*`` / ``pdf_*_partial_*`` are the official Word
table printed with no borders, only a frame, or a frame and horizontal rules (see
each NOTE.md). Every cell must be right, each row flagged ``unruled_alignment``;
``pdf_2021_partial_two_readings`` prints neighbouring figures as one run of digits,
and the reading R3 accepts must be taken, with a warning naming the cells.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import gxparse
from gxparse.readers.pdf_table import Band, Block, Model, State
from gxparse.readers.pdf_unruled import (
    _column_clusters,
    _continues,
    _label_blocks,
    _regroup,
    _row_labels_of,
    _two_readings,
    coarse_grid,
)
from gxparse.score import score
from gxparse.sources.pdf import Rule, Word

from .conftest import FIXTURES

CASES = sorted(
    p
    for p in (FIXTURES / "generated").glob("pdf_*")
    if "_unruled_" in p.name or "_partial_" in p.name
)
TABLES = ("active_disclosure", "applications", "review_litigation")
TWO = FIXTURES / "generated" / "pdf_2021_partial_two_readings"


@pytest.fixture(scope="module", params=CASES, ids=[p.name for p in CASES])
def parsed(request: pytest.FixtureRequest) -> tuple[Path, gxparse.Report]:
    path: Path = request.param
    return path, gxparse.parse(path / "source.pdf")


def _gold(path: Path) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads((path / "expected.json").read_text(encoding="utf-8"))
    return gold


def test_there_are_unruled_and_partial_cases() -> None:
    assert len([p for p in CASES if "_unruled_" in p.name]) >= 1
    assert len([p for p in CASES if "_partial_" in p.name]) >= 3


def test_every_cell_right_and_nothing_silent(parsed: tuple[Path, gxparse.Report]) -> None:
    path, report = parsed
    result = score(report.to_dict(), _gold(path), doc_id=path.name)
    gold = _gold(path)
    cells = sum(len(cols) for t in TABLES for cols in gold[t].values())
    assert result.silent == 0
    assert result.cells.right == result.cells.total == cells
    assert not report.failed_checks


def test_every_table_row_is_flagged(parsed: tuple[Path, gxparse.Report]) -> None:
    """Nothing but header alignment placed the figures: every 表三 row says so."""
    path, report = parsed
    flagged = {w.where for w in report.warnings if w.code == "unruled_alignment"}
    rows = {f"applications.{key}" for key in _gold(path)["applications"]}
    assert rows <= flagged


def test_two_readings_take_the_one_r3_accepts() -> None:
    report = gxparse.parse(TWO / "source.pdf")
    by_rule = {w.where: w.message for w in report.warnings if w.code == "reading_by_rule"}
    # 一、本年新收: 自然人|商业企业 print as "1180" = 118 and 0 (1180 in one cell breaks R3)
    where = "applications.received.new.natural_person"
    assert "'1180'" in by_rule[where] and "R3" in by_rule[where]
    assert "applications.received.new.commercial" in by_rule
    assert report.get("applications", "received.new", "natural_person") == 118
    assert report.get("applications", "received.new", "commercial") == 0
    assert report.get("applications", "result.granted", "research") == 32  # "320"
    prov = report.provenance["applications.received.new.natural_person"]
    assert prov.raw == "118" and prov.page == 2
    assert not [w for w in report.warnings if w.code == "reading_undecided"]


# -- two readings on hand-made words ---------------------------------------------------


def _straddle(total: str) -> tuple[Band, State]:
    """``15`` printed across the border of 自然人 and 商业企业, the rest blank, 总计 given."""
    intervals = [(float(100 + 40 * h), float(140 + 40 * h), h) for h in range(7)]
    model = Model("applications", intervals)
    w = Word("15", 135.0, 10.0, 145.0, 20.0, 10.0)  # centred on the border at x = 140
    t = Word(total, 355.0, 10.0, 365.0, 20.0, 10.0)
    band = Band(1, 10.0, 20.0, [], {0: [w], 6: [t]}, model, unruled=True)
    state = State()
    _two_readings(band, [w, t], state)
    return band, state


def test_straddling_figure_read_by_r3() -> None:
    band, state = _straddle("6")  # 1 + 5 = 6: only the two-cell reading holds
    assert [w.text for w in band.values[0]] == ["1"]
    assert [w.text for w in band.values[1]] == ["5"]
    assert {w.code for w in state.warnings} == {"reading_by_rule"}


@pytest.mark.parametrize("total", ["15", "7"], ids=["both_hold", "none_holds"])
def test_straddling_figure_undecided_is_left_unread(total: str) -> None:
    """15 in either column satisfies R3 alike (total 15); nothing does for 7."""
    band, state = _straddle(total)
    for h in (0, 1):
        (w,) = band.values[h]
        assert w.text == "15?"  # not a figure: null with not_a_number, never 1, 5 or 15
    wheres = [w.where for w in state.warnings if w.code == "reading_undecided"]
    assert len(wheres) == 2


def test_coarse_grids_are_only_frames() -> None:
    frame = [Rule(0.0, 0.0, 0.0, 100.0), Rule(300.0, 0.0, 300.0, 100.0)]
    assert coarse_grid(0.0, 300.0, frame)
    assert not coarse_grid(0.0, 300.0, [*frame, Rule(150.0, 0.0, 150.0, 100.0)])


# -- grouping pieces on hand-made words ------------------------------------------------


def _w(text: str, x0: float, y: float, size: float = 10.0) -> Word:
    return Word(text, x0, y, x0 + size * len(text), y + size, size)


def test_review_columns_grouped_by_order() -> None:
    """Three runs of 结果维持 … 总计 left to right are the three groups, whatever hints
    the header gave them."""
    ivs = [(float(20 * n), float(20 * n + 10), n % 5) for n in range(15)]
    model = _regroup(Model("review_litigation", ivs))
    assert [h for _, _, h in sorted(model.intervals)] == list(range(15))
    # a group with a column missing still starts where the order restarts
    short = [iv for iv in ivs if iv[0] != 20.0 * 7]
    hints = [h for _, _, h in sorted(_regroup(Model("review_litigation", short)).intervals)]
    assert hints == [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14]


def test_label_columns_split_where_other_lines_begin() -> None:
    """``三、本`` and ``（一）予以公开`` 6 pt apart are two cells: other lines' labels begin
    at the second one's x."""
    words = [_w("三、本", 57.0, 0.0), _w("（一）予以公开", 93.0, 0.0)]
    assert len(_label_blocks(words, 0.6)) == 1
    assert [b.text for b in _label_blocks(words, 0.6, [57.0, 93.0])] == ["三、本", "（一）予以公开"]


@pytest.mark.parametrize(
    ("label", "line", "joins"),
    [
        ("5.要求行政机关确认或重新出具已", "获取信息", True),  # a catalog label's start
        ("2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", False),  # numbered: a new row
        ("规章", "规范性文件", False),  # a whole label already
    ],
)
def test_wrapped_labels(label: str, line: str, joins: bool) -> None:
    last = Block(141.0, 141.0 + 10 * len(label), 0.0, 10.0, [_w(label, 141.0, 0.0)])
    leaf = Block(141.0, 141.0 + 10 * len(line), 15.0, 25.0, [_w(line, 141.0, 15.0)])
    known = _row_labels_of("applications") + _row_labels_of("active_disclosure")
    assert _continues(label, last, leaf, known, 400.0, 10.0) is joins


def test_a_group_label_wrapped_in_two_stays_out_of_the_columns() -> None:
    head = _w("行政诉讼（未经复议直接起", 230.0, 0.0)
    tail = _w("诉）", 285.0, 22.0)
    column = [_w(c, 290.0, 40.0 + 15 * n) for n, c in enumerate("其他结果")]
    texts = [b.text for b in _column_clusters([head, tail, *column])]
    assert "其他结果" in texts and "诉）" in texts
