"""The hostile-input battery (issue 11), all of it: every input through the API and the CLI.

Builds every input of ``tests/hostile/build.py`` (fast and slow) in a temporary
directory and runs each in a fresh child process under a memory cap and a
timeout (``tests/hostile/run.py``): through ``gxparse.parse`` and through
``python -m gxparse parse FILE``, PDFs with each backend (pymupdf, the fast
path, and pdfplumber, the core install), other inputs once. Prints a Markdown
table -- input, path, backend, outcome, error class and message, seconds,
peak MiB -- and a summary, and writes them to ``docs/hostile.md``.

    python benchmarks/hostile.py                       # everything, writes docs/hostile.md
    python benchmarks/hostile.py --only pdf_flate_bomb_128mb --only fifo --out -
    python benchmarks/hostile.py --fast --jobs 2 --timeout 20 --mem 1024

A run is *ok* when it ends in a record or a GxparseError (CLI: exit 0, or exit
2 with one ``error: PATH: ...`` line); anything else is listed under the table.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # this checkout's gxparse and tests

from tests.hostile import build, run  # noqa: E402

BACKENDS = ("pymupdf", "pdfplumber")
Row = tuple[build.Case, run.Job, run.Outcome]


def _jobs(
    cases: Sequence[build.Case], directory: Path, args: argparse.Namespace
) -> list[tuple[build.Case, run.Job]]:
    backends = [b for b in args.backends.split(",") if b]
    if "pymupdf" in backends and importlib.util.find_spec("pymupdf") is None:
        print("pymupdf is not installed: PDFs run with pdfplumber only", file=sys.stderr)
        backends.remove("pymupdf")
    modes: list[run.Mode] = [m for m in ("api", "cli") if m in args.modes.split(",")]
    out = []
    for case in cases:
        t0 = time.perf_counter()
        path = case.materialize(directory)
        built = time.perf_counter() - t0
        if built > 1.0 and case.fast:
            print(
                f"note: {case.name} is marked fast but took {built:.1f}s to build", file=sys.stderr
            )
        for mode in modes:
            for backend in backends if case.is_pdf else [None]:
                job = run.Job(
                    path,
                    mode,
                    backend,
                    args.timeout,
                    args.mem << 20,
                    baseline=case.baseline if mode == "api" else None,
                    changed=case.changed,
                    forbidden=case.forbidden if mode == "api" else None,
                )
                out.append((case, job))
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def problem(case: build.Case, o: run.Outcome) -> str | None:
    """What is wrong with a run, or None: not a record or a GxparseError, a good report
    refused, a junk cell's neighbours blanked."""
    if not o.ok:
        return o.kind
    if case.expect == "record" and o.kind != "record":
        return "a good report was refused"
    if o.details.get("lost"):
        return f"{len(o.details['lost'])} cells beside the junk went blank"
    return None


def _text(case: build.Case, job: run.Job, o: run.Outcome, width: int) -> str:
    if o.kind == "record" and "cells" in o.details:
        text = f"{o.details['cells']} cells, {o.details['warnings']} warnings"
        if o.details.get("lost"):
            text += "; blank: " + "; ".join(o.details["lost"])
        return _cell(text if len(text) <= width else text[: width - 1] + "…")
    return _cell(o.short(width, job.path))


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| input | via | backend | outcome | error class / message | s | s (parse) | peak MiB |",
        "|---|---|---|---|---|--:|--:|--:|",
    ]
    for case, job, o in rows:
        mark = "" if problem(case, o) is None else " ✗"
        parse_s = "" if o.parse_seconds is None else f"{o.parse_seconds:.2f}"
        lines.append(
            f"| {case.name} | {job.mode} | {job.backend or 'any'} | {o.kind}{mark} | "
            f"{_text(case, job, o, 110)} | {o.seconds:.2f} | {parse_s} | {o.peak_mib:.0f} |"
        )
    return "\n".join(lines)


def summary(rows: Sequence[Row]) -> str:
    kinds = Counter(o.kind for _, _, o in rows)
    inputs = len({c.name for c, _, _ in rows})
    slowest = max(rows, key=lambda r: r[2].seconds)
    biggest = max(rows, key=lambda r: r[2].peak_mib)
    other = sum(n for k, n in kinds.items() if k not in run.OK)
    detail = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()) if k not in run.OK)
    flawed = sum(1 for c, _, o in rows if o.ok and problem(c, o))
    return (
        f"{inputs} inputs, {len(rows)} runs: {kinds['record']} record, {kinds['error']} error, "
        f"{other} other{f' ({detail})' if detail else ''}"
        f"{f'; {flawed} record/error runs flawed (see below)' if flawed else ''}; "
        f"worst time {slowest[2].seconds:.1f}s ({slowest[0].name}, {slowest[1].mode}, "
        f"{slowest[1].backend or 'any'}); worst memory {biggest[2].peak_mib:.0f} MiB "
        f"({biggest[0].name}, {biggest[1].mode}, {biggest[1].backend or 'any'})"
    )


