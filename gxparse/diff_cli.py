"""``gxparse diff A B [--json]``: what changed between two reports of one agency.

A and B are report files (each parsed in an isolated worker) or records (a ``.json``
file of one record, or a ``.jsonl`` of one line, from ``gxparse parse``). The terminal
form lists meta changes, changed cells, nulls that appeared or disappeared, cells only
one template has, checks whose outcome changed and warnings that came or went;
``--json`` gives the same as ``gxparse/diff@1``. Exit status: 0 when nothing differs,
1 when something does, 2 when A or B cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from gxparse import cli, isolate
from gxparse.compare import (
    APPEARED,
    CHANGED,
    DISAPPEARED,
    ONLY_A,
    ONLY_B,
    CellChange,
    CheckChange,
    Diff,
    diff,
    one_report,
)
from gxparse.errors import GxparseError
from gxparse.record import Check
from gxparse.serialize import number_to_json

_ONLY_SHOWN = 8  # cells only one record has, listed before "and N more"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``diff`` to an ``argparse`` sub-parser collection."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "diff",
        help="what changed between two reports (cells, checks, meta)",
        description=(
            "Compare two reports -- report files or gxparse records (.json/.jsonl of one "
            "record) -- cell by cell, check by check. See docs/panel.md."
        ),
    )
    p.add_argument("a", metavar="A", help="the first report (file or record)")
    p.add_argument("b", metavar="B", help="the second report (file or record)")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.add_argument(
        "--timeout", type=float, default=isolate.DEFAULT_TIMEOUT, metavar="S",
        help=f"seconds a document may take to parse (default {isolate.DEFAULT_TIMEOUT:g})",
    )  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true", help="errors only")
    p.set_defaults(func=run, verbose=0)
    return p


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:  # cli.main has set the logging (-q)
        a = one_report(args.a, jobs=1, timeout=args.timeout or None)
        b = one_report(args.b, jobs=1, timeout=args.timeout or None)
    except GxparseError as exc:
        print(f"error: {exc}", file=err)
        return cli.EXIT_INPUT
    result = diff(a, b)
    if args.json:
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(text(result))
    return cli.EXIT_OK if result.empty else cli.EXIT_RULES


def _show(value: Any) -> str:
    return "null" if value is None else str(number_to_json(value))


def _check(c: Check | None) -> str:
    if c is None:
        return "not run"
    return f"{'ok' if c.ok else 'FAILED'} (expected {c.expected}, found {c.found})"


def _cell_line(c: CellChange, width: int) -> str:
    note = {APPEARED: "  (null appeared)", DISAPPEARED: "  (null disappeared)"}.get(c.kind, "")
    return f"  {c.key:<{width}}  {_show(c.a)} -> {_show(c.b)}{note}\n"


def _check_line(c: CheckChange) -> str:
    return f"  {c.rule}[{c.scope}]: {_check(c.a)} -> {_check(c.b)}\n"


def text(d: Diff) -> str:
    """The terminal form of a comparison."""
    lines = [f"A: {d.a.label()}\n", f"B: {d.b.label()}\n"]
    if d.same_document:
        lines.append("the same document (equal sha256)\n")
    elif not d.same_agency:
        lines.append("note: the two reports do not name the same agency\n")
    if d.empty:
        lines.append("no differences\n")
        return "".join(lines)
    if d.meta:
        lines.append("meta:\n")
        lines += [f"  {m.field}: {m.a} -> {m.b}\n" for m in d.meta]
    kinds = (CHANGED, APPEARED, DISAPPEARED, ONLY_A, ONLY_B)
    names = ("changed", "null appeared", "null disappeared", "only in A", "only in B")
    counts = ", ".join(f"{d.count(k)} {n}" for k, n in zip(kinds, names, strict=True))
    lines.append(f"cells: {counts}\n")
    listed = [c for c in d.cells if c.kind in (CHANGED, APPEARED, DISAPPEARED)]
    width = max((len(c.key) for c in listed), default=0)
    lines += [_cell_line(c, width) for c in listed]
    for kind, side in ((ONLY_A, "A"), (ONLY_B, "B")):
        only = [c.key for c in d.cells if c.kind == kind]
        if only:
            more = f" and {len(only) - _ONLY_SHOWN} more" if len(only) > _ONLY_SHOWN else ""
            lines.append(f"  only in {side}: {', '.join(only[:_ONLY_SHOWN])}{more}\n")
    if d.checks:
        lines.append(f"checks: {len(d.checks)} changed\n")
        lines += [_check_line(c) for c in d.checks]
    if d.warnings:
        gone = sum(w.side == "a" for w in d.warnings)
        lines.append(f"warnings: {len(d.warnings) - gone} new in B, {gone} gone\n")
        for w in d.warnings:
            mark = "-" if w.side == "a" else "+"
            lines.append(f"  {mark} {w.code} [{w.where or '-'}]: {w.message}\n")
    return "".join(lines)


__all__ = ["add_parser", "run", "text"]
