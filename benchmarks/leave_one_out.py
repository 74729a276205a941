"""Leave one variant family out: is each family's handling real, and is its test needed?

    python benchmarks/leave_one_out.py [--n 30] [--seed 0] [--forms tabbed,...] [--out FILE.md]

For each family F of the variant fuzzer (``tests/variants/damage.py``) the library's handling
of F is switched off (a patch of the function that does it, applied in a fresh process, so
no cache carries over), and the fuzzer is run on

* documents damaged by F alone: with the handling off they must read worse (fewer cells
  right, or silent errors) -- the handling is real;
* documents damaged by the other families, never F: with F's handling off they must read as
  well as with it on -- so the other families' tests would not have caught its removal, and
  F's own test is needed.

Each configuration runs ``benchmarks/variants.py``'s drawing and judging in a subprocess
(``--worker``) and prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


# ---------------------------------------------------------------------- the switches


def _off_traditional() -> None:
    from gxparse import labels, meta, numbers
    from gxparse.readers import html_table

    for module in (labels, numbers, meta, html_table):
        module.simplified = lambda text: text  # type: ignore[attr-defined]


def _off_headings() -> None:
    """Tables found by their headings again, as before issue #10 (9ea77c4's ``regions``)."""
    from gxparse import assemble, locate
    from gxparse import catalog as cat
    from gxparse.labels import core

    old_headings = {
        cat.ACTIVE: ("主动公开政府信息情况",),
        cat.APPLICATIONS: ("收到和处理政府信息公开申请情况",),
        cat.REVIEW: (
            "行政复议、行政诉讼情况",
            "行政复议行政诉讼情况",
            "被申请行政复议、提起行政诉讼情况",
        ),
    }

    def find(rows: Any, headings: Any, start: int = 0) -> int | None:
        cores = [core(h) for h in headings]
        for i in range(start, len(rows)):
            text = core(rows[i].text)
            if any(h in text and len(text) <= len(h) + 14 for h in cores):
                return i
        return None

    real = locate.locate

    def by_headings(rows: Any) -> Any:
        found = real(rows)
        starts = {t: find(rows, old_headings[t]) for t in cat.TABLES}
        seen = sorted((i, t) for t, i in starts.items() if i is not None)
        last = seen[-1][0] if seen else 0
        end = find(rows, cat.END_HEADINGS, last + 1)
        stop = len(rows) if end is None else end
        spans = {t: range(len(rows)) for t in cat.TABLES}
        for n, (i, t) in enumerate(seen):
            nxt = seen[n + 1][0] if n + 1 < len(seen) else stop
            spans[t] = range(i + 1, max(nxt, i + 1))
        review = spans[cat.REVIEW]  # 表四's region began at its first header line
        head = next((i for i in review if locate.is_review_header(rows[i])), None)
        spans[cat.REVIEW] = range(head, review.stop) if head is not None else range(0)
        return locate.Located(spans, found.app_matches, found.active_matches)

    assemble.locate = by_headings  # type: ignore[attr-defined]


def _off_zeros() -> None:
    from gxparse import numbers

    numbers._BLANKS = frozenset({"", "0"})  # type: ignore[attr-defined]
    numbers.word_blank = lambda raw: False  # type: ignore[attr-defined]


def _off_rows_by_position() -> None:
    from gxparse import assemble, labels
    from gxparse.memo import memo

    assemble.by_position = lambda *a, **k: []  # type: ignore[attr-defined]
    labels._best = memo(65536)(labels._best_of)  # type: ignore[attr-defined]


def _off_only_total() -> None:
    from gxparse import assemble

    assemble._only_total = lambda cells: False  # type: ignore[attr-defined]


def _off_split_table4() -> None:
    from gxparse import assemble

    assemble._caption_before_header = lambda *a: False  # type: ignore[attr-defined]
    assemble.is_review_header = lambda row: False  # type: ignore[attr-defined]


def _off_header_split() -> None:
    from gxparse import assemble, locate
    from gxparse.readers import pdf_table

    assemble.shape_evidence = lambda *a: Counter()  # type: ignore[attr-defined]
    locate._REVIEW_PIECES = frozenset()  # type: ignore[attr-defined]
    locate._REVIEW_CHARS = frozenset()  # type: ignore[attr-defined]
    pdf_table._names_active_column = lambda c: c in pdf_table.ACTIVE_LABELS  # type: ignore[attr-defined]
    pdf_table._place_unnamed = lambda *a: None  # type: ignore[attr-defined]


def _off_template_year() -> None:
    from gxparse import assemble

    assemble.shape_evidence = lambda *a: Counter()  # type: ignore[attr-defined]


