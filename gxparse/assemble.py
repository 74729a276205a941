"""Rows of cells -> the three statutory tables, using the catalog.

Shared by every reader that can hand over rows (text layouts, DOCX, HTML,
PDF geometry). It knows nothing of how the rows were found. It

* takes each table's region from ``locate`` (found by content, not headings),
* finds a row of 表三 by its *last-level* label and the template's order,
  never by a group label, so collapsed or interleaved group cells don't matter,
* puts figures in columns by the reader's column hints or, failing those, by
  position, choosing among positional readings only where blank cells admit
  more than one, with the rules as evidence and a warning when it had to,
* detects the template from 表二's column labels first,
* never invents a figure: what it cannot place is ``None`` with a warning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence

import attrs
import regex
from attrs import field, frozen

from gxparse import catalog as cat
from gxparse import checks
from gxparse.errors import NotAReportError, PreTemplateReportError
from gxparse.labels import PREFIX, TRUNCATED, core
from gxparse.layout import Cell, Row
from gxparse.locate import ACTIVE_CANDIDATES, APP_CANDIDATES, Matches, is_review_header, locate
from gxparse.meta import find_meta
from gxparse.narrative import find as find_statements
from gxparse.numbers import Kind, Parsed, parse_count, parse_money
from gxparse.record import Meta, ReportWarning, Statement, Table, Value
from gxparse.rows import Match, align, match_row, misprint, split_row, unlabelled_values


@frozen
class Extraction:
    """What a reader returns: metadata, the three tables, warnings."""

    meta: Meta
    active_disclosure: Table
    applications: Table
    review_litigation: Table
    warnings: tuple[ReportWarning, ...] = ()
    pages: int | None = None
    found: frozenset[str] = field(factory=frozenset)
    statements: tuple[Statement, ...] = ()  # figures the prose states (gxparse.narrative)


# -- values -----------------------------------------------------------------------


def _value(c: Cell, *, money: bool = False, signed: bool = False) -> tuple[Value, Parsed]:
    parsed = parse_money(c.text) if money else parse_count(c.text, signed=signed)
    return Value(parsed.value, c.prov), parsed


def _unplaced(where: str, warnings: list[ReportWarning]) -> Value:
    """A column the reader's hints never reached: null with a warning, not an invented 0."""
    warnings.append(
        ReportWarning(
            "cell_missing",
            "the reader placed no cell in this column of the row; the value is left null",
            where,
        )
    )
    return Value(None)


# -- 表三 -------------------------------------------------------------------------

_APP_ORDER = {r.key: i for i, r in enumerate(cat.ALL_APPLICATION_ROWS)}
_NCOL = len(cat.APPLICANT_KEYS)


def region_rows(
    rows: Sequence[Row],
    region: range,
    matches: Matches | None,
    candidates: Sequence[tuple[str, tuple[str, ...]]],
    threshold: float,
) -> Iterator[tuple[int, Row, Match]]:
    """The rows of ``region`` with their matches. A row whose label names a template row
    but whose cells are all empty, followed by a row of figures under a label that names
    none, is one row whose label wrapped when a bracket opened in the first label closes
    in the second: the figures are its own."""
    found = [matches[i] if matches else match_row(rows[i], candidates, threshold) for i in region]
    skip = False
    for n, i in enumerate(region):
        if skip:
            skip = False
            continue
        key, s, values = found[n]
        if (
            key is not None
            and values
            and all(c.empty for c in values)
            and n + 1 < len(found)
            and found[n + 1][0] is None
            and not rows[region[n + 1]].header
            and _prints_figures(found[n + 1][2])
            and _bracket_carried(split_row(rows[i])[0], split_row(rows[region[n + 1]])[0])
        ):
            yield i, rows[i], (key, s, found[n + 1][2])
            skip = True
            continue
        yield i, rows[i], (key, s, values)


def _bracket_carried(first: Sequence[Cell], second: Sequence[Cell]) -> bool:
    """Whether a bracket left open at the end of the label cells ``first`` closes in
    ``second`` (a label wrapped onto the next line)."""
    a = "".join(c.text for c in first)
    b = "".join(c.text for c in second)
    depth = sum(a.count(o) - a.count(c) for o, c in (("(", ")"), ("（", "）")))
    closing = sum(b.count(c) - b.count(o) for o, c in (("(", ")"), ("（", "）")))
    return depth > 0 and closing > 0


def _r3_holds(cells: Sequence[Cell | None]) -> bool:
    nums = []
    for c in cells:
        p = parse_count("" if c is None else c.text)
        if p.value is None:
            return False
        nums.append(p.value)
    return sum(nums[:-1]) == nums[-1]


