"""``gxparse`` command line: parse, check and score reports.

    gxparse parse PATH... [-r] [-j N] [-o OUT] [--format jsonl|json|csv|parquet]
                  [--timeout S] [--memory SIZE] [--reader NAME] [--limit NAME=N] [-q|-v]
    gxparse check PATH... [-r] [-j N] [--limit NAME=N]
    gxparse score PRED GOLD [--json] [--diff]

PATH is a file, a folder (``-r``: with its subfolders), a glob, or ``-`` for a
list of paths on stdin. Documents are parsed in ``-j`` isolated worker processes
(``gxparse.batch``, ``gxparse.isolate``). A bad file is one line (``error: path:
problem``) on stderr and an error line in the output stream; the others still
come out. Exit status: 0 when everything went through (``check``: every record
complete), 1 when a record is inconsistent (``check``: a rule failed over values all
read), 4 when a record is incomplete (``check``: values missing or flagged), 2 when a
file could not be read, 3 when the run could not start (a bad ``-o``, an output in
use). The worst of them is returned: 2, then 4, then 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from gxparse import batch, doubt, isolate, limits, logs, paths, readers
from gxparse._version import __version__
from gxparse.errors import GxparseError
from gxparse.record import Report, ReportWarning
from gxparse.serialize import report_from_json
from gxparse.status import COMPLETE, INCOMPLETE, INCONSISTENT

EXIT_OK = 0
EXIT_RULES = 1
EXIT_INPUT = 2
EXIT_USAGE = 3
EXIT_INCOMPLETE = 4

# Subcommands that live in modules of their own: each has ``add_parser(subparsers)``,
# whose parser sets ``func`` to a function of ``args`` alone that returns the exit status.
COMMAND_MODULES = ("score_cli", "panel_cli", "diff_cli", "show_cli")


def _files(args: argparse.Namespace) -> list[str]:
    stdin = sys.stdin if "-" in args.files else None
    return paths.expand(args.files, recursive=args.recursive, stdin=stdin)


def _progress(args: argparse.Namespace, err: TextIO) -> bool:
    return not args.quiet and args.progress and hasattr(err, "isatty") and err.isatty()


def cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files = _files(args)
    options = {
        "output": args.output,
        "fmt": args.format,
        "timeout": args.timeout or None,
        "memory": args.memory or None,
        "readers": args.reader,
        "progress": _progress(args, err),
        "out": out,
        "err": err,
    }
    try:
        if args.scheduler:
            summary = _on_dask(args.scheduler, files, options)
        else:
            summary = batch.run(files, jobs=args.jobs, **options)
    except batch.BatchError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    if not args.quiet and (args.output or len(files) > 1):
        print(f"gxparse: {summary.line()}", file=err)
    return EXIT_INPUT if summary.errors else EXIT_OK


def _on_dask(address: str, files: list[str], options: dict[str, object]) -> batch.Summary:
    try:
        from distributed import Client

        from gxparse import cluster
    except ImportError:
        raise batch.BatchError("--scheduler needs Dask: pip install 'gxparse[cluster]'") from None
    try:
        client = Client(address, timeout=30)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise batch.BatchError(f"--scheduler {address}: cannot connect ({exc})") from None
    with client:
        return cluster.run(files, client=client, **options)


def _reports(
    args: argparse.Namespace, files: list[str], err: TextIO
) -> Iterator[tuple[str, Report | None]]:
    """Each file and its report (None, with the error printed), in the order given."""
    outcomes = isolate.parse_many(
        files,
        jobs=args.jobs,
        timeout=args.timeout or None,
        memory=args.memory or None,
        readers=args.reader,
    )
    done = {}
    order = iter(files)
    want = next(order, None)
    for o in outcomes:
        done[o.path] = o
        while want is not None and want in done:
            got = done.pop(want)
            if got.text is None:
                print(f"error: {got.message or got.path}", file=err)
                yield want, None
            else:
                yield want, report_from_json(got.text)
            want = next(order, None)


def _where(report: Report, cells: Sequence[str]) -> str:
    prov = report.provenance
    parts = []
    for key in cells:
        p = prov.get(key)
        if p is None:
            continue
        loc = ", ".join(
            f"{name} {getattr(p, name)}"
            for name in ("page", "line", "table", "row", "col")
            if getattr(p, name) is not None
        )
        parts.append(f"{key}={p.raw!r} ({loc})")
    return "; ".join(parts)


_PER_CELL = {doubt.MISSING: "missing", doubt.FLAGGED: "flagged", doubt.DROPPED: "dropped"}


def _derived(report: Report) -> tuple[list[ReportWarning], dict[str, dict[str, list[str]]]]:
    """The record's own warnings, and its per-cell ones grouped: code -> row -> columns."""
    own: list[ReportWarning] = []
    grouped: dict[str, dict[str, list[str]]] = {}
    for w in report.warnings:
        if w.code in _PER_CELL and w.where:
            row, _, col = w.where.rpartition(".")
            grouped.setdefault(w.code, {}).setdefault(row, []).append(col)
        else:
            own.append(w)
    return own, grouped


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """One line a document (its status), then what failed and what is in doubt.

    Exit status: the worst over the documents -- 2 a file gave no record, 4 a record is
    incomplete, 1 one is inconsistent, 0 every record is complete."""
    worst = EXIT_OK
    for path, report in _reports(args, _files(args), err):
        if report is None:
            worst = _worse(worst, EXIT_INPUT)
            continue
        status = report.status
        meta = report.meta
        print(
            f"{path}: {status.summary} ({meta.agency or '?'} {meta.year or '?'}, "
            f"template {meta.template}, reader {report.source.reader})",
            file=out,
        )
        for c in report.failed_checks:
            print(f"  {c.rule} {c.scope}: expected {c.expected}, found {c.found}", file=out)
            print(f"    from {_where(report, c.cells)}", file=out)
        own, grouped = _derived(report)
        for w in own:
            print(f"  warning {w.code} [{w.where}]: {w.message}", file=out)
        for code, rows in grouped.items():
            what = _PER_CELL[code]
            for row, cols in rows.items():
                print(f"  {what} {row}: {', '.join(cols)}", file=out)
        worst = _worse(worst, _EXIT_OF[status.state])
    return worst


