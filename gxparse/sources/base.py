"""The common shape of a loaded document: bytes, identity, format."""

from __future__ import annotations

import codecs
import hashlib

from attrs import frozen

from gxparse.errors import BinarySourceError

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bom(data: bytes, *, path: str | None = None) -> tuple[str, str] | None:
    """Text and encoding of ``data`` that opens with a byte-order mark (None without one);
    bytes the mark does not fit are a ``BinarySourceError``."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise BinarySourceError(
                    f"the bytes after its {encoding} byte-order mark are not {encoding} "
                    f"({exc.reason} at byte {exc.start})",
                    path=path,
                ) from None
    return None


@frozen
class Document:
    """An input as loaded: its bytes, where it came from, its format.

    Each source module subclasses this with what its readers need (lines of
    text, PDF pages of words and rules, Word tables, an HTML tree).
    """

    path: str | None
    data: bytes
    format: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def name(self) -> str:
        return self.path or "<input>"

    @property
    def pages(self) -> int | None:
        return None