def read_applications(
    rows: Sequence[Row],
    region: range,
    warnings: list[ReportWarning],
    matches: Matches | None = None,
) -> tuple[dict[str, dict[str, Value]], bool]:
    """表三 from the rows in ``region``; returns the table and whether any row was found."""
    got: dict[str, list[Cell | None] | None] = {}
    readings: dict[str, list[list[Cell | None]]] = {}
    shape_offsets: Counter[tuple[int, int]] = Counter()
    row_shape: dict[str, tuple[int, int]] = {}
    hinted: set[str] = set()
    placed: list[tuple[int, str | None, Row, list[Cell]]] = []  # rows printing figures

    def take(key: str, row: Row, values: list[Cell]) -> None:
        if len(values) == 1 and values[0].glued:
            parted = unglue(cat.APPLICATIONS, key, values, _NCOL, _r3_holds, warnings)
            if parted is None:
                got[key] = None
                return
            values = parted
        if row.sparse and len(values) != _NCOL:
            got[key] = None
            warnings.append(
                ReportWarning(
                    "row_unaligned",
                    f"row {key} shows {len(values)} figures for {_NCOL} columns and its blank cells "
                    "cannot be located; its values are left null",
                    f"applications.{key}",
                )
            )
            return
        options = align(values, _NCOL)
        if not options:
            got[key] = None
            warnings.append(
                ReportWarning(
                    "row_short",
                    f"row {key} has {len(values)} cells for {_NCOL} columns; its values are left null",
                    f"applications.{key}",
                )
            )
            return
        readings[key] = options
        if any(c.column is not None for c in values):
            hinted.add(key)
        label_pos = len(row.cells) - len(values) - 1
        shape = (label_pos, len(row.cells))
        row_shape[key] = shape
        if len(options) == 1:
            got[key] = options[0]
            offset = values.index(options[0][0]) if options[0][0] in values else 0
            shape_offsets[(shape[0], offset)] += 1
        else:
            got[key] = []  # decided below, once unambiguous rows have spoken

    last = -1
    for i, row, (key, s, values) in region_rows(rows, region, matches, APP_CANDIDATES, TRUNCATED):
        if key is None:
            if _prints_figures(values) and not row.header:
                placed.append((i, None, row, values))
            continue
        if all(c.empty for c in values) and len(values) < _NCOL:
            continue  # a header/group-label row with no cells
        order = _APP_ORDER[key]
        if key in got:
            warnings.append(
                ReportWarning(
                    "duplicate_row",
                    f"row {key} printed twice; the first one is kept",
                    f"applications.{key}",
                )
            )
            continue
        if order < last and s < PREFIX:
            continue
        last = max(last, order)
        placed.append((i, key, row, values))
        take(key, row, values)
    if any(key is None for _, key, _, _ in placed):
        split = any(k is not None and k.startswith("result.other.") for _, k, _, _ in placed)
        single = any(k == "result.other" for _, k, _, _ in placed)
        layout = "split_other" if split or not single else "single_other"
        order_keys = [r.key for r in cat.application_rows(layout)]
        for key, row, values in by_position(cat.APPLICATIONS, placed, order_keys, warnings):
            take(key, row, values)
    for key, options in readings.items():
        if got.get(key) != []:
            continue
        got[key] = _choose(key, options, rows, row_shape[key], shape_offsets, warnings)
    table: dict[str, dict[str, Value]] = {}

    def fill(key: str, cells: list[Cell | None]) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for col, c in zip(cat.APPLICANT_KEYS, cells, strict=True):
            if c is None:
                if key in hinted:  # the reader's columns never reached this one
                    out[col] = _unplaced(f"applications.{key}.{col}", warnings)
                else:
                    out[col] = Value(0)  # a grid position that printed nothing
                continue
            value, parsed = _value(c)
            if parsed.kind is Kind.TEXT:
                warnings.append(
                    ReportWarning(
                        "not_a_number",
                        f"cell text {c.text!r} is not a figure",
                        f"applications.{key}.{col}",
                    )
                )
            out[col] = value
        return out

    only: list[tuple[int, str, list[Cell | None]]] = []  # rows printing their 总计 alone
    for key, cells in got.items():
        if cells is None:
            table[key] = {c: Value(None) for c in cat.APPLICANT_KEYS}
            continue
        cells = _read_split_figures(key, cells, warnings)
        if _only_total(cells):
            table[key] = {c: Value(None) for c in cat.APPLICANT_KEYS[:-1]}
            table[key][cat.APPLICANT_KEYS[-1]] = _value(cells[-1])[0]  # type: ignore[arg-type]
            only.append((len(warnings), key, cells))  # decided once every 总计 is read
            continue
        table[key] = fill(key, cells)
    for at, key, cells in reversed(only):  # inserted from the last, so ``at`` stays right
        if _total_contradicted(key, table):
            table[key] = fill(key, cells)
            continue
        warnings.insert(
            at,
            ReportWarning(
                "only_total",
                f"row {key} prints its 总计 and leaves every applicant column empty: "
                "how the total divides is not shown, so those columns are left null",
                f"applications.{key}",
            ),
        )
    return table, bool(got)


