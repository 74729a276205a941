"""Pieces of a PDF table shared by the ruled (``pdf_grid``) and unruled (``pdf_unruled``) paths.

* **Column models** come from the header: cells whose text (wrapped words
  joined) names a column of 表二, 表三 or 表四. Their x-ranges are the model,
  which carries over to the table's pieces on later pages; a repeated header
  just renews it.
* **Bands** are table rows as found on the page (label blocks, value words by
  column); ``band_row`` turns one into the assembler's ``layout.Row``, a
  column with nothing printed becoming an explicit blank with the cell's box
  as provenance.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import cached_property
from itertools import islice
from operator import itemgetter

import regex
from attrs import define, field

from gxparse import catalog as cat
from gxparse.labels import Candidates, best, core
from gxparse.layout import Cell, Row
from gxparse.locate import APP_CANDIDATES as APP_CANDIDATES  # shared with the assembler
from gxparse.memo import memo
from gxparse.numbers import Kind, parse_count, starts_as_word, word_blank
from gxparse.record import Provenance, ReportWarning
from gxparse.sources.pdf import Word

TOL = 2.0  # pt: how far a rule may miss a word or another rule and still count


# -- column models --------------------------------------------------------------------------

Interval = tuple[float, float, int]  # x0, x1, column hint
_X0 = itemgetter(0)


@define
class Model:
    """Which table the current grid rows belong to, and where its value columns lie.

    A model is not changed once made: what every row of its table asks of it
    (``left``, ``by_x``) is worked out once and kept.
    """

    kind: str  # cat.ACTIVE, cat.APPLICATIONS or cat.REVIEW
    intervals: list[Interval]

    @cached_property
    def left(self) -> float:
        return min(i[0] for i in self.intervals)

    @cached_property
    def by_x(self) -> list[Interval]:
        """The intervals from left to right."""
        return sorted(self.intervals, key=_X0)

    @property
    def complete(self) -> bool:
        """Whether every value column of the table was named (表二's headers always are)."""
        full = {cat.APPLICATIONS: len(cat.APPLICANT_KEYS), cat.REVIEW: _NREVIEW}
        return len({h for _, _, h in self.intervals}) >= full.get(self.kind, 1)

    def column_of(self, x0: float, x1: float) -> list[int]:
        """Hints of the columns a box falls in: one, or two when it straddles a border."""
        hint = self.column_at((x0 + x1) / 2)
        return [] if hint is None else [hint]

    def column_at(self, cx: float) -> int | None:
        """The hint of the first column whose x-range holds ``cx`` (0.5 pt of slack)."""
        for a, b, h in self.intervals:
            if a - 0.5 <= cx <= b + 0.5:
                return h
        return None


_NREVIEW = len(cat.REVIEW_GROUP_KEYS) * len(cat.REVIEW_COLUMN_KEYS)
APP_LABELS = {core(lab): c.key for c in cat.APPLICANT_COLUMNS for lab in c.labels}
REVIEW_LABELS = {core(lab): c.key for c in cat.REVIEW_COLUMNS for lab in c.labels}
GROUP_LABELS = {core(lab): g.key for g in cat.REVIEW_GROUPS for lab in g.labels}
_APP_SORTED = sorted(APP_LABELS.items())
_REVIEW_SORTED = sorted(REVIEW_LABELS.items())
ACTIVE_LABELS = {
    core(lab)
    for items in cat.ACTIVE_ITEMS.values()
    for item in items
    for col in item.columns
    for lab in col.labels
}


@define(eq=False)
class Block:
    """Words of one cell (ruled) or one column cluster (unruled), joined."""

    x0: float
    x1: float
    top: float
    bottom: float
    words: list[Word] = field(factory=list)
    prefix: str = ""  # the text of the same cell on the page before (a header cut by a break)

    @property
    def text(self) -> str:
        return self.prefix + join_words(self.words)

    def __eq__(self, other: object) -> bool:
        """Field by field, as attrs compares (blocks are looked up in lists often): each
        field only while the ones before it are equal, with no tuples built."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Block)
        return (
            self.x0 == other.x0
            and self.x1 == other.x1
            and self.top == other.top
            and self.bottom == other.bottom
            and self.words == other.words
            and self.prefix == other.prefix
        )


def join_words(words: Sequence[Word]) -> str:
    """Words in reading order: by line (heights in steps of 0.6 of their size), then x."""
    if len(words) == 1:
        return words[0].text
    return _joined(tuple(words))


@memo(65536)
def _joined(words: tuple[Word, ...]) -> str:
    """``join_words`` of several words (a cell's text is asked for again and again)."""
    ordered = sorted(
        # the word's index keeps the sort stable without a key function
        (round(w.cy / (w.size * 0.6 if w.size * 0.6 > 1.0 else 1.0)), w.x0, n, w.text)
        for n, w in enumerate(words)
    )
    return "".join([o[3] for o in ordered])


def _by_prefix(text: str, labels: list[tuple[str, str]]) -> str | None:
    """The one column whose label starts with ``text`` (at least 4 characters long);
    ``labels`` are (label, key) pairs, sorted, so such labels are neighbours."""
    if len(text) < 4:
        return None
    keys = set()
    for k in range(bisect_left(labels, (text,)), len(labels)):
        lab, key = labels[k]
        if not lab.startswith(text):
            break
        keys.add(key)
    return keys.pop() if len(keys) == 1 else None


@memo(65536)
def _header_keys(text: str) -> tuple[str | None, str | None, str | None, bool]:
    """The 表三 column, 表四 column and 表四 group a header cell's text names, and whether
    it names a column of 表二."""
    c = core(text)
    # a header cell cut by a page break keeps only the start of its label
    app_key = APP_LABELS.get(c) or _by_prefix(c, _APP_SORTED)
    review_key = REVIEW_LABELS.get(c) or _by_prefix(c, _REVIEW_SORTED)
    return app_key, review_key, GROUP_LABELS.get(c), _names_active_column(c)


def _names_active_column(c: str) -> bool:
    """Whether a header cell's core names a column of 表二: a column label, or the start of
    one cut short (本年增/ for 本年增/减, 现行有效件 for 现行有效件数)."""
    if c in ACTIVE_LABELS:
        return True
    return len(c) >= 3 and any(lab.startswith(c) for lab in ACTIVE_LABELS)


def header_model(blocks: Sequence[Block]) -> Model | None:
    """A column model from header cells, if they name the columns of a table."""
    app: dict[str, Block] = {}
    review: list[tuple[Block, str]] = []
    groups: list[tuple[Block, str]] = []
    active: list[Block] = []
    for b in blocks:
        app_key, review_key, group_key, is_active = _header_keys(b.text)
        if app_key is not None and app_key not in app:
            app[app_key] = b
        if review_key is not None:
            review.append((b, review_key))
        if group_key is not None:
            groups.append((b, group_key))
        if is_active:
            active.append(b)
    if len(review) >= 10 or (
        len(review) == len({k for _, k in review}) == len(cat.REVIEW_COLUMN_KEYS)
    ):  # 表四's header, or one group of it (a 表四 printed as two tables: 复议 apart)
        review.sort(key=lambda bk: bk[0].x0)
        intervals: list[Interval] = []
        for n, (b, key) in enumerate(review):
            cx = (b.x0 + b.x1) / 2
            g = next(
                (
                    cat.REVIEW_GROUP_KEYS.index(gk)
                    for gb, gk in groups
                    if gb.x0 - TOL <= cx <= gb.x1 + TOL
                ),
                None,
            )
            if g is None or len(groups) < 3:
                g = n // len(cat.REVIEW_COLUMN_KEYS)
            hint = g * len(cat.REVIEW_COLUMN_KEYS) + cat.REVIEW_COLUMN_KEYS.index(key)
            intervals.append((b.x0, b.x1, hint))
        return Model(cat.REVIEW, intervals)
    app_keys = [k for k in cat.APPLICANT_KEYS if k != "other_org"]
    if sum(1 for k in app_keys if k in app) >= 4:
        _place_unnamed(blocks, app)
        return Model(
            cat.APPLICATIONS,
            [(b.x0, b.x1, cat.APPLICANT_KEYS.index(k)) for k, b in app.items()],
        )
    if active:
        active.sort(key=lambda b: b.x0)
        return Model(cat.ACTIVE, [(b.x0, b.x1, n) for n, b in enumerate(active)])
    return None


_SPANNING = frozenset(core(lab) for lab in cat.SPANNING_HEADER_LABELS)


def _place_unnamed(blocks: Sequence[Block], app: dict[str, Block]) -> None:
    """A 表三 header cell whose label names no column (事业企业 printed for 商业企业) takes
    the one column its named neighbours leave free between them."""
    named = sorted(((b.x0, cat.APPLICANT_KEYS.index(k)) for k, b in app.items()))
    for b in blocks:
        if any(b is x for x in app.values()) or core(b.text) in _SPANNING or not core(b.text):
            continue  # a named column, or a label over several (法人或其他组织)
        before = [n for x0, n in named if x0 < b.x0]
        after = [n for x0, n in named if x0 > b.x0]
        if not before or not after:
            continue
        free = [k for k in cat.APPLICANT_KEYS[max(before) + 1 : min(after)] if k not in app]
        if len(free) == 1:
            app[free[0]] = b


# -- rows ---------------------------------------------------------------------------------------


@define
class Band:
    """One row of a table: label blocks, value words by column, the band's box."""

    page: int
    top: float
    bottom: float
    labels: list[Block]
    values: dict[int, list[Word]]
    model: Model | None
    header: bool = False
    others: list[Block] = field(factory=list)  # every block, for header/text rows
    continues: bool = False  # first band of a piece that carries an earlier model
    split: dict[int, list[list[Word]]] = field(factory=dict)  # columns fed by several cells
    unruled: bool = False  # placed by header alignment alone, with no rule to confirm it

    @property
    def label_text(self) -> str:
        return "".join(b.text for b in self.labels)

    @property
    def has_values(self) -> bool:
        return any(self.values.values())


def prov(text: str, page: int, box: tuple[float, float, float, float]) -> Provenance:
    """Provenance with the box rounded to 0.1 pt (what it mostly is already: checked first)."""
    x0, top, x1, bottom = box
    if not (
        round(x0 * 10) / 10 == x0
        and round(top * 10) / 10 == top
        and round(x1 * 10) / 10 == x1
        and round(bottom * 10) / 10 == bottom
    ):
        box = (round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))
    return Provenance(text, page, None, box)  # raw, page, line, bbox


def _tenth(v: float) -> float:
    """``round(v, 1)``, quicker for the usual coordinate already on the 0.1 pt grid."""
    return v if round(v * 10) / 10 == v else round(v, 1)


def box_of(words: Sequence[Word]) -> tuple[float, float, float, float]:
    """The box around some words (at least one)."""
    x0, top, x1, bottom = words[0][1:5]
    for w in islice(words, 1, None):
        if w.x0 < x0:
            x0 = w.x0
        if w.top < top:
            top = w.top
        if w.x1 > x1:
            x1 = w.x1
        if w.bottom > bottom:
            bottom = w.bottom
    return x0, top, x1, bottom


def block_cell(b: Block, page: int) -> Cell:
    text = b.text
    return Cell(text, prov(text, page, box_of(b.words)))


def band_row(band: Band, warnings: list[ReportWarning]) -> Row:
    """A band as the assembler's row: label cells, then one hinted cell per value column."""
    if band.header or band.model is None:
        blocks = sorted(band.others, key=lambda b: b.x0)
        shown = tuple(block_cell(b, band.page) for b in blocks if b.words)
        # a text band with a model is the header that defined it
        return Row(shown, header=band.header and band.model is not None)
    page = band.page
    cells = [block_cell(b, page) for b in sorted(band.labels, key=lambda b: b.x0) if b.words]
    top, bottom = _tenth(band.top), _tenth(band.bottom)  # of every blank cell
    for x0, x1, hint in band.model.by_x:
        words = band.values.get(hint, [])
        if hint in band.split:
            # figures from two ruled cells under one header column: the column model
            # does not fit this row, so the figures are not joined into one number
            text = " / ".join(join_words(ws) for ws in band.split[hint])
            cells.append(Cell(text, prov(text, page, box_of(words)), column=hint))
        elif len(words) == 1:  # the usual figure: one word
            w = words[0]
            text = w.text
            cells.append(Cell(text, prov(text, page, w[1:5]), column=hint))  # its box
        elif words:
            text = join_words(words)
            cells.append(Cell(text, prov(text, page, box_of(words)), column=hint))
        else:  # the cell's box, as ``prov`` would round it
            box = (_tenth(x0), top, _tenth(x1), bottom)
            cells.append(Cell("", Provenance("", page, None, box), column=hint))
    return Row(tuple(cells))


_FIGURE = regex.compile(r"[+\-－]?\d[\d,]*(?:\.\d+)?")


@memo(65536)
def is_figure(text: str) -> bool:
    if text.isdigit() and text.isascii():
        return True  # the usual figure
    if starts_as_word(text):
        return word_blank(text)  # the usual label; 无 is the one word that marks a blank
    return parse_count(text, signed=True).kind is not Kind.TEXT or bool(_FIGURE.fullmatch(text))


class State:
    """What carries from one grid (and page) to the next."""

    def __init__(self) -> None:
        self.model: Model | None = None
        self.warnings: list[ReportWarning] = []
        # header cells at the foot of a page that did not name every column yet: the
        # rest of the header (the other half of cut cells) is on the next page
        self.pending: list[Block] = []
        self.pending_page = 0
        # a complete 表四 header that ended its page with nothing below it (no rules): the
        # blank row that the next page's first line, if it is the next heading, shows to
        # be the whole row
        self.open_review: Band | None = None

    def reset(self) -> None:
        """A new table (or the end of the tables) begins: nothing carries over."""
        self.model = None
        self.pending = []


ACTIVE_ROW_CANDIDATES = Candidates(
    (item.key, item.labels) for items in cat.ACTIVE_ITEMS.values() for item in items
)


def label_score(text: str) -> float:
    return best(text, APP_CANDIDATES)[1] if text else 0.0
