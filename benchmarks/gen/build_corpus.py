"""Build the benchmark corpus: N generated reports, each in six forms, with gold records.

    python benchmarks/gen/build_corpus.py --out benchmarks/corpus --n 36 --seed 1

writes ``<id>.docx .pdf .html .tab.txt .cells.txt .wrapped.txt`` and ``<id>.gold.json`` per
document, and ``manifest.json`` (documents, forms, options, 表三's pages in the PDF, and
which table cells are non-zero somewhere in the corpus). Same seed, same files (PDF
timestamps aside).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from forms import SUFFIXES, Document, Spec, make_document, pdf_layout, write_forms, write_gold
from model import RULES
from pdf_render import convert_to_pdf

BROKEN_SHARE = 0.15
OLD_TEMPLATE_SHARE = 0.33
SINGLE_OTHER_SHARE = 0.15


def plan(seed: int, n: int) -> list[tuple[str, Spec]]:
    """Document ids and specs: both templates, ~15% broken (every rule at least once)."""
    rng = random.Random(seed)
    broken = rng.sample(range(n), min(n, max(len(RULES), round(n * BROKEN_SHARE))))
    rules = {index: RULES[order % len(RULES)] for order, index in enumerate(sorted(broken))}
    specs = []
    for index in range(n):
        template = "2019" if rng.random() < OLD_TEMPLATE_SHARE else "2021"
        single = template == "2021" and rng.random() < SINGLE_OTHER_SHARE
        spec = Spec(f"{seed}:{index}", template, single, rules.get(index))
        specs.append((f"d{index + 1:03d}", spec))
    return specs


def _clean(out: Path) -> None:
    for path in out.glob("d[0-9][0-9][0-9].*"):
        path.unlink()
    (out / "manifest.json").unlink(missing_ok=True)


def _coverage(documents: list[Document]) -> dict[str, list[str]]:
    """Columns and rows that are zero in every document (there should be none).

    A 表二 "column" is item.column, since each 表二 item has columns of its own.
    """
    columns: dict[str, bool] = {}
    rows: dict[str, bool] = {}
    for document in documents:
        for table in ("active_disclosure", "applications", "review_litigation"):
            for row, values in document.record[table].items():
                for col, value in values.items():
                    prefix = f"{table}.{row}" if table == "active_disclosure" else table
                    nonzero = str(value) != "0"
                    column = f"{prefix}.{col}"
                    columns[column] = columns.get(column, False) or nonzero
                    rows[f"{table}.{row}"] = rows.get(f"{table}.{row}", False) or nonzero
    return {
        "columns_always_zero": sorted(k for k, v in columns.items() if not v),
        "rows_always_zero": sorted(k for k, v in rows.items() if not v),
    }


def build(out: Path, n: int, seed: int, with_pdf: bool) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    _clean(out)
    forms = tuple(SUFFIXES) if with_pdf else tuple(f for f in SUFFIXES if f != "pdf")
    entries, documents = [], []
    for doc_id, spec in plan(seed, n):
        document = make_document(spec)
        documents.append(document)
        write_gold(document, out / f"{doc_id}.gold.json")
        files = write_forms(document, out / doc_id, forms)
        entries.append(
            {
                "id": doc_id,
                "seed": spec.seed,
                "template": spec.template,
                "year": document.record["meta"]["year"],
                "agency": document.record["meta"]["agency"],
                "single_other_row": "result.other" in document.record["applications"],
                "break_rule": spec.break_rule,
                "expected_failed": document.record["expected_failed"],
                "files": {**files, "gold": f"{doc_id}.gold.json"},
                "options": document.options.to_dict(),
            }
        )
    if with_pdf:
        pdfs = convert_to_pdf([out / entry["files"]["docx"] for entry in entries], out)
        for entry, document, pdf in zip(entries, documents, pdfs, strict=True):
            entry["table3_pages"] = pdf_layout(document, pdf)
    manifest = {
        "generator": "benchmarks/gen/build_corpus.py",
        "command": f"python benchmarks/gen/build_corpus.py --out {out} --n {n} --seed {seed}",
        "seed": seed,
        "forms": {form: SUFFIXES[form] for form in forms},
        "gold_note": "gold.json is the generator's input record: correct by construction",
        "coverage": _coverage(documents),
        "documents": entries,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/corpus"))
    parser.add_argument("--n", type=int, default=36)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-pdf", action="store_true", help="no LibreOffice run")
    args = parser.parse_args()
    manifest = build(args.out, args.n, args.seed, not args.skip_pdf)
    documents = manifest["documents"]
    crossing = [d["id"] for d in documents if d.get("table3_pages", {}).get("rows_opening_a_page")]
    print(f"{len(documents)} documents in {args.out}; 表三 across pages in {crossing}")
    print(f"coverage: {manifest['coverage']}")


if __name__ == "__main__":
    main()
