"""One generated document: its record, options and prose, written in every form."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx_render import render_docx
from html_render import render_html
from layout import applications_grid
from model import build_record
from options import RenderOptions, random_options
from pdf_render import table3_pages
from prose import ReportText, build_text
from text_render import render_cells, render_tab, render_wrapped

# form name -> file suffix
SUFFIXES = {
    "docx": ".docx",
    "pdf": ".pdf",
    "html": ".html",
    "tab": ".tab.txt",
    "cells": ".cells.txt",
    "wrapped": ".wrapped.txt",
}


@dataclass(frozen=True)
class Spec:
    """What to generate: everything else is drawn from ``seed``."""

    seed: str
    template: str = "2021"
    single_other: bool = False
    break_rule: str | None = None


@dataclass(frozen=True)
class Document:
    spec: Spec
    record: dict[str, Any]
    options: RenderOptions
    text: ReportText


def make_document(spec: Spec, options: RenderOptions | None = None) -> Document:
    """Draw the record, then (unless given) the options, then the prose, from one seed."""
    rng = random.Random(spec.seed)
    record = build_record(
        rng, template=spec.template, single_other=spec.single_other, break_rule=spec.break_rule
    )
    drawn = random_options(rng, record)  # drawn even when given: same prose either way
    chosen = options or drawn
    text = build_text(rng, record, chosen.body_paragraphs, chosen.title_lines)
    return Document(spec, record, chosen, text)


def write_gold(document: Document, path: Path) -> None:
    path.write_text(
        json.dumps(document.record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def write_forms(document: Document, stem: Path, forms: tuple[str, ...]) -> dict[str, str]:
    """Write ``forms`` (except "pdf", made in batch from the DOCX) next to ``stem``."""
    seed = document.spec.seed
    record, text, options = document.record, document.text, document.options
    cells_noise, wrapped_noise = random.Random(seed + ":cells"), random.Random(seed + ":wrapped")
    writers = {
        "docx": lambda path: render_docx(record, text, options, path),
        "html": lambda path: render_html(record, text, options, path),
        "tab": lambda path: _write_text(path, render_tab(record, text, options)),
        "cells": lambda path: _write_text(path, render_cells(record, text, options, cells_noise)),
        "wrapped": lambda path: _write_text(
            path, render_wrapped(record, text, options, wrapped_noise)
        ),
    }
    written = {}
    for form in forms:
        path = stem.with_name(stem.name + SUFFIXES[form])
        if form != "pdf":
            writers[form](path)
        written[form] = path.name
    return written


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def pdf_layout(document: Document, pdf: Path) -> dict[str, Any]:
    """Where 表三 landed in the PDF (pages of its rows)."""
    return table3_pages(pdf, applications_grid(document.record, document.options))
