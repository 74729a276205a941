"""Scanned reports: accuracy against the sources' gold, and speed against the OCR engine alone.

A set of scans is generated from our born-digital PDFs (``benchmarks/scans.py``:
150-300 dpi, skew, blur, noise, JPEG, uneven light, red seals, quarter turns,
perspective), written as scanned PDFs (page images, no text layer), and each is

* parsed by ``gxparse.parse`` (the whole path: rendering, turning upright, rules
  from pixels, OCR, readers, checks, the rules as evidence), timed; and
* read by the OCR engine alone -- RapidOCR's own pipeline, detection,
  orientation and recognition -- on the same page images (rendered at the
  dpi gxparse renders at), timed, right after it in the same run.

Scored with ``gxparse.score`` against the source's gold record: % of cells
right, wrong values with no warning naming their row (nor a failed rule
using them), and whether every deliberate inconsistency of the source is still
reported. ``--bad`` adds the bad-input cases (a blank page, a photo that is no
report, a 50-page scan with the tables on pages 40-45, a 20000×20000 image),
each in a child process whose peak memory is measured.

    python benchmarks/ocr.py [--count 12] [--seed 1] [--repeat 2] [--bad] [--broken] [--md out.md]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import scans
from gxparse.score import WRONG, score


def engine_alone(pdf: Path) -> tuple[float, int]:
    """Seconds RapidOCR's own pipeline takes on the scan's page images as gxparse renders them."""
    import cv2
    import pypdfium2 as pdfium

    from gxparse.sources import ocr, ocr_engine

    eng = ocr_engine.engine()
    data = pdf.read_bytes()
    count = len(pdfium.PdfDocument(data))
    total = 0.0
    pages = 0
    for _, gray, _ in ocr.render_pages(data, list(range(1, count + 1))):
        colour = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
        t = time.perf_counter()
        eng(colour)
        total += time.perf_counter() - t
        pages += 1
    return total, pages


def run_set(
    count: int, seed: int, work: Path, repeat: int = 1, *, broken: bool = False
) -> list[dict[str, Any]]:
    import gxparse
    from gxparse.sources import ocr_engine

    ocr_engine.engine()  # models loaded before anything is timed
    rows = scans.make_set(work, count, seed, broken=broken)
    out = []
    for row in rows:
        pdf = work / row["scan"]
        gold = json.loads((scans.ROOT / row["gold"]).read_text("utf-8"))
        ours = alone = float("inf")
        for _ in range(repeat):  # interleaved; the least of each (a busy moment only adds)
            t = time.perf_counter()
            try:
                report: Any = gxparse.parse(pdf)
                error = None
            except gxparse.GxparseError as exc:
                report, error = None, str(exc)
            ours = min(ours, time.perf_counter() - t)
            once, pages = engine_alone(pdf)
            alone = min(alone, once)
        s = score(report, gold)
        cells = s.cells
        silent = [e.key for e in s.errors if e.kind == WRONG and not e.flagged]
        out.append(
            {
                **row,
                "pages": pages,
                "seconds": ours,
                "engine_seconds": alone,
                "right": cells.right,
                "wrong": cells.wrong,
                "missing": cells.missing,
                "silent": silent,
                "expected_breaks": list(s.expected_breaks or ()),
                "reported_breaks": list(s.reported_breaks),
                "error": error,
            }
        )
        print(
            f"{row['scan']:28} {row['source'][:48]:48} {cells.right:4}/{cells.right + cells.wrong + cells.missing:<4}"
            f" silent {len(silent)}  {ours / pages:5.2f} s/page  x{ours / alone:4.2f}"
            + (f"  ERROR {error}" if error else ""),
            flush=True,
        )
    return out


_CHILD = r"""
import resource, sys, time, json
sys.path.insert(0, {root!r})
import gxparse
t = time.perf_counter()
try:
    r = gxparse.parse({path!r})
    out = {{"outcome": "record", "detail": repr(r)}}
except gxparse.GxparseError as exc:
    out = {{"outcome": type(exc).__name__, "detail": str(exc)}}
out["seconds"] = time.perf_counter() - t
for line in open("/proc/self/status"):  # this process's own high-water mark (not its parent's)
    if line.startswith("VmHWM:"):
        out["peak_mib"] = int(line.split()[1]) / 1024
