"""``gxparse score PRED GOLD [--json] [--diff]``: accuracy of any extractor's records.

``add_parser(subparsers)`` registers the sub-command; ``run(args)`` runs it
and returns the exit status: 0 when the records were scored, 2 when a path
does not exist or a gold record is unusable. See docs/scoring.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from gxparse.score import (
    MALFORMED,
    NO_PREDICTION,
    OK,
    CorpusScore,
    GoldError,
    Score,
    Tally,
    score_paths,
)

EXIT_OK = 0
EXIT_INPUT = 2


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``score`` to an ``argparse`` sub-parser collection."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "score",
        help="score records against gold records",
        description=(
            "Score records (files or directories of .json/.jsonl in the gxparse/record@1 "
            "form) against gold records, matched by source.sha256, document id or file name."
        ),
    )
    p.add_argument("pred", metavar="PRED", help="predicted records: a file or a directory")
    p.add_argument("gold", metavar="GOLD", help="gold records: a file or a directory")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument(
        "--diff", action="store_true", help="list every wrong, missing or extra value per document"
    )
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        result = score_paths(args.pred, args.gold)
    except (FileNotFoundError, GoldError) as exc:
        print(f"error: {exc}", file=err)
        return EXIT_INPUT
    if args.json:
        data = result.to_dict()
        if not args.diff:
            for doc in data["per_document"]:
                doc.pop("errors")
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    out.write(summary(result))
    if args.diff:
        out.write(diff(result))
    return EXIT_OK


def _pct(tally: Tally) -> str:
    acc = tally.accuracy
    return "—" if acc is None else f"{100 * acc:.2f}%"


def _row(name: str, tally: Tally) -> str:
    return (
        f"  {name:<38}{tally.right:>8}{tally.wrong:>8}{tally.missing:>8}"
        f"{tally.total:>8}{_pct(tally):>10}\n"
    )


def summary(result: CorpusScore) -> str:
    """The readable table: accuracy by table, row group and metadata field, then totals."""
    n = len(result.documents)
    lines = [
        f"{n} gold documents: {result.count(OK)} scored, {result.count(MALFORMED)} malformed, "
        f"{result.count(NO_PREDICTION)} without a prediction\n\n",
        f"  {'':<38}{'right':>8}{'wrong':>8}{'missing':>8}{'total':>8}{'accuracy':>10}\n",
    ]
    groups = result.groups
    for table, tally in result.tables.items():
        lines.append(_row(table, tally))
        if table == "applications":
            lines.extend(_row(f"  {g}", t) for g, t in groups.items() if t.total)
    lines.append(_row("all cells", result.cells))
    for name, tally in result.meta.items():
        lines.append(_row(f"meta.{name}", tally))
    with_breaks, all_reported = result.break_documents
    exact = f"{result.exact}/{n}" + (f" ({100 * result.exact / n:.1f}%)" if n else "")
    lines += [
        "\n",
        f"exact documents       {exact}\n",
        f"silent errors         {result.silent} cells, {result.silent_meta} metadata fields\n",
        f"strict silent errors  {result.strict_silent} cells (nothing names the cell itself)\n",
        f"extra cells           {result.extra}\n",
        f"rule breaks reported  {result.breaks_reported}/{result.breaks_expected} "
        f"({all_reported}/{with_breaks} documents with every break reported)\n",
        f"other failed checks   {result.spurious_failures}\n",
    ]
    stated, right = result.state_matches
    if stated:
        share = f"{right}/{stated} ({100 * right / stated:.1f}%)"
        lines.append(
            f"status as true        {share}; called complete with a wrong value: "
            f"{result.complete_but_wrong}\n"
        )
        for truth, got in result.states.items():
            said = ", ".join(f"{k} {v}" for k, v in sorted(got.items()))
            lines.append(f"  truly {truth:<14} called: {said}\n")
    if result.unmatched_predictions:
        lines.append(f"unmatched predictions {len(result.unmatched_predictions)}\n")
    for note in result.notes:
        lines.append(f"note: {note}\n")
    return "".join(lines)


def _show(value: Any) -> str:
    return "—" if value is None else json.dumps(value, ensure_ascii=False)


def document_diff(doc: Score) -> str:
    """One document's differences: table.row.column, expected, found, kind, flagged or silent."""
    if doc.exact and not doc.missed_breaks and not doc.spurious_failures and not doc.notes:
        return ""
    head = doc.doc_id + (f" ({doc.pred_path})" if doc.pred_path else "")
    lines = [f"== {head}: {doc.status}, {doc.cells.right}/{doc.cells.total} cells right\n"]
    lines += [f"  note: {note}\n" for note in doc.notes]
    if doc.status != OK:
        return "".join(lines)
    for e in doc.errors:
        mark = "silent" if e.silent else ("flagged" if e.kind != "extra" else "")
        tail = ", ".join(p for p in (e.kind, mark, e.note) if p)
        lines.append(f"  {e.key}: expected {_show(e.expected)}, found {_show(e.found)}  [{tail}]\n")
    for rule, scope in doc.missed_breaks:
        lines.append(f"  rule break {rule}[{scope}] not reported as failed\n")
    for rule, scope in doc.spurious_failures:
        lines.append(f"  failed check {rule}[{scope}] the source does not break\n")
    return "".join(lines)


def diff(result: CorpusScore) -> str:
    parts = [document_diff(d) for d in result.documents]
    body = "".join(p for p in parts if p)
    return "\n" + (body or "no differences\n")
