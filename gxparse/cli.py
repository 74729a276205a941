"""``gxparse`` command line: parse, check and score reports.

    gxparse parse FILE... [--format json|jsonl|csv] [-o OUT] [--reader NAME] [--limit NAME=N]
    gxparse check FILE... [--limit NAME=N]
    gxparse score PRED GOLD [--json] [--diff]

A bad file is reported on one line (``path: problem``) on stderr and the
other files still come out; the exit status is 0 when everything went
through, 1 when a rule failed (``check``), 2 when a file could not be read.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from gxparse import limits, readers
from gxparse._version import __version__
from gxparse.api import parse
from gxparse.errors import GxparseError
from gxparse.record import Report
from gxparse.serialize import number_to_json

EXIT_OK = 0
EXIT_RULES = 1
EXIT_INPUT = 2

CSV_FIELDS = ("path", "table", "row", "column", "value", "raw", "page", "line", "reader")


def _parse_all(
    files: Sequence[str], reader_names: Sequence[str] | None, err: TextIO
) -> Iterator[tuple[str, Report | None]]:
    for path in files:
        try:
            yield path, parse(path, readers=reader_names)
        except GxparseError as exc:
            print(f"error: {exc}", file=err)
            yield path, None
        except Exception as exc:  # a bug in gxparse: report it, keep going
            print(f"error: {path}: internal error {type(exc).__name__}: {exc}", file=err)
            yield path, None


def _csv_rows(report: Report) -> Iterator[dict[str, object]]:
    for table, row, col, value in report.cells():
        prov = value.prov
        yield {
            "path": report.source.path,
            "table": table,
            "row": row,
            "column": col,
            "value": number_to_json(value.value),
            "raw": None if prov is None else prov.raw,
            "page": None if prov is None else prov.page,
            "line": None if prov is None else prov.line,
            "reader": report.source.reader,
        }


def cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    reports = []
    failed = 0
    for _, report in _parse_all(args.files, args.reader, err):
        if report is None:
            failed += 1
        else:
            reports.append(report)
    buf = io.StringIO()
    if args.format == "json":
        if len(args.files) == 1 and reports:
            buf.write(reports[0].to_json() + "\n")
        else:
            json.dump([r.to_dict() for r in reports], buf, ensure_ascii=False, indent=2)
            buf.write("\n")
    elif args.format == "jsonl":
        for r in reports:
            buf.write(r.to_json(indent=None) + "\n")
    else:
        writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for r in reports:
            writer.writerows(_csv_rows(r))
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
    else:
        out.write(buf.getvalue())
    return EXIT_INPUT if failed else EXIT_OK


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


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status = EXIT_OK
    for path, report in _parse_all(args.files, args.reader, err):
        if report is None:
            status = EXIT_INPUT
            continue
        failed = report.failed_checks
        if not report.checks:
            verdict = "UNCHECKED: no reconciliation rule could be checked"
        elif failed:
            verdict = f"{len(failed)} of {len(report.checks)} checks FAILED"
        else:
            verdict = "ok"
        meta = report.meta
        print(
            f"{path}: {verdict} ({len(report.checks)} checks; {meta.agency or '?'} {meta.year or '?'}, "
            f"template {meta.template}, reader {report.source.reader})",
            file=out,
        )
        for c in failed:
            print(f"  {c.rule} {c.scope}: expected {c.expected}, found {c.found}", file=out)
            print(f"    from {_where(report, c.cells)}", file=out)
        for w in report.warnings:
            print(f"  warning {w.code} [{w.where}]: {w.message}", file=out)
        if (failed or not report.checks) and status == EXIT_OK:
            status = EXIT_RULES
    return status


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
    pp.add_argument("files", nargs="+", metavar="FILE")
    pp.add_argument("--format", choices=("json", "jsonl", "csv"), default="json")
    pp.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    pp.add_argument("--reader", action="append", metavar="NAME", help=reader_help)
    pp.add_argument("--limit", action="append", metavar="NAME=N", help=limit_help)
    pp.set_defaults(func=cmd_parse)

    pc = sub.add_parser("check", help="run the reconciliation rules and show what failed")
    pc.add_argument("files", nargs="+", metavar="FILE")
    pc.add_argument("--reader", action="append", metavar="NAME", help=reader_help)
    pc.add_argument("--limit", action="append", metavar="NAME=N", help=limit_help)
    pc.set_defaults(func=cmd_check)

    try:
        from gxparse import score_cli
    except ImportError:
        pass
    else:
        score_cli.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "reader", None):
        try:
            for name in args.reader:
                readers.get(name)
        except GxparseError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_INPUT
    if args.command == "score":
        result: int = args.func(args)
        return result
    try:
        chosen = _limits(getattr(args, "limit", None) or ())
    except ValueError as exc:
        print(f"error: --limit {exc}", file=sys.stderr)
        return EXIT_INPUT
    with limits.using(chosen):
        code: int = args.func(args, sys.stdout, sys.stderr)
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
        scale = 1
        for suffix, factor in (("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30)):
            if text.endswith(suffix):
                text, scale = text[: -len(suffix)], factor
        try:
            number = float(text) * scale
        except ValueError:
            raise ValueError(f"{setting!r}: {value!r} is not a number") from None
        if number <= 0:
            raise ValueError(f"{setting!r}: a limit must be positive")
        changes[name] = number if name == "max_zip_ratio" else int(number)
    return limits.current().replace(**changes)


if __name__ == "__main__":
    sys.exit(main())