_EXIT_OF = {COMPLETE: EXIT_OK, INCONSISTENT: EXIT_RULES, INCOMPLETE: EXIT_INCOMPLETE}
_SEVERITY = (EXIT_OK, EXIT_RULES, EXIT_INCOMPLETE, EXIT_INPUT)


def _worse(a: int, b: int) -> int:
    return max(a, b, key=_SEVERITY.index)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gxparse",
        description="Government information-disclosure annual reports as checked data.",
    )
    p.add_argument("--version", action="version", version=f"gxparse {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    reader_help = f"only try these readers (repeatable): {', '.join(readers.names())}"
    limit_help = (
        "raise or lower one of the input limits (repeatable; see docs/limits.md): "
        + ", ".join(limits.NAMES)
    )

    pp = sub.add_parser("parse", help="parse reports into records")
    _inputs(pp)
    pp.add_argument("--format", choices=batch.FORMATS, default="jsonl")
    pp.add_argument(
        "-o", "--output", metavar="OUT",
        help="write here instead of stdout; a run again with the same OUT resumes, skipping "
        "what is done",
    )  # fmt: skip
    pp.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="run on this Dask cluster (tcp://host:8786) instead of local workers; the paths "
        "must be readable by its workers (the cluster extra)",
    )  # fmt: skip
    no_progress(pp)
    _options(pp, reader_help, limit_help)
    pp.set_defaults(func=cmd_parse)

    pc = sub.add_parser("check", help="run the reconciliation rules and show what failed")
    _inputs(pc)
    _options(pc, reader_help, limit_help)
    pc.set_defaults(func=cmd_check, progress=False)

    for name in COMMAND_MODULES:  # each module adds its subcommand (add_parser(sub))
        module = importlib.import_module(f"gxparse.{name}")
        module.add_parser(sub)
    return p


