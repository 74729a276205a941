"""Per-document speed of the PDF paths, measured side by side in one run.

For every PDF fixture (``fixtures/hongze_2024``, ``fixtures/generated/pdf_*``)
it times, as the median of ``--repeat`` runs (interleaved: each run times every
path once, one after the other, so a noisy moment of the machine falls on all
of them alike rather than on one):

* ``floor``   PyMuPDF ``page.get_text("words")`` over all pages (the word-extraction floor)
* ``fast``    ``gxparse.parse`` with the PyMuPDF backend
* ``plumber`` ``gxparse.parse`` with the pdfplumber backend
* ``tables``  pdfplumber ``page.extract_tables()`` over all pages

and prints a table with the ratios the issue sets targets for:
fast/floor <= 3, tables/fast >= 5, plumber/tables <= 1. Label-matching caches
are cleared before every gxparse run so repeats do not flatter it.

    python benchmarks/bench_pdf.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from io import BytesIO
from pathlib import Path

import pdfplumber
import pymupdf

from gxparse import memo, pipeline
from gxparse.sources import pdf as pdf_source

ROOT = Path(__file__).resolve().parent.parent


def cases() -> list[Path]:
    out = [ROOT / "fixtures" / "hongze_2024" / "source.pdf"]
    out += sorted((ROOT / "fixtures" / "generated").glob("pdf_*/source.pdf"))
    return [p for p in out if p.exists()]


def median_ms(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median ms of each function over ``repeat`` interleaved runs (after one warm-up)."""
    for fn in fns:
        fn()  # warm up (imports, font loading)
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, out in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return [statistics.median(t) * 1000 for t in times]


def floor(data: bytes) -> None:
    """The word-extraction floor: PyMuPDF's own words of every page."""
    for page in pymupdf.open(stream=data, filetype="pdf"):
        page.get_text("words")


def gx(data: bytes, name: str, backend: str, cold: bool = True) -> None:
    """gxparse on one document with ``backend``; ``cold``: as if the first of the run."""
    if cold:
        memo.clear()
    pipeline.run(pdf_source.load(data, path=name, backend=backend))


def tables(data: bytes) -> None:
    """pdfplumber ``extract_tables`` on every page."""
    with pdfplumber.open(BytesIO(data)) as doc:
        for page in doc.pages:
            page.extract_tables()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    rows = []
    for path in cases():
        data, name = path.read_bytes(), str(path)
        pages = pymupdf.open(stream=data, filetype="pdf").page_count
        t_floor, t_fast, t_warm, t_plumber, t_tables = median_ms(
            [
                partial(floor, data),
                partial(gx, data, name, "pymupdf"),
                partial(gx, data, name, "pymupdf", cold=False),
                partial(gx, data, name, "pdfplumber"),
                partial(tables, data),
            ],
            args.repeat,
        )
        rows.append((path.parent.name, pages, t_floor, t_fast, t_warm, t_plumber, t_tables))
    head = (
        f"{'document':28} {'pages':>5} {'floor':>7} {'fast':>7} {'warm':>7} {'plumber':>8} {'tables':>7}"
        f" {'fast/floor':>10} {'warm/floor':>10} {'tables/fast':>11} {'plumber/tables':>14}"
    )
    print(
        "median ms per document,",
        f"{args.repeat} interleaved runs each; fast = PyMuPDF path from cold caches,",
        "warm = the same with label caches kept (a batch), plumber = pdfplumber path (cold)",
    )
    print(head)
    print("-" * len(head))
    for name, pages, fl, fa, wa, pl, ta in rows:
        print(
            f"{name:28} {pages:5d} {fl:7.1f} {fa:7.1f} {wa:7.1f} {pl:8.1f} {ta:7.1f}"
            f" {fa / fl:10.2f} {wa / fl:10.2f} {ta / fa:11.2f} {pl / ta:14.2f}"
        )
    if rows:
        fl, fa, wa, pl, ta = (statistics.median(r[i] for r in rows) for i in range(2, 7))
        print("-" * len(head))
        print(
            f"{'median':28} {'':5} {fl:7.1f} {fa:7.1f} {wa:7.1f} {pl:8.1f} {ta:7.1f}"
            f" {fa / fl:10.2f} {wa / fl:10.2f} {ta / fa:11.2f} {pl / ta:14.2f}"
        )
        print("targets: fast/floor <= 3.00, tables/fast >= 5.00, plumber/tables <= 1.00")


if __name__ == "__main__":
    main()