def _total_contradicted(key: str, table: dict[str, dict[str, Value]]) -> bool:
    """Whether a rule of the 总计 column (R1, R2) that uses row ``key``'s 总计 fails with
    every input read. Reading a row that prints its 总计 alone as one whose applicant
    columns were not shown assumes the row holds (its total is right, only its division is
    not printed); when the total itself breaks its column's rule, that reading has no
    support, and the blank cells are what this report printed there: zeros (the failed
    rules then name the row's cells)."""
    rows = tuple(table)
    col = cat.APPLICANT_KEYS[-1]
    for rule in ("R1", "R2"):
        _, left, right = checks.terms(rule, col, rows)
        if (key, col) not in (*left, *right):
            continue
        sums = []
        for side in (left, right):
            values = [table.get(r, {}).get(c) for r, c in side]
            if any(v is None or v.value is None for v in values):
                break
            sums.append(sum(v.value for v in values if v is not None and v.value is not None))
        if len(sums) == 2 and sums[0] != sums[1]:
            return True
    return False


def partings(run: str, n: int) -> list[list[str]]:
    """Every way to part a run of digits into ``n`` figures, none with a leading zero."""
    if n == 1:
        return [[run]] if run and (run == "0" or run[0] != "0") else []
    out: list[list[str]] = []
    for k in range(1, len(run) - n + 2):
        head = run[:k]
        if len(head) > 1 and head[0] == "0":
            break
        out.extend([head, *rest] for rest in partings(run[k:], n - 1))
    return out


def unglue(
    name: str,
    key: str,
    values: list[Cell],
    n: int,
    holds: Callable[[list[Cell | None]], bool] | None,
    warnings: list[ReportWarning],
) -> list[Cell] | None:
    """The figures of a glued run (``规章000``) parted into the row's ``n`` columns: the
    one parting there is, or the one under which the row's rule holds; None (and a
    warning) when the digits admit several readings and nothing decides."""
    run = values[0]
    options = [
        [Cell(part, attrs.evolve(run.prov, raw=part)) for part in parts]
        for parts in partings(run.text, n)
    ]
    by_rule = holds is not None and len(options) > 1
    if holds is not None and by_rule:
        options = [o for o in options if holds(list(o))]
    if len(options) == 1:
        if n > 1:
            warnings.append(
                ReportWarning(
                    "cells_run_together",
                    f"row {key} prints its figures run together ({run.text!r}); read as "
                    + " | ".join(c.text for c in options[0])
                    + (
                        ", the only parting under which its rule holds"
                        if holds
                        else ", the only parting into its columns"
                    ),
                    f"{name}.{key}",
                )
            )
        return options[0]
    warnings.append(
        ReportWarning(
            "cells_run_together",
            f"row {key} prints its figures run together ({run.text!r}) and they part into "
            f"its {n} columns in {len(options) or 'no'} ways; its values are left null",
            f"{name}.{key}",
        )
    )
    return None


def _only_total(cells: Sequence[Cell | None]) -> bool:
    """A row whose applicant cells are all empty while its 总计 prints a figure other than 0."""
    total = cells[-1]
    if total is None or not all(c is None or c.empty for c in cells[:-1]):
        return False
    value = parse_count(total.text).value
    return value is not None and value > 0


_SPLIT = regex.compile(r"^\s*(\d+)((?:\s*/\s*|\s+)\d+)+\s*$")


def _read_split_figures(
    key: str, cells: list[Cell | None], warnings: list[ReportWarning]
) -> list[Cell | None]:
    """Cells printing two digit groups (``1 0``, ``65 18``): one figure, or two cells?

    The printed text admits two readings: the digits of one figure spaced out
    (``1 0`` = 10), or the figures of two neighbouring cells run together, the
    neighbour being blank (``65 18`` = 65 and 18). The reading under which the
    row's 总计 equals the sum of its applicant columns (R3) is taken, and a
    warning says so; when no reading or several pass, the cell stays unread
    (null, with a not_a_number warning). No figure is made up: every reading
    uses only the printed digits.
    """
    for j, c in enumerate(cells):
        if c is None or c.text.isdigit() or not _SPLIT.match(c.text):  # digits alone: one figure
            continue
        groups = regex.findall(r"\d+", c.text)
        options: list[tuple[str, list[Cell | None]]] = []
        if "/" not in c.text:
            joined = Cell("".join(groups), c.prov, c.column)
            options.append(("one figure " + joined.text, [*cells[:j], joined, *cells[j + 1 :]]))
        if len(groups) == 2:
            first, second = (Cell(g, attrs.evolve(c.prov, raw=g), c.column) for g in groups)
            for n in (j - 1, j + 1):
                if not 0 <= n < len(cells):
                    continue
                neighbour = cells[n]
                if neighbour is not None and not neighbour.empty:
                    continue  # only a blank neighbour can have lost its figure to this cell
                out = list(cells)
                out[min(j, n)], out[max(j, n)] = first, second
                options.append((f"two cells {groups[0]} and {groups[1]}", out))
        holding = [(what, o) for what, o in options if _r3_holds(o)]
        if len(holding) == 1:
            what, cells = holding[0]
            warnings.append(
                ReportWarning(
                    "reading_by_rule",
                    f"row {key}: the cell printed {c.text!r} was read as {what}, "
                    "the only reading under which 总计 equals the sum of the applicant columns",
                    f"applications.{key}",
                )
            )
    return cells


