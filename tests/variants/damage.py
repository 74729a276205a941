"""Variant families: the ways real reports print the template differently.

Each family is a function ``(case, rng) -> case`` that draws one of its variants with
``rng`` (a ``random.Random``) and applies it to the printed document; where a variant
makes a figure genuinely unknowable it says so in the truth (``Case.unknowable``: the
record must hold null there, or flag the cell). The variants are the ones catalogued in
``shared/real_variants.md`` (section numbers in the docstrings).

``damage(record, families, rng)`` builds the template print of ``record`` and applies the
families in a fixed order (``FAMILIES``' order), so that a family never has to undo what a
later one did: ``traditional`` goes last, ``zeros`` before ``numbers``.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from attrs import evolve, field, frozen
from hypothesis import strategies as st

from ..strategies import REVIEW_COLUMNS, REVIEW_GROUPS, reports
from .build import ACTIVE, APPLICATIONS, HEADINGS, OVERVIEW, REVIEW, build, title
from .doc import Block, Cell, Doc, Para, Table

# ---------------------------------------------------------------------- the case


@frozen
class Case:
    """A printed document and the truth it must parse to.

    ``record`` is the consistent record (spec JSON form) the document prints;
    ``unknowable`` the ``table.row.column`` keys whose printed cells do not tell the
    figure (the parse must give null or flag them); ``variants`` the ``family:variant``
    names applied, for reports.
    """

    doc: Doc
    record: dict[str, Any] = field(eq=False)
    unknowable: frozenset[str] = frozenset()
    variants: tuple[str, ...] = ()

    def gold(self) -> dict[str, Any]:
        """The record to score against: unknowable cells null (not scored)."""
        out = copy.deepcopy(self.record)
        for key in self.unknowable:
            table, row, col = split_key(key)
            out[table][row][col] = None
        return out

    def noted(self, family: str, variant: str) -> Case:
        return evolve(self, variants=(*self.variants, f"{family}:{variant}"))


def split_key(key: str) -> tuple[str, str, str]:
    """``"applications.result.denied.state_secret.total"`` -> (table, row, column)."""
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    return table, row, col


def truth_value(record: dict[str, Any], key: str) -> Any:
    table, row, col = split_key(key)
    return record[table][row][col]


def is_zero(value: Any) -> bool:
    return Decimal(str(value)) == 0


# ---------------------------------------------------------------------- table helpers


def named(doc: Doc, name: str) -> list[Table]:
    return [t for t in doc.tables() if t.name == name]


def map_tables(doc: Doc, name: str, fn: Callable[[Table], Table | tuple[Block, ...]]) -> Doc:
    """``doc`` with every table called ``name`` replaced by ``fn(table)``."""
    for table in named(doc, name):
        doc = doc.replace(table, fn(table))
    return doc


def map_cells(table: Table, fn: Callable[[int, Cell], Cell]) -> Table:
    rows = tuple(tuple(fn(r, c) for c in row) for r, row in enumerate(table.rows))
    return evolve(table, rows=rows)


def map_doc_cells(doc: Doc, fn: Callable[[Table, int, Cell], Cell]) -> Doc:
    """``doc`` with every cell of every table replaced by ``fn(table, row index, cell)``."""
    for table in doc.tables():
        rows = tuple(tuple(fn(table, r, c) for c in row) for r, row in enumerate(table.rows))
        doc = doc.replace(table, evolve(table, rows=rows))
    return doc


def is_data_row(row: Sequence[Cell]) -> bool:
    return any(c.key for c in row)


def label_cells(table: Table) -> list[tuple[int, Cell]]:
    """(row index, cell) of every non-empty label cell of a data row."""
    return [
        (r, c)
        for r, row in enumerate(table.rows)
        if is_data_row(row)
        for c in row
        if c.key is None and c.text.strip()
    ]


def header_texts(table: Table, mapping: dict[str, str]) -> Table:
    """``table`` with header cells (rows without figures) whose text is a key of
    ``mapping`` printed as its value."""

    def fn(r: int, c: Cell) -> Cell:
        if is_data_row(table.rows[r]) or c.text not in mapping:
            return c
        return evolve(c, text=mapping[c.text])

    return map_cells(table, fn)


def relabel(doc: Doc, name: str, mapping: dict[str, str], *, headers: bool = False) -> Doc:
    """``doc`` with label cells of table ``name`` (header cells too with ``headers``)
    whose text is in ``mapping`` replaced."""

    def fn(table: Table) -> Table:
        def cell(r: int, c: Cell) -> Cell:
            if c.key is not None or c.text not in mapping:
                return c
            if not headers and not is_data_row(table.rows[r]):
                return c
            return evolve(c, text=mapping[c.text])

        return map_cells(table, cell)

    return map_tables(doc, name, fn)


def heading_index(doc: Doc, name: str) -> int | None:
    for i, b in enumerate(doc.blocks):
        if isinstance(b, Para) and b.heading == name:
            return i
    return None


def table_index(doc: Doc, name: str) -> int:
    return next(i for i, b in enumerate(doc.blocks) if isinstance(b, Table) and b.name == name)


def insert(doc: Doc, at: int, *blocks: Block) -> Doc:
    return evolve(doc, blocks=(*doc.blocks[:at], *blocks, *doc.blocks[at:]))


def pick(rng: random.Random, options: Sequence[str]) -> str:
    return options[rng.randrange(len(options))]


# ---------------------------------------------------------------------- headings (§1)

ACTIVE_HEADINGS = (
    "二、主动公开政府信息情况",
    "二、行政机关主动公开政府信息情况",
    "二、主动公开政府信息的情况",
)
APPLICATION_HEADINGS = (
    "三、收到和处理政府信息公开申请情况",
    "三、收到和处理政府信息公开的申请情况",
    "三、行政机关收到和处理政府信息公开申请情况",
)
REVIEW_HEADINGS = (
    "四、因政府信息公开工作被申请行政复议提起行政诉讼情况",
    "四、政府信息公开行政复议和行政诉讼情况",
    "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "四、政府信息公开行政复议及行政诉讼情况",
    "四、政府信息公开行政复议行政诉讼情况",
    "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "四、政府信息公开被申请行政复议提起行政诉讼情况",
    "四、因政府信息公开引发的行政复议与行政诉讼情况",
    "四、政府信息公开申请行政复议及提起行政诉讼情况",
)
OVERVIEW_HEADINGS = (
    "一、总体情况、",
    "一、工作基本情况",
    "一、年度信息公开总体情况",
    "一、政府信息公开工作总体情况",
    "一、信息公开工作概述",
    "总体情况",
    "1. 总体情况",
)
PREAMBLE = (
    "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
    "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等部分组成。"
    "本报告中所列数据的统计期限自1月1日起至12月31日止。"
)
NUMERALS = "一二三四五六七八九十"


def _renumber(text: str, by: int) -> str:
    if len(text) > 1 and text[1] == "、" and text[0] in NUMERALS:
        return NUMERALS[NUMERALS.index(text[0]) + by] + text[1:]
    return text


def headings(case: Case, rng: random.Random) -> Case:
    """Section headings reworded, removed, renumbered, missing, or moved (§1)."""
    doc = case.doc
    variant = pick(
        rng,
        ("reworded", "removed", "shifted", "one_missing", "under_interpretation", "preamble"),
    )
    blocks = list(doc.blocks)
    if variant == "reworded":
        wordings = {
            ACTIVE: ACTIVE_HEADINGS,
            APPLICATIONS: APPLICATION_HEADINGS,
            REVIEW: REVIEW_HEADINGS,
        }
        for i, b in enumerate(blocks):
            if isinstance(b, Para) and b.heading in wordings:
                blocks[i] = evolve(b, text=pick(rng, wordings[b.heading]))
            elif isinstance(b, Para) and b.text == OVERVIEW and rng.random() < 0.5:
                blocks[i] = evolve(b, text=pick(rng, OVERVIEW_HEADINGS))
    elif variant == "removed":
        blocks = [b for b in blocks if not (isinstance(b, Para) and b.heading)]
    elif variant == "shifted":
        at = next(i for i, b in enumerate(blocks) if isinstance(b, Para) and b.text == OVERVIEW)
        shifted: list[Block] = []
        for i, b in enumerate(blocks):
            if i > at and isinstance(b, Para):
                b = evolve(b, text=_renumber(b.text, 1))
            shifted.append(b)
        shifted[at + 2 : at + 2] = [
            Para("二、基本情况概述"),
            Para("本年度，本机关依法依规做好政府信息公开各项工作。"),
        ]
        blocks = shifted
    elif variant == "one_missing":
        name = pick(rng, (ACTIVE, APPLICATIONS, REVIEW))
        blocks = [b for b in blocks if not (isinstance(b, Para) and b.heading == name)]
    elif variant == "under_interpretation":
        where = heading_index(doc, ACTIVE)
        assert where is not None
        blocks[where : where + 1] = [
            Para("三、发布解读、回应社会关切以及互动交流情况"),
            Para("本年度，本机关围绕重点工作发布政策解读，及时回应社会关切。"),
            Para("主动公开政府信息情况统计表", heading=ACTIVE),
        ]
    else:  # preamble
        blocks.insert(1, Para(PREAMBLE))
    return evolve(case, doc=evolve(doc, blocks=tuple(blocks))).noted("headings", variant)


# ---------------------------------------------------------------------- header_split (§2-4)

REVIEW_HEAD = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
SPLIT2 = (("结果", "维持"), ("结果", "纠正"), ("其他", "结果"), ("尚未", "审结"), ("总", "计"))
CHARS = ("结果维持", "结果纠正", "其他结果", "尚未审结")  # one character a header row


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan=rowspan, colspan=colspan)


def review_headers(variant: str) -> list[tuple[Cell, ...]]:
    """The header rows of 表四 printed as ``variant`` (``standard`` is the template's)."""
    head = REVIEW_HEAD
    groups = (_h("未经复议直接起诉", colspan=5), _h("复议后起诉", colspan=5))
    top = (_h("行政复议", colspan=5), _h("行政诉讼", colspan=10))
    if variant == "standard":
        return [top, (*(_h(t, rowspan=2) for t in head), *groups), tuple(_h(t) for t in head * 2)]
    if variant == "t4_two_rows":
        return [
            (_h("行政复议", colspan=5), *groups),
            tuple(_h(t) for t in head * 3),
        ]
    if variant == "t4_labels_low":  # 行政复议 merged down over two rows, its labels below
        return [
            (_h("行政复议", rowspan=2, colspan=5), _h("行政诉讼", colspan=10)),
            groups,
            tuple(_h(t) for t in head * 3),
        ]
    if variant == "t4_split_words":
        return [
            top,
            (*(_h("\n".join(p), rowspan=3) for p in SPLIT2), *groups),
            tuple(_h(a) for a, _ in SPLIT2 * 2),
            tuple(_h(b) for _, b in SPLIT2 * 2),
        ]
    if variant == "t4_chars":
        rows = [
            top,
            (*(_h("\n".join(p), rowspan=5) for p in CHARS), _h("总计", rowspan=5), *groups),
        ]
        for n in range(4):
            rows.append(tuple(c for _ in range(2) for c in _char_row(n)))
        return rows
    if variant == "t4_once":  # printed once each: no repeated groups, no 总计
        return [
            top,
            (*(_h(t) for t in head[:4]), _h(""), *groups),
        ]
    raise ValueError(variant)


def _char_row(n: int) -> tuple[Cell, ...]:
    cells = [_h(p[n]) for p in CHARS]
    if n == 0:
        cells.append(_h("总计", rowspan=4))
    return tuple(cells)


def _with_headers(table: Table, headers: list[tuple[Cell, ...]]) -> Table:
    data = [row for row in table.rows if is_data_row(row)]
    return evolve(table, rows=(*headers, *data))


T2_HEADERS = {
    "2019": {
        "t2_spaced": {"本年新制作数量": "本年新 制作数量", "本年新公开数量": "本年新 公开数量"},
        "t2_split": {"本年新制作数量": "本年新\n制作数量", "本年新公开数量": "本年新\n公开数量"},
        "t2_truncated": {"本年新制作数量": "本年新", "本年新公开数量": "本年新"},
        "t2_change_cut": {"本年增/减": "本年增/"},
    },
    "2021": {
        "t2_in_force_cut": {"现行有效件数": "现行有效件"},
        "t2_issued_cut": {"本年制发件数": "本年制发件"},
        "t2_split": {"本年制发件数": "本年制发\n件数", "现行有效件数": "现行有效\n件数"},
    },
}


def _t3_headers(table: Table, variant: str) -> Table:
    rows = list(table.rows)
    if variant == "t3_split_words":
        return header_texts(
            table,
            {
                "商业企业": "商业\n企业",
                "科研机构": "科研\n机构",
                "社会公益组织": "社会公益\n组织",
                "法律服务机构": "法律服务\n机构",
            },
        )
    if variant == "t3_spaced":
        return header_texts(
            table, {"自然人": "自 然 人", "商业企业": "商业 企业", "科研机构": "科研 机构"}
        )
    if variant == "t3_note_missing":  # the 勾稽 note cell empty; 事业企业 for 商业企业
        note = rows[0][0]
        rows[0] = (evolve(note, text=""), *rows[0][1:])
        return header_texts(evolve(table, rows=tuple(rows)), {"商业企业": "事业企业"})
    assert variant == "t3_two_rows"  # 商业|科研|… over 企业|机构
    note, applicants = rows[0]
    person, legal, total = rows[1]
    return evolve(
        table,
        rows=(
            (evolve(note, rowspan=4), applicants),
            (evolve(person, rowspan=3), legal, evolve(total, rowspan=3)),
            (
                _h("商业"),
                _h("科研"),
                _h("社会公益组织", rowspan=2),
                _h("法律服务机构", rowspan=2),
                _h("其他", rowspan=2),
            ),
            (_h("企业"), _h("机构")),
            *rows[3:],
        ),
    )


T3_SPLITS = ("t3_split_words", "t3_spaced", "t3_two_rows", "t3_note_missing")
T4_SPLITS = ("t4_two_rows", "t4_labels_low", "t4_split_words", "t4_chars", "t4_once")


def header_split(case: Case, rng: random.Random) -> Case:
    """Header words split, spaced, truncated or over more rows (§2 column headers, §3, §4)."""
    template = case.record["meta"]["template"]
    t2 = T2_HEADERS[template]
    options = [*t2, *T3_SPLITS]
    if len(named(case.doc, REVIEW)) == 1:  # not when 表四 is already split in two
        options += T4_SPLITS
    variant = pick(rng, options)
    doc = case.doc
    if variant in t2:
        doc = map_tables(doc, ACTIVE, lambda t: header_texts(t, t2[variant]))
    elif variant in T3_SPLITS:
        doc = map_tables(doc, APPLICATIONS, lambda t: _t3_headers(t, variant))
    else:
        doc = map_tables(doc, REVIEW, lambda t: _with_headers(t, review_headers(variant)))
    return evolve(case, doc=doc).noted("header_split", variant)


# ---------------------------------------------------------------------- label_damage (§2-3)

TYPO_CHARS = "的是在了和有为之其"


def _spaced(text: str, rng: random.Random) -> str:
    if text.startswith("（") and "）" in text[:4]:  # （三）不予公开 -> (三) 不予公开
        end = text.index("）")
        return "(" + text[1:end] + ") " + text[end + 1 :]
    at = rng.randrange(1, len(text))
    return text[:at] + " " + text[at:]


def _typo(text: str, rng: random.Random) -> str:
    at = rng.randrange(4, len(text) - 1)
    choices = [c for c in TYPO_CHARS if c != text[at]]
    return text[:at] + pick(rng, choices) + text[at + 1 :]


def label_damage(case: Case, rng: random.Random) -> Case:
    """Labels with spaces, cut short, carrying fill-in instructions, renamed, mistyped or
    missing (§2 row labels, §3 row labels)."""
    template = case.record["meta"]["template"]
    year = case.record["meta"]["year"]
    variant = pick(
        rng, ("spaced", "cut_short", "instructions", "old_new_name", "typo", "missing_label")
    )
    doc = case.doc
    if variant == "spaced":
        for name in (ACTIVE, APPLICATIONS):
            for table in named(doc, name):
                labels = [c.text for _, c in label_cells(table) if len(c.text) >= 3]
                chosen = rng.sample(labels, k=min(len(labels), rng.randint(1, 3)))
                doc = relabel(doc, name, {t: _spaced(t, rng) for t in chosen})
    elif variant == "cut_short":
        long = [c.text for t in named(doc, APPLICATIONS) for _, c in label_cells(t)]
        long = [t for t in long if len(t) >= 12]
        chosen = rng.sample(long, k=min(len(long), rng.randint(1, 2)))
        doc = relabel(doc, APPLICATIONS, {t: t[: max(8, (len(t) * 3 + 4) // 5)] for t in chosen})
    elif variant == "instructions":
        doc = relabel(doc, ACTIVE, {"规章": "规章（设区的市、自治州人民政府应提供相关数据）"})
        if template == "2019":
            note = f"本年增/减（指{year}年增加或减少的事项数，减用负值表示，如-8）"
            doc = map_tables(doc, ACTIVE, lambda t: header_texts(t, {"本年增/减": note}))
    elif variant == "old_new_name":
        old, new = ("行政规范性文件", "规范性文件")
        doc = relabel(doc, ACTIVE, {old: new} if template == "2021" else {new: old})
    elif variant == "typo":
        long = [c.text for t in named(doc, APPLICATIONS) for _, c in label_cells(t)]
        long = [t for t in long if len(t) >= 10]
        text = pick(rng, long)
        doc = relabel(doc, APPLICATIONS, {text: _typo(text, rng)})
    else:  # missing_label: the 规章 label blank
        doc = relabel(doc, ACTIVE, {"规章": ""})
    return evolve(case, doc=doc).noted("label_damage", variant)


# ---------------------------------------------------------------------- extra_rows (§2, §7)

INSTRUCTION = "该部分以表格形式报告。表格如下："
WRITING_NOTE = "编写说明：可先适当综述。要注意数据间的逻辑关系。"
NO_APPLICATIONS = "本年度未收到政府信息公开申请。"
APPLICATIONS_NOTE = "本年度共收到政府信息公开申请{}件，办理情况如下。"


def _extra_active_row(table: Table, rng: random.Random) -> Table:
    rows = list(table.rows)
    at = next(
        i + 1
        for i, row in enumerate(rows)
        if any(c.key and ".normative_documents." in c.key for c in row)
    )
    n = str(rng.randint(1, 20))
    rows.insert(at, (Cell("其他主动公开文件"), Cell(n), Cell(n), Cell(n)))
    return evolve(table, rows=tuple(rows))


def extra_rows(case: Case, rng: random.Random) -> Case:
    """A row not in the template, or instruction and note paragraphs before tables (§2, §7)."""
    variant = pick(rng, ("extra_row", "table_intro", "writing_note", "no_applications"))
    doc = case.doc
    if variant == "extra_row":
        doc = map_tables(doc, ACTIVE, lambda t: _extra_active_row(t, rng))
    elif variant == "table_intro":
        for table in doc.tables():
            doc = doc.replace(table, (Para(INSTRUCTION), table))
    elif variant == "writing_note":
        name = pick(rng, (ACTIVE, APPLICATIONS, REVIEW))
        first = named(doc, name)[0]
        doc = doc.replace(first, (Para(WRITING_NOTE), first))
    else:  # the note real reports print over a 表三 of zeros; over figures, the count
        first = named(doc, APPLICATIONS)[0]
        new = case.record[APPLICATIONS]["received.new"]["total"]
        note = NO_APPLICATIONS if new == 0 else APPLICATIONS_NOTE.format(new)
        doc = doc.replace(first, (Para(note), first))
    return evolve(case, doc=doc).noted("extra_rows", variant)


# ---------------------------------------------------------------------- only_total (§5)


def only_total(case: Case, rng: random.Random) -> Case:
    """One or two 表三 rows printed with only 总计 filled: applicant cells blank and unknowable."""
    rows = [r for r, cols in case.record[APPLICATIONS].items() if cols["total"] > 0]
    if not rows:
        return case.noted("only_total", "none")
    chosen = set(rng.sample(rows, k=min(len(rows), rng.randint(1, 2))))
    blank = {
        f"{APPLICATIONS}.{r}.{c}"
        for r in chosen
        for c in case.record[APPLICATIONS][r]
        if c != "total"
    }

    def fn(table: Table, _: int, c: Cell) -> Cell:
        return evolve(c, text="") if c.key in blank else c

    return evolve(case, doc=map_doc_cells(case.doc, fn), unknowable=case.unknowable | blank).noted(
        "only_total", f"{len(chosen)}_rows"
    )


# ---------------------------------------------------------------------- zeros (§5)

ZERO_MARKERS = ("", "0", "/", "-", "—", "－", "无")


def zeros(case: Case, rng: random.Random) -> Case:
    """Zeros printed as blank, ``0``, ``/``, ``-``, ``—``, ``－`` or ``无``: one marker per
    table, or mixed within tables (§5)."""
    variant = pick(rng, ("per_table", "mixed"))
    markers = {name: pick(rng, ZERO_MARKERS) for name in (ACTIVE, APPLICATIONS, REVIEW)}

    def fn(table: Table, _: int, c: Cell) -> Cell:
        if c.key is None or c.key in case.unknowable:
            return c
        if not is_zero(truth_value(case.record, c.key)):
            return c
        marker = markers[table.name] if variant == "per_table" else pick(rng, ZERO_MARKERS)
        return evolve(c, text=marker)

    detail = (
        variant
        if variant == "mixed"
        else "per_table:" + "/".join(repr(m) for m in markers.values())
    )
    return evolve(case, doc=map_doc_cells(case.doc, fn)).noted("zeros", detail)


# ---------------------------------------------------------------------- numbers (§2 values)

FULL_WIDTH = str.maketrans("0123456789.+-", "０１２３４５６７８９．＋－")


def _is_figure(text: str) -> bool:
    t = text.lstrip("+-")
    return bool(t) and t.replace(".", "", 1).isdigit()


def _thousands(text: str) -> str:
    sign = text[0] if text[0] in "+-" else ""
    whole, dot, frac = text[len(sign) :].partition(".")
    return sign + f"{int(whole):,}" + dot + frac


def _figure_cells(doc: Doc) -> list[Cell]:
    return [c for t in doc.tables() for row in t.rows for c in row if c.key and _is_figure(c.text)]


def numbers(case: Case, rng: random.Random) -> Case:
    """Figures printed in other number formats: full-width digits, thousands separators,
    signed changes, the money unit inside the cell, leading spaces (§2 values, §5)."""
    figures = _figure_cells(case.doc)
    big = [c for c in figures if Decimal(c.text) >= 1000]
    change = [c for c in figures if c.key and c.key.endswith(".change") and int(c.text) > 0]
    money = [
        c for c in figures if c.key in (f"{ACTIVE}.fees.amount", f"{ACTIVE}.procurement.amount")
    ]
    options = ["full_width", "leading_spaces"]
    options += ["thousands"] if big else []
    options += ["signed"] if change else []
    options += ["money_unit"] if money else []
    variant = pick(rng, options)
    some = rng.random() < 0.5  # every figure, or a random half of them

    def fn(table: Table, _: int, c: Cell) -> Cell:
        if c.key is None or not _is_figure(c.text) or (some and rng.random() < 0.5):
            return c
        text = c.text
        if variant == "full_width":
            text = text.translate(FULL_WIDTH)
        elif variant == "leading_spaces":
            text = pick(rng, (" ", "  ", "\u3000")) + text
        elif variant == "thousands" and Decimal(text) >= 1000:
            text = _thousands(text)
        elif variant == "signed" and c.key.endswith(".change") and int(text) > 0:
            text = "+" + text
        elif variant == "money_unit" and c.key == f"{ACTIVE}.fees.amount":
            text += "万元"
        elif variant == "money_unit" and c.key == f"{ACTIVE}.procurement.amount":
            text += "元"
        return evolve(c, text=text)

    return evolve(case, doc=map_doc_cells(case.doc, fn)).noted(
        "numbers", variant + ("_some" if some else "")
    )


# ---------------------------------------------------------------------- traditional (§7)


_s2t: Any = None


def to_traditional(text: str) -> str:
    global _s2t
    if _s2t is None:
        import opencc

        _s2t = opencc.OpenCC("s2t")
    out: str = _s2t.convert(text)
    return out


def traditional(case: Case, rng: random.Random) -> Case:
    """The whole document in traditional characters (a mirror's copy), optionally with the
    mirror's rewrite 文件 -> 檔案 in labels (§7). The record's agency is as printed."""
    variant = pick(rng, ("s2t", "s2t_mirror"))
    blocks: list[Block] = []
    for b in case.doc.blocks:
        if isinstance(b, Para):
            blocks.append(evolve(b, text=to_traditional(b.text)))
            continue

        def fn(_: int, c: Cell) -> Cell:
            text = to_traditional(c.text)
            if variant == "s2t_mirror" and c.key is None:
                text = text.replace("文件", "檔案")
            return evolve(c, text=text)

        blocks.append(map_cells(b, fn))
    record = copy.deepcopy(case.record)
    record["meta"]["agency"] = to_traditional(record["meta"]["agency"])
    return evolve(case, doc=Doc(tuple(blocks)), record=record).noted("traditional", variant)


# ---------------------------------------------------------------------- split_table4


def split_table4(case: Case, rng: random.Random) -> Case:
    """表四 printed as two tables: 行政复议 alone, then 行政诉讼 alone, each with its header."""
    variant = pick(rng, ("adjacent", "with_caption"))
    head = REVIEW_HEAD

    def split(table: Table) -> tuple[Block, ...]:
        data = next(row for row in table.rows if is_data_row(row))
        by_key = {c.key: c for c in data}
        keys = [f"{REVIEW}.{g}.{c}" for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
        review = Table(
            (
                (_h("行政复议", colspan=5),),
                tuple(_h(t) for t in head),
                tuple(by_key[k] for k in keys[:5]),
            ),
            name=REVIEW,
        )
        litigation = Table(
            (
                (_h("行政诉讼", colspan=10),),
                (_h("未经复议直接起诉", colspan=5), _h("复议后起诉", colspan=5)),
                tuple(_h(t) for t in head * 2),
                tuple(by_key[k] for k in keys[5:]),
            ),
            name=REVIEW,
        )
        if variant == "with_caption":
            return (review, Para("（续表）"), litigation)
        return (review, litigation)

    return evolve(case, doc=map_tables(case.doc, REVIEW, split)).noted("split_table4", variant)


# ---------------------------------------------------------------------- template_year (§2)

CITE_2021 = (
    "本报告依据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）编制。"
)
CITE_2019 = (
    "本报告依据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于政府信息"
    "公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）编制。"
)


def template_year(case: Case, rng: random.Random) -> Case:
    """Template and year disagree: a 2019-template report for 2022 or 2023 citing the 2021
    notice, or a 2021-template report citing the 2019 notice (§2). The truth stays the
    printed template; its year is the printed year."""
    record = copy.deepcopy(case.record)
    old = record["meta"]["year"]
    doc = case.doc
    if record["meta"]["template"] == "2019":
        new = rng.choice((2022, 2023))
        record["meta"]["year"] = new
        blocks = [
            evolve(b, text=b.text.replace(f"{old}年", f"{new}年")) if isinstance(b, Para) else b
            for b in doc.blocks
        ]
        assert isinstance(blocks[0], Para) and blocks[0].text == title(record)
        doc = Doc((blocks[0], Para(CITE_2021), *blocks[1:]))
        variant = f"2019_template_{new}"
    else:
        doc = insert(doc, 1, Para(CITE_2019))
        variant = "2021_cites_2019"
    return evolve(case, doc=doc, record=record).noted("template_year", variant)


# ---------------------------------------------------------------------- registry

Family = Callable[[Case, random.Random], Case]

# In the order they are applied.
FAMILIES: dict[str, Family] = {
    "template_year": template_year,
    "headings": headings,
    "split_table4": split_table4,
    "header_split": header_split,
    "label_damage": label_damage,
    "extra_rows": extra_rows,
    "only_total": only_total,
    "zeros": zeros,
    "numbers": numbers,
    "traditional": traditional,
}


def undamaged(record: dict[str, Any]) -> Case:
    return Case(build(record), copy.deepcopy(record))


def damage(record: dict[str, Any], families: Iterable[str], rng: random.Random) -> Case:
    """The template print of ``record`` with ``families`` applied (in ``FAMILIES`` order)."""
    wanted = set(families)
    unknown = wanted - set(FAMILIES)
    if unknown:
        raise KeyError(f"unknown families {sorted(unknown)}; known: {sorted(FAMILIES)}")
    case = undamaged(record)
    for name, family in FAMILIES.items():
        if name in wanted:
            case = family(case, rng)
    return case


@st.composite
def cases(
    draw: st.DrawFn,
    families: Sequence[str] | None = None,
    *,
    include: str | None = None,
    max_families: int = 4,
) -> Case:
    """A consistent report (``tests.strategies.reports``) printed with damages: the
    ``families`` given, or a random 1 to ``max_families`` of them (always with
    ``include`` when given); each family draws its variant from a seeded ``Random``."""
    record = draw(reports())
    if families is None:
        others = [f for f in FAMILIES if f != include]
        low = 0 if include else 1
        chosen = draw(
            st.lists(
                st.sampled_from(others),
                min_size=low,
                max_size=max_families - (include is not None),
                unique=True,
            )
        )
        families = [*chosen, *([include] if include else [])]
    seed = draw(st.integers(0, 2**32 - 1))
    return damage(record, families, random.Random(seed))


__all__ = [
    "FAMILIES",
    "HEADINGS",
    "Case",
    "cases",
    "damage",
    "split_key",
    "undamaged",
]
