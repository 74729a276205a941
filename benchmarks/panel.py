"""Cross-year checks measured: a multi-year corpus with deliberate breaks, one panel per form.

    python benchmarks/panel.py                         # build, measure, update docs/panel.md
    python benchmarks/panel.py --agencies 12 --seed 2 --forms tab,docx --out -

builds the corpus (``benchmarks/gen/build_panel.py``: the same agencies over 2019-2024,
结转 carried year to year, the template switch at 2021, and a carry-over broken, a year
missing, a report published twice, two versions of one report, a report on the wrong
template, a name printed another way) into ``benchmarks/out/panel``, parses each form
with ``gxparse.panel`` and scores the findings against the breaks:

- every deliberate break reported (its rule, scope, agency and year among the failed
  cross-year checks), a break named by the document it was put in;
- no other failed cross-year check, and no failed R5 in a consistent series;
- each agency one agency (its spelling variant matched, no other merged into it).

The ``pdf`` form is made by LibreOffice from the DOCX when ``soffice`` is installed, and
otherwise drawn from each gold record by the variant fuzzer's PDF renderer
(``tests/variants/render_pdf.py``, the official template's tables in plain figures).

It also builds the panel of one form from the records of ``gxparse parse`` (JSONL) and
checks that it finds the same. The table goes between the ``measured`` markers of
docs/panel.md (``--out -``: printed only).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks" / "gen"))
sys.path.insert(0, str(ROOT))

import gxparse  # noqa: E402
from gxparse.crossyear import R5, Panel  # noqa: E402

START = "<!-- measured:start -->"
END = "<!-- measured:end -->"
FORMS = ("tab", "cells", "wrapped", "docx", "html", "pdf")

Finding = tuple[str, str, int, str]  # rule, agency (the generator's), year, scope


def expected(manifest: dict[str, Any]) -> dict[Finding, str]:
    """Every finding a break must give, and the break's kind."""
    out = {}
    for b in manifest["breaks"]:
        for e in b["expect"]:
            out[(e["rule"], b["agency"], e["year"], e["scope"])] = b["kind"]
    return out


def findings(panel: Panel, owner: dict[str, str]) -> set[Finding]:
    """The failed cross-year checks, named by the agency the generator gave the document."""
    out = set()
    for c in panel.failed_checks:
        agencies = {owner.get(Path(d.path or "").name, "?") for d in c.documents}
        for a in agencies:
            out.add((c.rule, a, c.year, c.scope))
    return out


def measure(form: str, folder: Path, manifest: dict[str, Any], jobs: int) -> dict[str, Any]:
    docs = manifest["documents"]
    owner = {d["files"][form]: d["agency"] for d in docs}
    paths = [str(folder / d["files"][form]) for d in docs]
    start = time.monotonic()
    panel = gxparse.panel(paths, jobs=jobs)
    seconds = time.monotonic() - start
    want = expected(manifest)
    got = findings(panel, owner)
    carry_broken = {b["agency"] for b in manifest["breaks"] if b["kind"] == "carry"}
    r5 = [c for c in panel.checks if c.rule == R5]
    consistent_r5 = [
        c for c in r5 if not ({owner[Path(d.path or "").name] for d in c.documents} & carry_broken)
    ]
    identities: dict[str, set[str]] = {}  # panel agency -> generator agencies
    for row in panel.rows:
        for d in row.documents:
            identities.setdefault(row.agency, set()).add(owner[Path(d.path or "").name])
    split = len(panel.agencies) - len(manifest["agencies"])
    merged_wrongly = [a for a, ids in identities.items() if len(ids) > 1]
    return {
        "form": form,
        "documents": len(paths),
        "rows": len(panel.rows),
        "agencies": len(panel.agencies),
        "agencies_expected": len(manifest["agencies"]),
        "split": max(split, 0),
        "merged_wrongly": merged_wrongly,
        "unplaced": len(panel.unplaced),
        "errors": len(panel.failures),
        "checks": len(panel.checks),
        "failed": len(panel.failed_checks),
        "expected": len(want),
        "reported": len(set(want) & got),
        "missed": sorted(map(list, set(want) - got)),
        "false": sorted(map(list, got - set(want))),
        "breaks": len(manifest["breaks"]),
        "breaks_reported": sum(
            all((e["rule"], b["agency"], e["year"], e["scope"]) in got for e in b["expect"])
            for b in manifest["breaks"]
        ),
        "r5_consistent": len(consistent_r5),
        "r5_consistent_failed": sum(not c.ok for c in consistent_r5),
        "seconds": round(seconds, 2),
        "by_closeness": [list(p) for p in panel.merged],
        "near": [list(p) for p in panel.near],
        "panel": panel,
    }


def from_records(form: str, folder: Path, manifest: dict[str, Any], jobs: int) -> bool:
    """The panel built from ``gxparse parse`` JSONL finds what the one from files finds."""
    docs = manifest["documents"]
    paths = [str(folder / d["files"][form]) for d in docs]
    with tempfile.TemporaryDirectory() as tmp:
        stream = Path(tmp) / "records.jsonl"
        subprocess.run(
            [sys.executable, "-m", "gxparse", "parse", *paths, "-j", str(jobs), "-q",
             "-o", str(stream)],
            check=False,
        )  # fmt: skip
        again = gxparse.panel([stream])
    direct = gxparse.panel(paths, jobs=jobs)

    def key(p: Panel) -> set[tuple[str, str, int]]:
        return {(c.rule, c.scope, c.year) for c in p.failed_checks}

    return key(again) == key(direct) and len(again.rows) == len(direct.rows)


