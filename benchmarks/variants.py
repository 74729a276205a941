"""The variant fuzzer's large profile (issue #10): cell accuracy per variant family and form.

    python benchmarks/variants.py [--n 300] [--seed 0] [--forms tabbed,cells,...]
                                  [--families a,b,...] [--only FAMILY] [--leave-out FAMILY]
                                  [--max-families 4] [--examples 5] [--out FILE.md]
                                  [--dump DIR]

Draws ``--n`` consistent reports from ``tests.strategies.reports()`` (seeded: the same
``--n`` and ``--seed`` give the same documents), damages each with 1 to
``--max-families`` random variant families (``tests/variants/damage.py``; ``--only``
gives every document that family alone), renders each in every form
(``tests/variants/render.py``: the text forms and html, and docx/pdf when their
renderers are present; no LibreOffice) and scores the parse against the truth with
``gxparse.score``. A document the parse raises on scores as no prediction (all missing,
flagged, never silent) and is counted under *raised*.

Prints, and writes to ``--out`` as Markdown: per form and per family the cells right /
total, silent errors and documents exact; the family x form matrix; and the first
``--examples`` silent errors with document id, form, family set, cell, truth and
prediction. ``--dump DIR`` writes each document with a silent error (the rendered
source and ``<id>.<form>.truth.json``) for reproduction.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT)]  # this checkout's gxparse and tests

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gxparse.status import STATES  # noqa: E402
from tests.strategies import reports  # noqa: E402
from tests.variants.damage import FAMILIES, Case, damage  # noqa: E402
from tests.variants.judge import (  # noqa: E402
    Silent,
    damaged_figures,
    minimal_figures,
    parse_and_judge,
)
from tests.variants.render import RENDERERS, all_renderers  # noqa: E402

DEFAULT_FORMS = [*RENDERERS, *(f for f in ("docx", "pdf") if f in all_renderers())]


# ---------------------------------------------------------------------- drawing


def draw_records(n: int, seed_value: int) -> list[dict[str, Any]]:
    """``n`` records from ``reports()``, the same for the same ``seed_value``."""
    out: list[dict[str, Any]] = []

    @seed(seed_value)
    @settings(
        max_examples=n,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def collect(data: st.DataObject) -> None:
        if len(out) < n:
            out.append(data.draw(reports()))

    while len(out) < n:  # hypothesis may stop early on a small space; never here in practice
        before = len(out)
        collect()
        if len(out) == before:
            break
    return out


def draw_cases(args: argparse.Namespace) -> list[tuple[str, Case]]:
    pool = [f for f in (args.families or FAMILIES) if f not in args.leave_out]
    rng = random.Random(args.seed)
    out = []
    for i, record in enumerate(draw_records(args.n, args.seed)):
        if args.only:
            families = list(args.only)
        else:
            k = rng.randint(1, min(args.max_families, len(pool)))
            families = rng.sample(pool, k)
        case = damage(record, families, random.Random(rng.getrandbits(32)))
        out.append((f"v{args.seed}-{i:04d}", case))
    return out


# ---------------------------------------------------------------------- tallies


@dataclass
class Tally:
    docs: int = 0
    right: int = 0
    total: int = 0
    silent: int = 0
    silent_docs: int = 0
    exact: int = 0
    raised: int = 0
    seconds: float = 0.0
    silent_meta: int = 0

    def add(
        self, right: int, total: int, silent: int, exact: bool, raised: bool, t: float, meta: int
    ) -> None:
        self.docs += 1
        self.silent_meta += meta
        self.right += right
        self.total += total
        self.silent += silent
        self.silent_docs += int(silent > 0)
        self.exact += int(exact)
        self.raised += int(raised)
        self.seconds += t

    def cells(self) -> str:
        if not self.total:
            return "–"
        return f"{self.right}/{self.total} ({100 * self.right / self.total:.1f}%)"

    def pct(self) -> str:
        return f"{100 * self.right / self.total:.1f}" if self.total else "–"


@dataclass
class Example:
    doc_id: str
    form: str
    variants: tuple[str, ...]
    silent: Silent
    case: Case


@dataclass
class Run:
    by_form: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_family: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    alone: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    matrix: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    variants: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    overall: Tally = field(default_factory=Tally)
    examples: list[Example] = field(default_factory=list)
    raised: Counter[str] = field(default_factory=Counter)
    crashed: list[str] = field(default_factory=list)
    strict_silent: int = 0  # wrong or missing cells nothing names at their own cell
    strict_examples: list[str] = field(default_factory=list)
    complete_but_wrong: list[str] = field(default_factory=list)  # doc form: the worst case
    states: Counter[tuple[str, str]] = field(default_factory=Counter)  # (true, called)
    agency: Counter[str] = field(default_factory=Counter)  # right, wrong, missing
    agency_wrong: list[str] = field(default_factory=list)


def families_of(case: Case) -> list[str]:
    return list(dict.fromkeys(v.split(":", 1)[0] for v in case.variants))


def run(cases: list[tuple[str, Case]], forms: list[str], args: argparse.Namespace) -> Run:
    result = Run()
    for doc_id, case in cases:
        fams = families_of(case)
        for form in forms:
            start = time.perf_counter()
            try:
                verdict, source = parse_and_judge(case, form)
            except Exception as exc:  # a bug, not bad input: counted, listed, the run goes on
                result.crashed.append(
                    f"{doc_id} {form} {case.variants}: {type(exc).__name__}: {exc}"
                )
                continue
            t = time.perf_counter() - start
            n_silent = len(verdict.silent)
            row = (
                verdict.right,
                verdict.total,
                n_silent,
                verdict.exact,
                bool(verdict.error),
                t,
                verdict.score.silent_meta,
            )
            for tally in (result.overall, result.by_form[form]):
                tally.add(*row)
            for fam in fams:
                result.by_family[fam].add(*row)
                result.matrix[(fam, form)].add(*row)
                if len(fams) == 1:
                    result.alone[fam].add(*row)
            for variant in case.variants:
                result.variants[":".join(variant.split(":")[:2])].add(*row)
            if verdict.error:
                result.raised[verdict.error.split(":", 1)[0]] += 1
            else:
                sc = verdict.score
                result.strict_silent += sc.strict_silent
                result.strict_examples += [
                    f"{doc_id} {form} `{e.key}` expected {e.expected} found {e.found}"
                    for e in sc.errors
                    if e.strict_silent and e.table != "meta"
                ]
                result.states[(sc.true_state or "?", sc.pred_state or "none")] += 1
                got = sc.meta.get("agency")
                if got is not None:
                    result.agency.update(
                        {"right": got.right, "wrong": got.wrong, "missing": got.missing}
                    )
                    result.agency_wrong += [
                        f"{doc_id} {form} {case.variants}: {e.expected!r} read as {e.found!r}"
                        for e in sc.errors
                        if e.table == "meta" and e.row == "agency"
                    ]
                if sc.complete_but_wrong:
                    result.complete_but_wrong.append(f"{doc_id} {form} {case.variants}")
            for s in verdict.silent:
                result.examples.append(Example(doc_id, form, case.variants, s, case))
            if n_silent and args.dump:
                dump(Path(args.dump), doc_id, form, case, source, verdict.silent)
    return result


def dump(root: Path, doc_id: str, form: str, case: Case, source: str | bytes, silent: Any) -> None:
    root.mkdir(parents=True, exist_ok=True)
    ext = {"html": "html", "docx": "docx", "pdf": "pdf"}.get(form, "txt")
    path = root / f"{doc_id}.{form}.{ext}"
    if isinstance(source, bytes):
        path.write_bytes(source)
    else:
        path.write_text(source, encoding="utf-8")
    truth = {
        "variants": list(case.variants),
        "unknowable": sorted(case.unknowable),
        "silent_cells": [[s.kind, s.key, s.expected, s.found] for s in silent],
        "gold": case.gold(),
    }
    (root / f"{doc_id}.{form}.truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )


# ---------------------------------------------------------------------- report


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _row(name: str, t: Tally) -> list[str]:
    return [
        name,
        str(t.docs),
        t.cells(),
        str(t.silent),
        str(t.silent_docs),
        str(t.exact),
        str(t.raised),
        str(t.silent_meta),
    ]


HEAD = [
    "",
    "docs",
    "cells right",
    "silent cells",
    "docs w/ silent",
    "exact",
    "raised",
    "meta silent",
]


def report(result: Run, forms: list[str], args: argparse.Namespace, seconds: float) -> str:
    lines = [
        "# Variant fuzzer",
        "",
        f"`python benchmarks/variants.py {' '.join(sys.argv[1:])}` — {args.n} documents "
        f"(seed {args.seed}) × {len(forms)} forms, {seconds:.0f} s.",
        "",
        "A *doc* below is one document in one form. *silent*: a wrong or missing cell nothing "
        "in the record flags (or an unknowable cell given a wrong value unflagged). "
        "*raised*: the parse raised a gxparse error (scored as no prediction: flagged). "
        "*meta silent*: agency, year or template wrong and unflagged (not in *silent*).",
        "",
        "## Per form",
        "",
        *_table(
            HEAD, [_row(f, result.by_form[f]) for f in forms] + [_row("**all**", result.overall)]
        ),
        "",
        "## Status (issue #15)",
        "",
        f"Strict silent cells (wrong or missing, with no failed check involving the cell and no "
        f"warning naming its own `table.row.column`): **{result.strict_silent}**. Records called "
        f"`complete` that hold a wrong or missing value: **{len(result.complete_but_wrong)}**"
        + (": " + "; ".join(result.complete_but_wrong[:5]) if result.complete_but_wrong else "")
        + ".",
        "",
        *(f"- {e}" for e in result.strict_examples[: args.examples]),
        "",
        f"Agency (meta.agency against the generated title, every title pattern the families "
        f"print): {result.agency['right']} right, {result.agency['wrong']} wrong, "
        f"{result.agency['missing']} missing.",
        "",
        *(f"- {e}" for e in result.agency_wrong[: args.examples]),
        "",
        *_table(
            ["true status", "called complete", "called inconsistent", "called incomplete"],
            [
                [truth, *(str(result.states.get((truth, c), 0)) for c in STATES)]
                for truth in sorted({t for t, _ in result.states})
            ],
        ),
        "",
        "## Per family (documents carrying it, with 0–3 others; *alone*: the family by itself)",
        "",
    ]
    fam_rows = []
    for fam in FAMILIES:
        if fam in result.by_family:
            row = _row(fam, result.by_family[fam])
            alone = result.alone.get(fam)
            row.append(alone.cells() if alone else "–")
            row.append(str(alone.silent) if alone else "–")
            fam_rows.append(row)
    lines += _table([*HEAD, "cells alone", "silent alone"], fam_rows)
    lines += [
        "",
        "## Family × form: cells right % (silent cells)",
        "",
    ]
    matrix_rows = []
    for fam in FAMILIES:
        if fam not in result.by_family:
            continue
        cells = []
        for form in forms:
            t = result.matrix.get((fam, form))
            cells.append(f"{t.pct()} ({t.silent})" if t else "–")
        matrix_rows.append([fam, *cells])
    lines += _table(["", *forms], matrix_rows)
    lines += ["", "## Per variant", ""]
    lines += _table(HEAD, [_row(f"`{v}`", result.variants[v]) for v in sorted(result.variants)])
    if result.raised:
        lines += ["", "## Raised", ""]
        lines += [f"- {name}: {n}" for name, n in result.raised.most_common()]
    if result.crashed:
        lines += ["", "## Crashed (not a gxparse error: a bug)", ""]
        lines += [f"- {c}" for c in result.crashed[:20]]
    lines += ["", f"## First silent errors ({len(result.examples)} in all)", ""]
    if result.examples:
        lines += _table(
            ["doc", "form", "families", "cell", "kind", "truth", "parsed"],
            [
                [
                    e.doc_id,
                    e.form,
                    ", ".join(e.variants),
                    f"`{e.silent.key}`",
                    e.silent.kind,
                    repr(e.silent.expected),
                    repr(e.silent.found),
                ]
                for e in _spread(result.examples, args.examples)
            ],
        )
        if args.minimize:
            lines += ["", "Fewest damaged figure cells that still give a silent error:", ""]
            shown: set[tuple[str, str]] = set()
            for e in _spread(result.examples, args.examples):
                if (e.doc_id, e.form) in shown:
                    continue
                shown.add((e.doc_id, e.form))
                small = minimal_figures(e.case, e.form)
                lines.append(
                    f"- {e.doc_id} {e.form} {', '.join(e.variants)}: "
                    f"{damaged_figures(small) or 'none (the label/heading damages alone)'}"
                )
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _spread(examples: list[Example], k: int) -> list[Example]:
    """Up to ``k`` examples, one per (family set, form) first, then the rest in order."""
    seen: set[tuple[tuple[str, ...], str]] = set()
    first: list[Example] = []
    rest: list[Example] = []
    for e in examples:
        key = (tuple(v.split(":")[0] for v in e.variants), e.form)
        (rest if key in seen else first).append(e)
        seen.add(key)
    return (first + rest)[:k]


# ---------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=300, help="documents (default 300)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--forms", default=",".join(DEFAULT_FORMS), help="comma-separated")
    p.add_argument("--families", default="", help="the pool to draw from (default: all)")
    p.add_argument("--only", action="append", default=[], help="every document has exactly this")
    p.add_argument("--leave-out", action="append", default=[], help="never draw this family")
    p.add_argument("--max-families", type=int, default=4)
    p.add_argument("--examples", type=int, default=5, help="silent errors to list")
    p.add_argument("--out", default="", help="also write the Markdown report here")
    p.add_argument("--dump", default="", help="write each document with a silent error here")
    p.add_argument(
        "--minimize",
        action="store_true",
        help="for each listed silent error, the fewest damaged figure cells that still show it",
    )
    args = p.parse_args(argv)
    args.families = [f for f in args.families.split(",") if f]
    known = set(FAMILIES)
    for name in [*args.families, *args.only, *args.leave_out]:
        if name not in known:
            p.error(f"unknown family {name!r}; known: {', '.join(FAMILIES)}")
    renderers = all_renderers()
    forms = [f for f in args.forms.split(",") if f]
    for f in forms:
        if f not in renderers:
            p.error(f"unknown form {f!r}; available: {', '.join(renderers)}")
    start = time.perf_counter()
    cases = draw_cases(args)
    result = run(cases, forms, args)
    text = report(result, forms, args, time.perf_counter() - start)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
