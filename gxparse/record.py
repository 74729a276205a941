"""The normalized record every reader produces (see docs/record.md).

Frozen attrs classes; corrections go through ``attrs.evolve``. The record
knows nothing of PDFs, Word or HTML: provenance is plain data (page, line,
box, table/row/column locator, raw text). JSON lives in ``serialize``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import field, frozen, validators

if TYPE_CHECKING:
    from pathlib import Path

    from gxparse.show import Picture
    from gxparse.sources import Input
    from gxparse.status import Status

SCHEMA = "gxparse/record@1"
FORMATS = ("pdf", "docx", "html", "text")

Number = int | Decimal
BBox = tuple[float, float, float, float]


@frozen
class Provenance:
    """Where a value was read: the printed text and its place in the source.

    ``flag`` says why the value is in doubt or was decided rather than read
    plainly (a rule chose between readings, alignment placed it, OCR was unsure);
    ``confidence`` is an OCR engine's confidence in the text (0-1), and
    ``alternatives`` the other readings the engine offered for it.
    """

    raw: str
    page: int | None = None
    line: int | None = None
    bbox: BBox | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    flag: str | None = None
    confidence: float | None = None
    alternatives: tuple[str, ...] = ()


@frozen
class Value:
    """A figure with the place it was read. ``value`` is None when not found."""

    value: Number | None
    prov: Provenance | None = None


@frozen
class Meta:
    agency: str | None = None
    year: int | None = None
    template: str | None = field(
        default=None, validator=validators.optional(validators.in_(("2019", "2021")))
    )


@frozen
class Attempt:
    """One reader the pipeline tried: its detection score and what happened."""

    reader: str
    score: float
    outcome: str
    reasons: tuple[str, ...] = ()


@frozen
class Source:
    path: str | None
    sha256: str
    format: str = field(validator=validators.in_(FORMATS))
    reader: str | None = None
    pages: int | None = None
    attempts: tuple[Attempt, ...] = ()


@frozen
class Check:
    """One reconciliation rule at one scope, passed or failed."""

    rule: str
    scope: str
    ok: bool
    expected: Number
    found: Number
    message: str
    cells: tuple[str, ...] = ()


@frozen
class ReportWarning:
    """Something the caller should look at. ``where`` names table.row.column keys."""

    code: str
    message: str
    where: str | None = None


@frozen
class Statement:
    """A figure the report's prose states (outside the tables), and where it was read.

    ``quantity`` names what the figure counts: a table cell's key
    (``applications.received.new.total``), a sum of cells (``…result.denied.*.total``),
    or a quantity the tables do not hold (``prose.…``). ``cells`` are the table cells it
    names (empty for a ``prose.…`` quantity; ``*`` stands for every row that fits);
    ``text`` is the sentence, ``prov`` the phrase matched (``raw``) and its place
    (page/line/bbox as the source gives them). Money is in the unit the prose prints.
    See ``gxparse.narrative``.
    """

    quantity: str
    value: Number
    text: str
    prov: Provenance
    cells: tuple[str, ...] = ()
    phrasing: str = ""  # the catalog entry that matched (gxparse.phrasings)


Table = Mapping[str, Mapping[str, Value]]


@frozen(eq=True, hash=False, repr=False)
class Report:
    source: Source
    meta: Meta
    active_disclosure: Table
    applications: Table
    review_litigation: Table
    checks: tuple[Check, ...] = ()
    warnings: tuple[ReportWarning, ...] = ()
    statements: tuple[Statement, ...] = ()
    schema: str = SCHEMA

    def __repr__(self) -> str:
        """One line: where it came from, whose and which year, how it checked."""
        status = self.status
        checks = f"{len(self.checks)} checks" + (f", {status.failed} failed" if status.failed else "")
        flagged = f", {status.flagged} flagged" if status.flagged else ""
        return (
            f"<Report {self.source.path or '<input>'} ({self.source.format}, "
            f"{self.source.reader}): {self.meta.agency or '?'} {self.meta.year or '?'}, "
            f"template {self.meta.template or '?'}; {status.state}: {status.read}/{status.values} "
            f"values{flagged}; {checks}; {len(self.warnings)} warnings>"
        )

    @property
    def ok(self) -> bool:
        """True when every reconciliation rule that could be checked held."""
        return all(c.ok for c in self.checks)

    @property
    def status(self) -> Status:
        """How far the record can be trusted: ``complete``, ``inconsistent`` or
        ``incomplete``, with counts (``gxparse.status``)."""
        from gxparse.status import of

        return of(self)

    @property
    def failed_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)

    def table(self, name: str) -> Table:
        table: Table = getattr(self, name)
        return table

    def cells(self) -> Iterator[tuple[str, str, str, Value]]:
        """Every cell as ``(table, row, column, Value)`` in record order."""
        for name in ("active_disclosure", "applications", "review_litigation"):
            for row, cols in self.table(name).items():
                for col, value in cols.items():
                    yield name, row, col, value

    def get(self, table: str, row: str, column: str) -> Number | None:
        """The figure at ``table.row.column`` (None if not found or not in the template)."""
        cell = self.table(table).get(row, {}).get(column)
        return None if cell is None else cell.value

    @property
    def provenance(self) -> Mapping[str, Provenance]:
        return {f"{t}.{r}.{c}": v.prov for t, r, c, v in self.cells() if v.prov is not None}

    def to_dict(self) -> dict[str, Any]:
        from gxparse.serialize import report_to_dict

        return report_to_dict(self)

    def to_frame(self, shape: str = "long") -> Any:
        """This record as a pandas DataFrame (``gxparse.frame.to_frame``; needs pandas)."""
        from gxparse.frame import to_frame

        return to_frame([self], shape)

    def show(
        self, *, page: int | None = None, source: Input | None = None, scale: float = 1.5
    ) -> Picture:
        """Where every value was read, by status: ``.html()``, ``.png()``, ``.save(path)``
        (``gxparse.show.show``; a PDF's pages are drawn from ``source`` or ``source.path``)."""
        from gxparse.show import show

        return show(self, page=page, source=source, scale=scale)

    def to_json(self, *, indent: int | None = 2) -> str:
        from gxparse.serialize import report_to_json

        return report_to_json(self, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        from gxparse.serialize import report_from_dict

        return report_from_dict(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        from gxparse.serialize import report_from_json

        return report_from_json(text)

    def save(self, path: str | Path) -> None:
        from pathlib import Path as _Path

        _Path(path).write_text(self.to_json() + "\n", encoding="utf-8")
