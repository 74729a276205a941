"""Every record of every fixture and corpus document, to check that a change leaves them
byte-identical.

    python benchmarks/snapshot.py OUT.json            # from a checkout
    python benchmarks/snapshot.py --diff A.json B.json

Reads every PDF under ``fixtures/`` and ``benchmarks/corpus/`` with both
backends, as printed and with every ruling line stripped (which exercises the
unruled reader), keyed by ``path|backend|ruled-or-stripped``, and every other
source document (text, DOCX, HTML) once, keyed by its path; it writes the
records (or the error each raised). ``source.path`` is left out, so snapshots
of checkouts in different directories compare equal. ``--diff`` lists the keys
whose records differ and exits 1 if any do. Speed work on the PDF path is
checked this way: the records before and after must be identical.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # this checkout's gxparse

import attrs  # noqa: E402

import gxparse  # noqa: E402
from gxparse import pipeline  # noqa: E402
from gxparse.sources import pdf as pdf_source  # noqa: E402


def records() -> dict[str, Any]:
    paths = sorted(ROOT.glob("fixtures/**/*.pdf")) + sorted(ROOT.glob("benchmarks/corpus/*.pdf"))
    out: dict[str, Any] = {}
    for path in paths:
        data = path.read_bytes()
        for backend in pdf_source.available_backends():
            for strip in (False, True):
                key = f"{path.relative_to(ROOT)}|{backend}|{'stripped' if strip else 'ruled'}"
                try:
                    doc = pdf_source.load(data, path=path.name, backend=backend)
                    if strip:
                        pages = tuple(attrs.evolve(p, hrules=(), vrules=()) for p in doc.page_list)
                        doc = attrs.evolve(doc, page_list=pages)
                    record = pipeline.run(doc).to_dict()
                    record["source"].pop("path", None)
                except Exception as exc:  # the error is part of what must not change
                    record = {"error": f"{type(exc).__name__}: {exc}"}
                out[key] = record
    others = [
        p
        for p in sorted(ROOT.glob("fixtures/**/source.*")) + sorted(ROOT.glob("benchmarks/corpus/*"))
        if p.suffix in (".txt", ".docx", ".html")
    ]
    for path in others:
        key = str(path.relative_to(ROOT))
        try:
            record = gxparse.parse(path).to_dict()
            record["source"].pop("path", None)
        except Exception as exc:
            record = {"error": f"{type(exc).__name__}: {exc}"}
        out[key] = record
    return out


def diff(a: Path, b: Path) -> int:
    old, new = json.loads(a.read_text()), json.loads(b.read_text())
    differ = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
    print(f"{len(old)} vs {len(new)} records; {len(differ)} differ")
    for key in differ:
        print("  differs:", key)
    return 1 if differ else 0


def main() -> None:
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "--diff":
        sys.exit(diff(Path(args[1]), Path(args[2])))
    if len(args) != 1:
        sys.exit(__doc__)
    out = records()
    Path(args[0]).write_text(json.dumps(out, ensure_ascii=False, sort_keys=True))
    print(f"{len(out)} records written to {args[0]}")


if __name__ == "__main__":
    main()
