"""Where each statutory table lies in a document's rows, found by what the rows contain.

A table is recognised by its content, never by the heading above it: headings are
worded in dozens of ways (nineteen for part 4 alone), shifted by one, missing, or
printed right after the table's own last row. What does not vary is what a table
holds:

* 表二 and 表三: rows whose label matches one of the table's catalog rows and that
  carry cells after the label. The densest run of such rows is the table (a stray
  match in the prose or in another table does not move it).
* 表四: its header words (行政复议, 行政诉讼, 结果维持, …), or their two-character
  pieces when a narrow column broke them (结果 / 维持), in a short line after 表三.

A table's region also takes in the header rows just above its first row (their
column labels tell the templates apart), up to the first line of prose. Nothing
here reads a figure; ``assemble`` reads the rows of each region.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex
from attrs import frozen

from gxparse import catalog as cat
from gxparse.labels import EXACT, PREFIX, TRUNCATED, Candidates, core
from gxparse.layout import Cell, Row
from gxparse.numbers import Kind
from gxparse.rows import Match, match_row, misprint, split_row

APP_CANDIDATES = Candidates((r.key, r.labels) for r in cat.ALL_APPLICATION_ROWS)


def _active_candidates() -> Candidates:
    labels: dict[str, list[str]] = {}
    for items in cat.ACTIVE_ITEMS.values():
        for item in items:
            labels.setdefault(item.key, [])
            labels[item.key] += [lab for lab in item.labels if lab not in labels[item.key]]
    return Candidates(labels.items())


ACTIVE_CANDIDATES = _active_candidates()
# Template order of each table's rows (表二: the 2019 items, which hold the 2021 ones in order)
_APP_RANK = {r.key: n for n, r in enumerate(cat.ALL_APPLICATION_ROWS)}
_ACTIVE_RANK = {i.key: n for n, i in enumerate(cat.ACTIVE_ITEMS["2019"])}

_GAP = 15  # rows between two rows of one table, at most (wrapped labels, page furniture)
_HEADER_REACH = 12  # rows of headers above a table's first row, at most
_PROSE = 60  # one cell of text longer than this (its core) is prose, not a table's header
_LABEL_MAX = 60  # characters of a row label printed alone (its figures lost), at most
_SENTENCE = regex.compile(r"[。；;！？]\s*$")


def _pieces(labels: Sequence[str]) -> frozenset[str]:
    """The labels' cores and their two-character pieces (how narrow columns break them)."""
    out: set[str] = set()
    for label in labels:
        c = core(label)
        out.add(c)
        out.update(c[k : k + 2] for k in range(0, len(c) - 1, 2))
    return frozenset(out)


_REVIEW_LABELS = tuple(
    lab for col in (*cat.REVIEW_GROUPS, *cat.REVIEW_COLUMNS) for lab in col.labels if len(lab) > 2
)
_REVIEW_WORDS = tuple(core(lab) for lab in (*_REVIEW_LABELS, cat.LITIGATION_HEADER))
_REVIEW_CHARS = frozenset(
    "".join(core(lab) for col in (*cat.REVIEW_GROUPS, *cat.REVIEW_COLUMNS) for lab in col.labels)
)
_HEADER_CHARS = 12  # a line of 表四's header characters alone holds this many at most
_REVIEW_PIECES = _pieces(_REVIEW_LABELS) - _pieces(
    [lab for row in cat.ALL_APPLICATION_ROWS for lab in row.labels]
)


