"""Exceptions and warning categories.

Three channels, as pypdf puts it: exceptions for what the caller must handle,
warnings (in the record) for what the caller should fix, logging for repairs
applied quietly. A failed reconciliation rule is data (a ``Check`` in the
record); it is raised only under ``parse(..., strict=True)``.

Every error about an input names the input: ``str(error)`` starts with the
path (or ``<bytes>`` / ``<text>``) followed by the problem.
"""

from __future__ import annotations

from collections.abc import Sequence


class GxparseError(Exception):
    """Root of every exception gxparse raises on purpose."""

    message = "gxparse failed"

    def __init__(self, message: str | None = None) -> None:
        self.detail = message or self.message
        super().__init__(self.detail)


class SourceError(GxparseError):
    """The input cannot be turned into a report record."""

    message = "cannot read this input"

    def __init__(self, message: str | None = None, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.path or '<input>'}: {self.detail}"


class EmptySourceError(SourceError):
    message = "the input is empty"


class BinarySourceError(SourceError):
    message = "the input is binary data of no format gxparse reads (PDF, DOCX, HTML or text)"


class CorruptSourceError(SourceError):
    message = "the file is truncated or corrupt"


class EncryptedSourceError(SourceError):
    message = "the document is encrypted and cannot be opened without its password"


class ScannedDocumentError(SourceError):
    message = "the document holds only scanned page images and no text layer; OCR is needed"


class SkewedTextError(SourceError):
    message = (
        "the document's text runs at a slant: no page has text that reads left to right "
        "upright or turned by a quarter, a half or three quarters"
    )


class GarbledTextError(SourceError):
    message = (
        "the document's text layer does not map to readable characters (fonts without ToUnicode)"
    )


class InputTooLargeError(SourceError):
    """The input is over one of ``gxparse.Limits`` (checked before it is expanded)."""

    message = "the input is larger than gxparse reads"

    def __init__(
        self, message: str | None = None, *, path: str | None = None, limit: str | None = None
    ) -> None:
        self.limit = limit
        super().__init__(message, path=path)


class NotAFileError(SourceError):
    """The path names something that is not a regular file (a directory, FIFO, device...)."""

    message = "not a regular file"


class UnsupportedFormatError(SourceError):
    message = "this file format is not supported"


class NotAReportError(SourceError):
    message = "no government information-disclosure report tables were found"


class PreTemplateReportError(SourceError):
    message = (
        "this is a report from before 2019, which follows no statutory table format; "
        "gxparse reads the 2019 and 2021 templates only"
    )


class SetupError(GxparseError):
    """gxparse is not set up for what was asked: an unknown setting, a missing extra."""

    message = "gxparse is not set up for this"


class UnknownBackendError(SetupError, ValueError):
    message = "unknown PDF backend"


class MissingExtraError(SetupError, ImportError):
    message = "an optional part of gxparse that is not installed is needed"


class InternalError(GxparseError):
    """A bug in gxparse met while reading an input; please report it with the file.

    ``parse()`` raises nothing but ``GxparseError``: an unexpected exception from
    gxparse's own code is wrapped in this, naming the input, the exception and the
    place, with the original as ``__cause__``.
    """

    message = "internal error in gxparse"

    def __init__(self, message: str | None = None, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.path or '<input>'}: {self.detail}"


class ReaderError(GxparseError):
    """A reader could not read a document it had accepted."""

    message = "the reader could not read this document"


class UnknownReaderError(GxparseError, KeyError):
    """A reader name that is not registered."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        super().__init__(f"unknown reader {name!r}; registered readers: {', '.join(known)}")

    def __str__(self) -> str:
        return self.detail


class ReconciliationError(GxparseError):
    """Raised under ``strict=True`` when the document's own figures break a rule."""

    def __init__(self, message: str, *, failed: Sequence[object] = ()) -> None:
        self.failed = tuple(failed)
        super().__init__(message)
