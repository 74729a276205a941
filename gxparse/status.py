"""How far a record can be trusted, in one word and a few counts.

- ``complete``: every cell of the template was read plainly and every rule that
  applies held;
- ``inconsistent``: every cell was read, but the source's own figures break a rule
  (a finding about the document);
- ``incomplete``: some values are null or flagged (``gxparse.doubt``): the record
  says where, cell by cell.

The status is derived from the record alone (its cells, checks and warnings), so a
record read back from JSON has the same status it was written with.
"""

from __future__ import annotations

from collections import Counter

from attrs import frozen

from gxparse import doubt
from gxparse.catalog import APPLICANT_KEYS, REVIEW_GROUP_KEYS, TABLES
from gxparse.record import Report

COMPLETE = "complete"
INCONSISTENT = "inconsistent"
INCOMPLETE = "incomplete"
STATES = (COMPLETE, INCONSISTENT, INCOMPLETE)

SHORT = {TABLES[0]: "表二", TABLES[1]: "表三", TABLES[2]: "表四"}


@frozen
class Status:
    """A record's status and the counts behind it."""

    state: str
    values: int  # cells of the template in the record
    null: int  # of them, not found
    flagged: int  # found, but decided rather than read plainly (or unsure)
    passed: int  # checks that held
    failed: int  # checks that failed
    unchecked: int  # R1-R4 scopes not checkable because an input is null
    missing_in: tuple[str, ...] = ()  # tables holding a null, in record order
    flagged_in: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()  # "R4 review", in check order

    @property
    def read(self) -> int:
        return self.values - self.null

    @property
    def summary(self) -> str:
        """One line: ``complete: 186 values, 40 checks``, ``inconsistent: R4 review``,
        ``incomplete: 12 of 186 values missing (表四)``."""
        if self.state == COMPLETE:
            return f"{COMPLETE}: {self.values} values, {self.passed} checks"
        failures = _listing(self.failures)
        if self.state == INCONSISTENT:
            return f"{INCONSISTENT}: {failures}"
        parts = []
        if self.null:
            parts.append(
                f"{self.null} of {self.values} values missing ({_tables(self.missing_in)})"
            )
        if self.flagged:
            parts.append(f"{self.flagged} flagged ({_tables(self.flagged_in)})")
        line = f"{INCOMPLETE}: " + ", ".join(parts)
        return line + (f"; failed {failures}" if self.failures else "")

    def to_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            "values": self.values,
            "read": self.read,
            "null": self.null,
            "flagged": self.flagged,
            "checks_passed": self.passed,
            "checks_failed": self.failed,
            "checks_unchecked": self.unchecked,
            "summary": self.summary,
        }


def _tables(names: tuple[str, ...]) -> str:
    return ", ".join(SHORT[n] for n in names)


def _listing(items: tuple[str, ...], most: int = 4) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" (+{len(items) - most} more)" if len(items) > most else "")


def expected_scopes(report: Report) -> list[tuple[str, str]]:
    """The R1-R4 ``(rule, scope)`` pairs the record's template and layout call for."""
    rows = tuple(report.applications)
    out = [(rule, col) for rule in ("R1", "R2") for col in APPLICANT_KEYS]
    out += [("R3", row) for row in rows]
    out += [("R4", g) for g in report.review_litigation if g in REVIEW_GROUP_KEYS]
    return out


def of(report: Report) -> Status:
    """The status of ``report``."""
    doubts = doubt.doubtful(report)
    null = Counter(k.split(".", 1)[0] for k, (code, _) in doubts.items() if code == doubt.MISSING)
    flagged = Counter(
        k.split(".", 1)[0] for k, (code, _) in doubts.items() if code != doubt.MISSING
    )
    made = {(c.rule, c.scope) for c in report.checks}
    unchecked = sum(1 for pair in expected_scopes(report) if pair not in made)
    failures = tuple(f"{c.rule} {c.scope}" for c in report.checks if not c.ok)
    if null or flagged:
        state = INCOMPLETE
    elif failures:
        state = INCONSISTENT
    else:
        state = COMPLETE
    return Status(
        state=state,
        values=sum(1 for _ in report.cells()),
        null=sum(null.values()),
        flagged=sum(flagged.values()),
        passed=sum(1 for c in report.checks if c.ok),
        failed=len(failures),
        unchecked=unchecked,
        missing_in=tuple(t for t in TABLES if null[t]),
        flagged_in=tuple(t for t in TABLES if flagged[t]),
        failures=failures,
    )
