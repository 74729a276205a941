"""Reconciliation rules R1-R4 (勾稽关系) over the record's tables.

Each rule is checked wherever all its inputs were found, and every check is
reported, passed or failed. ``cells`` names the provenance keys of the cells
the rule used, so a failed rule tells exactly which figures it puts in doubt.
``terms`` is the one definition of which cells each rule adds up; the scorer
uses it too.
"""

from __future__ import annotations

from collections.abc import Sequence

from gxparse.catalog import (
    ALL_APPLICATION_ROWS,
    APPLICANT_KEYS,
    APPLICATIONS,
    CARRIED_FORWARD,
    LEGAL_PERSON_KEYS,
    RECEIVED_KEYS,
    RESULT_TOTAL,
    REVIEW,
    REVIEW_GROUP_KEYS,
    REVIEW_PARTS,
    result_leaf_keys,
)
from gxparse.record import Check, Number, Table

Cells = tuple[tuple[str, str], ...]
_ALL_ROWS = tuple(r.key for r in ALL_APPLICATION_ROWS)

_WHAT = {
    "R1": "新收+结转 = 办理结果总计+结转下年",
    "R2": "办理结果各项之和 = （七）总计",
    "R3": "自然人+法人或其他组织 = 总计",
    "R4": "维持+纠正+其他+尚未审结 = 总计",
}


def terms(rule: str, scope: str, rows: Sequence[str] = _ALL_ROWS) -> tuple[str, Cells, Cells]:
    """The table a rule checks at ``scope``, and the (row, column) cells on each side.

    ``rows`` are the 表三 row keys present (the R2 leaves depend on the layout).
    Raises ``KeyError`` for a rule or scope that does not exist.
    """
    if rule == "R1" and scope in APPLICANT_KEYS:
        return (
            APPLICATIONS,
            tuple((r, scope) for r in RECEIVED_KEYS),
            ((RESULT_TOTAL, scope), (CARRIED_FORWARD, scope)),
        )
    if rule == "R2" and scope in APPLICANT_KEYS:
        return (
            APPLICATIONS,
            tuple((r, scope) for r in result_leaf_keys(tuple(rows))),
            ((RESULT_TOTAL, scope),),
        )
    if rule == "R3" and scope in _ALL_ROWS:
        return (
            APPLICATIONS,
            tuple((scope, c) for c in ("natural_person", *LEGAL_PERSON_KEYS)),
            ((scope, "total"),),
        )
    if rule == "R4" and scope in REVIEW_GROUP_KEYS:
        return REVIEW, tuple((scope, c) for c in REVIEW_PARTS), ((scope, "total"),)
    raise KeyError(f"no rule {rule} at scope {scope!r}")


def _sum(table: Table, cells: Cells) -> Number | None:
    total: Number = 0
    for row, col in cells:
        found = table.get(row)
        value = None if found is None else found.get(col)
        if value is None or value.value is None:
            return None
        total += value.value
    return total


def _check(rule: str, scope: str, table: Table, rows: Sequence[str]) -> Check | None:
    name, expected_cells, found_cells = terms(rule, scope, rows)
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
        message=f"{rule} [{scope}] {_WHAT[rule]} {verdict}",
        cells=tuple(f"{name}.{r}.{c}" for r, c in (*expected_cells, *found_cells)),
    )


def check_applications(table: Table) -> list[Check]:
    rows = tuple(table)
    out = [_check("R1", col, table, rows) for col in APPLICANT_KEYS]
    out += [_check("R2", col, table, rows) for col in APPLICANT_KEYS]
    out += [_check("R3", row, table, rows) for row in rows if row in _ALL_ROWS]
    return [c for c in out if c is not None]


def check_review(table: Table) -> list[Check]:
    out = [_check("R4", group, table, ()) for group in table if group in REVIEW_GROUP_KEYS]
    return [c for c in out if c is not None]


def run(applications: Table, review: Table) -> tuple[Check, ...]:
    """Every rule over the two tables that carry them, in rule order."""
    return (*check_applications(applications), *check_review(review))
