"""The one call: ``parse(source) -> Report``."""

from __future__ import annotations

from collections.abc import Sequence

from gxparse import pipeline, sources
from gxparse.record import Report


def parse(
    source: sources.Input,
    *,
    readers: Sequence[str] | None = None,
    strict: bool = False,
) -> Report:
    """Parse a report into a checked record.

    ``source`` is a path, the file's bytes, or the report's text as a str.
    ``readers`` restricts (and orders nothing: detection still ranks) the
    readers tried, by name; see ``gxparse.readers.names()``. With
    ``strict=True`` a failed reconciliation rule raises
    ``ReconciliationError`` instead of being reported in ``report.checks``.

    Bad input raises a ``SourceError`` subclass naming the file.
    """
    doc = sources.load(source)
    return pipeline.run(doc, reader_names=readers, strict=strict)
