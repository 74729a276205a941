"""The rows of an unruled table: its figure and label lines under a column model.

A table piece is the figure lines and row-label lines that follow one another
(``_table_piece``). Its lines are cut into rows by horizontal rules across the value
columns where there are any, else grouped line by line (``_group``): by numbering,
label x, catalog labels and the columns a line's figures fall in. Words that word
building joined across tight columns are split where the page shows: a blank mark
and a figure (``_mark_split``), a group-label character before a row label
(``_cut_at_starts``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise

import regex
from attrs import define, field

from gxparse import catalog as cat
from gxparse.labels import core, nfkc
from gxparse.numbers import MONEY_UNITS
from gxparse.readers.pdf_table import (
    ACTIVE_ROW_CANDIDATES,
    APP_CANDIDATES,
    TOL,
    Band,
    Block,
    Model,
    State,
    is_figure,
)
from gxparse.readers.pdf_unruled_header import _GAP_SEEN, _columns
from gxparse.readers.pdf_unruled_lines import _PageLines, _within
from gxparse.readers.pdf_unruled_readings import _two_readings
from gxparse.sources.pdf import WORD_GAP, Page, Word, is_wide


def _table_piece(
    lines: list[list[Word]], i: int, model: Model, facts: _PageLines
) -> tuple[int, bool] | None:
    """The piece of an unruled table that ``lines[i]`` begins, if it is a figure line or
    a label line: the index after the piece's last line (the figure lines, label lines
    and page numbers after it, each split by ``_marks_apart`` as it is reached), and
    whether any line of it (page numbers aside) is a figure line."""
    line = lines[i]
    figures = _is_figure_line(line, model)
    if not figures and not _label_only(line, model):
        return None
    j = i + 1
    while j < len(lines):
        ln = lines[j] = _marks_apart(lines[j], model)
        if facts(ln).page_number:
            j += 1
        elif _is_figure_line(ln, model):
            figures = True
            j += 1
        elif _label_only(ln, model) and not facts(ln).heading:
            j += 1
        else:
            break
    return j, figures


_UNITS = frozenset(MONEY_UNITS)  # printed apart from an amount (``8`` ``元``)
_AMOUNT = regex.compile(
    rf"\d[\d,]*(?:\.\d+)?\s*(?:{'|'.join(MONEY_UNITS)})$"
)  # or with it (``0元``)


def _marks_apart(line: list[Word], model: Model) -> list[Word]:
    """A table line with its words that join a blank mark and a figure of neighbouring
    columns split (``/982``: ``/`` under 其他, ``982`` under 总计); the line itself when
    none does."""
    left = model.left - TOL  # worked out once, not for each word
    out = [p for w in line for p in _mark_split(w, model, left)]
    return line if len(out) == len(line) else out


def _mark_split(w: Word, model: Model, left: float | None = None) -> list[Word]:
    """A word right of the labels that is no figure but runs from one column into another
    and is made of figures and blank marks only (``/982``, ``3—``, ``//``), cut where a
    digit meets a mark (and between the marks of a run that is no mark as a whole);
    else ``[w]``. Marks are no digits, so the cut is never a guess (unlike ``_parts``);
    the pieces are placed by the word's mean advance per character. ``left``: the
    model's ``left`` less ``TOL``, if worked out already."""
    text = w.text
    if len(text) < 2 or w.cx < (model.left - TOL if left is None else left) or is_figure(text):
        return [w]
    pieces: list[str] = []
    for run in _RUNS.findall(text):
        pieces.extend([run] if run[0].isdigit() or is_figure(run) else list(run))
    if len(pieces) < 2 or not all(is_figure(p) for p in pieces):
        return [w]
    adv = (w.x1 - w.x0) / len(text)
    if _columns(model, w.x0, w.x0 + adv) == _columns(model, w.x1 - adv, w.x1):
        return [w]
    out, x = [], w.x0
    for p in pieces:
        out.append(w._replace(text=p, x0=x, x1=x + len(p) * adv))
        x += len(p) * adv
    return out


_RUNS = regex.compile(r"\d+|\D+")


def _is_figure_line(line: Sequence[Word], model: Model) -> bool:
    """A line with a figure under one of the model's columns, and nothing else right of
    the labels but figures."""
    left = model.left - TOL
    found = False
    prev: Word | None = None
    for w in line:
        if w.cx < left:
            continue
        unit = prev is not None and is_figure(prev.text) and w.x0 - prev.x1 <= w.size
        prev = w
        if not is_figure(w.text) and not (unit and w.text in _UNITS) and not _AMOUNT.match(w.text):
            return False
        if _columns(model, w.x0, w.x1):
            found = True
    return found


def _label_only(line: Sequence[Word], model: Model) -> bool:
    """A line entirely left of the value columns: a row label, or part of one."""
    right = model.left + TOL
    return all(w.x1 <= right for w in line)


def _joined_starts(
    block: Sequence[Sequence[Word]], left: float, starts: list[float]
) -> list[float]:
    """``starts`` and where a label column begins as shown by a two-character word of
    wide characters set at one of them with a printed gap inside (``三密``: a group
    character joined to the last of a wrapped row label): the gap can lie only after
    its first character, so the second begins a column. Where every line of a table
    piece carries a group character, no line shows the row labels' start otherwise."""
    out = list(starts)
    for ws in block:
        for w in ws:
            if w.cx >= left or len(w.text) != 2 or not _within(starts, w.x0 - 1, w.x0 + 1):
                continue
            if not all(map(is_wide, w.text)):
                continue
            gap = (w.x1 - w.x0) - 2 * w.size
            if _GAP_SEEN * w.size <= gap < WORD_GAP * w.size:
                out.append(round(w.x0 + w.size + gap, 1))
    return sorted(out)


def _cut_at_starts(w: Word, starts: list[float]) -> list[Word]:
    """A label word cut where a label column begins (``starts``) a printed gap after a
    character boundary: a character of a group label set close before a row label
    joined it (``）4.保护第三方合法权``: ``）`` of the vertical （三）不予公开). Else ``[w]``.

    The boundary is known for wide characters only (1 em each), and the gap must be one
    word building let pass (under 0.45 em) yet a printed one (at least ``_GAP_SEEN``
    em). A word of wide characters only shows its gaps (its width less 1 em a
    character), and is cut only where that gap lies; any other word only where it
    starts at a label column too (a group label's column, like the characters above
    and below it) and the rest starts with a row's numbering (``4.``).
    """
    size, text = w.size, w.text
    wide = all(map(is_wide, text))
    extra = (w.x1 - w.x0) - len(text) * size
    if wide and extra < _GAP_SEEN * size:
        return [w]
    if not wide and not _within(starts, w.x0 - 1, w.x0 + 1):
        return [w]
    for k, ch in enumerate(text[:-1], start=1):
        if not is_wide(ch):
            break
        x = w.x0 + k * size
        at = _within(starts, x + _GAP_SEEN * size, x + WORD_GAP * size)
        if wide:
            at = [a for a in at if abs((a - x) - extra) <= 1.0]
        elif not _NUMBERED.match(nfkc(text[k:])):
            at = []
        if at:
            head = w._replace(text=text[:k], x1=x)
            return [head, *_cut_at_starts(w._replace(text=text[k:], x0=at[0]), starts)]
    return [w]


@define
class _Line:
    """One text line of an unruled table: its label blocks and figure words."""

    words: list[Word]
    labels: list[Block]
    figures: list[Word]
    columns: set[int]
    cy: float = field(init=False)  # the mean of its words' centres, worked out once
    # the rightmost label block: the row's own label (group labels lie left of it);
    # worked out once too, as ``_group`` and ``_fragment`` ask for it line after line
    leaf: Block | None = field(init=False)

    def __attrs_post_init__(self) -> None:
        self.cy = sum(w.cy for w in self.words) / len(self.words)
        self.leaf = max(self.labels, key=lambda b: b.x0) if self.labels else None


def _table_rows(page: Page, block: list[list[Word]], model: Model, state: State) -> list[Band]:
    """The rows of an unruled table piece: cut by horizontal rules where there are
    any across the value columns, else grouped line by line (``_group``)."""
    left = model.left - TOL
    # where label columns begin: a left edge that label words of two or more lines share
    # (not only the lines' first labels: a group label in vertical writing can run down
    # the left of every line, so the row labels' column is never a line's first)
    edges = [sorted({round(w.x0, 1) for w in ws if w.cx < left}) for ws in block]
    flat = sorted(x for xs in edges for x in xs)
    starts = [x for x in flat if sum(abs(x - y) <= 1 for y in _within(flat, x - 1, x + 1)) >= 2]
    cut_at = _joined_starts(block, left, starts)
    lines: list[_Line] = []
    hints_of: dict[int, list[int]] = {}  # each figure's columns (``_columns``), by id
    for words in block:
        figures = [w for w in words if w.cx >= left]
        for w in figures:
            hints_of[id(w)] = _columns(model, w.x0, w.x1)
        columns = {h for w in figures for h in hints_of[id(w)]}
        own = [p for w in words if w.cx < left for p in _cut_at_starts(w, cut_at)]
        labels = _numbered(_label_blocks(own, 0.6, cut_at))
        lines.append(_Line(list(words), labels, figures, columns))
    right = max(i[1] for i in model.intervals)
    size = max((w.size for ln in block for w in ln), default=10.0)
    top = min(w.top for ln in block for w in ln) - size
    bottom = max(w.bottom for ln in block for w in ln) + size
    cuts = sorted(
        {
            round(r.y0, 1)
            for r in page.hrules
            if top <= r.y0 <= bottom and r.x0 <= model.left + 2 * size and r.x1 >= right - 2 * size
        }
    )
    # rules part rows only where one runs between two lines: a frame's top and bottom
    # (a frame only, or the top of a table piece on a new page) part nothing
    highest, lowest = min(ln.cy for ln in lines), max(ln.cy for ln in lines)
    inner = [c for c in cuts if highest < c < lowest]
    if len(cuts) >= 2 and inner:
        rows: list[list[_Line]] = []
        slot_of: dict[int, list[_Line]] = {}
        for ln in lines:
            k = bisect_right(cuts, ln.cy)
            if k not in slot_of:
                slot_of[k] = []
                rows.append(slot_of[k])
            slot_of[k].append(ln)
    else:
        rows = _group(lines, size, model.kind)
    bands = []
    for group in rows:
        ws = [w for ln in group for w in ln.words]
        values: dict[int, list[Word]] = {}
        for line in group:
            for w in line.figures:
                hints = hints_of[id(w)]
                if hints:
                    values.setdefault(hints[0], []).append(w)
        labels = _row_labels(group, size)
        band = Band(
            page.number,
            min(w.top for w in ws),
            max(w.bottom for w in ws),
            labels,
            values,
            model,
            unruled=True,
        )
        _two_readings(band, [w for ln in group for w in ln.figures], state)
        bands.append(band)
    if bands:
        bands[0].continues = True
    return bands


def _numbered(blocks: list[Block]) -> list[Block]:
    """Label blocks with a block of bare numbering (``5.``) joined to the label after it,
    unless that label has its own numbering (``（三）`` of a group label wrapped beside
    ``1.属于国家秘密``: no label is numbered twice)."""
    out: list[Block] = []
    for b in sorted(blocks, key=lambda b: b.x0):
        if (
            out
            and not core(out[-1].text)
            and _NUMBERED.fullmatch(nfkc(out[-1].text).strip())
            and not _NUMBERED.match(nfkc(b.text))
        ):
            a = out.pop()
            b = Block(a.x0, b.x1, min(a.top, b.top), max(a.bottom, b.bottom), [*a.words, *b.words])
        out.append(b)
    return out


def _row_labels(group: Sequence[_Line], size: float) -> list[Block]:
    """A row's label cells: each line's label blocks, stacked by their left edge (a
    wrapped label continues at the same x; a group label beside it starts further left)."""
    out: list[Block] = []
    for ln in group:
        for b in ln.labels:
            for o in out:
                if abs(o.x0 - b.x0) <= size:
                    o.words.extend(b.words)
                    o.x1, o.top, o.bottom = (
                        max(o.x1, b.x1),
                        min(o.top, b.top),
                        max(o.bottom, b.bottom),
                    )
                    break
            else:
                out.append(Block(b.x0, b.x1, b.top, b.bottom, list(b.words)))
    return out


# a label that starts with its own numbering (``一、``, ``（三）``, ``2.``) begins a row
_NUMBERED = regex.compile(
    r"\s*(?:[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|\d{1,2}\s*[.、．](?!\d)|[(（]\s*\d{1,2}\s*[)）])"
)


def _row_labels_of(kind: str) -> tuple[str, ...]:
    """The cores of every row label of a table kind (for telling a wrapped label)."""
    return _ACTIVE_ROW_LABELS if kind == cat.ACTIVE else _APP_ROW_LABELS


_ACTIVE_ROW_LABELS = tuple(core(lab) for _, labs in ACTIVE_ROW_CANDIDATES for lab in labs)
_APP_ROW_LABELS = tuple(core(lab) for _, labs in APP_CANDIDATES for lab in labs)


def _pitch(lines: Sequence[_Line], size: float) -> float:
    """The text line pitch of a table: the least distance between two lines whose row
    labels start at the same x (a wrapped label, or two one-line rows)."""
    best = 0.0
    for a, b in pairwise(lines):
        la, lb = a.leaf, b.leaf
        if la is None or lb is None or abs(la.x0 - lb.x0) > size:
            continue
        dy = b.cy - a.cy
        if dy >= 0.8 * size and (best == 0.0 or dy < best):
            best = dy
    return best or 1.5 * size


def _group(lines: list[_Line], size: float, kind: str) -> list[list[_Line]]:
    """Lines of an unruled table grouped into rows, with no rule to part them.

    A line whose own label (the rightmost label block) starts with its numbering
    (``3.``, ``（二）``, ``四、``), starts at another x, or comes more than a line and
    a half after the row's last line begins a row. Otherwise it continues the row's
    wrapped label when the two read together as the start of a catalog label
    (``5.要求行政机关确认或重新出具已`` + ``获取信息``), or -- a label the catalog does
    not know -- when the line above ran to the labels' right edge; a row whose label
    is already a whole catalog label (``规章``) is not continued. A line with figures
    starts a row when they fall in a column the row already has, and joins the row
    above otherwise (cells of one row aligned at different heights: 总计 at the top,
    the rest centred). Group-label fragments (``（三）`` / ``不予公`` / ``开``: label-only
    lines whose label lies left of the row labels around them) join the nearest row.
    """
    label_right = max((b.x1 for ln in lines for b in ln.labels), default=0.0)
    pitch = _pitch(lines, size)
    reach = max(2.2 * size, 1.6 * pitch)
    known = _row_labels_of(kind)
    rows: list[list[_Line]] = []
    strays: list[_Line] = []
    label = ""  # the current row's label so far (its rightmost label column)
    last: Block | None = None  # the current row's last label line
    for n, ln in enumerate(lines):
        leaf = ln.leaf
        if leaf is not None and _fragment(lines, n, leaf, reach):
            if not ln.figures:
                strays.append(ln)
                continue
            # figures beside a group-label fragment only (``本``): the line has no row
            # label of its own, so it is placed by its figures, as a line with no label
            leaf = None
        if not rows:
            rows.append([ln])
            label, last = (leaf.text, leaf) if leaf is not None else ("", None)
            continue
        row = rows[-1]
        near = ln.cy - row[-1].cy <= reach
        clash = bool({c for x in row for c in x.columns} & ln.columns)
        if leaf is None:
            joins = near and not clash
        else:
            joins = near and not clash and _continues(label, last, leaf, known, label_right, size)
        if joins:
            row.append(ln)
            if leaf is not None:
                label, last = label + leaf.text, leaf
        else:
            rows.append([ln])
            label, last = (leaf.text, leaf) if leaf is not None else ("", None)
    for ln in strays:
        if rows:
            min(rows, key=lambda r: min(abs(x.cy - ln.cy) for x in r)).append(ln)
    return rows


def _continues(
    label: str,
    last: Block | None,
    leaf: Block,
    known: Sequence[str],
    label_right: float,
    size: float,
) -> bool:
    """Whether ``leaf`` continues a row label ``label`` whose last line is ``last``."""
    if last is None or _NUMBERED.match(nfkc(leaf.text)):
        return False
    centred = abs((leaf.x0 + leaf.x1) - (last.x0 + last.x1)) <= 2 * size  # 表二's labels
    if abs(leaf.x0 - last.x0) > size and not centred:
        return False
    have, joined = core(label), core(label + leaf.text)
    if any(k.startswith(joined) for k in known):
        return True
    if have in known:
        return False  # a whole label already
    return last.x1 >= label_right - 2.5 * size


def _fragment(lines: Sequence[_Line], n: int, leaf: Block, reach: float) -> bool:
    """A label-only line whose label lies left of the row labels of the lines just
    above and below it: a piece of a merged group label (``（三）``, ``不予公``). A
    label naming a row outside every group (``四、结转下年度继续办理``, its cells blank,
    after 表三's last row) is none."""
    ln = lines[n]
    if core(leaf.text) in _UNGROUPED:
        return False

    def right_of(other: _Line) -> bool:
        o = other.leaf
        return o is not None and o.x0 > leaf.x1 and abs(other.cy - ln.cy) <= reach

    def beside(other: _Line) -> bool:
        # a line whose label lies wholly left of this one's is a piece of a group label
        # further left (``办`` of 三、本年度办理结果 beside （三）不予公开's ``）``): no row label
        o = other.leaf
        return o is not None and o.x1 > leaf.x0

    above = next((x for x in reversed(lines[:n]) if beside(x)), None)
    below = next((x for x in lines[n + 1 :] if beside(x)), None)
    sides = [x for x in (above, below) if x is not None]
    return bool(sides) and all(right_of(x) for x in sides)


# the cores of 表三's row labels that stand in no group: never a piece of a group label
_UNGROUPED = frozenset(
    core(lab) for key, labs in APP_CANDIDATES if not key.startswith("result.") for lab in labs
)


def _label_blocks(
    words: Sequence[Word], gap: float = 1.5, starts: Sequence[float] = ()
) -> list[Block]:
    """Label words split into cells where a horizontal gap wider than ``gap`` font
    sizes separates them, or where a word begins at one of ``starts`` (the left edge
    of a label column, however close the label before it ends: ``三、本`` | ``（一）``)."""
    blocks: list[Block] = []
    for w in sorted(words, key=lambda w: w.x0):
        column = any(abs(w.x0 - x) <= 1 for x in starts)
        for b in blocks:
            if column and w.x0 > b.x0 + w.size:
                continue
            if w.x0 <= b.x1 + gap * w.size and w.x1 >= b.x0 - gap * w.size:
                b.words.append(w)
                b.x0, b.x1 = min(b.x0, w.x0), max(b.x1, w.x1)
                break
        else:
            blocks.append(Block(w.x0, w.x1, w.top, w.bottom, [w]))
    return blocks