def _choose(
    key: str,
    options: list[list[Cell | None]],
    rows: Sequence[Row],
    shape: tuple[int, int],
    shape_offsets: Counter[tuple[int, int]],
    warnings: list[ReportWarning],
) -> list[Cell | None] | None:
    """Pick among positional readings that differ only in where blanks fall; None (the
    row's values null) when R3 does not decide and a cell that is no figure (``NaN``)
    would sit in another column in each: a guess from similar rows (what decides
    otherwise) would move it and its neighbours when wrong."""
    distinct = {tuple(None if c is None else c.text.strip() for c in o) for o in options}
    if len(distinct) == 1:
        return options[0]
    holding = [o for o in options if _r3_holds(o)]
    admitting = holding or [o for o in options if _r3_admits(o)]
    if len(admitting) == 1:
        warnings.append(
            ReportWarning(
                "alignment_by_rule",
                f"row {key}: blank cells admit {len(options)} column alignments; "
                + (
                    "the one where 总计 equals the sum of the applicant columns was taken"
                    if holding
                    else "the only one where 总计 can equal the sum of the applicant columns "
                    "(a cell that is no figure taken as any count) was taken"
                ),
                f"applications.{key}",
            )
        )
        return admitting[0]
    pool = admitting or options
    if len({_misprints(o) for o in pool}) > 1:
        warnings.append(
            ReportWarning(
                "row_unaligned",
                f"row {key}: blank cells admit {len(options)} column alignments, R3 does not "
                "decide among them, and a cell that is no figure sits in another column in "
                "each; its values are left null",
                f"applications.{key}",
            )
        )
        return None
    usual = [off for (pos, off), _ in shape_offsets.most_common() if pos == shape[0]]
    if usual and usual[0] < len(options) and options[usual[0]] in pool:
        choice = options[usual[0]]
    else:
        choice = pool[0]
    warnings.append(
        ReportWarning(
            "alignment_uncertain",
            f"row {key}: blank cells admit {len(options)} column alignments; "
            "the one used by similar rows of this table was taken — check this row",
            f"applications.{key}",
        )
    )
    return choice


def _r3_admits(cells: Sequence[Cell | None]) -> bool:
    """Whether R3 can hold in a row where some cells print no figure (``rows.misprint``),
    each taken as any count: the applicant columns read sum to no more than 总计 (to 总计
    itself when none is unknown), or 总计 is the unknown one."""
    *applicants, last = cells

    def unknown(c: Cell | None) -> bool:
        return c is not None and misprint(c.text)

    def count(c: Cell | None) -> int | None:
        value = parse_count("" if c is None else c.text).value
        return value if isinstance(value, int) else None

    if any(not unknown(c) and count(c) is None for c in cells):
        return False
    if unknown(last):
        return True
    known = sum(count(c) or 0 for c in applicants if not unknown(c))
    total = count(last) or 0
    return known <= total if any(unknown(c) for c in applicants) else known == total


def _misprints(cells: Sequence[Cell | None]) -> tuple[int, ...]:
    """The columns of ``cells`` that print text that is no figure (``rows.misprint``)."""
    return tuple(k for k, c in enumerate(cells) if c is not None and misprint(c.text))


# -- 表二 -------------------------------------------------------------------------


def template_evidence(rows: Sequence[Row], region: range) -> Counter[str]:
    """Votes for each template from 表二's column labels in ``region``."""
    votes: Counter[str] = Counter()
    for i in region:
        text = core(rows[i].text)
        for template, markers in cat.ACTIVE_MARKERS.items():
            votes[template] += sum(1 for m in markers if core(m) in text)
    return votes


_COLUMN_CORES = {
    t: tuple({core(lab) for item in items for col in item.columns for lab in col.labels})
    for t, items in cat.ACTIVE_ITEMS.items()
}
_ITEM_KEYS = {t: {item.key for item in items} for t, items in cat.ACTIVE_ITEMS.items()}


