"""The one call: ``parse(source) -> Report``."""

from __future__ import annotations

import os
import traceback
from collections.abc import Sequence

from gxparse import limits as _limits
from gxparse import pipeline, sources
from gxparse.errors import GxparseError, InputTooLargeError, InternalError
from gxparse.limits import Limits
from gxparse.record import Report


def parse(
    source: sources.Input | None = None,
    *,
    text: str | None = None,
    readers: Sequence[str] | str | None = None,
    strict: bool = False,
    limits: Limits | None = None,
) -> Report:
    """Parse a report into a checked record.

    ``source`` is a path (``str`` or ``pathlib.Path``), the file's bytes
    (``bytes``, ``bytearray``, ``memoryview``) or a binary file object; the
    report's text is given as ``text=`` (a ``str`` source holding a line break is
    taken as text too: no path holds one). A URL is refused: download it first.
    ``readers`` restricts (and orders nothing: detection still ranks) the readers
    tried, by name (one name or several); see ``gxparse.readers.names()``. With
    ``strict=True`` a failed reconciliation rule raises
    ``ReconciliationError`` instead of being reported in ``report.checks``.
    ``limits`` bounds how much of the input is read (``gxparse.Limits``; the
    defaults, or those put in force with ``gxparse.limits.using``, otherwise).

    Raises only ``GxparseError`` subclasses: bad input a ``SourceError``
    subclass naming the file (``InputTooLargeError`` for input over a limit),
    and a bug in gxparse an ``InternalError`` that says so.
    """
    if (source is None) == (text is None):
        raise TypeError("parse() takes a source or text=, one of the two")
    if text is not None:
        if not isinstance(text, str):
            raise TypeError(f"text= is the report's text as a str, not {type(text).__name__}")
        source = text.encode("utf-8")
    assert source is not None
    if isinstance(readers, str):
        readers = [readers]
    with _limits.using(limits):
        try:
            doc = sources.load(source)
            return pipeline.run(doc, reader_names=readers, strict=strict)
        except GxparseError:
            raise
        except MemoryError:
            raise InputTooLargeError(
                "ran out of memory reading it (the input expands beyond what this machine "
                "holds; see gxparse.Limits)",
                path=_name(source),
            ) from None
        except RecursionError:
            raise InputTooLargeError("is nested too deeply to read", path=_name(source)) from None
        except Exception as exc:  # a bug in gxparse (or a library it calls): say so
            raise InternalError(
                f"internal error {type(exc).__name__}: {exc} (at {_where(exc)}); "
                "please report it with the file",
                path=_name(source),
            ) from exc


def _name(source: sources.Input) -> str | None:
    if isinstance(source, str):
        return None if "\n" in source else source
    if isinstance(source, os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def _where(exc: BaseException) -> str:
    """The innermost frame of ``exc`` in gxparse's code (else the innermost at all)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}gxparse{os.sep}" in f.filename] or frames
    if not ours:
        return "?"
    f = ours[-1]
    return f"{os.path.basename(f.filename)}:{f.lineno} in {f.name}"
