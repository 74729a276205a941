"""Sources turn an input (path, bytes or text) into a loaded ``Document``.

The format is sniffed from the bytes, never taken from the file name: a PDF
renamed ``.txt`` is still a PDF, and a zip renamed ``.docx`` is refused.
Loaders for each format are imported only when that format is met.
"""

from __future__ import annotations

import importlib
import os
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Protocol

from gxparse.errors import EmptySourceError, SourceError, UnsupportedFormatError
from gxparse.sources.base import Document

Input = str | bytes | os.PathLike[str]


class SourceNotFoundError(SourceError, FileNotFoundError):
    message = "no such file"


class _Loader(Protocol):
    def __call__(self, data: bytes, *, path: str | None = None) -> Document: ...


_LOADERS = {
    "pdf": "gxparse.sources.pdf",
    "docx": "gxparse.sources.docx",
    "ole": "gxparse.sources.docx",
    "html": "gxparse.sources.html",
    "text": "gxparse.sources.text",
}
_HTML_MARKS = (
    b"<html",
    b"<!doctype html",
    b"<table",
    b"<body",
    b"<head",
    b"<meta",
    b"<div",
    b"<p>",
    b"<p ",
)


def read_input(source: Input) -> tuple[bytes, str | None]:
    """The bytes of ``source`` and its path (None for bytes or text given directly)."""
    if isinstance(source, bytes):
        return source, None
    if isinstance(source, str) and ("\n" in source or len(source) > 1024):
        return source.encode("utf-8"), None
    path = Path(source)
    try:
        return path.read_bytes(), str(path)
    except FileNotFoundError:
        raise SourceNotFoundError(path=str(path)) from None
    except IsADirectoryError:
        raise SourceError("is a directory, not a document", path=str(path)) from None
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror}", path=str(path)) from None


def sniff(data: bytes, *, path: str | None = None) -> str:
    """The format of ``data``: pdf, docx, ole (legacy .doc/.wps), html or text."""
    if not data.strip():
        raise EmptySourceError(path=path)
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            from gxparse.errors import CorruptSourceError

            raise CorruptSourceError(
                "a zip package (DOCX?) that is truncated or corrupt", path=path
            ) from None
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedFormatError("a zip archive that is not a Word document", path=path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    lowered = head.lower()
    if any(mark in lowered for mark in _HTML_MARKS) and lowered.lstrip()[:1] == b"<":
        return "html"
    return "text"


def load(source: Input) -> Document:
    """Load ``source`` as a ``Document`` of the format its bytes show."""
    data, path = read_input(source)
    fmt = sniff(data, path=path)
    module = importlib.import_module(_LOADERS[fmt])
    loader: _Loader = module.load
    return loader(data, path=path)


__all__ = ["Document", "Input", "SourceNotFoundError", "load", "read_input", "sniff"]
