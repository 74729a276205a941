"""gxparse: government information-disclosure annual reports as checked data.

>>> import gxparse
>>> report = gxparse.parse("report.pdf")      # doctest: +SKIP
>>> report.get("applications", "received.new", "total")  # doctest: +SKIP
46
"""

from gxparse._version import __version__
from gxparse.api import parse
from gxparse.compare import Diff, diff
from gxparse.crossyear import Panel, panel
from gxparse.errors import (
    BinarySourceError,
    CorruptSourceError,
    EmptySourceError,
    EncryptedSourceError,
    GarbledTextError,
    GxparseError,
    InputTooLargeError,
    InternalError,
    NotAFileError,
    NotAReportError,
    PreTemplateReportError,
    ReaderError,
    ReconciliationError,
    ScannedDocumentError,
    SkewedTextError,
    SourceError,
    UnknownReaderError,
    UnsupportedFormatError,
)
from gxparse.frame import to_frame
from gxparse.limits import Limits
from gxparse.record import Check, Meta, Provenance, Report, ReportWarning, Value
from gxparse.sources import SourceNotFoundError

__all__ = [
    "BinarySourceError",
    "Check",
    "CorruptSourceError",
    "Diff",
    "EmptySourceError",
    "EncryptedSourceError",
    "GarbledTextError",
    "GxparseError",
    "InputTooLargeError",
    "InternalError",
    "Limits",
    "Meta",
    "NotAFileError",
    "NotAReportError",
    "Panel",
    "PreTemplateReportError",
    "Provenance",
    "ReaderError",
    "ReconciliationError",
    "Report",
    "ReportWarning",
    "ScannedDocumentError",
    "SkewedTextError",
    "SourceError",
    "SourceNotFoundError",
    "UnknownReaderError",
    "UnsupportedFormatError",
    "Value",
    "__version__",
    "diff",
    "panel",
    "parse",
    "to_frame",
]