def _off_numbers() -> None:
    from gxparse import numbers

    numbers.nfkc = lambda text: text  # type: ignore[attr-defined]


# family -> (what is switched off, the switch)
SWITCHES: dict[str, tuple[str, Callable[[], None]]] = {
    "headings": ("tables found by content (locate) -> by headings, as before", _off_headings),
    "header_split": (
        "template from damaged headers; 表四 header pieces; PDF cut/unnamed header cells",
        _off_header_split,
    ),
    "label_damage": ("rows placed by position; bracketed instructions", _off_rows_by_position),
    "extra_rows": ("rows placed by position / left out", _off_rows_by_position),
    "only_total": ("only_total rows left null", _off_only_total),
    "zeros": ("blank marks other than empty and 0 (/, -, —, 无, 無)", _off_zeros),
    "numbers": ("NFKC of cell text (full-width digits, signs)", _off_numbers),
    "traditional": ("OpenCC t2s in labels, numbers, titles", _off_traditional),
    "split_table4": ("表四 read on past a second header or a caption", _off_split_table4),
    "template_year": ("template from 表二's shape when its header is damaged", _off_template_year),
}


# ---------------------------------------------------------------------- one configuration


def worker(args: argparse.Namespace) -> None:
    if args.off:
        SWITCHES[args.family][1]()
    sys.path[:0] = [str(ROOT), str(HERE)]
    import variants  # benchmarks/variants.py

    ns = argparse.Namespace(
        families=[],
        leave_out=[args.family] if args.others else [],
        only=[] if args.others else [args.family],
        seed=args.seed,
        n=args.n,
        max_families=4,
        dump="",
    )
    spurious = 0
    judge = variants.parse_and_judge

    def counting(case: Any, form: str) -> Any:
        nonlocal spurious
        verdict, source = judge(case, form)
        spurious += len(verdict.score.spurious_failures)
        return verdict, source

    variants.parse_and_judge = counting
    cases = variants.draw_cases(ns)
    result = variants.run(cases, args.forms.split(","), ns)
    t = result.overall
    print(
        json.dumps(
            {
                "right": t.right,
                "total": t.total,
                "silent": t.silent,
                "exact": t.exact,
                "false_breaks": spurious,
            }
        )
    )


def configuration(family: str, off: bool, others: bool, args: argparse.Namespace) -> dict[str, int]:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        "--family",
        family,
        "--n",
        str(args.n),
        "--seed",
        str(args.seed),
        "--forms",
        args.forms,
        *(["--off"] if off else []),
        *(["--others"] if others else []),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    data: dict[str, int] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def _cell(d: dict[str, int]) -> str:
    pct = 100 * d["right"] / d["total"] if d["total"] else 0.0
    return f"{pct:.2f}%, {d['silent']} silent, {d['false_breaks']} false rule breaks"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=30, help="documents per configuration")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--forms", default="tabbed,cells,wrapped,piped,markdown,html,docx")
    ap.add_argument("--families", default=",".join(SWITCHES))
    ap.add_argument("--out", default="")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--family", help=argparse.SUPPRESS)
    ap.add_argument("--off", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--others", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args)
        return
    lines = [
        "# Leave one family out",
        "",
        f"`python benchmarks/leave_one_out.py --n {args.n} --seed {args.seed}` — "
        f"{args.n} documents a configuration, forms {args.forms}; cells right, silent cells, "
        "and failed checks on consistent reports (false rule breaks: a reading artefact).",
        "",
        "| family | handling switched off | F alone, on | F alone, off | others (no F), on "
        "| others (no F), off | F's handling needed, others blind to it |",
        "|---|---|---|---|---|---|---|",
    ]
    for family in args.families.split(","):
        what = SWITCHES[family][0]
        alone_on = configuration(family, False, False, args)
        alone_off = configuration(family, True, False, args)
        others_on = configuration(family, False, True, args)
        others_off = configuration(family, True, True, args)
        needed = (
            alone_off["right"] < alone_on["right"]
            or alone_off["silent"] > alone_on["silent"]
            or alone_off["false_breaks"] > alone_on["false_breaks"]
        )
        blind = others_off == others_on
        verdict = "yes" if needed and blind else ("needed" if needed else "**no effect**")
        if needed and not blind:
            verdict = "yes; other families also rely on it"
        lines.append(
            f"| {family} | {what} | {_cell(alone_on)} | {_cell(alone_off)} | "
            f"{_cell(others_on)} | {_cell(others_off)} | {verdict} |"
        )
        print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
