"""Narrative against tables (issue #14), measured: prose figures read and checked (N1).

    python benchmarks/narrative.py [--n 40] [--forms tabbed,cells,...] [--out docs/narrative.md]

Three parts:

* **seeds** -- the five seed reports against the statements listed by hand in
  tests/test_narrative.py (``SEEDS``): every figure there that names a table quantity
  must be read and checked.
* **generated** -- ``--n`` consistent reports (tests/strategies.reports, seeded) whose
  总体情况 states their own figures in several phrasings with distractors
  (tests/prose.py), printed in each form: stated figures read, N1 checks passed,
  failed N1 checks (false alarms: must be 0), statements no clause stated; then one
  figure moved per report: caught when exactly that quantity's check fails. The time
  ``gxparse.parse`` takes with and without the prose reading, side by side.
* **fixtures** -- every statement and check on the repository's fixtures (real reports
  among them).
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gxparse  # noqa: E402
from gxparse import assemble  # noqa: E402
from tests.prose import perturbed, sentences, stated, with_prose  # noqa: E402
from tests.strategies import reports  # noqa: E402
from tests.test_narrative import SEEDS  # noqa: E402
from tests.variants.render import all_renderers, render  # noqa: E402

FIXTURES = ROOT / "fixtures"
DEFAULT_FORMS = ("tabbed", "cells", "wrapped", "piped", "markdown", "html", "docx", "pdf")


def records(n: int) -> list[dict[str, Any]]:
    """``n`` consistent reports, the same ones every run."""
    from hypothesis import HealthCheck, Phase, given, settings

    out: list[dict[str, Any]] = []

    @settings(
        max_examples=n,
        derandomize=True,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(reports())
    def collect(rec: dict[str, Any]) -> None:
        if len(out) < n:
            out.append(rec)

    collect()
    return out


def seeds() -> tuple[list[str], Counter[str]]:
    lines = ["| seed | prose figures naming a table quantity | read | checked: agree | disagree | other statements (no table cell) |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    total: Counter[str] = Counter()
    for name, listed in sorted(SEEDS.items()):
        report = gxparse.parse(next((FIXTURES / name).glob("source.*")))
        got = {(s.quantity, s.value, s.prov.raw) for s in report.statements}
        table = [e for e in listed if e[3] is not None]
        read = sum((q, v, raw) in got for q, v, raw, _ in table)
        n1 = [c for c in report.checks if c.rule == "N1"]
        other = len(report.statements) - len(n1)
        lines.append(
            f"| {name} | {len(table)} | {read} | {sum(c.ok for c in n1)} | "
            f"{sum(not c.ok for c in n1)} | {other} |"
        )
        total.update(figures=len(table), read=read, agree=sum(c.ok for c in n1))
        total.update(disagree=sum(not c.ok for c in n1))
    return lines, total


def _parse(data: str | bytes, with_prose_reading: bool) -> tuple[gxparse.Report, float]:
    saved = assemble.find_statements
    if not with_prose_reading:
        assemble.find_statements = lambda *a, **k: ()  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        report = gxparse.parse(data)
        return report, time.perf_counter() - t0
    finally:
        assemble.find_statements = saved


def generated(n: int, forms: list[str]) -> tuple[list[str], Counter[str], list[str]]:
    recs = records(n)
    lines = [
        "| form | docs | figures stated | read | N1 agree | false alarms | statements nobody stated "
        "| moved figure caught | parse s with / without prose reading |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    total: Counter[str] = Counter()
    misses: list[str] = []
    for form in forms:
        c: Counter[str] = Counter()
        t_with = t_without = 0.0
        for i, rec in enumerate(recs):
            rng = random.Random(i)
            paragraph = sentences(rec, rng)
            data = render(form, with_prose(rec, paragraph))
            _, t0 = _parse(data, False)
            report, t1 = _parse(data, True)
            t_without += t0
            t_with += t1
            read = {(s.quantity, Decimal(s.value)) for s in report.statements}
            named = set()
            for clause in (cl for s in paragraph for cl in s if cl.quantity):
                for q in clause.quantity.split("|"):
                    named.add(q)
                    if q.startswith("prose."):
                        continue
                    c["stated"] += 1
                    if (q, Decimal(clause.value)) in read:
                        c["read"] += 1
                    elif len(misses) < 10:
                        misses.append(f"{form} #{i}: {q} = {clause.value} in {clause.render()!r}")
            n1 = [ch for ch in report.checks if ch.rule == "N1"]
            c["agree"] += sum(ch.ok for ch in n1)
            c["false_alarms"] += sum(not ch.ok for ch in report.checks)
            c["unstated"] += sum(
                s.quantity not in named and s.quantity != "prose.information_fee"
                for s in report.statements
            )
            targets = stated(paragraph)
            moved, target = perturbed(paragraph, rng.randrange(len(targets)), 10**6)
            bad = gxparse.parse(render(form, with_prose(rec, moved)))
            failed = [(ch.rule, ch.scope) for ch in bad.failed_checks]
            c["caught"] += failed == [("N1", target.quantity)]
        lines.append(
            f"| {form} | {len(recs)} | {c['stated']} | {c['read']} | {c['agree']} | "
            f"{c['false_alarms']} | {c['unstated']} | {c['caught']}/{len(recs)} | "
            f"{t_with:.2f} / {t_without:.2f} ({t_with / t_without:.2f}×) |"
        )
        total.update(c)
        total["docs"] += len(recs)
    return lines, total, misses


def fixtures() -> list[str]:
    lines = ["| fixture | phrase | quantity | value | N1 |", "|---|---|---|---|---|"]
    for case in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        sources = [*case.glob("source.*"), *sorted(case.glob("*.pdf"))]
        source = next(iter(sources), None)
        if source is None:
            continue
        try:
            report = gxparse.parse(source)
        except gxparse.GxparseError:
            continue
        verdict = {c.scope: c.ok for c in report.checks if c.rule == "N1"}
        for s in report.statements:
            ok = verdict.get(s.quantity)
            mark = "—" if ok is None else ("agrees" if ok else "**disagrees**")
            lines.append(f"| {case.name} | {s.prov.raw} | `{s.quantity}` | {s.value} | {mark} |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--forms", default=",".join(DEFAULT_FORMS))
    ap.add_argument("--out", default="docs/narrative.md")
    args = ap.parse_args()
    forms = [f for f in args.forms.split(",") if f in all_renderers()]
    seed_lines, seed_total = seeds()
    gen_lines, gen_total, misses = generated(args.n, forms)
    fix_lines = fixtures()
    command = "python benchmarks/narrative.py " + " ".join(sys.argv[1:])
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = [
        "## Measured",
        "",
        f"`{command.strip()}` — {when}, {platform.machine()}, Python {platform.python_version()}.",
        "",
        "### Seeds (hand-listed statements, tests/test_narrative.py)",
        "",
        *seed_lines,
        "",
        f"Figures naming a table quantity: {seed_total['figures']}, read "
        f"{seed_total['read']}; N1 agree {seed_total['agree']}, disagree {seed_total['disagree']}.",
        "",
        "### Generated reports (tests/prose.py phrasings, one per report and form)",
        "",
        *gen_lines,
        "",
        f"Total: {gen_total['docs']} documents, {gen_total['stated']} stated figures, "
        f"{gen_total['read']} read, {gen_total['false_alarms']} false alarms, "
        f"{gen_total['unstated']} statements nobody stated, "
        f"{gen_total['caught']}/{gen_total['docs']} moved figures caught as exactly one failed N1.",
        "",
        *(["Figures not read:", "", *(f"- {m}" for m in misses), ""] if misses else []),
        "### Fixtures (every statement; real reports among them)",
        "",
        *fix_lines,
        "",
    ]
    text = "\n".join(body)
    if args.out == "-":
        print(text)
        return
    out = ROOT / args.out
    head = out.read_text("utf-8").split("## Measured")[0] if out.exists() else ""
    out.write_text(head + text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
