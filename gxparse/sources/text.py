"""Plain text: bytes -> decoded lines (UTF-8, UTF-16 with BOM, GBK/GB18030)."""

from __future__ import annotations

from attrs import frozen

from gxparse.errors import BinarySourceError, EmptySourceError
from gxparse.sources.base import Document, decode_bom

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


@frozen
class TextDocument(Document):
    text: str
    encoding: str

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def decode(data: bytes, *, path: str | None = None) -> tuple[str, str]:
    """Decode report text: BOM, then strict UTF-8, then GB18030 (a superset of GBK/GB2312)."""
    marked = decode_bom(data, path=path)
    if marked is not None:
        return marked
    if b"\x00" in data:
        raise BinarySourceError(path=path)
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _controls(text) > 0.01:
            break
        return text, encoding
    raise BinarySourceError(path=path)


def _controls(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(
        1 for ch in text if (ord(ch) < 32 and ch not in _ALLOWED_CONTROLS) or 0x7F <= ord(ch) < 0xA0
    )
    return bad / len(text)


def load(data: bytes, *, path: str | None = None) -> TextDocument:
    from gxparse import limits

    limits.check("the text", len(data), "max_markup_bytes", path=path)
    text, encoding = decode(data, path=path)
    if not text.strip():
        raise EmptySourceError("the text holds only whitespace", path=path)
    return TextDocument(
        path=path,
        data=data,
        format="text",
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        encoding=encoding,
    )
