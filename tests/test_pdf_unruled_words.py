"""Words of unruled tables that word building joined across columns, split apart again.

Each split needs evidence on the page (a printed gap inside the word, a label column
starting there, or a mark that is no digit); without it the word is left as it is.
"""

from __future__ import annotations

from gxparse.readers.pdf_table import Block, Model
from gxparse.readers.pdf_unruled import (
    _cut_at_starts,
    _fragment,
    _joined_starts,
    _Line,
    _mark_split,
    _split,
)
from gxparse.sources.pdf import Word


def _word(text: str, x0: float, x1: float, cy: float = 100.0, size: float = 12.0) -> Word:
    return Word(text, x0, cy - size / 2, x1, cy + size / 2, size)


def test_header_word_of_several_labels_is_split_where_its_gaps_are() -> None:
    # 12 characters, 3 gaps of 5.2 pt: the labels of four tight columns
    w = _word("商业企科研机社会公法律服", 260.4, 420.0)
    parts = _split(w)
    assert [p.text for p in parts] == ["商业企", "科研机", "社会公", "法律服"]
    assert [round(p.x0, 1) for p in parts] == [260.4, 301.6, 342.8, 384.0]
    assert parts[-1].x1 == w.x1


def test_header_word_with_no_gap_is_never_split() -> None:
    # the same text printed with 1 em a character: nothing shows where labels meet
    assert _split(_word("商业企科研机社会公法律服", 260.4, 404.4)) == [
        _word("商业企科研机社会公法律服", 260.4, 404.4)
    ]
    # one label's piece, even with a gap in it (总 计 spread over its cell)
    w = _word("总计", 100.0, 130.0)
    assert _split(w) == [w]


def test_header_word_parted_more_than_one_way_is_not_split() -> None:
    w = _word("其他其他", 100.0, 154.0)  # 其他|其他 only: split
    assert [p.text for p in _split(w)] == ["其他", "其他"]
    w = _word("自然人之和", 0.0, 66.0)  # no parting into labels' pieces: left
    assert _split(w) == [w]


def test_a_blank_mark_and_a_figure_across_columns_are_split() -> None:
    model = Model("applications", [(400.0, 520.0, 5), (520.0, 560.0, 6)])
    w = _word("/982", 517.2, 541.9, size=10.0)
    assert [p.text for p in _mark_split(w, model)] == ["/", "982"]
    # within one column: left as printed
    w = _word("/982", 525.0, 549.7, size=10.0)
    assert _mark_split(w, model) == [w]
    # a negative figure is a figure: never split
    w = _word("-3", 517.2, 527.2, size=10.0)
    assert _mark_split(w, model) == [w]


def test_group_label_character_is_cut_off_a_row_label_at_its_column() -> None:
    starts = [103.5, 120.5]
    w = _word("）4.保护第三方合法权", 103.5, 226.3)
    assert [p.text for p in _cut_at_starts(w, starts)] == ["）", "4.保护第三方合法权"]
    w = _word("不益", 103.5, 132.5)  # all wide: its 5 pt gap lies where 120.5 begins
    assert [(p.text, p.x0) for p in _cut_at_starts(w, starts)] == [("不", 103.5), ("益", 120.5)]
    # no numbering after the boundary, or no gap in an all-wide word: kept whole
    w = _word("不计其他情形)", 103.5, 183.0)
    assert _cut_at_starts(w, [103.5, 152.0]) == [w]
    w = _word("一、本年新收", 62.5, 134.5)
    assert _cut_at_starts(w, [62.5, 103.5]) == [w]


def _line(text: str, x0: float, x1: float, cy: float, figures: bool = False) -> _Line:
    w = _word(text, x0, x1, cy)
    figs = [_word("295", 278.6, 297.8, cy)] if figures else []
    return _Line([w, *figs], [Block(x0, x1, w.top, w.bottom, [w])], figs, {0} if figures else set())


def test_a_group_label_piece_is_placed_by_the_row_labels_beside_it() -> None:
    """``）`` of （三）不予公开 between 2.其他法律行政法规 and its wrap 禁止公开; the line
    above it carries ``办`` of 三、本年度办理结果 (further left) beside figures: that is
    no row label, so ``）`` is a fragment (it was taken for a row of its own)."""
    lines = [
        _line("2.其他法律行政法规", 142.0, 247.8, 128.1),
        _line("办", 66.3, 78.3, 134.5, figures=True),
        _line("）", 106.0, 118.0, 138.7),
        _line("禁止公开", 142.0, 190.0, 143.7),
    ]
    leaf = lines[2].leaf
    assert leaf is not None
    assert _fragment(lines, 2, leaf, 30.0)


def test_a_two_character_word_with_a_gap_shows_a_label_column() -> None:
    block = [[_word("三密", 115.1, 144.1)], [_word("（一）予以公开", 115.1, 199.1, cy=80.0)]]
    assert _joined_starts(block, 210.0, [115.1, 115.1]) == [115.1, 115.1, 132.1]
    # no gap, or not at a shared left edge: nothing shown
    block = [[_word("三密", 115.1, 139.1)], [_word("（一）予以公开", 115.1, 199.1, cy=80.0)]]
    assert _joined_starts(block, 210.0, [115.1, 115.1]) == [115.1, 115.1]
    assert _joined_starts([[_word("三密", 100.0, 129.0)]], 210.0, [115.1]) == [115.1]