def table(results: list[dict[str, Any]], records_same: bool, manifest: dict[str, Any]) -> str:
    kinds: dict[str, int] = {}
    for b in manifest["breaks"]:
        kinds[b["kind"]] = kinds.get(b["kind"], 0) + 1
    lines = [
        f"Corpus: `{manifest['command']}` -- {len(manifest['documents'])} documents of "
        f"{len(manifest['agencies'])} agencies, {manifest['years'][0]}-{manifest['years'][-1]}; "
        "breaks: "
        + ", ".join(f"{n} {k}" for k, n in kinds.items())
        + "."
        + (f" {manifest['pdf_note']}." if "pdf_note" in manifest else ""),
        "",
        "| form | docs | rows | agencies (expected) | breaks reported | expected findings reported "
        "| other failed checks | R5 in consistent series: failed / run | unplaced | errors | s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['form']} | {r['documents']} | {r['rows']} | {r['agencies']} "
            f"({r['agencies_expected']}) | {r['breaks_reported']}/{r['breaks']} | "
            f"{r['reported']}/{r['expected']} | {len(r['false'])} | "
            f"{r['r5_consistent_failed']} / {r['r5_consistent']} | {r['unplaced']} | "
            f"{r['errors']} | {r['seconds']} |"
        )
    lines.append("")
    lines.append(
        "The panel built from `gxparse parse` records (JSONL) of the first form finds the "
        + ("same checks and rows." if records_same else "**different** checks or rows.")
    )
    for r in results:
        if r["missed"] or r["false"] or r["merged_wrongly"]:
            lines.append(f"- {r['form']}: missed {r['missed']}, other failed {r['false']}, "
                         f"agencies merged wrongly {r['merged_wrongly']}")  # fmt: skip
    joined = sorted({tuple(p) for r in results for p in r["by_closeness"]})
    if joined:
        lines.append("- names joined by closeness: " + "; ".join(f"{a} ~ {b}" for a, b in joined))
    near = sorted({tuple(p) for r in results for p in r["near"]})
    lines.append(
        "- agencies kept apart with names one character apart and no year in common: "
        + ("; ".join(f"{a} / {b}" for a, b in near) if near else "none")
    )
    return "\n".join(lines) + "\n"


def pdfs_without_libreoffice(folder: Path, manifest: dict[str, Any]) -> None:
    """``<id>.pdf`` for every document, drawn from its gold record by the variant fuzzer
    (a duplicate: its original's bytes)."""
    from tests.variants.damage import undamaged
    from tests.variants.render import render

    made: dict[str, bytes] = {}
    for d in manifest["documents"]:
        gold = d["files"]["gold"]
        if gold not in made:
            record = json.loads((folder / gold).read_text("utf-8"))
            made[gold] = bytes(render("pdf", undamaged(record)))
        (folder / f"{d['id']}.pdf").write_bytes(made[gold])
        d["files"]["pdf"] = f"{d['id']}.pdf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "benchmarks" / "out" / "panel")
    parser.add_argument("--agencies", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--forms", default=",".join(FORMS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-build", action="store_true", help="use the corpus as it is")
    parser.add_argument("--out", default=str(ROOT / "docs" / "panel.md"), help="- to print only")
    args = parser.parse_args()
    forms = tuple(f for f in args.forms.split(",") if f)
    soffice = shutil.which("soffice") is not None
    if not args.no_build:
        from build_panel import build
        from series import YEARS

        made = forms if soffice else tuple(f for f in forms if f != "pdf")
        build(args.corpus, args.agencies, args.seed, made, YEARS)
    manifest = json.loads((args.corpus / "manifest.json").read_text("utf-8"))
    if "pdf" in forms and "pdf" not in manifest["forms"]:
        pdfs_without_libreoffice(args.corpus, manifest)
        manifest["pdf_note"] = "PDFs drawn by tests/variants/render_pdf.py (no LibreOffice here)"
    manifest["command"] = manifest["command"].replace(str(ROOT) + "/", "")
    results = [measure(f, args.corpus, manifest, args.jobs) for f in forms]
    same = from_records(forms[0], args.corpus, manifest, args.jobs)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = (
        f"`python benchmarks/panel.py --agencies {args.agencies} --seed {args.seed} --forms "
        f"{','.join(forms)}` on {platform.machine()}, {stamp}:\n\n" + table(results, same, manifest)
    )
    print(body)
    if args.out != "-":
        page = Path(args.out)
        text = page.read_text("utf-8")
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        page.write_text(f"{head}{START}\n{body}{END}{tail}", encoding="utf-8")
    ok = all(
        r["breaks_reported"] == r["breaks"] and not r["false"] and not r["merged_wrongly"]
        and r["r5_consistent_failed"] == 0 and not r["split"]
        for r in results
    )  # fmt: skip
    sys.exit(0 if ok and same else 1)


if __name__ == "__main__":
    main()