def shape_evidence(rows: Sequence[Row], region: range, matches: Matches | None) -> Counter[str]:
    """Votes for each template from what 表二 shows once its header is damaged: header
    cells cut short or broken over lines (本年新 / 制作数量, 本年增/, 现行有效件) that
    belong to one template's column labels only, and rows only one template has
    (其他对外管理服务事项, 政府集中采购)."""
    votes: Counter[str] = Counter()
    for i in region:
        for c in rows[i].cells:
            if c.kind is not Kind.TEXT:
                continue
            t = core(c.text)
            if len(t) < 3:
                continue
            hits = [
                template
                for template, labels in _COLUMN_CORES.items()
                if any(t in lab or lab in t for lab in labels)
            ]
            if len(hits) == 1:
                votes[hits[0]] += 1
        key = matches[i][0] if matches else None
        if key is not None:
            owners = [t for t, keys in _ITEM_KEYS.items() if key in keys]
            if len(owners) == 1:
                votes[owners[0]] += 2
    return votes


def read_active(
    rows: Sequence[Row],
    region: range,
    template: str,
    warnings: list[ReportWarning],
    matches: Matches | None = None,
) -> tuple[dict[str, dict[str, Value]], bool]:
    items = {item.key: item for item in cat.active_items(template)}
    table: dict[str, dict[str, Value]] = {}
    placed: list[tuple[int, str | None, Row, list[Cell]]] = []  # rows printing figures
    for i, row, (key, _, values) in region_rows(rows, region, matches, ACTIVE_CANDIDATES, PREFIX):
        if key is None:
            if _prints_figures(values) and not row.header:
                placed.append((i, None, row, values))
            continue
        if key in table:
            continue
        if key not in items:
            warnings.append(
                ReportWarning(
                    "item_not_in_template",
                    f"表二 row {key} belongs to the other template than {template}",
                    f"active_disclosure.{key}",
                )
            )
            continue
        placed.append((i, key, row, values))
        table[key] = _active_row(items[key], row, values, warnings)
    for key, row, values in by_position(cat.ACTIVE, placed, list(items), warnings):
        table[key] = _active_row(items[key], row, values, warnings)
    return table, bool(table)


def _prints_figures(values: Sequence[Cell]) -> bool:
    """Whether cells print a figure or a zero marker (a row of the table, not a header);
    a figure printed wrong (``rows.misprint``) among them is no header's text."""
    return any(c.kind is not Kind.TEXT and not c.empty for c in values) and not any(
        c.kind is Kind.TEXT and not misprint(c.text) for c in values
    )


def by_position(
    name: str,
    placed: Sequence[tuple[int, str | None, Row, list[Cell]]],
    order: Sequence[str],
    warnings: list[ReportWarning],
) -> list[tuple[str, Row, list[Cell]]]:
    """Rows of figures whose label names no row of the template, placed by position.

    Such a row takes the template row that its matched neighbours leave free, when
    exactly one is: a row whose label cell is blank or was damaged past recognition.
    The choice is named in a warning on that row. A row with a label of its own that
    no template row leaves room for is not in the template (其他主动公开文件): it is left
    out, with a warning, and the rows after it keep their own labels.
    """
    found = {key for _, key, _, _ in placed if key is not None}
    rank = {key: n for n, key in enumerate(order)}
    # where figures start in the table's labelled rows: an unlabelled row's empty label
    # cell is not a figure
    starts = Counter(len(r.cells) - len(v) for _, k, r, v in placed if k is not None)
    start = starts.most_common(1)[0][0] if starts else 0
    out: list[tuple[str, Row, list[Cell]]] = []
    for n, (_, key, row, values) in enumerate(placed):
        if key is not None:
            continue
        before = [rank[k] for _, k, _, _ in placed[:n] if k in rank]
        after = [rank[k] for _, k, _, _ in placed[n + 1 :] if k in rank]
        low = max(before, default=-1)
        high = min(after, default=len(order))
        free = [k for k in order[low + 1 : high] if k not in found]
        labels, _ = split_row(row)
        printed = " ".join(c.text for c in labels)
        if len(free) == 1:
            found.add(free[0])
            if (
                not labels
                and len(row.cells) - start >= 1
                and all(c.empty for c in row.cells[:start])
            ):
                values = list(row.cells[start:])
            out.append((free[0], row, values))
            why = f"its label {printed!r} names no template row" if printed else "it has no label"
            warnings.append(
                ReportWarning(
                    "row_by_position",
                    f"a row of figures was read as {free[0]}, the one template row its "
                    f"neighbours leave free: {why}",
                    f"{name}.{free[0]}",
                )
            )
        elif len(core(printed)) != 1:  # one character is a group label's fragment
            warnings.append(
                ReportWarning(
                    "row_not_in_template",
                    f"a row of figures labelled {printed!r} is not a row of the template "
                    "and was left out"
                    if printed
                    else "a row of figures with no label could not be placed and was left out",
                    name,
                )
            )
    return out


