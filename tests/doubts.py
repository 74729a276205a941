"""The warnings a reader or the assembler gave, apart from the per-cell ones
``gxparse.doubt`` derives from them (one a null or flagged cell)."""

from __future__ import annotations

import gxparse
from gxparse import doubt
from gxparse.record import ReportWarning

DERIVED = (doubt.MISSING, doubt.FLAGGED, doubt.DROPPED)


def own(report: gxparse.Report) -> list[ReportWarning]:
    """The record's warnings less the derived per-cell ones."""
    return [w for w in report.warnings if w.code not in DERIVED]


def cells_named(report: gxparse.Report, code: str) -> set[str]:
    """The cells a derived warning of ``code`` names."""
    return {w.where for w in report.warnings if w.code == code and w.where}

