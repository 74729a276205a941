"""The reader registry: a plain name -> class map.

Third-party readers can register through the ``gxparse.readers`` entry-point
group; they are loaded only when asked for (``load_plugins()``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from importlib.metadata import entry_points

from gxparse.errors import UnknownReaderError
from gxparse.readers.base import Detection, Reader

# name -> "module:Class"; imported on first use so a PDF-less run never loads pdfplumber.
_BUILTIN = {
    "text-tabbed": "gxparse.readers.text_tabbed:TabbedTextReader",
    "text-cells": "gxparse.readers.text_cells:CellPerLineTextReader",
    "text-wrapped": "gxparse.readers.text_wrapped:WrappedTextReader",
    "text-lines": "gxparse.readers.text_lines:OneCellLineTextReader",
    "text-piped": "gxparse.readers.text_piped:PipedTextReader",
    "text-markdown": "gxparse.readers.text_markdown:MarkdownTextReader",
    "pdf-grid": "gxparse.readers.pdf_grid:PdfGridReader",
    "docx-table": "gxparse.readers.docx_table:DocxTableReader",
    "html-table": "gxparse.readers.html_table:HtmlTableReader",
}
_registry: dict[str, str | type[Reader]] = dict(_BUILTIN)


def register(cls: type[Reader]) -> type[Reader]:
    """Register a reader class under its ``name`` (usable as a decorator)."""
    _registry[cls.name] = cls
    return cls


def names() -> tuple[str, ...]:
    return tuple(_registry)


def get(name: str) -> Reader:
    """A fresh instance of the reader called ``name``."""
    try:
        entry = _registry[name]
    except KeyError:
        raise UnknownReaderError(name, names()) from None
    if isinstance(entry, str):
        module, _, attr = entry.partition(":")
        cls: type[Reader] = getattr(importlib.import_module(module), attr)
        _registry[name] = cls
        entry = cls
    return entry()


def available(selected: Iterable[str] | None = None) -> list[Reader]:
    """Instances of the selected readers (all registered ones by default) that import."""
    out = []
    for name in selected if selected is not None else names():
        if selected is None:
            try:
                out.append(get(name))
            except ImportError:
                continue
        else:
            out.append(get(name))
    return out


def load_plugins(group: str = "gxparse.readers") -> list[str]:
    """Register readers advertised by installed packages; returns their names."""
    added = []
    for ep in entry_points(group=group):
        cls = ep.load()
        register(cls)
        added.append(cls.name)
    return added


__all__ = ["Detection", "Reader", "available", "get", "load_plugins", "names", "register"]
