"""Time and memory of gxparse on long PDFs, against the length of the document.

A long report keeps its statutory tables at the end, after pages of prose
(``fixtures/pdf_bad/make.py``'s ``big_report``: the hongze report's title page,
``n - 5`` prose pages, then its four table pages). For each length this runs
``gxparse.parse`` in a fresh child process (so peak memory is the parse's own)
and prints, as medians of ``--repeat`` children:

* ``time``      wall time of ``gxparse.parse`` (label caches warm: a batch's steady state)
* ``peak RSS``  the child's peak resident memory after that parse, minus its
                resident memory just before it (interpreter, imports and PDF bytes excluded)
* ``py peak``   ``tracemalloc`` peak of Python objects during a second, untimed parse
* ``floor``     PyMuPDF ``page.get_text("words")`` over all pages, timed in the same child

and the per-page growth between the shortest and the longest document, which is
what "time grows linearly, memory stays flat" is about.

    python benchmarks/bench_long.py [--pages 30 100 300 1000] [--repeat 3] [--backend pymupdf]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import json, resource, sys, time, tracemalloc
sys.path.insert(0, sys.argv[3])
import gxparse
path, backend = sys.argv[1], sys.argv[2]
import os
os.environ["GXPARSE_PDF_BACKEND"] = backend
data = open(path, "rb").read()
gxparse.parse(open(sys.argv[4], "rb").read())  # warm imports and label caches on a short report

def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

floor = None
try:  # the floor first, twice (the first warms MuPDF's font and glyph caches, as parse was)
    import pymupdf
    for _ in range(2):
        t = time.perf_counter()
        for page in pymupdf.open(stream=data, filetype="pdf"):
            page.get_text("words")
        floor = time.perf_counter() - t
except ImportError:
    pass
before = rss_kb()
start = time.perf_counter()
report = gxparse.parse(data)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
tracemalloc.start()  # a second parse, traced (tracing slows it: not timed)
gxparse.parse(data)
_, py_peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({
    "pages": report.source.pages, "ok": report.ok,
    "received": report.get("applications", "received.new", "total"),
    "time": elapsed, "floor": floor, "rss_growth_kb": max(peak - before, 0),
    "py_peak": py_peak,
}))
"""


def _make(pages: int, outdir: Path) -> Path:
    sys.path.insert(0, str(ROOT / "fixtures" / "pdf_bad"))
    try:
        import make  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    path = outdir / f"long_{pages}.pdf"
    path.write_bytes(make.big_report(pages))
    return path


def _child(path: Path, backend: str, warm: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), backend, str(ROOT), str(warm)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "GXPARSE_PDF_BACKEND": backend},
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[30, 100, 300, 1000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--backend", default="pymupdf", choices=("pymupdf", "pdfplumber"))
    args = ap.parse_args()
    warm = ROOT / "fixtures" / "hongze_2024" / "source.pdf"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(args.pages):
            path = _make(n, Path(tmp))
            runs = [_child(path, args.backend, warm) for _ in range(args.repeat)]
            assert all(r["pages"] == n and r["ok"] and r["received"] == 95 for r in runs), runs
            med = {k: statistics.median(r[k] or 0 for r in runs) for k in runs[0] if k != "ok"}
            rows.append((n, path.stat().st_size, med))
    print(
        f"gxparse on long PDFs ({args.backend} backend), medians of {args.repeat} fresh processes"
    )
    head = (
        f"{'pages':>6} {'MB':>6} {'time s':>8} {'floor s':>8} {'time/floor':>10}"
        f" {'ms/page':>8} {'peak RSS +MB':>12} {'py peak MB':>10}"
    )
    print(head)
    print("-" * len(head))
    for n, size, m in rows:
        ratio = f"{m['time'] / m['floor']:10.2f}" if m["floor"] else f"{'-':>10}"
        floor = f"{m['floor']:8.3f}" if m["floor"] else f"{'-':>8}"
        print(
            f"{n:6d} {size / 1e6:6.2f} {m['time']:8.3f} {floor} {ratio}"
            f" {1000 * m['time'] / n:8.2f} {m['rss_growth_kb'] / 1024:12.1f}"
            f" {m['py_peak'] / 1e6:10.2f}"
        )
    if len(rows) >= 2:
        (n0, _, a), (n1, _, b) = rows[0], rows[-1]
        extra = n1 - n0
        print("-" * len(head))
        print(
            f"from {n0} to {n1} pages: time x{b['time'] / a['time']:.2f} for x{n1 / n0:.1f} pages"
            f" ({1000 * (b['time'] - a['time']) / extra:.2f} ms per extra page);"
            f" peak RSS {(b['rss_growth_kb'] - a['rss_growth_kb']) / extra:+.1f} kB per extra page;"
            f" Python peak {(b['py_peak'] - a['py_peak']) / extra / 1000:+.1f} kB per extra page"
        )


if __name__ == "__main__":
    main()
