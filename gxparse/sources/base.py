"""The common shape of a loaded document: bytes, identity, format."""

from __future__ import annotations

import hashlib

from attrs import frozen


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
