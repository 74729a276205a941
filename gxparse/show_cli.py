"""``gxparse show FILE [--page N] [-o OUT.html|OUT.png]``: see where every value was read.

``add_parser(subparsers)`` registers the sub-command; ``run(args)`` runs it and
returns the exit status: 0 when the picture was written, 2 when the file could
not be read or drawn (the error names it). Without ``-o`` the HTML goes to
stdout. See docs/show.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from gxparse.errors import GxparseError
from gxparse.record import Report
from gxparse.show import DEFAULT_SCALE, FAILED, FLAGGED, MISSING, OK, STATUSES, show

EXIT_OK = 0
EXIT_INPUT = 2

LEGEND_WORDS = {OK: "ok", FLAGGED: "flagged", FAILED: "in a failed check", MISSING: "not read"}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``show`` to an ``argparse`` sub-parser collection."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "show",
        help="draw every value read, coloured by status (HTML, or PNG for a PDF page)",
        description=(
            "Parse FILE and draw what was read: for a PDF, its pages with a box around every "
            "value (by default the pages that hold values); for DOCX, HTML and text, the three "
            "tables. Colours: ok, flagged (a warning or flag names the cell), part of a failed "
            "check, not read. FILE may also be a gxparse record (.json) whose source.path is "
            "the PDF."
        ),
    )
    p.add_argument("file", metavar="FILE", help="a report (PDF, DOCX, HTML, text) or a record")
    p.add_argument("--page", type=int, metavar="N", help="draw only page N (1-based; PDF)")
    p.add_argument(
        "--source", metavar="PDF",
        help="when FILE is a record: the PDF it was read from (default: its source.path)",
    )  # fmt: skip
    p.add_argument(
        "-o", "--output", metavar="OUT",
        help="write OUT.html, or OUT.png (a PDF page with the boxes drawn in; with several "
        "pages, OUT-pN.png each); default: the HTML on stdout",
    )  # fmt: skip
    p.add_argument(
        "--scale", type=float, default=DEFAULT_SCALE, metavar="S",
        help=f"pixels per PDF point (default {DEFAULT_SCALE:g}, i.e. {72 * DEFAULT_SCALE:g} dpi)",
    )  # fmt: skip
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    if not args.scale > 0:
        print(f"error: --scale must be positive, not {args.scale}", file=err)
        return EXIT_INPUT
    try:
        picture = show(_target(args.file), page=args.page, source=args.source, scale=args.scale)
        if args.output is None:
            out.write(picture.html())
            written = []
        else:
            written = picture.save(args.output)
    except GxparseError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_INPUT
    except OSError as exc:
        print(f"error: {args.output}: cannot write ({exc.strerror or exc})", file=err)
        return EXIT_INPUT
    for path in written:
        print(f"gxparse: wrote {path}", file=err)
    counts = {s: sum(m.status == s for m in picture.marks) for s in STATUSES}
    tally = ", ".join(f"{n} {LEGEND_WORDS[s]}" for s, n in counts.items())
    pages = ", ".join(str(p.number) for p in picture.pages)
    boxes = f"; {len(picture.boxes)} boxes on page(s) {pages}" if picture.pages else ""
    print(f"gxparse: {len(picture.marks)} values: {tally}{boxes}", file=err)
    return EXIT_OK


def _target(name: str) -> Report | str:
    """A record (``.json`` in the gxparse/record@1 form) as a Report, else the path."""
    path = Path(name)
    if path.suffix.lower() == ".json" and path.is_file():
        try:
            return Report.from_json(path.read_bytes())
        except (ValueError, KeyError, TypeError):
            pass  # not a record: let parse say what it is
    return name
