"""The PDF reader on tables without rules: every corpus PDF with its rules stripped.

    python benchmarks/unruled_stress.py [--corpus benchmarks/corpus] [--fixtures] [-v]

Each PDF is loaded as usual, then every page's horizontal and vertical rules
are dropped before the reader sees it, so the tables can only be rebuilt from
the alignment of their words: the same words in the same places as a report
printed from the same Word table with its borders removed. The records are
scored against the generator's gold with ``gxparse.score``: cells right, and
wrong or missing cells split into *flagged* (a warning or failed check casts
doubt on them) and *silent* (nothing does -- the bug that must not exist).
``--fixtures`` adds the PDF fixtures (``fixtures/**/source.pdf``), stripped
the same way; ``-v`` lists the silent errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT)]  # this checkout's gxparse

import attrs  # noqa: E402

from gxparse import pipeline  # noqa: E402
from gxparse.score import Score, score  # noqa: E402
from gxparse.sources import pdf as pdf_source  # noqa: E402


def stripped(path: Path) -> dict[str, Any]:
    """The record of ``path`` read with every page's rules removed."""
    doc = pdf_source.load(path.read_bytes(), path=str(path))
    pages = tuple(attrs.evolve(p, hrules=(), vrules=()) for p in doc.page_list)
    record: dict[str, Any] = pipeline.run(attrs.evolve(doc, page_list=pages)).to_dict()
    return record


def _cases(corpus: Path, fixtures: bool) -> list[tuple[str, Path, Path]]:
    out = [(pdf.stem, pdf, pdf.with_suffix(".gold.json")) for pdf in sorted(corpus.glob("*.pdf"))]
    if fixtures:
        for source in sorted((ROOT / "fixtures").glob("**/source.pdf")):
            gold = source.with_name("expected.json")
            if gold.exists():
                out.append((source.parent.name, source, gold))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--fixtures", action="store_true", help="add the PDF fixtures")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the silent errors")
    args = parser.parse_args()
    right = total = silent = exact = 0
    scores: list[Score] = []
    for name, pdf, gold_path in _cases(args.corpus, args.fixtures):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        result = score(stripped(pdf), gold, doc_id=name)
        scores.append(result)
        cells = result.cells
        right, total = right + cells.right, total + cells.total
        silent += result.silent
        exact += cells.right == cells.total
        print(
            f"{name:<44} {cells.right:>4}/{cells.total:<4} "
            f"wrong {cells.wrong:>3}  missing {cells.missing:>3}  silent {result.silent}"
        )
        if args.verbose:
            for e in result.errors:
                if e.silent:
                    print(f"    silent {e.key}: expected {e.expected!r}, found {e.found!r}")
    share = 100 * right / total if total else 0.0
    print(
        f"rules stripped: {right}/{total} cells right ({share:.2f}%), "
        f"{total - right} wrong or missing, {silent} silent; "
        f"{exact}/{len(scores)} documents exact"
    )


if __name__ == "__main__":
    main()
