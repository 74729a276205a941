"""How much of an input gxparse will read: size, unpacked size, pages, cells, digits.

gxparse reads files from thousands of portals and crawlers; a few are broken
in ways that would take minutes or gigabytes (a zip or Flate bomb, a table of
a million cells, a numbering counter of 10**18), and a few are made to. Every
such input is measured *before* it is expanded, against the limits below, and
refused with an ``InputTooLargeError`` that names the file, the limit and the
setting that raises it, instead of a ``MemoryError`` or a hang.

The defaults are far above any real report and far below what hurts;
``docs/limits.md`` gives each one with the largest value measured on real and
generated reports. Change them for one call, or for a block of code::

    gxparse.parse(path, limits=Limits(max_pages=5000))

    with gxparse.limits.using(max_input_bytes=2**30):
        ...

Limits are looked up through a context variable, so threads and asyncio tasks
each keep their own.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from attrs import evolve, field, fields, frozen, validators

from gxparse.errors import InputTooLargeError

MiB = 1 << 20


@frozen
class Limits:
    """The most of an input gxparse reads; see ``docs/limits.md``."""

    #: bytes of a file (or of bytes/text given directly)
    max_input_bytes: int = 256 * MiB
    #: bytes of a web page or a text file (decoded and parsed whole)
    max_markup_bytes: int = 32 * MiB
    #: uncompressed bytes of all members of a DOCX package together
    max_unpacked_bytes: int = 256 * MiB
    #: members of a DOCX package
    max_zip_members: int = 10_000
    #: uncompressed / compressed size of one large member of a DOCX package
    max_zip_ratio: float = 200.0
    #: table cells of one document (after spans are expanded)
    max_cells: int = 200_000
    #: pages of a PDF
    max_pages: int = 1_000
    #: decoded bytes of one PDF content stream (a page's, a form's, an object stream)
    max_content_bytes: int = 8 * MiB
    #: decoded bytes of one PDF font program
    max_stream_bytes: int = 32 * MiB
    #: decoded bytes of all a PDF's streams together (images aside), and of one page's
    #: drawing with its content streams and forms expanded as drawn
    max_pdf_stream_bytes: int = 128 * MiB
    #: drawing and text operators in a PDF's large content streams, and tokens of its
    #: large object streams, together
    max_operators: int = 1_000_000
    #: digits of one number as printed (16 at least: shorter texts are not measured)
    max_number_chars: int = field(default=30, validator=validators.ge(16))
    #: a list counter in Word's numbering (start, override)
    max_list_number: int = 100_000
    #: pixels of one page image (an image file's page, or a scanned PDF page as rendered)
    max_image_pixels: int = 64_000_000

    def replace(self, **changes: object) -> Limits:
        """A copy with some limits changed (unknown names raise TypeError)."""
        return evolve(self, **changes)  # type: ignore[arg-type]


DEFAULT = Limits()
NAMES: tuple[str, ...] = tuple(f.name for f in fields(Limits))

_current: contextvars.ContextVar[Limits] = contextvars.ContextVar("gxparse_limits", default=DEFAULT)


def current() -> Limits:
    """The limits in force here."""
    return _current.get()


@contextlib.contextmanager
def using(limits: Limits | None = None, **changes: object) -> Iterator[Limits]:
    """Put ``limits`` (or the current ones with ``changes``) in force for a block."""
    chosen = (limits or current()).replace(**changes) if changes else (limits or current())
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def refuse(
    what: str, found: float | str | None, name: str, *, path: str | None
) -> InputTooLargeError:
    """The error for ``what`` (measured ``found``) over the limit ``name``."""
    limit = getattr(current(), name)
    in_bytes = name.endswith("_bytes")
    return InputTooLargeError(
        f"{what}{'' if found is None else f' ({_show(found, in_bytes)})'} is over the limit "
        f"of {_show(limit, in_bytes)} "
        f"(gxparse.Limits.{name}; raise it if this is a real report)",
        path=path,
        limit=name,
    )


def check(what: str, found: float, name: str, *, path: str | None) -> None:
    """Raise ``InputTooLargeError`` when ``found`` exceeds the limit ``name``."""
    if found > getattr(current(), name):
        raise refuse(what, found, name, path=path)


def _show(value: float | str, in_bytes: bool = False) -> str:
    if isinstance(value, str):
        return value
    if in_bytes:
        return f"{value / MiB:,.1f} MiB" if value >= MiB else f"{int(value):,} bytes"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value):,}"


__all__ = ["DEFAULT", "NAMES", "Limits", "check", "current", "refuse", "using"]
