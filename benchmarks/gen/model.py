"""Random, consistent report records in the spec's JSON form (``gxparse/record@1``).

``build_record(rng, template=..., single_other=..., break_rule=...)`` returns a plain dict
with ``schema``, ``meta``, ``active_disclosure``, ``applications`` and
``review_litigation`` exactly as keyed in ``shared/spec/record.md``, plus the generator's
own annotations ``expected_failed`` (every failing (rule, scope) check, computed by
:mod:`rules`) and, for a deliberately broken record, ``perturbed`` (which cell was moved).
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from agencies import agency_name
from catalog import (
    ACTIVE_2019,
    ACTIVE_2021,
    APPLICANTS,
    REVIEW_GROUPS,
    REVIEW_PARTS,
    SCHEMA,
    application_rows,
    result_leaves,
)
from rules import check_record, failed_checks

RULES = ("R1", "R2", "R3", "R4")

# How often (per document) an applicant column is active, and its share of the volume.
_APPLICANT_ACTIVITY = {
    "natural_person": (0.92, 1.0),
    "commercial": (0.5, 0.25),
    "research": (0.25, 0.05),
    "social_welfare": (0.25, 0.05),
    "legal_services": (0.35, 0.1),
    "other_org": (0.35, 0.1),
}
# result leaf -> (probability the row is used at all in a report, relative weight)
_LEAF_WEIGHTS = {
    "result.granted": (0.95, 30.0),
    "result.partially_granted": (0.6, 8.0),
    "result.denied.state_secret": (0.2, 0.4),
    "result.denied.prohibited_by_law": (0.15, 0.6),
    "result.denied.security_stability": (0.15, 0.6),
    "result.denied.third_party": (0.3, 1.5),
    "result.denied.internal_affairs": (0.3, 1.5),
    "result.denied.process_information": (0.35, 2.0),
    "result.denied.enforcement_file": (0.2, 0.8),
    "result.denied.administrative_query": (0.25, 1.2),
    "result.unavailable.not_held": (0.85, 20.0),
    "result.unavailable.needs_creation": (0.4, 3.0),
    "result.unavailable.unclear": (0.35, 2.0),
    "result.not_processed.petition": (0.4, 3.0),
    "result.not_processed.duplicate": (0.4, 3.0),
    "result.not_processed.publication": (0.2, 0.8),
    "result.not_processed.excessive": (0.3, 0.8),
    "result.not_processed.confirmation": (0.3, 2.0),
    "result.other.overdue_correction": (0.35, 2.0),
    "result.other.overdue_fee": (0.15, 0.4),
    "result.other.other": (0.4, 3.0),
    "result.other": (0.5, 4.0),
}
# Volume of natural-person applications, by the agency's "size"; the total stays <= 9999 so
# that every figure fits the template's narrow 表三 value columns.
_VOLUMES = {
    "none": (0, 0),
    "tiny": (1, 4),
    "small": (5, 60),
    "medium": (60, 600),
    "large": (600, 6000),
}


def build_record(
    rng: random.Random,
    *,
    template: str = "2021",
    single_other: bool = False,
    break_rule: str | None = None,
) -> dict[str, Any]:
    """A random report for ``template`` ("2021"/"2019"); optionally break one rule."""
    if template not in ("2021", "2019"):
        raise ValueError(f"unknown template {template!r}")
    if break_rule is not None and break_rule not in RULES:
        raise ValueError(f"break_rule must be one of {RULES}, not {break_rule!r}")
    single = single_other or template == "2019"
    year = rng.randint(2021, 2024) if template == "2021" else rng.choice((2019, 2020))
    record: dict[str, Any] = {
        "schema": SCHEMA,
        "meta": {"agency": agency_name(rng), "year": year, "template": template},
        "active_disclosure": (_active_2021(rng) if template == "2021" else _active_2019(rng)),
        "applications": _applications(rng, single),
        "review_litigation": _review_litigation(rng),
    }
    if not all(check.ok for check in check_record(record)):
        raise AssertionError("generator produced an inconsistent record")
    catalogue = ACTIVE_2021 if template == "2021" else ACTIVE_2019
    if {item: tuple(cells) for item, cells in record["active_disclosure"].items()} != catalogue:
        raise AssertionError("表二 keys differ from the catalogue")
    if break_rule is not None:
        record["perturbed"] = _perturb(rng, record, break_rule)
    record["expected_failed"] = failed_checks(record)
    return record


# ---------------------------------------------------------------- 表二 主动公开


def _heavy_count(rng: random.Random, zero_share: float) -> int:
    """A count that is often 0, usually small, sometimes in the thousands."""
    if rng.random() < zero_share:
        return 0
    low, high = rng.choice(((1, 30), (10, 500), (300, 5000), (2000, 30000)))
    return rng.randint(low, high)


def money(rng: random.Random, zero_share: float = 0.35) -> str:
    """An amount as printed: "0", "7545", "31.632", "1926.4174", "12.50"..."""
    if rng.random() < zero_share:
        return "0"
    digits = rng.choice((0, 1, 2, 2, 3, 4))
    value = 10 ** rng.uniform(-0.5, 4.2)
    text = f"{value:.{digits}f}"
    return "0" if float(text) == 0 else text


def _active_2021(rng: random.Random) -> dict[str, dict[str, Any]]:
    issues_rules = rng.random() < 0.2
    return {
        "regulations": {
            "issued": rng.randint(1, 3) if issues_rules else 0,
            "repealed": rng.randint(0, 2) if issues_rules else 0,
            "in_force": rng.randint(1, 40) if issues_rules or rng.random() < 0.15 else 0,
        },
        "normative_documents": {
            "issued": rng.choice((0, rng.randint(1, 20))),
            "repealed": rng.choice((0, 0, rng.randint(1, 12))),
            "in_force": rng.choice((0, rng.randint(1, 30), rng.randint(30, 200))),
        },
        "licensing": {"decisions": _heavy_count(rng, 0.3)},
        "penalty": {"decisions": _heavy_count(rng, 0.35)},
        "coercion": {"decisions": min(_heavy_count(rng, 0.6), rng.randint(1, 900))},
        "fees": {"amount": money(rng)},
    }


def _items_2019(rng: random.Random, max_items: int, zero_share: float) -> dict[str, int]:
    previous = rng.randint(0, max_items)
    change = rng.randint(-min(previous, 6), 6) if rng.random() < 0.5 else 0
    return {
        "previous_items": previous,
        "change": change,
        "decisions": _heavy_count(rng, zero_share),
    }


def _active_2019(rng: random.Random) -> dict[str, dict[str, Any]]:
    made = rng.choice((0, 0, rng.randint(1, 3)))
    docs = rng.choice((0, rng.randint(1, 20)))
    fees_previous = rng.randint(0, 12)
    items = rng.choice((0, rng.randint(1, 60)))
    return {
        "regulations": {
            "made": made,
            "published": made,
            "public_total": made + rng.choice((0, rng.randint(1, 40))),
        },
        "normative_documents": {
            "made": docs,
            "published": docs - rng.choice((0, 0, min(docs, 2))),
            "public_total": docs + rng.randint(0, 150),
        },
        "licensing": _items_2019(rng, 300, 0.25),
        "other_services": _items_2019(rng, 80, 0.4),
        "penalty": _items_2019(rng, 3000, 0.3),
        "coercion": _items_2019(rng, 50, 0.5),
        "fees": {
            "previous_items": fees_previous,
            "change": rng.randint(-min(fees_previous, 3), 3) if rng.random() < 0.4 else 0,
        },
        "procurement": {"items": items, "amount": money(rng, 0.0) if items else "0"},
    }


# ---------------------------------------------------------------- 表三 申请


def _column_volumes(rng: random.Random) -> dict[str, int]:
    size = rng.choices(tuple(_VOLUMES), weights=(1, 3, 5, 3, 2))[0]
    base = rng.randint(*_VOLUMES[size])
    volumes = {}
    for column in APPLICANTS:
        active, share = _APPLICANT_ACTIVITY[column]
        if rng.random() >= active:
            volumes[column] = 0
            continue
        volumes[column] = max(1, round(base * share * rng.uniform(0.05, 1.0)))
    return volumes


def _split(rng: random.Random, total: int, weights: dict[str, float]) -> Counter[str]:
    if total == 0:
        return Counter()
    keys = tuple(weights)
    return Counter(rng.choices(keys, weights=tuple(weights.values()), k=total))


def _applications(rng: random.Random, single_other: bool) -> dict[str, dict[str, int]]:
    leaves = result_leaves(single_other)
    used = {}
    for leaf in leaves:
        share, weight = _LEAF_WEIGHTS[leaf]
        if rng.random() < share:
            used[leaf] = weight
    used = used or {"result.granted": 1.0}
    rows: dict[str, dict[str, int]] = {row.key: {} for row in application_rows(single_other)}
    for column, volume in _column_volumes(rng).items():
        counts = _split(rng, volume, used)
        for leaf in leaves:
            rows[leaf][column] = counts[leaf]
        forward = rng.randint(0, max(1, volume // 8)) if volume and rng.random() < 0.4 else 0
        over = rng.randint(0, max(1, volume // 8)) if volume and rng.random() < 0.35 else 0
        rows["result.total"][column] = volume
        rows["carried_forward"][column] = forward
        rows["received.carried_over"][column] = over
        rows["received.new"][column] = volume + forward - over
    for values in rows.values():
        values["total"] = sum(values[column] for column in APPLICANTS)
    return rows


# ---------------------------------------------------------------- 表四 复议诉讼


def _review_litigation(rng: random.Random) -> dict[str, dict[str, int]]:
    busy = rng.choices(("none", "few", "many"), weights=(5, 4, 1))[0]
    groups = {}
    for group in REVIEW_GROUPS:
        if busy == "none" or (group != "review" and rng.random() < 0.4):
            parts = dict.fromkeys(REVIEW_PARTS, 0)
        else:
            top = 40 if busy == "many" else 6
            parts = {
                "upheld": rng.randint(0, top),
                "corrected": rng.choice((0, 0, rng.randint(1, max(1, top // 4)))),
                "other": rng.choice((0, 0, rng.randint(1, max(1, top // 4)))),
                "pending": rng.choice((0, rng.randint(1, max(1, top // 3)))),
            }
        groups[group] = {**parts, "total": sum(parts.values())}
    return groups


# ---------------------------------------------------------------- broken records


def _perturb_target(rng: random.Random, record: dict[str, Any], rule: str) -> tuple[str, str, str]:
    apps = record["applications"]
    columns = (*APPLICANTS, "total")
    if rule == "R4":
        group = rng.choice(REVIEW_GROUPS)
        return "review_litigation", group, rng.choice((*REVIEW_PARTS, "total"))
    if rule == "R1":
        row = rng.choice(("received.new", "received.carried_over", "carried_forward"))
    elif rule == "R2":
        row = rng.choice(result_leaves("result.other" in apps))
    else:
        row = rng.choice(tuple(apps))
    return "applications", row, rng.choice(columns)


def _perturb(rng: random.Random, record: dict[str, Any], rule: str) -> dict[str, Any]:
    """Move one cell so that ``rule`` fails (and every other check that uses the cell)."""
    table, row, column = _perturb_target(rng, record, rule)
    cells = record[table][row]
    before = cells[column]
    delta = rng.choice((1, 1, 2, 3, 10, -1, -2))
    if before + delta < 0:
        delta = -delta
    cells[column] = before + delta
    return {
        "table": table,
        "row": row,
        "column": column,
        "consistent": before,
        "printed": before + delta,
    }
