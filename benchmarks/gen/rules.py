"""A small, independent checker of rules R1-R4 over a record dict (see record.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog import APPLICANTS, APPLICATION_COLUMNS, REVIEW_PARTS, has_single_other, result_leaves


@dataclass(frozen=True)
class Check:
    rule: str
    scope: str
    expected: int
    found: int

    @property
    def ok(self) -> bool:
        return self.expected == self.found


def check_record(record: dict[str, Any]) -> list[Check]:
    """Every R1-R4 check of a record, passed or failed, in a stable order."""
    apps: dict[str, dict[str, int]] = record["applications"]
    leaves = result_leaves(has_single_other(apps))
    checks = [
        Check(
            "R1",
            col,
            apps["received.new"][col] + apps["received.carried_over"][col],
            apps["result.total"][col] + apps["carried_forward"][col],
        )
        for col in APPLICATION_COLUMNS
    ]
    checks += [
        Check("R2", col, sum(apps[row][col] for row in leaves), apps["result.total"][col])
        for col in APPLICATION_COLUMNS
    ]
    checks += [
        Check("R3", row, sum(values[col] for col in APPLICANTS), values["total"])
        for row, values in apps.items()
    ]
    checks += [
        Check("R4", group, sum(values[part] for part in REVIEW_PARTS), values["total"])
        for group, values in record["review_litigation"].items()
    ]
    return checks


def failed_checks(record: dict[str, Any]) -> list[dict[str, str]]:
    """The (rule, scope) pairs that fail, as the gold file's ``expected_failed`` list."""
    return [
        {"rule": check.rule, "scope": check.scope} for check in check_record(record) if not check.ok
    ]