print(json.dumps(out, ensure_ascii=False))
"""


def bad_inputs(work: Path) -> list[dict[str, Any]]:
    import numpy as np
    from PIL import Image

    cases: list[tuple[str, Path]] = []
    blank = work / "blank.png"
    Image.fromarray(scans.blank_page()).save(blank, dpi=(150, 150))
    cases.append(("blank page (PNG)", blank))
    photo = work / "photo.jpg"
    Image.fromarray(scans.not_a_report()).save(photo, quality=85)
    cases.append(("photo, not a report (JPEG)", photo))
    source = scans.ROOT / "fixtures" / "generated" / "pdf_2021_repeat_header" / "source.pdf"
    tables, dpi = scans.scan_pages(source, scans.PROFILES["office"], 5)
    filler = [scans.blank_page(dpi) for _ in range(39)]
    size = tables[0].shape
    filler = [np.array(Image.fromarray(f).resize((size[1], size[0]))) for f in filler]
    long_pdf = scans.write(
        [*filler, *tables, *filler[: 50 - 39 - len(tables)]], work / "long50.pdf", dpi
    )
    cases.append((f"50-page scan, tables on pages 40-{39 + len(tables)}", long_pdf))
    huge = work / "huge.png"
    big = np.full((20000, 20000), 255, np.uint8)
    big[1000:1010, :] = 0
    Image.fromarray(big).save(huge)
    del big
    cases.append(("20000×20000 px image (PNG)", huge))
    out = []
    for name, path in cases:
        code = _CHILD.format(root=str(scans.ROOT), path=str(path))
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        try:
            result = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            result = {"outcome": f"crashed ({done.returncode})", "detail": done.stderr[-300:]}
        result["case"] = name
        out.append(result)
        print(
            f"{name:40} {result['outcome']:24} {result.get('seconds', 0):6.1f} s"
            f" {result.get('peak_mib', 0):7.0f} MiB  {result['detail'][:110]}",
            flush=True,
        )
    return out


def markdown(results: list[dict[str, Any]], bad: list[dict[str, Any]]) -> str:
    right = sum(r["right"] for r in results)
    total = sum(r["right"] + r["wrong"] + r["missing"] for r in results)
    wrong = sum(r["wrong"] for r in results)
    silent = sum(len(r["silent"]) for r in results)
    pages = sum(r["pages"] for r in results)
    ours = sum(r["seconds"] for r in results)
    alone = sum(r["engine_seconds"] for r in results)
    expected = sum(len(r["expected_breaks"]) for r in results)
    reported = sum(len(r["reported_breaks"]) for r in results)
    ratios = [r["seconds"] / r["engine_seconds"] for r in results if r["engine_seconds"]]
    lines = [
        "| scans | pages | cells right | wrong | of them silent | source breaks reported | s/page (gxparse) | s/page (engine alone) | time ratio (sum; median) |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {len(results)} | {pages} | {right}/{total} ({100 * right / max(total, 1):.2f}%) | {wrong} | {silent} "
        f"| {reported}/{expected} | {ours / max(pages, 1):.2f} | {alone / max(pages, 1):.2f} "
        f"| {ours / max(alone, 1e-9):.2f}; {statistics.median(ratios) if ratios else 0:.2f} |",
        "",
        "| scan | profile | source | cells right | silent wrong | s/page | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        n = r["right"] + r["wrong"] + r["missing"]
        lines.append(
            f"| {r['scan']} | {r['profile']} | {r['source']} | {r['right']}/{n} | {len(r['silent'])} "
            f"| {r['seconds'] / r['pages']:.2f} | {r['seconds'] / r['engine_seconds']:.2f} |"
        )
    if bad:
        lines += [
            "",
            "| bad input | outcome | seconds | peak MiB | detail |",
            "|---|---|---|---|---|",
        ]
        for b in bad:
            detail = b["detail"].replace("|", "/")[:140]
            lines.append(
                f"| {b['case']} | {b['outcome']} | {b.get('seconds', 0):.1f} | {b.get('peak_mib', 0):.0f} | {detail} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="time each scan this many times")
    ap.add_argument("--bad", action="store_true", help="also run the bad-input cases")
    ap.add_argument(
        "--broken",
        action="store_true",
        help="also scan every source with deliberate inconsistencies (one scan each)",
    )
    ap.add_argument("--md", type=Path, help="write the tables as Markdown here")
    ap.add_argument("--json", type=Path, help="write every figure as JSON here")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gxparse-scans-") as tmp:
        work = Path(tmp)
        results = run_set(args.count, args.seed, work, args.repeat) if args.count else []
        if args.broken:
            results += run_set(0, args.seed, work / "broken", args.repeat, broken=True)
        bad = bad_inputs(work) if args.bad else []
    text = markdown(results, bad)
    print(text)
    if args.md:
        args.md.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(
            json.dumps({"scans": results, "bad": bad}, indent=1, ensure_ascii=False)
        )
    print(
        f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
