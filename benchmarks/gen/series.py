"""Several years of the same agencies: 结转 figures carried from year to year, breaks on purpose.

``plan_series(seed, agencies, years)`` draws each agency's reports for ``years``: the 2019
template for 2019-2020, the 2021 template from 2021 on, and every year's 二、上年结转 equal,
column by column, to the year before's 四、结转下年度继续办理 (R5), each record still
consistent (R1-R4). Then a few deliberate breaks, each on an agency of its own:

- ``carry``: one year's 上年结转 moved in one column (本年新收 moved back, so R1-R4 still
  hold): R5 fails in that column and in 总计;
- ``missing``: one year inside the run has no report;
- ``duplicate``: one report published twice (the same bytes under a second name);
- ``conflict``: a second version of one report with 表四's 复议 figures changed (R4 holds);
- ``template``: a 2021 report printed with the 2019 tables, or a 2020 one with the 2021
  tables;
- ``spelling``: one year prints the agency's name another way (``政府`` for ``人民政府``,
  spaces inside it, Traditional characters, a word in brackets after it) -- the same agency,
  which a panel must still match: no finding.

Each break says what a panel must report (``expect``: rule, scope, year). Nothing here
imports gxparse.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from typing import Any

from agencies import agency_name
from catalog import APPLICANTS, REVIEW_PARTS
from forms import Document, Spec
from model import build_record
from options import random_options
from prose import build_text
from rules import failed_checks

YEARS = tuple(range(2019, 2025))
SWITCH_YEAR = 2021
COLUMNS = (*APPLICANTS, "total")
KINDS = ("carry", "missing", "duplicate", "conflict", "template", "spelling")
SPELLINGS = ("short_gov", "spaced", "traditional", "bracketed")


@dataclass
class Item:
    """One document of a series: its record (as printed) and where it belongs."""

    doc_id: str
    agency: str  # the agency's own name (what every year's report should match)
    year: int
    document: Document
    copy_of: str | None = None  # the same bytes as this document (a duplicate)


@dataclass
class Break:
    kind: str
    agency: str
    year: int
    detail: dict[str, Any] = field(default_factory=dict)
    expect: list[dict[str, Any]] = field(default_factory=list)  # rule, scope, year

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "agency": self.agency,
            "year": self.year,
            "detail": self.detail,
            "expect": self.expect,
        }


def template_for(year: int) -> str:
    return "2021" if year >= SWITCH_YEAR else "2019"


def _total(row: dict[str, int]) -> None:
    row["total"] = sum(row[c] for c in APPLICANTS)


def carry(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Make ``after``'s 上年结转 equal ``before``'s 结转下年度, keeping R1 in ``after``:
    本年新收 takes the difference; where it would go below 0, ``after`` carries more
    forward instead."""
    apps = after["applications"]
    for col in APPLICANTS:
        over = before["applications"]["carried_forward"][col]
        apps["received.carried_over"][col] = over
        new = apps["result.total"][col] + apps["carried_forward"][col] - over
        if new < 0:
            apps["carried_forward"][col] -= new
            new = 0
        apps["received.new"][col] = new
    for row in ("received.carried_over", "received.new", "carried_forward"):
        _total(apps[row])


def _spelled(name: str, how: str) -> str | None:
    """``name`` printed another way (None when ``how`` does not apply to it)."""
    if how == "short_gov":
        return name.replace("人民政府", "政府", 1) if "人民政府" in name else None
    if how == "traditional":
        import opencc

        converted: str = opencc.OpenCC("s2t").convert(name)
        return converted if converted != name else None
    if how == "bracketed":
        return name + "（本级）"
    # spaced: a space after the city and after the district (as a title set in a wide box)
    cut = [i + 1 for i, ch in enumerate(name[:-1]) if ch in "省市区县"]
    out = name
    for i in reversed(cut[:2]):
        out = out[:i] + " " + out[i:]
    return out if out != name else name[:2] + " " + name[2:]


def _names(rng: random.Random, n: int) -> list[str]:
    names: list[str] = []
    while len(names) < n:
        name = agency_name(rng)
        if name not in names and not any(name in o or o in name for o in names):
            names.append(name)
    return names


def _record(
    seed: str, agency: str, year: int, template: str
) -> tuple[dict[str, Any], random.Random]:
    rng = random.Random(seed)
    single = template == "2021" and rng.random() < 0.15
    record = build_record(rng, template=template, single_other=single)
    record["meta"]["agency"] = agency
    record["meta"]["year"] = year
    return record, rng


def _finish(spec: Spec, record: dict[str, Any], rng: random.Random) -> Document:
    record["expected_failed"] = failed_checks(record)
    options = random_options(rng, record)
    text = build_text(rng, record, options.body_paragraphs, options.title_lines)
    return Document(spec, record, options, text)


BROKEN_SHARE = 0.7  # agencies given a break; the others stay consistent


