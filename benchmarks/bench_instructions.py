"""The PDF speed ratios counted in CPU instructions, which a noisy machine cannot blur.

``bench_pdf.py`` times the paths side by side, but on a shared 2-core machine
the word-extraction floor itself moves by 2x between runs, and a ratio of two
noisy times moves with it. Instruction counts (valgrind's callgrind) do not
depend on what else the machine is doing: the same work counts the same.
They are not time -- C code runs more instructions per cycle than the Python
interpreter, so a ratio of instructions flatters the Python side -- and are
reported beside the timed ratios, never instead of them.

Each path (``bench_pdf``'s own functions) runs in a fresh interpreter over every PDF fixture, once with one
pass and once with three; the difference, halved, is one pass with start-up
and imports taken out (label caches are cleared before every document, as in
``bench_pdf.py``).

    python benchmarks/bench_instructions.py [--all]

``--all`` adds the pdfplumber path and pdfplumber ``extract_tables`` (slow
under valgrind: several minutes). Needs ``valgrind`` on the PATH.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_CHILD = r"""
import sys
sys.path[:0] = [{root!r}, {here!r}]
import bench_pdf
path, passes = {path!r}, {passes}
datas = [(str(f), f.read_bytes()) for f in bench_pdf.cases()]
run = {{
    "floor": lambda name, data: bench_pdf.floor(data),
    "fast": lambda name, data: bench_pdf.gx(data, name, "pymupdf"),
    "plumber": lambda name, data: bench_pdf.gx(data, name, "pdfplumber"),
    "tables": lambda name, data: bench_pdf.tables(data),
}}[path]
for _ in range(passes):
    for name, data in datas:
        run(name, data)
"""


def instructions(path: str, passes: int) -> int:
    """Instructions a fresh interpreter runs for ``passes`` passes of ``path``."""
    code = _CHILD.format(root=str(ROOT), here=str(HERE), path=path, passes=passes)
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    out = subprocess.run(
        [*valgrind, sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def per_pass(path: str) -> float:
    """Millions of instructions of one pass over the fixtures, start-up taken out."""
    return (instructions(path, 3) - instructions(path, 1)) / 2 / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--all", action="store_true", help="add the pdfplumber paths (slow)")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    paths = ["floor", "fast", *(["plumber", "tables"] if args.all else [])]
    counts = {p: per_pass(p) for p in paths}
    print("millions of instructions for one pass over the PDF fixtures (callgrind)")
    for p, n in counts.items():
        print(f"  {p:8} {n:10.1f}")
    print(f"fast/floor     {counts['fast'] / counts['floor']:.2f}  (target in time: <= 3.00)")
    if args.all:
        print(f"tables/fast    {counts['tables'] / counts['fast']:.2f}  (target in time: >= 5.00)")
        print(
            f"plumber/tables {counts['plumber'] / counts['tables']:.2f}  (target in time: <= 1.00)"
        )


if __name__ == "__main__":
    main()
