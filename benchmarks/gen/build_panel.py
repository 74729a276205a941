"""Build a multi-year corpus: the same agencies over several years, with deliberate breaks.

    python benchmarks/gen/build_panel.py --out benchmarks/out/panel --agencies 10 --seed 1
    python benchmarks/gen/build_panel.py --out tests/panel_series --agencies 7 --forms tab

writes ``<id><suffix>`` per document and form (``series.py`` draws the records), the
record as printed (``<id>.gold.json``; a duplicate names its original's) and
``manifest.json``: every document (agency, year, template, the name it prints, which
document it copies), and every break with what a panel must report. The default forms
are the ones made without LibreOffice (text layouts, DOCX, HTML); ``--forms pdf`` adds
PDFs (made from the DOCX). Same seed, same files (PDF timestamps aside).
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

from forms import SUFFIXES, write_forms, write_gold
from pdf_render import convert_to_pdf
from series import YEARS, plan_series

DEFAULT_FORMS = ("tab", "cells", "wrapped", "docx", "html")


def _clean(out: Path) -> None:
    for path in out.glob("p[0-9][0-9][0-9].*"):
        path.unlink()
    (out / "manifest.json").unlink(missing_ok=True)


def build(
    out: Path, agencies: int, seed: int, forms: tuple[str, ...], years: tuple[int, ...]
) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    _clean(out)
    items, breaks = plan_series(seed, agencies, years)
    made = tuple(f for f in forms if f != "pdf")
    if "pdf" in forms and "docx" not in made:  # the PDFs are made from the DOCX
        made += ("docx",)
    entries = []
    by_id = {}
    for item in items:
        if item.copy_of is None:
            files = write_forms(item.document, out / item.doc_id, made)
            write_gold(item.document, out / f"{item.doc_id}.gold.json")
            files["gold"] = f"{item.doc_id}.gold.json"
        else:  # the same bytes under another name
            files = {"gold": by_id[item.copy_of]["files"]["gold"]}
            for form in made:
                name = item.doc_id + SUFFIXES[form]
                shutil.copyfile(out / by_id[item.copy_of]["files"][form], out / name)
                files[form] = name
        meta = item.document.record["meta"]
        entry = {
            "id": item.doc_id,
            "agency": item.agency,
            "printed_agency": meta["agency"],
            "year": item.year,
            "template": meta["template"],
            "copy_of": item.copy_of,
            "expected_failed": item.document.record["expected_failed"],
            "files": files,
        }
        by_id[item.doc_id] = entry
        entries.append(entry)
    if "pdf" in forms:
        originals = [e for e in entries if e["copy_of"] is None]
        pdfs = convert_to_pdf([out / e["files"]["docx"] for e in originals], out)
        for entry, pdf in zip(originals, pdfs, strict=True):
            entry["files"]["pdf"] = pdf.name
        for entry in entries:
            if entry["copy_of"] is not None:
                name = entry["id"] + ".pdf"
                shutil.copyfile(out / by_id[entry["copy_of"]]["files"]["pdf"], out / name)
                entry["files"]["pdf"] = name
    manifest = {
        "generator": "benchmarks/gen/build_panel.py",
        "command": (
            f"python benchmarks/gen/build_panel.py --out {out} --agencies {agencies} "
            f"--seed {seed} --forms {','.join(forms)} --years {years[0]}-{years[-1]}"
        ),
        "seed": seed,
        "years": list(years),
        "forms": {form: SUFFIXES[form] for form in forms},
        "agencies": sorted({e["agency"] for e in entries} | {b.agency for b in breaks}),
        "breaks": [b.to_dict() for b in breaks],
        "documents": entries,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def _years(text: str) -> tuple[int, ...]:
    first, _, last = text.partition("-")
    return tuple(range(int(first), int(last or first) + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/panel"))
    parser.add_argument("--agencies", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--forms", default=",".join(DEFAULT_FORMS), help="comma-separated")
    parser.add_argument("--years", default=f"{YEARS[0]}-{YEARS[-1]}", help="e.g. 2019-2024")
    args = parser.parse_args()
    forms = tuple(f.strip() for f in args.forms.split(",") if f.strip())
    unknown = [f for f in forms if f not in SUFFIXES]
    if unknown:
        parser.error(f"unknown forms {unknown}; choose from {sorted(SUFFIXES)}")
    manifest = build(args.out, args.agencies, args.seed, forms, _years(args.years))
    kinds = [b["kind"] for b in manifest["breaks"]]
    print(
        f"{len(manifest['documents'])} documents of {len(manifest['agencies'])} agencies in "
        f"{args.out}; breaks: {', '.join(kinds)}"
    )


if __name__ == "__main__":
    main()