def _assign(rng: random.Random, agencies: list[str]) -> dict[str, str]:
    """Which agency gets which break: the kinds in turn over ~70% of the agencies (every
    kind once at least, when there are as many agencies), one break an agency."""
    n = min(len(agencies), max(len(KINDS), round(BROKEN_SHARE * len(agencies))))
    chosen = rng.sample(agencies, n)
    return {name: KINDS[i % len(KINDS)] for i, name in enumerate(chosen)}


def plan_series(
    seed: int, n_agencies: int = 8, years: tuple[int, ...] = YEARS
) -> tuple[list[Item], list[Break]]:
    """The documents of ``n_agencies`` agencies over ``years``, and the breaks put in."""
    rng = random.Random(f"series:{seed}")
    agencies = _names(rng, n_agencies)
    kinds = _assign(rng, agencies)
    spellings = iter(rng.sample(SPELLINGS, len(SPELLINGS)) * 4)
    items: list[Item] = []
    breaks: list[Break] = []
    counter = 0
    for a, name in enumerate(agencies):
        kind = kinds.get(name)
        middle = years[1:-1]
        at = rng.choice(middle)
        if kind == "template":
            at = rng.choice([y for y in (2020, 2021, 2022) if y in years] or list(years))
        before: dict[str, Any] | None = None
        for year in years:
            template = template_for(year)
            if kind == "template" and year == at:
                template = "2019" if template == "2021" else "2021"
            record, rrng = _record(f"series:{seed}:{a}:{year}", name, year, template)
            if before is not None:
                carry(before, record)
            before = record
            printed = record
            brk: Break | None = None
            if kind == "carry" and year == at:
                brk = _break_carry(rrng, name, year, record)
            elif kind == "template" and year == at:
                brk = Break(
                    "template", name, year, {"printed": template, "expected": template_for(year)},
                    [{"rule": "template", "scope": "meta.template", "year": year}],
                )  # fmt: skip
            elif kind == "spelling" and year == at:
                how = next(h for h in spellings if _spelled(name, h) is not None)
                printed = copy.deepcopy(record)
                printed["meta"]["agency"] = _spelled(name, how)
                brk = Break(
                    "spelling", name, year, {"how": how, "printed": printed["meta"]["agency"]}
                )
            if kind == "missing" and year == at:
                breaks.append(
                    Break("missing", name, year, {}, [
                        {"rule": "year_missing", "scope": str(year), "year": year}
                    ])
                )  # fmt: skip
                continue
            counter += 1
            doc_id = f"p{counter:03d}"
            spec = Spec(f"series:{seed}:{a}:{year}", template)
            document = _finish(spec, printed, rrng)
            items.append(Item(doc_id, name, year, document))
            if brk is not None:
                breaks.append(brk)
            if kind == "duplicate" and year == at:
                counter += 1
                items.append(Item(f"p{counter:03d}", name, year, document, copy_of=doc_id))
                breaks.append(
                    Break("duplicate", name, year, {"same_as": doc_id}, [
                        {"rule": "duplicate", "scope": str(year), "year": year}
                    ])
                )  # fmt: skip
            if kind == "conflict" and year == at:
                counter += 1
                other = copy.deepcopy(printed)
                review = other["review_litigation"]["review"]
                review["upheld"] += 1
                review["total"] = sum(review[p] for p in REVIEW_PARTS)
                version = _finish(
                    Spec(spec.seed + ":v2", template), other, random.Random(spec.seed)
                )
                items.append(Item(f"p{counter:03d}", name, year, version))
                breaks.append(
                    Break("conflict", name, year, {"versions": [doc_id, f"p{counter:03d}"],
                          "cells": ["review_litigation.review.upheld",
                                    "review_litigation.review.total"]},
                          [{"rule": "duplicate", "scope": str(year), "year": year}])
                )  # fmt: skip
    return items, breaks


def _break_carry(rng: random.Random, name: str, year: int, record: dict[str, Any]) -> Break:
    """Move one column's 上年结转, R1 kept: 本年新收 moves the other way, or (when it is too
    small) 结转下年度 moves with it -- next year carries that on."""
    apps = record["applications"]
    col = rng.choice(APPLICANTS)
    delta = rng.choice((1, 2, 3, 5, 10))
    before = apps["received.carried_over"][col]
    if apps["received.new"][col] >= delta:
        apps["received.new"][col] -= delta
    elif before >= delta:
        delta = -delta
        apps["received.new"][col] -= delta
    else:
        apps["carried_forward"][col] += delta
    apps["received.carried_over"][col] = before + delta
    for row in ("received.carried_over", "received.new", "carried_forward"):
        _total(apps[row])
    return Break(
        "carry", name, year,
        {"column": col, "consistent": before, "printed": before + delta},
        [
            {"rule": "R5", "scope": col, "year": year},
            {"rule": "R5", "scope": "total", "year": year},
        ],
    )  # fmt: skip


__all__ = ["Break", "Item", "carry", "plan_series", "template_for"]
