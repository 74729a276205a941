"""Reconciliation rules R1-R4 (勾稽关系) over the record's tables.

Each rule is checked wherever all its inputs were found, and every check is
reported, passed or failed. ``cells`` names the provenance keys of the cells
the rule used, so a failed rule tells exactly which figures it puts in doubt.
"""

from __future__ import annotations

from collections.abc import Sequence

from gxparse.catalog import (
    APPLICANT_KEYS,
    APPLICATIONS,
    CARRIED_FORWARD,
    LEGAL_PERSON_KEYS,
    RECEIVED_KEYS,
    RESULT_TOTAL,
    REVIEW,
    REVIEW_PARTS,
    result_leaf_keys,
)
from gxparse.record import Check, Number, Table


def _sum(table: Table, cells: Sequence[tuple[str, str]]) -> Number | None:
    total: Number = 0
    for row, col in cells:
        value = table.get(row, {}).get(col)
        if value is None or value.value is None:
            return None
        total += value.value
    return total


def _check(
    rule: str,
    scope: str,
    table_name: str,
    table: Table,
    expected_cells: Sequence[tuple[str, str]],
    found_cells: Sequence[tuple[str, str]],
    what: str,
) -> Check | None:
    expected = _sum(table, expected_cells)
    found = _sum(table, found_cells)
    if expected is None or found is None:
        return None
    ok = expected == found
    verdict = "holds" if ok else f"fails: expected {expected}, found {found}"
    return Check(
        rule=rule,
        scope=scope,
        ok=ok,
        expected=expected,
        found=found,
        message=f"{rule} {what} {verdict}",
        cells=tuple(f"{table_name}.{r}.{c}" for r, c in (*expected_cells, *found_cells)),
    )


def check_applications(table: Table) -> list[Check]:
    rows = tuple(table)
    leaves = result_leaf_keys(rows)
    out: list[Check | None] = []
    for col in APPLICANT_KEYS:
        out.append(
            _check(
                "R1",
                col,
                APPLICATIONS,
                table,
                [(r, col) for r in RECEIVED_KEYS],
                [(RESULT_TOTAL, col), (CARRIED_FORWARD, col)],
                f"[{col}] 新收+结转 = 办理结果总计+结转下年",
            )
        )
    for col in APPLICANT_KEYS:
        out.append(
            _check(
                "R2",
                col,
                APPLICATIONS,
                table,
                [(r, col) for r in leaves],
                [(RESULT_TOTAL, col)],
                f"[{col}] 办理结果各项之和 = （七）总计",
            )
        )
    for row in rows:
        out.append(
            _check(
                "R3",
                row,
                APPLICATIONS,
                table,
                [(row, c) for c in ("natural_person", *LEGAL_PERSON_KEYS)],
                [(row, "total")],
                f"[{row}] 自然人+法人或其他组织 = 总计",
            )
        )
    return [c for c in out if c is not None]


def check_review(table: Table) -> list[Check]:
    out = [
        _check(
            "R4",
            group,
            REVIEW,
            table,
            [(group, c) for c in REVIEW_PARTS],
            [(group, "total")],
            f"[{group}] 维持+纠正+其他+尚未审结 = 总计",
        )
        for group in table
    ]
    return [c for c in out if c is not None]


def run(applications: Table, review: Table) -> tuple[Check, ...]:
    """Every rule over the two tables that carry them, in rule order."""
    return (*check_applications(applications), *check_review(review))
