"""``gxparse panel PATH... [--format json|csv|parquet] [-o OUT]``: one row per (agency, year).

PATH: report files, folders and globs (parsed in ``-j`` isolated workers, as ``gxparse
parse`` parses them: a bad file is an ``error:`` line and the rest go on), and record
files (``.json``/``.jsonl`` written by ``gxparse parse``), which are read, not parsed
again. ``--records STREAM.jsonl`` keeps the parsed records in a resumable stream: a run
again skips what is done. The panel goes to ``-o`` or stdout; a summary of the cross-year
checks goes to stderr. Exit status: 0 when every cross-year check held, 1 when one
failed, 2 when a file could not be read, 3 when the run could not start.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from gxparse import batch, cli, inputs, paths, readers
from gxparse.crossyear import Panel, build
from gxparse.errors import GxparseError

FORMATS = ("json", "csv", "parquet")
_LISTED = 20  # failed checks the summary lists before "and N more"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``panel`` to an ``argparse`` sub-parser collection."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "panel",
        help="one row per (agency, year) from many reports, with checks across years",
        description=(
            "Build a panel of many reports -- report files (parsed) and records from "
            "gxparse parse (.json/.jsonl, read as they are) -- with one row per agency and "
            "year, and check it across years: R5 (this year's 上年结转 = last year's 结转下年度), "
            "the template for the year, years missing inside a run, duplicates. See docs/panel.md."
        ),
    )
    cli._inputs(p)
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("-o", "--output", metavar="OUT", help="write the panel here, not to stdout")
    p.add_argument(
        "--records", metavar="STREAM",
        help="keep the parsed records in this JSONL stream (as gxparse parse -o STREAM writes "
        "it): a run again parses only what is not in it",
    )  # fmt: skip
    cli.no_progress(p)
    reader_help = f"only try these readers (repeatable): {', '.join(readers.names())}"
    limit_help = "raise or lower one of the input limits (repeatable; see docs/limits.md)"
    cli._options(p, reader_help, limit_help)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:  # cli.main has set the limits (--limit) and the logging (-q, -v)
        if args.output:
            batch.check_output(args.output, "parquet" if args.format == "parquet" else "json")
        elif args.format == "parquet":
            raise batch.BatchError("--format parquet needs an output file (-o OUT.parquet)")
        panel = _panel(args, err)
    except batch.BatchError as exc:
        print(f"error: {exc}", file=err)
        return cli.EXIT_USAGE
    except GxparseError as exc:
        print(f"error: {exc}", file=err)
        return cli.EXIT_INPUT
    _write(panel, args.format, args.output, out)
    if not args.quiet:
        err.write(summary(panel))
    if panel.failures:
        return cli.EXIT_INPUT
    return cli.EXIT_OK if panel.ok else cli.EXIT_RULES


def _panel(args: argparse.Namespace, err: TextIO) -> Panel:
    stdin = sys.stdin if "-" in args.files else None
    expanded = paths.expand(args.files, recursive=args.recursive, stdin=stdin)
    record_files = [p for p in expanded if inputs.is_record_file(p)]
    files = [p for p in expanded if not inputs.is_record_file(p)]
    reports, failures = [], []
    for path in record_files:
        got, bad = inputs.read_records(path)
        reports += got
        failures += bad
    if files:
        got, bad = _parse(args, files, err)
        reports += got
        failures += bad
    return build(reports, failures)


def _parse(
    args: argparse.Namespace, files: list[str], err: TextIO
) -> tuple[list[Any], list[inputs.Failure]]:
    """Parse ``files`` through the batch machinery (workers, errors, progress, resuming)."""
    progress = not args.quiet and args.progress and hasattr(err, "isatty") and err.isatty()
    options: dict[str, Any] = {
        "jobs": args.jobs,
        "timeout": args.timeout or None,
        "memory": args.memory or None,
        "readers": args.reader,
        "progress": progress,
        "err": err,
    }
    if args.records:
        summary = batch.run(files, output=args.records, fmt="jsonl", out=io.StringIO(), **options)
        lines, _ = batch.read_stream(Path(args.records))
        wanted = set(files)
        by_path = {batch._line_path(line): line for line in lines}  # the last line of a path
        chosen = [by_path[p] for p in files if p in by_path and p in wanted]
    else:
        sink = io.StringIO()
        summary = batch.run(files, fmt="jsonl", out=sink, **options)
        chosen = [json.loads(line) for line in sink.getvalue().splitlines() if line.strip()]
    if not args.quiet and len(files) > 1:
        print(f"gxparse: {summary.line()}", file=err)
    return inputs.from_lines(chosen)


def _write(panel: Panel, fmt: str, output: str | None, out: TextIO) -> None:
    if fmt == "parquet":
        assert output is not None
        tmp = Path(output + ".partial")
        panel.to_frame().to_parquet(tmp, index=False)
        os.replace(tmp, output)
        return
    if output is None:
        _text(panel, fmt, out)
        return
    tmp = Path(output + ".partial")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        _text(panel, fmt, fh)
    os.replace(tmp, output)


def _text(panel: Panel, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(panel.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    rows = panel.flat_rows()
    fields = list(rows[0]) if rows else ["agency", "year"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def summary(panel: Panel) -> str:
    """The readable summary: rows, agencies, unplaced documents, cross-year findings."""
    years = sorted({r.year for r in panel.rows})
    span = f", {years[0]}-{years[-1]}" if years else ""
    documents = sum(len(r.documents) for r in panel.rows) + len(panel.unplaced)
    lines = [
        f"panel: {documents} documents -> {len(panel.rows)} rows ({len(panel.agencies)} "
        f"agencies{span}); {len(panel.unplaced)} unplaced, {len(panel.failures)} unreadable\n"
    ]
    for u in panel.unplaced:
        lines.append(f"  unplaced {u.document.path or '<input>'}: {u.reason}\n")
    ran = Counter(c.rule for c in panel.checks)
    failed = Counter(c.rule for c in panel.failed_checks)
    per_rule = ", ".join(f"{rule} {failed[rule]}/{n}" for rule, n in ran.items())
    lines.append(
        f"cross-year checks: {len(panel.checks)} run, {len(panel.failed_checks)} failed"
        + (f" ({per_rule} failed)" if ran else "")
        + "\n"
    )
    for c in panel.failed_checks[:_LISTED]:
        lines.append(f"  {c.message}\n")
    if len(panel.failed_checks) > _LISTED:
        lines.append(f"  ... and {len(panel.failed_checks) - _LISTED} more (see the output)\n")
    for a, b in panel.merged:
        lines.append(f"  one agency by closeness: {a} ~ {b}\n")
    for a, b in panel.near:
        lines.append(
            f"  kept apart, one character differs and no year in common: {a} / {b} "
            "(a misprint, or two agencies?)\n"
        )
    return "".join(lines)


__all__ = ["add_parser", "run", "summary"]