def _active_row(
    item: cat.Item, row: Row, values: list[Cell], warnings: list[ReportWarning]
) -> dict[str, Value]:
    key = item.key
    n = len(item.columns)
    if len(values) == 1 and values[0].glued:
        parted = unglue(cat.ACTIVE, key, values, n, None, warnings)
        if parted is None:
            return {col.key: Value(None) for col in item.columns}
        values = parted
    if all(c.column is not None for c in values if not c.empty) and any(
        not c.empty for c in values
    ):
        placed: list[Cell | None] = [None] * n
        for c in values:
            if c.column is not None and c.column < n and (not c.empty or not placed[c.column]):
                placed[c.column] = c
        cells = placed
    else:
        if row.sparse and len([v for v in values if not v.empty]) < n:
            warnings.append(
                ReportWarning(
                    "row_short",
                    f"表二 row {key} shows fewer figures than columns",
                    f"active_disclosure.{key}",
                )
            )
            return {col.key: Value(None) for col in item.columns}
        if len(values) < n:
            warnings.append(
                ReportWarning(
                    "row_short",
                    f"表二 row {key} has {len(values)} cells for {n} columns; its values are left null",
                    f"active_disclosure.{key}",
                )
            )
            return {col.key: Value(None) for col in item.columns}
        present: list[Cell | None] = list(values[:n])
        extra = [c for c in values[n:] if not c.empty]
        if extra:
            warnings.append(
                ReportWarning(
                    "extra_cells",
                    f"表二 row {key} has more figures than its {n} columns: "
                    + ", ".join(repr(c.text) for c in extra),
                    f"active_disclosure.{key}",
                )
            )
        cells = present
    out: dict[str, Value] = {}
    for col, slot in zip(item.columns, cells, strict=True):
        if slot is None:
            out[col.key] = _unplaced(f"active_disclosure.{key}.{col.key}", warnings)
            continue
        value, parsed = _value(slot, money=col.money, signed=col.signed)
        if parsed.kind is Kind.TEXT:
            warnings.append(
                ReportWarning(
                    "not_a_number",
                    f"cell text {slot.text!r} is not a figure",
                    f"active_disclosure.{key}.{col.key}",
                )
            )
        out[col.key] = value
    return out


# -- 表四 -------------------------------------------------------------------------

_NREVIEW = len(cat.REVIEW_GROUP_KEYS) * len(cat.REVIEW_COLUMN_KEYS)
_REVIEW_REACH = 40  # rows of header words between 表四's header and its figures, at most


def _grid_row(row: Row, values: Sequence[Cell]) -> bool:
    """A full row of a table's cells, all blank: printed zeros.

    Either every cell is column-hinted (a grid the reader knows), or the row
    holds nothing but at least 15 cells of a layout that keeps blank cells (or
    figures printed wrong, ``rows.misprint``, among them).
    """
    if len(values) < _NREVIEW:
        return False
    if all(c.column is not None for c in values):
        return True
    return (
        not row.sparse
        and len(values) == len(row.cells)
        and all(c.empty or misprint(c.text) for c in values)
    )


_REVIEW_COLUMN_CORES = frozenset(core(lab) for col in cat.REVIEW_COLUMNS for lab in col.labels)


def _blank_under_header(rows: Sequence[Row], i: int, region: range, values: Sequence[Cell]) -> bool:
    """A row of blank cells right under a header line of 表四 that names as many columns
    (结果维持 … 总计) as the row has cells, one group or two: the printed zeros of one of
    the tables of a 表四 printed as two (行政复议's five cells, or 行政诉讼's ten).

    The header's structure says where the row's cells belong, so they are the figures of
    its columns (zeros printed blank) and the second table's columns count on after them;
    read as nothing, the second table's figures would slide into the first's columns.
    """
    n = len(values)
    group = len(cat.REVIEW_COLUMN_KEYS)
    if i - 1 < region.start or not n or n % group or n >= _NREVIEW:
        return False
    row = rows[i]
    if row.sparse or not all(c.empty or misprint(c.text) for c in values):
        return False
    if n != len(row.cells) and not all(c.column is not None for c in values):
        return False
    header = rows[i - 1]
    if not is_review_header(header):
        return False
    return sum(core(c.text) in _REVIEW_COLUMN_CORES for c in header.cells) == n


