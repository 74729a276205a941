"""Word-made PDFs whose tables were pasted in as pictures, made from our born-digital PDFs.

A report written in Word often has its three tables (表二/表三/表四) pasted in
as pictures -- a screenshot of a spreadsheet, a scanned form -- while its prose
stays text. This makes such PDFs the way they arise: each table of a source PDF
(each piece of it, page by page) is rendered to an image (PyMuPDF, 150-300 dpi,
JPEG by default), the text and ruling lines under it are removed (a redaction),
and the image is placed where the table was. Everything else stays text.

A table is found by its ruling lines: a cluster of touching horizontal and
vertical rules is a table piece. Only sources whose every figure of the three
tables lies inside such a piece are used (an unruled table has no edge to cut
along), so the source's gold record is the truth of the pictured PDF, unchanged.

    python -m benchmarks.pictured OUT_DIR [--count N] [--seed S] [--dpi 150-300]
    python -m benchmarks.pictured fixtures/scans --fixtures   # the committed ones
    python -m benchmarks.pictured OUT_DIR --bench --count 8    # parsed, scored, timed

Needs PyMuPDF (the ``fast`` extra); ``--bench`` needs the ``ocr`` extra too. Used
by the tests (``tests/test_ocr_pictures.py``), never by the package.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Container, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAD = 3.0  # points around a table's rules that go into its picture


def table_regions(data: bytes) -> dict[int, list[tuple[float, float, float, float]]] | None:
    """Page number -> the boxes (points, top-left frame) of the table pieces on it.

    None when a figure of the source's three tables lies outside every piece
    (an unruled table): such a source cannot be pictured with its gold unchanged.
    """
    import gxparse
    from gxparse.sources import pdf as pdf_source

    doc = pdf_source.load(data)
    out: dict[int, list[tuple[float, float, float, float]]] = {}
    for page in doc.page_list:
        boxes = _clusters(page.hrules, page.vrules)
        if boxes:
            out[page.number] = boxes
    report = gxparse.parse(data)
    for _table, _row, _col, value in report.cells():
        prov = value.prov
        if prov is None or prov.page is None or prov.bbox is None:
            continue
        x0, y0, x1, y1 = prov.bbox
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in out.get(prov.page, ())):
            return None
    return out


def _clusters(
    hrules: Sequence[Any], vrules: Sequence[Any]
) -> list[tuple[float, float, float, float]]:
    """Boxes of groups of touching rules with both horizontal and vertical members."""
    rules = [(r.x0, r.y0, r.x1, r.y1, "h") for r in hrules] + [
        (r.x0, r.y0, r.x1, r.y1, "v") for r in vrules
    ]
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = 2.0
    for i, a in enumerate(rules):
        for j in range(i + 1, len(rules)):
            b = rules[j]
            if (
                a[0] - tol <= b[2]
                and b[0] - tol <= a[2]
                and a[1] - tol <= b[3]
                and b[1] - tol <= a[3]
            ):
                parent[find(i)] = find(j)
    groups: dict[int, list[tuple[float, float, float, float, str]]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(find(i), []).append(r)
    boxes = []
    for members in groups.values():
        kinds = {m[4] for m in members}
        x0 = min(m[0] for m in members)
        y0 = min(m[1] for m in members)
        x1 = max(m[2] for m in members)
        y1 = max(m[3] for m in members)
        if kinds == {"h", "v"} and x1 - x0 >= 100 and y1 - y0 >= 8:
            boxes.append((x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD))
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def picture_tables(
    source: Path | bytes,
    out: Path,
    *,
    dpi: int = 150,
    jpeg: int | None = 75,
    colour: bool = False,
    pages: Container[int] | None = None,
) -> dict[int, list[tuple[float, float, float, float]]] | None:
    """``source`` with its tables pasted in as pictures, written to ``out``.

    Only the table pieces on ``pages`` (1-based; default all) become pictures.
    Returns the pictures' boxes by page, or None (nothing written) when the
    source's tables are not all ruled.
    """
    import pymupdf

    data = source if isinstance(source, bytes) else source.read_bytes()
    regions = table_regions(data)
    if not regions:
        return None
    if pages is not None:
        regions = {n: b for n, b in regions.items() if n in pages}
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        for number, boxes in regions.items():
            page = doc[number - 1]
            if page.rotation:
                return None  # the frame gxparse reads in is not PyMuPDF's: keep it simple
            space = pymupdf.csRGB if colour else pymupdf.csGRAY
            images = []
            for box in boxes:
                rect = pymupdf.Rect(*box)
                pix = page.get_pixmap(clip=rect, dpi=dpi, colorspace=space, alpha=False)
                fmt = "jpeg" if jpeg else "png"
                blob = pix.tobytes(fmt, jpg_quality=jpeg) if jpeg else pix.tobytes(fmt)
                images.append((rect, blob))
                page.add_redact_annot(rect, fill=False)  # no white box drawn in its place
            page.apply_redactions(
                images=pymupdf.PDF_REDACT_IMAGE_NONE,
                graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
            )
            for rect, blob in images:
                page.insert_image(rect, stream=blob, keep_proportion=False)
        out.parent.mkdir(parents=True, exist_ok=True)
        doc.save(out, garbage=3, deflate=True)
    finally:
        doc.close()
    return regions


def sources() -> list[tuple[Path, Path]]:
    """The born-digital PDFs with a gold record (``benchmarks.scans.sources``)."""
    from benchmarks.scans import sources as scan_sources

    return scan_sources()


def make_set(
    out_dir: Path, count: int, seed: int = 0, dpi: tuple[int, int] = (150, 300)
) -> list[dict[str, Any]]:
    """``count`` pictured PDFs of sources drawn at random, with ``manifest.json``."""
    rng = random.Random(seed)
    pool = sources()
    rng.shuffle(pool)
    rows = []
    for pdf, gold in pool:
        if len(rows) >= count:
            break
        out = (
            out_dir
            / f"pictured_{len(rows):03d}_{pdf.parent.name if pdf.name == 'source.pdf' else pdf.stem}.pdf"
        )
        d = rng.randint(*dpi)
        colour = rng.random() < 0.5
        jpeg = rng.choice((None, 60, 75, 90))
        regions = picture_tables(pdf, out, dpi=d, jpeg=jpeg, colour=colour)
        if regions is None:
            continue
        rows.append(
            {
                "scan": out.name,
                "source": _rel(pdf),
                "gold": _rel(gold),
                "profile": "pictured",
                "dpi": d,
                "jpeg": jpeg,
                "colour": colour,
                "pictures": sum(len(b) for b in regions.values()),
                "pages": None,
            }
        )
    (out_dir / "manifest.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    return rows


def bench(work: Path, count: int, seed: int, dpi: tuple[int, int]) -> list[dict[str, Any]]:
    """Make ``count`` pictured PDFs, parse each (timed) and score it against its gold.

    For each: cells right, wrong, missing and silent (wrong with no warning naming
    their row nor a failed rule using them), the pictures read, the pages they are
    on, seconds for the whole parse and seconds inside the OCR engine's models, and
    seconds for the source PDF (its text layer, no OCR) for comparison.
    """
    import time

    import gxparse
    from gxparse.score import WRONG, score
    from gxparse.sources import ocr_engine

    ocr_engine.engine()  # models loaded before anything is timed
    rows = make_set(work, count, seed, dpi)
    out = []
    for row in rows:
        pdf = work / row["scan"]
        gold = json.loads((ROOT / row["gold"]).read_text("utf-8"))
        before = ocr_engine.Timer.seconds
        t = time.perf_counter()
        report = gxparse.parse(pdf)
        seconds = time.perf_counter() - t
        engine = ocr_engine.Timer.seconds - before
        t = time.perf_counter()
        gxparse.parse(ROOT / row["source"])
        text_seconds = time.perf_counter() - t
        result = score(report, gold)
        cells = result.cells
        silent = [e.key for e in result.errors if e.kind == WRONG and not e.flagged]
        pages = len(table_regions((ROOT / row["source"]).read_bytes()) or {})
        out.append(
            {
                **row,
                "right": cells.right,
                "wrong": cells.wrong,
                "missing": cells.missing,
                "silent": silent,
                "picture_pages": pages,
                "seconds": seconds,
                "engine_seconds": engine,
                "text_seconds": text_seconds,
                "breaks": [len(result.expected_breaks or ()), len(result.reported_breaks)],
            }
        )
        total = cells.right + cells.wrong + cells.missing
        print(
            f"{row['scan']:52} {row['dpi']:3} dpi {'colour' if row['colour'] else 'gray  '} "
            f"{'png' if row['jpeg'] is None else 'q' + str(row['jpeg']):4} "
            f"{cells.right:4}/{total:<4} silent {len(silent)}  {seconds:6.1f} s "
            f"(engine {engine:5.1f} s, text alone {text_seconds:4.2f} s)",
            flush=True,
        )
    return out


def markdown(results: list[dict[str, Any]]) -> str:
    right = sum(r["right"] for r in results)
    total = sum(r["right"] + r["wrong"] + r["missing"] for r in results)
    wrong = sum(r["wrong"] for r in results)
    silent = sum(len(r["silent"]) for r in results)
    pictures = sum(r["pictures"] for r in results)
    pages = sum(r["picture_pages"] for r in results)
    seconds = sum(r["seconds"] for r in results)
    engine = sum(r["engine_seconds"] for r in results)
    text = sum(r["text_seconds"] for r in results)
    expected = sum(r["breaks"][0] for r in results)
    reported = sum(r["breaks"][1] for r in results)
    lines = [
        "| PDFs | pictures | pages with pictures | cells right | wrong | of them silent "
        "| source breaks reported | s/page with pictures (gxparse) | of it in the engine "
        "| s/PDF text alone |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {len(results)} | {pictures} | {pages} | {right}/{total} "
        f"({100 * right / max(total, 1):.2f}%) | {wrong} | {silent} | {reported}/{expected} "
        f"| {seconds / max(pages, 1):.2f} | {engine / max(pages, 1):.2f} "
        f"| {text / max(len(results), 1):.2f} |",
        "",
        "| PDF | dpi | image | cells right | silent | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        n = r["right"] + r["wrong"] + r["missing"]
        kind = ("colour " if r["colour"] else "gray ") + (
            "PNG" if r["jpeg"] is None else f"JPEG q{r['jpeg']}"
        )
        lines.append(
            f"| {r['scan']} | {r['dpi']} | {kind} | {r['right']}/{n} | {len(r['silent'])} "
            f"| {r['seconds']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# the committed pictured PDFs (fixtures/scans): source case, file name -- 150 dpi JPEG inside
FIXTURES = (
    ("generated/pdf_2019_basic", "pdf_2019_basic.pictured.pdf"),
    ("generated/pdf_2021_serif_14pt_break", "pdf_2021_serif_14pt_break.pictured.pdf"),
)


def make_fixtures(
    out_dir: Path = ROOT / "fixtures" / "scans", dpi: int = 150
) -> list[dict[str, Any]]:
    """The committed pictured PDFs, added to (or replaced in) ``out_dir/manifest.json``."""
    manifest = out_dir / "manifest.json"
    rows = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else []
    names = {name for _, name in FIXTURES}
    rows = [r for r in rows if r["scan"] not in names]
    for case, name in FIXTURES:
        source = ROOT / "fixtures" / case / "source.pdf"
        if picture_tables(source, out_dir / name, dpi=dpi, jpeg=70) is None:
            raise ValueError(f"{case}: its tables are not all ruled")
        rows.append(
            {
                "scan": name,
                "source": _rel(source),
                "gold": _rel(source.parent / "expected.json"),
                "profile": "pictured",
                "seed": None,
                "pages": None,
            }
        )
    manifest.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dpi", default="150-300", help="a dpi or a range lo-hi drawn from")
    ap.add_argument("--fixtures", action="store_true", help="write the committed fixtures to OUT")
    ap.add_argument(
        "--bench", action="store_true", help="make them in OUT, parse and score each, timed"
    )
    ap.add_argument("--md", type=Path, help="with --bench: write the tables as Markdown here")
    args = ap.parse_args(argv)
    if args.fixtures:
        make_fixtures(args.out)
        print(f"{len(FIXTURES)} pictured fixtures in {args.out}")
        return 0
    lo, _, hi = args.dpi.partition("-")
    if args.bench:
        text = markdown(bench(args.out, args.count, args.seed, (int(lo), int(hi or lo))))
        print(text)
        if args.md:
            args.md.write_text(text, encoding="utf-8")
        return 0
    rows = make_set(args.out, args.count, args.seed, (int(lo), int(hi or lo)))
    print(f"{len(rows)} pictured PDFs in {args.out} (manifest.json names each one's gold)")
    return 0


__all__ = ["bench", "make_fixtures", "make_set", "picture_tables", "table_regions"]

if __name__ == "__main__":
    raise SystemExit(main())
