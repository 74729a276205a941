"""Prose sentences for a generated report: the figures of its tables, stated in words.

``sentences(rec, rng)`` writes the 总体情况 paragraph a report prints about its own
tables, each figure in one of several phrasings (受理/收到/新收..., digits or Han
numerals), with distractors that name no table quantity of this year (同比, a last
year's figure, 协查, 人大代表建议). ``Clause.quantity`` says which quantity a figure
states and ``Clause.cells`` the cells whose sum it is, so a test knows what the record
must say. ``with_prose(record, paragraph)`` is the variant fuzzer's document (tests/variants, printed
in every form) with the paragraph in its 总体情况. Nothing here imports gxparse: the sentences are written independently of the
phrasings that read them.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from attrs import evolve, frozen

from .variants.build import build
from .variants.damage import Case, insert
from .variants.doc import Para

_HAN = "零一二三四五六七八九"


def han(n: int) -> str:
    """An integer in Han numerals: 10 -> 十, 12 -> 十二, 105 -> 一百零五, 2000 -> 二千."""
    if n < 10:
        return _HAN[n]
    out = ""
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero:
                out += "零"
                zero = False
            out += ("" if (unit == 10 and d == 1 and not out) else _HAN[d]) + name
        elif out:
            zero = True
    return out


@frozen
class Clause:
    """One stated figure: ``text`` holds ``{n}`` where the figure goes."""

    text: str
    quantity: str | None  # None: a distractor, which no quantity may take
    cells: tuple[str, ...] = ()
    value: int | str = 0
    han: bool = False  # the figure in Han numerals

    def render(self) -> str:
        figure = han(int(self.value)) if self.han else str(self.value)
        return self.text.replace("{n}", figure)


A = "applications"
R = "review_litigation"


def _total(rec: dict[str, Any], table: str, row: str, col: str = "total") -> Any:
    return rec[table][row][col]


def _app(row: str) -> tuple[str, ...]:
    return (f"{A}.{row}.total",)


def sentences(rec: dict[str, Any], rng: random.Random) -> list[list[Clause]]:
    """The paragraph as sentences of clauses (see the module's docstring)."""
    apps = rec["applications"]
    year = rec["meta"]["year"]
    template = rec["meta"]["template"]
    pick = rng.choice

    def count(text: str, quantity: str | None, cells: tuple[str, ...], value: int) -> Clause:
        return Clause(text, quantity, cells, value, han=value < 1000 and rng.random() < 0.3)

    new = apps["received.new"]["total"]
    out: list[list[Clause]] = []
    # 1. received, carried over, done, carried forward
    first = [
        count(
            pick(
                [
                    "本年度共收到政府信息公开申请{n}件",
                    f"{year}年全年共受理政府信息公开申请{{n}}件",
                    "本年新收政府信息公开申请{n}件",
                    "本机关共接收依申请公开事项{n}项",
                    "全年共收到各类政府信息公开申请{n}件",
                ]
            ),
            f"{A}.received.new.total",
            _app("received.new"),
            new,
        )
    ]
    if rng.random() < 0.5:
        first.append(
            Clause(pick(["较上年增加{n}件", "同比增长{n}%"]), None, (), rng.randint(1, 40))
        )
    if rng.random() < 0.7:
        first.append(
            count(
                pick(["上年结转{n}件", "上年度结转的申请{n}件"]),
                f"{A}.received.carried_over.total",
                _app("received.carried_over"),
                apps["received.carried_over"]["total"],
            )
        )
    if rng.random() < 0.7:
        first.append(
            count(
                pick(["已办结{n}件", "按时答复{n}件", "办理完毕{n}件"]),
                f"{A}.result.total.total",
                _app("result.total"),
                apps["result.total"]["total"],
            )
        )
    if rng.random() < 0.7:
        first.append(
            count(
                pick(["结转下年度继续办理{n}件", "结转至下一年度{n}件"]),
                f"{A}.carried_forward.total",
                _app("carried_forward"),
                apps["carried_forward"]["total"],
            )
        )
    out.append(first)
    # 2. results
    items = []
    for row, words in (
        ("result.granted", ["予以公开{n}件", "予以公开的{n}件", "同意公开{n}件"]),
        ("result.partially_granted", ["部分公开{n}件", "部分公开的{n}件"]),
        ("result.denied", ["不予公开{n}件"]),
        ("result.unavailable", ["无法提供{n}件", "无法提供的{n}件"]),
        ("result.not_processed", ["不予处理{n}件"]),
    ):
        if rng.random() < 0.6:
            keys = [k for k in apps if k == row or k.startswith(row + ".")]
            items.append(
                count(
                    pick(words),
                    f"{A}.{row}.total" if len(keys) == 1 else f"{A}.{row}.*.total",
                    tuple(f"{A}.{k}.total" for k in keys),
                    sum(apps[k]["total"] for k in keys),
                )
            )
    if items:
        out.append([Clause("其中", None), *items])
    # 3. a last year's figure and matters that are not this report's applications
    out.append(
        [
            Clause(f"{year - 1}年共收到政府信息公开申请{{n}}件", None, (), rng.randint(0, 300)),
        ]
    )
    n = rng.randint(1, 60)
    out.append([Clause("全年收到上级交办的信息公开申请协查{n}件", None, (), n),
                Clause("按时答复{n}件", None, (), n)])  # fmt: skip
    out.append([Clause(pick(["办理人大代表建议{n}件", "承办政协委员提案{n}件"]), None, (), n + 3)])
    # 4. review and litigation
    review = _total(rec, R, "review")
    litigation = _total(rec, R, "litigation_direct") + _total(rec, R, "litigation_after_review")
    lit_cells = (f"{R}.litigation_direct.total", f"{R}.litigation_after_review.total")
    if review == 0 and litigation == 0 and rng.random() < 0.5:
        out.append(
            [
                Clause(
                    pick(
                        [
                            "全年无行政复议和行政诉讼情况",
                            "未发生因政府信息公开申请提起的行政复议和行政诉讼",
                        ]
                    ),
                    f"{R}.review.total|{R}.litigation.total",
                    (f"{R}.review.total", *lit_cells),
                    0,
                )
            ]
        )
    else:
        out.append(
            [
                count(
                    pick(["收到行政复议申请{n}件", "被申请行政复议{n}件"]),
                    f"{R}.review.total",
                    (f"{R}.review.total",),
                    review,
                ),
                count(
                    pick(["被提起行政诉讼{n}件", "行政诉讼案件{n}件"]),
                    f"{R}.litigation.total",
                    lit_cells,
                    litigation,
                ),
            ]
        )
    # 5. 表二
    active = rec["active_disclosure"]
    normative = active["normative_documents"]
    nd = "active_disclosure.normative_documents"
    if template == "2021":
        out.append(
            [
                count(pick(["本年度制发规范性文件{n}件", "全年印发规范性文件{n}件"]),
                      f"{nd}.issued", (f"{nd}.issued",), normative["issued"]),
                count("废止{n}件", f"{nd}.repealed", (f"{nd}.repealed",), normative["repealed"]),
                count("现行有效规范性文件{n}件", f"{nd}.in_force", (f"{nd}.in_force",),
                      normative["in_force"]),
            ]
        )  # fmt: skip
        fee = Decimal(active["fees"]["amount"])
        out.append(
            [
                Clause(
                    "全年行政事业性收费金额{n}万元",
                    "active_disclosure.fees.amount",
                    ("active_disclosure.fees.amount",),
                    str(fee),
                )
            ]
        )
    else:
        out.append(
            [
                count("共印发规范性文件{n}件", f"{nd}.made", (f"{nd}.made",), normative["made"]),
                count("公开{n}件", f"{nd}.published", (f"{nd}.published",), normative["published"]),
            ]
        )
    decisions = []
    for key, words in (
        ("licensing", ["办理行政许可事项{n}件", "作出行政许可决定{n}件"]),
        ("penalty", ["作出行政处罚决定{n}件", "办理行政处罚案件{n}件"]),
        ("coercion", ["行政强制{n}件", "采取行政强制措施{n}件"]),
    ):
        if rng.random() < 0.6:
            cell = f"active_disclosure.{key}.decisions"
            decisions.append(count(pick(words), cell, (cell,), active[key]["decisions"]))
    if decisions:
        out.append(decisions)
    # 6. a figure no table holds
    out.append([Clause("全年主动公开政府信息{n}条", "prose.active_disclosure.published", (),
                       rng.randint(10, 6000))])  # fmt: skip
    return out


def render(paragraph: list[list[Clause]]) -> str:
    """The sentences as one paragraph: clauses joined by ，, sentences ended by 。."""
    out = []
    for sentence in paragraph:
        texts = [c.render() for c in sentence]
        if texts and texts[0] == "其中":
            out.append("其中，" + "、".join(texts[1:]) + "。")
        else:
            out.append("，".join(texts) + "。")
    return "".join(out)


def with_prose(record: dict[str, Any], paragraph: list[list[Clause]]) -> Case:
    """The variant fuzzer's document of ``record`` (every form renders it) with the
    paragraph printed after 总体情况's first paragraph."""
    doc = build(record)
    at = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Para) and "统计期限" in b.text)
    return Case(doc=insert(doc, at + 1, Para(render(paragraph))), record=record)


def stated(paragraph: list[list[Clause]]) -> list[Clause]:
    """The clauses that state a table quantity (what the record must check)."""
    return [
        c
        for s in paragraph
        for c in s
        if c.quantity and not c.quantity.startswith("prose.") and "{n}" in c.text
    ]


def perturbed(
    paragraph: list[list[Clause]], index: int, offset: int
) -> tuple[list[list[Clause]], Clause]:
    """The paragraph with the ``index``-th stated figure moved by ``offset``."""
    target = stated(paragraph)[index]
    out = []
    for s in paragraph:
        row = []
        for c in s:
            if c is target:
                value: int | str = (
                    str(Decimal(c.value) + offset) if isinstance(c.value, str) else c.value + offset
                )
                c = evolve(c, value=value, han=False)
                target_new = c
            row.append(c)
        out.append(row)
    return out, target_new
