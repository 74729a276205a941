"""Shared benchmark bookkeeping: corpus discovery, one run's results, the summary rows.

Scoring itself is ``gxparse.score``; this module only collects what a run
produced (a record or an error, and the time it took) per tool and form, and
turns it into the figures of the benchmark table.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gxparse.score import CorpusScore, Score

# form name -> file suffix in a flat corpus (benchmarks/gen/forms.py writes these).
SUFFIXES = {
    "pdf": ".pdf",
    "docx": ".docx",
    "html": ".html",
    "tab": ".tab.txt",
    "cells": ".cells.txt",
    "wrapped": ".wrapped.txt",
}
# source extension -> form name in a fixtures-style corpus (<case>/source.<ext>).
_CASE_FORMS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "text"}


@dataclass(frozen=True)
class Doc:
    id: str
    gold_path: Path
    files: dict[str, Path]  # form -> source file

    def gold(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.gold_path.read_text(encoding="utf-8"))
        return data


def discover(corpus: Path) -> list[Doc]:
    """The documents of a corpus directory.

    Two layouts: flat (``<id>.gold.json`` beside ``<id>.pdf``, ``<id>.tab.txt``...,
    listed by ``manifest.json`` when present) or one directory per case
    (``<case>/expected.json`` beside ``<case>/source.<ext>``, as in fixtures/).
    """
    manifest = corpus / "manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        docs = []
        for entry in data.get("documents", []):
            files = dict(entry.get("files", {}))
            gold = corpus / files.pop("gold", f"{entry['id']}.gold.json")
            paths = {form: corpus / name for form, name in files.items()}
            docs.append(Doc(entry["id"], gold, {f: p for f, p in paths.items() if p.is_file()}))
        return docs
    docs = []
    for gold in sorted(corpus.glob("*.gold.json")):
        doc_id = gold.name[: -len(".gold.json")]
        files = {f: corpus / (doc_id + s) for f, s in SUFFIXES.items()}
        docs.append(Doc(doc_id, gold, {f: p for f, p in files.items() if p.is_file()}))
    for expected in sorted(corpus.glob("*/expected.json")):
        case = expected.parent
        files = {}
        for source in sorted(case.glob("source.*")):
            form = _CASE_FORMS.get(source.suffix.lower())
            if form:
                files[form] = source
        docs.append(Doc(case.name, expected, files))
    return docs


@dataclass
class Result:
    """One tool over one form: a score per document, times, and errors."""

    tool: str
    form: str
    scores: list[Score] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # seconds, documents that went through
    errors: list[tuple[str, str]] = field(default_factory=list)  # (doc id, message)

    @property
    def corpus(self) -> CorpusScore:
        return CorpusScore(tuple(self.scores))

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    def error_kinds(self) -> Counter[str]:
        return Counter(message.split(":", 1)[0] for _, message in self.errors)


def tables_exact(score: Score) -> bool:
    """Every cell of the three tables right and no extra cell (metadata not counted)."""
    return score.status == "ok" and not any(e.table != "meta" for e in score.errors)


def pct(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{100 * value:.{digits}f}%"


def summary_row(result: Result, reference: float | None) -> dict[str, str]:
    """The headline figures of one tool on one form, formatted for the table."""
    corpus = result.corpus
    n = len(result.scores)
    median = result.median
    ratio = "—"
    if median is not None and reference:
        ratio = f"{median / reference:.2f}×"
    expected = corpus.breaks_expected
    return {
        "form": result.form,
        "tool": result.tool,
        "docs": str(n),
        "errors": str(len(result.errors)),
        "cells right": pct(corpus.cells.accuracy),
        "exact tables": f"{sum(tables_exact(s) for s in result.scores)}/{n}",
        "exact records": f"{corpus.exact}/{n}" if result.tool == "gxparse" else "—",
        "silent errors": str(corpus.silent),
        "strict silent": str(corpus.strict_silent) if result.tool == "gxparse" else "—",
        "status as true": _states(corpus) if result.tool == "gxparse" else "—",
        "complete but wrong": str(corpus.complete_but_wrong) if result.tool == "gxparse" else "—",
        "rule breaks reported": f"{corpus.breaks_reported}/{expected}" if expected else "—",
        "median s/doc": "—" if median is None else f"{median:.3f}",
        "× gxparse": ratio,
    }


def _states(corpus: CorpusScore) -> str:
    stated, right = corpus.state_matches
    return f"{right}/{stated}" if stated else "—"


def detail_row(result: Result) -> dict[str, str]:
    """Accuracy per table and per metadata field."""
    corpus = result.corpus
    row = {"form": result.form, "tool": result.tool}
    for table, label in (
        ("active_disclosure", "表二"),
        ("applications", "表三"),
        ("review_litigation", "表四"),
    ):
        row[label] = pct(corpus.tables[table].accuracy)
    tally = corpus.cells
    row["missing"] = str(tally.missing)
    row["wrong"] = str(tally.wrong)
    for name, value in corpus.meta.items():
        row[name] = pct(value.accuracy, 1) if result.tool == "gxparse" else "—"
    return row


def markdown_table(rows: list[dict[str, str]]) -> str:
    if not rows:
        return "(no results)\n"
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(r[h] for h in head) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def text_table(rows: list[dict[str, str]]) -> str:
    if not rows:
        return "(no results)\n"
    head = list(rows[0])
    widths = {h: max(_width(h), *(_width(r[h]) for r in rows)) for h in head}
    out = ["  ".join(_pad(h, widths[h]) for h in head)]
    out += ["  ".join(_pad(r[h], widths[h]) for h in head) for r in rows]
    return "\n".join(out) + "\n"


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
