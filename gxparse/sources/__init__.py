"""Sources turn an input (path, bytes or text) into a loaded ``Document``.

The format is sniffed from the bytes, never taken from the file name: a PDF
renamed ``.txt`` is still a PDF, and a zip renamed ``.docx`` is refused.
Loaders for each format are imported only when that format is met.
"""

from __future__ import annotations

import importlib
import os
import re
import stat
import zipfile
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, Protocol

from gxparse import limits
from gxparse.errors import (
    CorruptSourceError,
    EmptySourceError,
    NotAFileError,
    SourceError,
    UnsupportedFormatError,
)
from gxparse.sources.base import Document

Input = str | bytes | bytearray | memoryview | os.PathLike[str] | BinaryIO
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


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
    "image": "gxparse.sources.ocr",
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
    """The bytes of ``source`` and its path (None for bytes, a file object or text).

    ``source`` is a path (``str`` or ``os.PathLike``), the file's bytes (``bytes``,
    ``bytearray``, ``memoryview``), a binary file object (anything with ``read``), or
    the report's text: a ``str`` holding a line break (no file path does). Only a
    regular file is opened (a FIFO, a device, a socket or a directory is refused at
    once, never read), and its size is checked against ``Limits.max_input_bytes``
    before a byte of it is read.
    """
    cap = limits.current().max_input_bytes
    if isinstance(source, (bytes, bytearray, memoryview)):
        limits.check("the input", len(source), "max_input_bytes", path=None)
        return bytes(source), None
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else None
        data = source.read(cap + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, bytes):
            raise SourceError("the file object gave neither bytes nor text", path=name)
        limits.check("the input", len(data), "max_input_bytes", path=name)
        return data, name
    if isinstance(source, str) and "\n" in source:
        limits.check("the input text", len(source), "max_input_bytes", path=None)
        return source.encode("utf-8"), None
    if isinstance(source, str) and _URL.match(source):
        raise SourceError(
            "is a web address: gxparse reads files, not URLs; download it first "
            "(e.g. curl -O, or requests) and parse the file",
            path=source,
        )
    if not isinstance(source, (str, os.PathLike)):
        raise SourceError(
            f"cannot read a {type(source).__name__}: give a path, bytes, a binary file "
            "object or the report's text",
        )
    name = os.fspath(source)  # as given: the record names the file the way the caller did
    path = Path(name)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SourceNotFoundError(path=name) from None
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror or exc}", path=name) from None
    if not stat.S_ISREG(st.st_mode):
        raise NotAFileError(f"is {_kind(st.st_mode)}, not a document file", path=name)
    limits.check("the file", st.st_size, "max_input_bytes", path=name)
    if st.st_size > limits.current().max_markup_bytes and not _binary_package(path):
        # a web page or text this large is refused from its size, before it is read
        limits.check("the text or web page", st.st_size, "max_markup_bytes", path=name)
    try:
        # O_NONBLOCK: should the path turn into a FIFO after the check, opening it
        # returns at once instead of waiting for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped since the check
                raise NotAFileError("is not a regular file", path=name)
            data = fh.read(cap + 1)
    except FileNotFoundError:
        raise SourceNotFoundError(path=name) from None
    except IsADirectoryError:
        raise NotAFileError("is a directory, not a document", path=name) from None
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror or exc}", path=name) from None
    limits.check("the file", len(data), "max_input_bytes", path=name)  # grew while read
    return data, name


_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_PACKAGES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def _binary_package(path: Path) -> bool:
    """Whether the file's first bytes show a PDF, a zip (DOCX) or an OLE file (.doc)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        return True  # the read below reports it
    return b"%PDF-" in head or head.startswith(_PACKAGES + _IMAGES)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def sniff(data: bytes, *, path: str | None = None) -> str:
    """The format of ``data``: pdf, docx, ole (legacy .doc/.wps), html, image or text."""
    if not data.strip():
        raise EmptySourceError(path=path)
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_IMAGES):  # PNG, JPEG, TIFF: read by OCR (the ocr extra)
        return "image"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
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