def no_progress(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-progress", dest="progress", action="store_false",
        help="no progress bar (there is none when stderr is not a terminal)",
    )  # fmt: skip


def _inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files", nargs="+", metavar="PATH",
        help="files, folders, globs; - reads paths from stdin, one a line",
    )  # fmt: skip
    p.add_argument("-r", "--recursive", action="store_true", help="read folders' subfolders too")


def _options(p: argparse.ArgumentParser, reader_help: str, limit_help: str) -> None:
    p.add_argument(
        "-j", "--jobs", type=int, default=None, metavar="N",
        help="worker processes (default: the machine's cores; 0: parse in this process, "
        "with no isolation)",
    )  # fmt: skip
    p.add_argument(
        "--timeout", type=float, default=isolate.DEFAULT_TIMEOUT, metavar="S",
        help=f"seconds a document may take, or a scan may go without reading a page (in all "
        f"at most {isolate.CEILING} times as long) (default {isolate.DEFAULT_TIMEOUT:g}; "
        "0: no limit)",
    )  # fmt: skip
    p.add_argument(
        "--memory", type=_size, default=isolate.DEFAULT_MEMORY, metavar="SIZE",
        help="memory a worker may use, e.g. 2GiB (default 2GiB; 0: no cap)",
    )  # fmt: skip
    p.add_argument("--reader", action="append", metavar="NAME", help=reader_help)
    p.add_argument("--limit", action="append", metavar="NAME=N", help=limit_help)
    p.add_argument("-q", "--quiet", action="store_true", help="errors only, no summary")
    p.add_argument(
        "-v", "--verbose", action="count", default=0,
        help="say more (-vv: the PDF libraries' own messages too)",
    )  # fmt: skip


def _size(text: str) -> int:
    text = text.strip().replace("_", "")
    scale = 1
    for suffix, factor in (("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30)):
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)], factor
    try:
        return int(float(text) * scale)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (e.g. 2GiB)") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "reader", None):
        try:
            for name in args.reader:
                readers.get(name)
        except GxparseError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_INPUT
    try:
        chosen = _limits(getattr(args, "limit", None) or ())
    except ValueError as exc:
        print(f"error: --limit {exc}", file=sys.stderr)
        return EXIT_INPUT
    if hasattr(args, "quiet"):
        logs.configure(-1 if args.quiet else getattr(args, "verbose", 0))
    try:
        with limits.using(chosen):
            if args.command in ("parse", "check"):
                code: int = args.func(args, sys.stdout, sys.stderr)
            else:  # a subcommand of its own module (COMMAND_MODULES)
                code = args.func(args)
    except BrokenPipeError:  # the reader of our output went away (| head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return code


def _limits(settings: Sequence[str]) -> limits.Limits:
    """``NAME=N`` settings over the current limits (N may be 64MiB, 2e6, 1_000)."""
    changes: dict[str, object] = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        name = name.strip().replace("-", "_")
        if name not in limits.NAMES:
            raise ValueError(f"{setting!r}: no such limit; choose one of {', '.join(limits.NAMES)}")
        text = value.strip().replace("_", "")
        try:
            number = float(_size(text)) if not text.replace(".", "", 1).isdigit() else float(text)
        except argparse.ArgumentTypeError:
            raise ValueError(f"{setting!r}: {value!r} is not a number") from None
        if number <= 0:
            raise ValueError(f"{setting!r}: a limit must be positive")
        changes[name] = number if name == "max_zip_ratio" else int(number)
    return limits.current().replace(**changes)


if __name__ == "__main__":
    sys.exit(main())
