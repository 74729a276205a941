"""Progress reports from long work, so that a time limit can tell slow from stuck.

A scan is read by OCR a page at a time, a few seconds a page: a long one takes minutes
while making steady progress. The work calls ``beat()`` each time it finishes a page;
``beat()`` counts it and tells whoever listens. A batch worker (``gxparse.isolate``)
listens while it parses a document and passes each count to the batch over its pipe,
and the batch then gives the document more time (see ``isolate.parse_many``). With no
one listening -- ``gxparse.parse`` called directly, or a batch with ``jobs=0`` --
``beat()`` only counts.

``beat()`` never raises: a report that cannot be delivered is dropped, the work goes on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

Report = Callable[[int], None]
"""Told the count of pages done so far in the current document, after each one."""

_report: Report | None = None
_done = 0


def beat() -> None:
    """One more page of the current document is done."""
    global _done
    _done += 1
    if _report is not None:
        with contextlib.suppress(Exception):
            _report(_done)


def done() -> int:
    """Pages done since the current ``reporting`` block began."""
    return _done


@contextlib.contextmanager
def reporting(report: Report | None) -> Iterator[None]:
    """Count from zero for one document, telling ``report`` of each page done."""
    global _report, _done
    saved = _report, _done
    _report, _done = report, 0
    try:
        yield
    finally:
        _report, _done = saved


__all__ = ["Report", "beat", "done", "reporting"]