class Matches:
    """Each row's match against one table's catalog rows, worked out when first asked for
    (most rows of a document are prose, and only the rows near a table are asked for)."""

    def __init__(
        self,
        rows: Sequence[Row],
        candidates: Candidates,
        threshold: float,
        splits: dict[int, tuple[list[Cell], list[Cell]]],
    ) -> None:
        self._rows = rows
        self._candidates = candidates
        self._threshold = threshold
        self._splits = splits  # split_row of rows, shared by both tables' matches
        self._done: dict[int, Match] = {}

    def __getitem__(self, i: int) -> Match:
        hit = self._done.get(i)
        if hit is None:
            split = self._splits.get(i)
            if split is None:
                split = self._splits[i] = split_row(self._rows[i])
            hit = match_row(self._rows[i], self._candidates, self._threshold, split)
            self._done[i] = hit
        return hit

    def exact(self, i: int) -> bool:
        """Whether row ``i`` is already known to match a catalog row exactly."""
        hit = self._done.get(i)
        return hit is not None and hit[1] >= EXACT

    def __len__(self) -> int:
        return len(self._rows)


@frozen
class Located:
    """Each table's rows, and the row matches worked out on the way (reused by readers)."""

    spans: dict[str, range]
    app_matches: Matches
    active_matches: Matches


def _prose(text: str, row: Row) -> bool:
    """A sentence, or a long run of text in one cell (a table's wide header has many).

    A row of several cells whose last is a figure printed wrong (``？``) ends in no
    sentence."""
    if _SENTENCE.search(row.text) and not _ends_in_misprint(row):
        return True
    return len(text) > _PROSE and sum(1 for c in row.cells if not c.empty) <= 1


def _ends_in_misprint(row: Row) -> bool:
    filled = [c for c in row.cells if not c.empty]
    return len(filled) > 1 and misprint(filled[-1].text)


def _cell_of_figures(c: Cell) -> bool:
    """A figure, a blank mark, an empty cell, or a figure printed wrong (``rows.misprint``):
    no header's text."""
    return c.kind is not Kind.TEXT or misprint(c.text)


def _tabular(rows: Sequence[Row], splits: dict[int, tuple[list[Cell], list[Cell]]]) -> list[int]:
    """Rows with a label and cells after it that are figures, blank markers or empty (a row
    of zeros printed as blanks), or figures printed wrong (``NaN``); a header row (text
    after its label) or prose is none."""
    out = []
    for i, row in enumerate(rows):
        if len(row.cells) < 2:
            continue  # one cell: a line of prose, a heading, a label alone
        labels, values = splits[i] = split_row(row)
        if labels and values and all(_cell_of_figures(c) for c in values):
            out.append(i)
    return out


def _anchors(tabular: list[int], matches: Matches, other: Matches) -> dict[int, str]:
    """Tabular rows matched to a catalog row of this table, no worse than to the other's
    (an exact match needs no comparing), with their keys."""
    out: dict[int, str] = {}
    for i in tabular:
        if other.exact(i):
            continue  # the other table's row (no label is exact in both catalogs)
        key, s, values = matches[i]
        if (
            key is not None
            and values
            and all(_cell_of_figures(c) for c in values)
            and (s >= EXACT or s >= other[i][1])
        ):
            out[i] = key
    return out


def _with_tail(rows: Sequence[Row], span: range, matches: Matches, other: Matches) -> range:
    """``span`` grown downwards over its table's rows that print only blank cells or none
    (a last row of zeros printed as blanks, a row whose figures were lost), up to 表四's
    header."""
    stop = span.stop
    for k in range(span.stop, min(len(rows), span.stop + _GAP)):
        if is_review_header(rows[k]):
            break
        if len(rows[k].cells) < 2 and len(rows[k].text) > _LABEL_MAX:
            continue  # a line of text too long for a label alone
        key, s, values = matches[k]
        if key is not None and (values or s >= EXACT) and s >= other[k][1]:
            stop = k + 1
    return range(span.start, stop)


def _densest(
    anchors: list[int], keys: dict[int, str], rank: dict[str, int], before: int | None
) -> range | None:
    """The run of anchor rows (no gap over ``_GAP``) holding the most rows in template
    order: the longest run of rows whose keys rise in the template's order, so a stray
    match beside the table (其他主动公开文件 read as 表三's 3.其他) stays out of it.

    With ``before``, runs that start before it are preferred (tables come in order).
    """
    runs: list[list[int]] = []
    for i in anchors:
        if runs and i - runs[-1][-1] <= _GAP:
            runs[-1].append(i)
        else:
            runs.append([i])
    if not runs:
        return None
    ordered = [_rising(run, keys, rank) for run in runs]

    def weight(run: list[int]) -> tuple[bool, int, int]:
        early = before is None or run[0] < before
        return early, len(run), -run[0]

    best = max(ordered, key=weight)
    return range(best[0], best[-1] + 1)