def read_review(
    rows: Sequence[Row],
    region: range,
    warnings: list[ReportWarning],
    blanks_are_zeros: bool = True,
) -> tuple[dict[str, dict[str, Value]], bool]:
    """表四 from the rows in ``region``, which begins at its header (see ``locate``).

    Its figures are the first rows of figures after the header. A 表四 printed as two
    tables (行政复议 apart from 行政诉讼) has a second header between them: the figures
    go on after it, and the second table's column hints count on from the first's. Either
    table's row may print nothing but blank cells (a group of zeros left blank): that row
    counts, so the other table's figures keep their columns (``_blank_under_header``).
    """
    collected: list[Cell] = []
    offset = 0  # columns read before a second header (a 表四 printed as two tables)
    resumed = False
    for i in region[1:]:
        row = rows[i]
        values = unlabelled_values(row)
        if not collected and i - region.start > _REVIEW_REACH:
            break
        numbers = [
            c for c in values if c.kind is Kind.NUMBER or (c.kind is Kind.BLANK and not c.empty)
        ]
        if (
            not numbers
            and not _grid_row(row, values)
            and not _blank_under_header(rows, i, region, values)
        ):
            if collected and (is_review_header(row) or _caption_before_header(rows, i, region)):
                if not resumed:
                    hinted_cols = [c.column for c in collected if c.column is not None]
                    offset = 1 + max(hinted_cols) if hinted_cols else len(collected)
                    resumed = True
                continue
            if collected:
                break
            continue
        if resumed and offset:
            values = [
                attrs.evolve(c, column=c.column + offset) if c.column is not None else c
                for c in values
            ]
        collected.extend(values)
        if len([c for c in collected if not c.empty]) >= _NREVIEW or (
            not row.sparse and len(collected) >= _NREVIEW
        ):
            break
    if not collected:
        return {}, False
    hinted = all(c.column is not None for c in collected if not c.empty)
    if hinted:
        cells: list[Cell | None] = [None] * _NREVIEW
        for c in collected:
            if (
                c.column is not None
                and c.column < _NREVIEW
                and (not c.empty or not cells[c.column])
            ):
                cells[c.column] = c
    else:
        options = align(_trim(collected), _NREVIEW)
        if len({tuple(c.text if c else "" for c in o) for o in options}) == 1:
            options = options[:1]  # readings that differ only in where blanks fall
        if len(options) != 1:
            warnings.append(
                ReportWarning(
                    "row_short",
                    f"表四 shows {len([c for c in collected if not c.empty])} figures for {_NREVIEW} cells; "
                    "its values are left null",
                    "review_litigation",
                )
            )
            return {
                g: {c: Value(None) for c in cat.REVIEW_COLUMN_KEYS} for g in cat.REVIEW_GROUP_KEYS
            }, True
        cells = options[0]
    blank = all(c is None or c.empty or misprint(c.text) for c in cells)
    table: dict[str, dict[str, Value]] = {}
    k = 0
    for g in cat.REVIEW_GROUP_KEYS:
        table[g] = {}
        for col in cat.REVIEW_COLUMN_KEYS:
            slot = cells[k]
            k += 1
            if slot is None:
                table[g][col] = (
                    _unplaced(f"review_litigation.{g}.{col}", warnings)
                    if hinted and any(c.column is not None for c in collected)
                    else Value(0, None)
                )
                continue
            value, parsed = _value(slot)
            if parsed.kind is Kind.TEXT:
                warnings.append(
                    ReportWarning(
                        "not_a_number",
                        f"cell text {slot.text!r} is not a figure",
                        f"review_litigation.{g}.{col}",
                    )
                )
            table[g][col] = value
    if blank:
        return _blank_review(table, blanks_are_zeros, warnings), True
    return table, True


def _caption_before_header(rows: Sequence[Row], i: int, region: range) -> bool:
    """A line between the two tables of a 表四 printed as two (（续表）, or a note such as
    该部分以表格形式报告。表格如下：): the next line or the one after is a header line of
    表四, and it prints no figure."""
    if any(c.kind is Kind.NUMBER for c in rows[i].cells):
        return False
    return any(is_review_header(rows[j]) for j in range(i + 1, min(i + 3, region.stop)))


def _blank_review(
    table: dict[str, dict[str, Value]], blanks_are_zeros: bool, warnings: list[ReportWarning]
) -> dict[str, dict[str, Value]]:
    """表四 printed with every cell empty: zeros where the report prints its zeros as
    empty cells elsewhere, else nothing is known (null, the cells' places kept); a
    warning says which."""
    if blanks_are_zeros:
        warnings.append(
            ReportWarning(
                "blank_as_zero",
                "表四 prints no figure at all; read as zeros, as this report prints its zeros "
                "as empty cells in its other tables",
                cat.REVIEW,
            )
        )
        return table
    warnings.append(
        ReportWarning(
            "table_blank",
            "表四 prints no figure at all, and this report prints its zeros as 0 elsewhere: "
            "its values are left null",
            cat.REVIEW,
        )
    )
    return {g: {c: Value(None, v.prov) for c, v in cols.items()} for g, cols in table.items()}


def prints_blank_zeros(*tables: dict[str, dict[str, Value]]) -> bool:
    """Whether the report prints zeros as empty cells: some value read as 0 from an empty
    cell beside figures in its row, or no zero printed as a mark (0, /, —) anywhere."""
    marked = False
    for table in tables:
        for cols in table.values():
            values = list(cols.values())
            empty = [v.value == 0 and (v.prov is None or not v.prov.raw.strip()) for v in values]
            if any(empty) and any(v.value not in (0, None) for v in values):
                return True
            marked = marked or any(
                v.value == 0 and v.prov is not None and v.prov.raw.strip() for v in values
            )
    return not marked


