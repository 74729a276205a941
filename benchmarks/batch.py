"""Batch runs measured: parallel speed-up, the batch machinery's overhead, the parent's
memory against the number of documents, start-up, and a projection to 100,000 reports.

    python benchmarks/batch.py [--rounds 3] [--big 2000] [--out docs/batch.md]

Everything is a ratio between runs made side by side, in alternation, on the same
files (the machines are shared and noisy):

- **speed-up**: ``gxparse parse -j 2`` against ``-j 1`` over the benchmark corpus in
  every form (PDF, DOCX, HTML, three text layouts);
- **overhead**: the ``-j 1`` batch (a worker process, isolation, the stream, the
  manifest) against the same documents parsed in one process by ``gxparse.parse``
  in a loop, writing nothing;
- **parent memory**: peak RSS of the batch process for 100 and for ``--big``
  documents (hard links to the corpus files);
- **start-up**: process start to the first PDF parsed, with PyMuPDF's layout model
  imported (as PyMuPDF 2.0 does by itself) and without it (as gxparse imports it);
  and a worker's RSS;
- **projection**: per-document CPU time -> 100,000 reports on one 16-core machine
  and on a Dask cluster of N of them.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus"
FORMS = ("*.pdf", "*.docx", "*.html", "*.tab.txt", "*.cells.txt", "*.wrapped.txt")


def corpus() -> list[str]:
    return [str(p) for pattern in FORMS for p in sorted(CORPUS.glob(pattern))]


def _run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, children's CPU seconds, and the command's own peak RSS (KiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    code = (
        "import resource, runpy, sys; sys.argv = sys.argv[1:]; "
        "exit_code = 0\n"
        "try:\n    runpy.run_module('gxparse', run_name='__main__')\n"
        "except SystemExit as e:\n    exit_code = e.code or 0\n"
        "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(exit_code)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "gxparse", *cmd], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss = 0
    for line in proc.stderr.splitlines():
        if line.startswith("RSS "):
            rss = int(line.split()[1])
    if proc.returncode not in (0, 2):
        raise SystemExit(f"{cmd}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    return wall, cpu, rss


def _inprocess(files: list[str], write: bool = False) -> float:
    """Seconds to parse ``files`` in a loop in one process (after a first parse: imports
    and first-use caches, as a worker has them); with ``write``, each record's JSON is
    written to a file too, as any program keeping the records must."""
    code = (
        "import os, sys, time, tempfile, gxparse\n"
        f"write = {write!r}\n"
        "files = sys.argv[1:]\n"
        "gxparse.parse(files[0])\n"
        "out = tempfile.TemporaryFile('w', encoding='utf-8')\n"
        "t = time.perf_counter()\n"
        "for f in files:\n"
        "    try:\n        r = gxparse.parse(f)\n"
        "    except gxparse.GxparseError:\n        continue\n"
        "    if write:\n        out.write(r.to_json(indent=None) + '\\n'); out.flush()\n"
        "print(time.perf_counter() - t)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *files], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def speed(files: list[str], rounds: int, tmp: Path) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {
        "j1": [], "j2": [], "one": [], "inproc": [], "inproc_write": [], "cpu_j1": []
    }  # fmt: skip
    for r in range(rounds):
        for jobs in (1, 2):
            out = tmp / f"speed-{r}-{jobs}.jsonl"
            wall, cpu, _ = _run(["parse", "-q", "-j", str(jobs), "-o", str(out), *files])
            times[f"j{jobs}"].append(wall)
            if jobs == 1:
                times["cpu_j1"].append(cpu)
        # the fixed cost of a run (start, imports, a worker, the lock): one document
        wall, _, _ = _run(["parse", "-q", "-j", "1", "-o", str(tmp / f"one-{r}.jsonl"), files[0]])
        times["one"].append(wall)
        times["inproc"].append(_inprocess(files))
        times["inproc_write"].append(_inprocess(files, write=True))
    return times


def memory(files: list[str], sizes: tuple[int, ...], tmp: Path) -> dict[int, int]:
    """Peak RSS (KiB) of the batch process for each number of documents."""
    texts = [f for f in files if f.endswith(".txt")]  # quick to parse: the parent's share shows
    out: dict[int, int] = {}
    for n in sizes:
        folder = tmp / f"mem{n}"
        folder.mkdir()
        for i in range(n):
            src = texts[i % len(texts)]
            os.link(src, folder / f"d{i:05d}.txt")
        _, _, rss = _run(["parse", "-q", "-j", "2", "-o", str(tmp / f"mem{n}.jsonl"), str(folder)])
        out[n] = rss
    return out


def startup(pdf: str) -> dict[str, float]:
    code_first = (
        "import time, sys; t0 = time.perf_counter()\n"
        "{pre}"
        "import gxparse; gxparse.parse(sys.argv[1])\n"
        "import resource; print(time.perf_counter() - t0, "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    res: dict[str, float] = {}
    for name, pre in (("with_layout", "import pymupdf\n"), ("gxparse", "")):
        walls, rsss = [], []
        for _ in range(3):
            proc = subprocess.run(
                [sys.executable, "-c", code_first.format(pre=pre), pdf],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            wall, rss = proc.stdout.split()
            walls.append(float(wall))
            rsss.append(int(rss))
        res[f"{name}_s"] = statistics.median(walls)
        res[f"{name}_mib"] = statistics.median(rsss) / 1024
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--big", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "batch.md")
    args = ap.parse_args(argv)
    files = corpus()
    with tempfile.TemporaryDirectory(prefix="gxparse-batch-") as t:
        tmp = Path(t)
        times = speed(files, args.rounds, tmp)
        mem = memory(files, (100, args.big), tmp)
    start = startup(str(next(f for f in files if f.endswith(".pdf"))))
    j1, j2, one, inproc, inproc_write = (
        statistics.median(times[k]) for k in ("j1", "j2", "one", "inproc", "inproc_write")
    )
    cpu = statistics.median(times["cpu_j1"]) / len(files)
    per_doc_wall = j1 / len(files)
    per_doc_batch = (j1 - one) / (len(files) - 1)  # the fixed cost of a run set aside
    per_doc_in = inproc / len(files)
    per_doc_write = inproc_write / len(files)
    lines = [
        "# Batch runs, measured",
        "",
        f"`python benchmarks/batch.py --rounds {args.rounds} --big {args.big}` on "
        f"{os.cpu_count()} cores; medians of {args.rounds} rounds run side by side. "
        f"Corpus: {len(files)} documents (the benchmark corpus in six forms).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| `-j 1` batch | {j1:.2f} s ({per_doc_wall * 1000:.0f} ms a document) |",
        f"| `-j 2` batch | {j2:.2f} s |",
        f"| **speed-up `-j 2` / `-j 1`** | **{j1 / j2:.2f}×** |",
        f"| fixed cost of a run (start, imports, a worker, lock, stream): one document | "
        f"{one:.2f} s |",
        f"| a document in the `-j 1` batch, fixed cost aside | {per_doc_batch * 1000:.1f} ms |",
        f"| a document parsed in a loop in one process, nothing written | "
        f"{per_doc_in * 1000:.1f} ms |",
        f"| a document parsed in a loop in one process, its JSON written | "
        f"{per_doc_write * 1000:.1f} ms |",
        f"| **overhead a document of the batch machinery** (isolation, IPC, stream, "
        f"manifest) against the loop that writes | **{(per_doc_batch / per_doc_write - 1) * 100:+.1f}%** |",
        f"| the same against the loop that writes nothing | "
        f"{(per_doc_batch / per_doc_in - 1) * 100:+.1f}% |",
        f"| parent peak RSS, 100 documents | {mem[100] / 1024:.0f} MiB |",
        f"| parent peak RSS, {args.big} documents | {mem[args.big] / 1024:.0f} MiB |",
        f"| start-up to the first PDF parsed, PyMuPDF's layout model imported | "
        f"{start['with_layout_s']:.2f} s, {start['with_layout_mib']:.0f} MiB |",
        f"| start-up to the first PDF parsed, as gxparse imports PyMuPDF | "
        f"{start['gxparse_s']:.2f} s, {start['gxparse_mib']:.0f} MiB |",
        f"| CPU time a document (workers, `-j 1`) | {cpu * 1000:.0f} ms |",
        "",
        "## Projection: 100,000 reports",
        "",
        f"From the measured CPU time per document ({cpu * 1000:.0f} ms, this corpus's mix of "
        "forms; real PDFs of 5-30 pages take longer, scale by their share):",
        "",
        f"- one 16-core machine (`-j 16`): 100,000 × {cpu:.3f} s / 16 ≈ "
        f"{100_000 * cpu / 16 / 60:.0f} minutes;",
        f"- a Dask cluster of N such machines (`--scheduler`): ≈ {100_000 * cpu / 16 / 60:.0f} / N "
        "minutes, plus the scheduler's per-task cost (≈ 1 ms a task in Dask's documentation; "
        "0.1 minutes for 100,000 tasks) and reading the files over the shared file system.",
        "",
    ]
    text = "\n".join(lines)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