def _rising(run: list[int], keys: dict[int, str], rank: dict[str, int]) -> list[int]:
    """The longest subsequence of ``run`` whose keys rise strictly in template order
    (the earliest such one on a tie)."""
    ranks = [rank[keys[i]] for i in run]
    best: list[list[int]] = []  # best[n]: the longest rising subsequence ending at n
    for n, r in enumerate(ranks):
        prev = [best[m] for m in range(n) if ranks[m] < r]
        best.append([*max(prev, key=len, default=[]), n])
    longest = max(best, key=len)
    return [run[n] for n in longest]


def _with_header(rows: Sequence[Row], texts: Sequence[str], span: range, floor: int) -> range:
    """``span`` grown upwards over the header rows above it (not past prose or ``floor``)."""
    start = span.start
    k = start - 1
    while k >= max(floor, span.start - _HEADER_REACH) and not _prose(texts[k], rows[k]):
        start = k
        k -= 1
    return range(start, span.stop)


def _review_header(text: str, row: Row) -> bool:
    """A short line of 表四's header: its words, their two-character pieces (结果 / 维持),
    or nothing but characters of its labels (a header broken one character a line);
    never a line that prints a figure."""
    if not text or _prose(text, row):
        return False
    if any(c.kind is not Kind.TEXT and not c.empty for c in row.cells):
        return False
    if any(w in text for w in _REVIEW_WORDS):
        return True
    pieces = [text[k : k + 2] for k in range(len(text) - 1)]
    if sum(p in _REVIEW_PIECES for p in pieces) >= 2:
        return True
    return len(text) <= _HEADER_CHARS and all(ch in _REVIEW_CHARS for ch in text)


def is_review_header(row: Row) -> bool:
    """Whether ``row`` is a line of 表四's header (its words, or their broken pieces)."""
    return _review_header(core(row.text), row)


def locate(rows: Sequence[Row]) -> Located:
    """The region of each table in ``rows`` (an empty range where it holds nothing)."""
    texts = [core(r.text) for r in rows]
    splits: dict[int, tuple[list[Cell], list[Cell]]] = {}
    tabular = _tabular(rows, splits)
    app_matches = Matches(rows, APP_CANDIDATES, TRUNCATED, splits)
    active_matches = Matches(rows, ACTIVE_CANDIDATES, PREFIX, splits)
    app_keys = _anchors(tabular, app_matches, active_matches)
    applications = _densest(list(app_keys), app_keys, _APP_RANK, None)
    if applications is not None:
        applications = _with_tail(rows, applications, app_matches, active_matches)
    active_keys = _anchors(tabular, active_matches, app_matches)
    active = _densest(
        list(active_keys),
        active_keys,
        _ACTIVE_RANK,
        applications.start if applications else None,
    )
    if active is not None:
        active = _with_tail(rows, active, active_matches, app_matches)
    spans: dict[str, range] = {}
    if active is not None:
        floor = 0
        if applications is not None and applications.start > active.start:
            active = range(active.start, min(active.stop, applications.start))
        spans[cat.ACTIVE] = _with_header(rows, texts, active, floor)
    if applications is not None:
        floor = active.stop if active is not None and active.stop <= applications.start else 0
        spans[cat.APPLICATIONS] = _with_header(rows, texts, applications, floor)
    after = max((s.stop for s in spans.values()), default=0)
    review = next((i for i in range(after, len(rows)) if _review_header(texts[i], rows[i])), None)
    spans[cat.REVIEW] = range(review, len(rows)) if review is not None else range(0)
    for t in cat.TABLES:
        spans.setdefault(t, range(0))
    return Located(spans, app_matches, active_matches)