def failures(rows: Sequence[Row]) -> str:
    bad = [(c, j, o, p) for c, j, o in rows if (p := problem(c, o)) is not None]
    if not bad:
        return "Every run ended in a record or a GxparseError, as the input calls for."
    out = ["Runs that did not end in a record or a GxparseError, or not in the one called for:", ""]
    for case, job, o, why in bad:
        where = f"{job.mode}, {job.backend or 'any'}"
        out.append(f"- **{case.name}** ({where}): {why} — {_text(case, job, o, 300)}")
    return "\n".join(out)


def report(rows: Sequence[Row], args: argparse.Namespace, seconds: float) -> str:
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    command = "python benchmarks/hostile.py " + " ".join(sys.argv[1:])
    return (
        "\n\n".join(
            [
                "# Hostile and broken inputs",
                "Every input of `tests/hostile/build.py` (issue 11) parsed in a fresh process under "
                f"a {args.mem} MiB address-space cap (`RLIMIT_AS`) and a {args.timeout:.0f} s timeout, "
                "through the API (`gxparse.parse`) and the CLI (`python -m gxparse parse FILE`); PDFs "
                "with each backend. *s* is the child's wall time (interpreter start and imports "
                "included), *s (parse)* the `parse()` call alone; *peak MiB* is the child's peak RSS. "
                "*ok* means a record or a `GxparseError` (CLI: exit 0, or exit 2 with one "
                "`error: PATH: ...` line). Inputs marked fast run in CI (`tests/test_hostile.py`).",
                f"`{command.strip()}` — {when}, {machine}, {seconds:.0f} s.",
                f"**Summary:** {summary(rows)}",
                table(rows),
                failures(rows),
            ]
        )
        + "\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="only this input (repeatable)"
    )
    p.add_argument("--fast", action="store_true", help="only the inputs CI runs")
    p.add_argument(
        "--timeout", type=float, default=run.DEFAULT_TIMEOUT, help="seconds per run (default 60)"
    )
    p.add_argument(
        "--mem",
        type=int,
        default=run.DEFAULT_MEM >> 20,
        help="MiB of address space per run (default 2048)",
    )
    p.add_argument("--backends", default=",".join(BACKENDS), help="PDF backends, comma-separated")
    p.add_argument("--modes", default="api,cli", help="api, cli or both (comma-separated)")
    p.add_argument("--jobs", type=int, default=1, help="runs at a time (default 1: clean timings)")
    p.add_argument(
        "--out", default=str(ROOT / "docs" / "hostile.md"), help="Markdown file, or - for none"
    )
    p.add_argument("--list", action="store_true", help="list the inputs and stop")
    args = p.parse_args(argv)

    unknown = [n for n in args.only if n not in build.BY_NAME]
    if unknown:
        p.error(f"unknown input(s) {', '.join(unknown)}; see --list")
    cases = [
        c
        for c in build.CASES
        if (not args.only or c.name in args.only) and (c.fast or not args.fast)
    ]
    if args.list:
        for c in cases:
            print(f"{c.name:40} {'fast' if c.fast else 'slow'}  {c.description}")
        return 0

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gxparse-hostile-") as tmp:
        jobs = _jobs(cases, Path(tmp), args)

        def progress(index: int, o: run.Outcome) -> None:
            case, job = jobs[index]
            flag = "ok " if problem(case, o) is None else "BAD"
            print(
                f"{flag} {case.name:38} {job.mode:3} {job.backend or 'any':10} {o.kind:8} "
                f"{o.seconds:6.1f}s {o.peak_mib:6.0f} MiB  {o.short(70, job.path)}",
                file=sys.stderr,
                flush=True,
            )

        outcomes = run.run_many([j for _, j in jobs], workers=args.jobs, on_done=progress)
    rows = [(c, j, o) for (c, j), o in zip(jobs, outcomes, strict=True)]
    text = report(rows, args, time.perf_counter() - started)
    print(text)
    if args.out != "-":
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0 if all(problem(c, o) is None for c, _, o in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