def _trim(cells: list[Cell]) -> list[Cell]:
    """Drop empty cells at the ends when there are more cells than the grid has."""
    out = list(cells)
    while len(out) > _NREVIEW and out and out[-1].empty:
        out.pop()
    while len(out) > _NREVIEW and out and out[0].empty:
        out.pop(0)
    return out


# -- the whole document -------------------------------------------------------------


def _null_active(template: str) -> dict[str, dict[str, Value]]:
    return {i.key: {c.key: Value(None) for c in i.columns} for i in cat.active_items(template)}


def _complete(
    name: str,
    table: dict[str, dict[str, Value]],
    keys: dict[str, tuple[str, ...]],
    warnings: list[ReportWarning],
) -> dict[str, dict[str, Value]]:
    """The table in template order, with a null (and a warning) for what was not found."""
    out: dict[str, dict[str, Value]] = {}
    missing_rows = []
    for row, cols in keys.items():
        have = table.get(row)
        if have is None:
            missing_rows.append(row)
            out[row] = {c: Value(None) for c in cols}
            continue
        out[row] = {c: have[c] if c in have else Value(None) for c in cols}
    if table and missing_rows:
        for row in missing_rows:
            warnings.append(
                ReportWarning(
                    "row_missing", f"row {row} was not found; its values are null", f"{name}.{row}"
                )
            )
    return out


def template_of(
    rows: Sequence[Row],
    spans: dict[str, range],
    year: int | None,
    applications_found: set[str],
    warnings: list[ReportWarning],
    matches: Matches | None = None,
) -> str:
    votes = template_evidence(rows, spans[cat.ACTIVE])
    if votes["2021"] == votes["2019"]:
        votes = shape_evidence(rows, spans[cat.ACTIVE], matches)
    if votes["2021"] != votes["2019"]:
        return "2021" if votes["2021"] > votes["2019"] else "2019"
    if any(k.startswith("result.other.") for k in applications_found):
        return "2021"
    guess = "2021" if year is None or year >= 2021 else "2019"
    warnings.append(
        ReportWarning(
            "template_from_year",
            f"表二's column labels did not show the template; {guess} assumed from the report year",
            "meta.template",
        )
    )
    return guess


def assemble(
    rows: Sequence[Row], *, pages: int | None = None, path: str | None = None
) -> Extraction:
    """The record's tables and metadata from a document's rows."""
    warnings: list[ReportWarning] = []
    agency, year, meta_warnings = find_meta([r.text for r in rows[:40]])
    if year is not None and year < 2019:
        raise PreTemplateReportError(
            f"this is a {year} report; reports from before 2019 follow no statutory table format "
            "and gxparse reads the 2019 and 2021 templates only",
            path=path,
        )
    found_at = locate(rows)
    spans = found_at.spans
    applications, app_found = read_applications(
        rows, spans[cat.APPLICATIONS], warnings, found_at.app_matches
    )
    template = template_of(rows, spans, year, set(applications), warnings, found_at.active_matches)
    active, active_found = read_active(
        rows, spans[cat.ACTIVE], template, warnings, found_at.active_matches
    )
    review, review_found = read_review(
        rows, spans[cat.REVIEW], warnings, prints_blank_zeros(applications, active)
    )
    found = {
        n
        for n, ok in (
            (cat.ACTIVE, active_found),
            (cat.APPLICATIONS, app_found),
            (cat.REVIEW, review_found),
        )
        if ok
    }
    if not found:
        raise NotAReportError(path=path)
    if any(k.startswith("result.other.") for k in applications):
        layout = "split_other"
    elif "result.other" in applications:
        layout = "single_other"
    else:
        layout = cat.DEFAULT_LAYOUT[template]
    app_keys = {r.key: cat.APPLICANT_KEYS for r in cat.application_rows(layout)}
    active_keys = {i.key: tuple(c.key for c in i.columns) for i in cat.active_items(template)}
    review_keys = {g: cat.REVIEW_COLUMN_KEYS for g in cat.REVIEW_GROUP_KEYS}
    for name in cat.TABLES:
        if name not in found:
            warnings.append(
                ReportWarning(
                    "table_missing",
                    f"{cat.TABLE_TITLES[name]} ({name}) was not found; its values are null",
                    name,
                )
            )
    stray = [k for k in applications if k not in app_keys]
    for k in stray:
        warnings.append(
            ReportWarning(
                "row_not_in_layout",
                f"row {k} does not fit the {layout} layout of 表三 and was dropped",
                f"applications.{k}",
            )
        )
    return Extraction(
        meta=Meta(agency=agency, year=year, template=template),
        active_disclosure=_complete(cat.ACTIVE, active, active_keys, warnings),
        applications=_complete(cat.APPLICATIONS, applications, app_keys, warnings),
        review_litigation=_complete(cat.REVIEW, review, review_keys, warnings),
        warnings=(*meta_warnings, *warnings),
        pages=pages,
        found=frozenset(found),
        statements=find_statements(rows, spans.values(), template=template, year=year),
    )
