"""Benchmark gxparse, and the baselines a user would otherwise reach for, against gold.

    python benchmarks/run.py [--corpus benchmarks/corpus] [--forms pdf,docx,...]
                             [--baselines pdfplumber,pymupdf,camelot] [--out docs/benchmarks.md]

For each form of the corpus, runs ``gxparse.parse`` over every document and
scores the records with ``gxparse.score``; for PDFs, runs the baselines
(``baselines.py``: pdfplumber ``extract_tables``, PyMuPDF ``find_tables``,
camelot lattice, one shared grid adapter) in the same run. A document a tool
fails on is counted as an error (its cells as missing) and the run goes on.
Prints the table and writes it, with the command, machine and date, to
``--out`` (``--out -`` writes nothing).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shlex
import subprocess
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]  # this checkout's gxparse, and baselines/metrics

import baselines  # noqa: E402
import metrics  # noqa: E402
from metrics import Doc, Result  # noqa: E402

import gxparse  # noqa: E402
from gxparse.score import score  # noqa: E402

FORM_ORDER = ("pdf", "docx", "html", "tab", "cells", "wrapped", "text")
PACKAGES = ("pdfplumber", "pdfminer.six", "pymupdf", "camelot-py", "opencv-python-headless")


def _run_one(result: Result, doc: Doc, gold: dict[str, Any], extract: Callable[[str], Any]) -> None:
    path = str(doc.files[result.form])
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pred = extract(path)
    except Exception as exc:  # a tool's failure is a result, not the end of the run
        text = " ".join(str(exc).split()).replace(str(ROOT) + os.sep, "")
        message = f"{type(exc).__name__}: {text[:200]}"
        result.errors.append((doc.id, message))
        result.scores.append(score(None, gold, doc_id=doc.id, pred_path=path))
        return
    elapsed = time.perf_counter() - start
    result.times.append(elapsed)
    result.scores.append(score(pred, gold, doc_id=doc.id, pred_path=path))


def _warm_up(extract: Callable[[str], Any], path: str) -> None:
    """One untimed run, so that imports and caches do not count as the first document's time."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            extract(path)
    except Exception:
        pass  # the timed run records the failure


def _gxparse(path: str) -> dict[str, Any]:
    return gxparse.parse(path).to_dict()


def _baseline(name: str) -> Callable[[str], dict[str, Any]]:
    return lambda path: baselines.run_baseline(name, path)


def run(
    docs: list[Doc], forms: list[str], baseline_names: list[str], log: Callable[[str], None]
) -> list[Result]:
    golds = {d.id: d.gold() for d in docs}
    results: list[Result] = []
    for form in forms:
        selected = [d for d in docs if form in d.files]
        tools: list[tuple[str, Callable[[str], Any]]] = [("gxparse", _gxparse)]
        if form == "pdf":
            tools += [(name, _baseline(name)) for name in baseline_names]
        for tool, extract in tools:
            result = Result(tool, form)
            if selected:
                _warm_up(extract, str(selected[0].files[form]))
            for doc in selected:
                _run_one(result, doc, golds[doc.id], extract)
            log(
                f"  {form:<8} {tool:<11} {len(selected)} documents, "
                f"{len(result.errors)} errors, cells {metrics.pct(result.corpus.cells.accuracy)}"
            )
            results.append(result)
    return results


def _git() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes)" if dirty else "")


def _nproc() -> str:
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(os.cpu_count())


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    versions = {"gxparse": gxparse.__version__}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": _nproc(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": _git(),
        "packages": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


def tables(results: list[Result]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    reference = {r.form: r.median for r in results if r.tool == "gxparse"}
    summary = [metrics.summary_row(r, reference.get(r.form)) for r in results]
    detail = [metrics.detail_row(r) for r in results]
    return summary, detail


def failures(results: list[Result], limit: int = 3) -> list[str]:
    lines = []
    for r in results:
        if not r.errors:
            continue
        kinds = ", ".join(f"{k} ×{n}" for k, n in r.error_kinds().most_common())
        lines.append(f"- {r.form} / {r.tool}: {len(r.errors)} errors ({kinds})")
        for doc_id, message in r.errors[:limit]:
            lines.append(f"  - `{doc_id}`: {message}")
    return lines


def worst(results: list[Result], limit: int = 5) -> list[str]:
    """gxparse's silent errors, the ones the targets forbid, listed by document."""
    lines = []
    for r in results:
        if r.tool != "gxparse":
            continue
        for s in r.scores:
            silent = [e for e in s.errors if e.silent and e.table != "meta"]
            if silent:
                shown = "; ".join(
                    f"{e.key} expected {e.expected} found {e.found}" for e in silent[:limit]
                )
                more = f" (+{len(silent) - limit} more)" if len(silent) > limit else ""
                lines.append(f"- {r.form} `{s.doc_id}`: {len(silent)} silent — {shown}{more}")
    return lines


def markdown(
    results: list[Result], command: str, info: dict[str, str], corpus: Path, notes: list[str]
) -> str:
    summary, detail = tables(results)
    docs = max((len(r.scores) for r in results), default=0)
    out = [
        "# Benchmarks\n",
        "Accuracy and speed of gxparse on the benchmark corpus, with the baselines a user",
        "would otherwise reach for on the PDFs. Produced by `benchmarks/run.py`; see",
        "`benchmarks/README.md` for what each figure means and `docs/scoring.md` for the",
        "scoring rules. Negative results are kept: this is what the command printed.\n",
        "## Command\n",
        f"```\n{command}\n```\n",
        f"Corpus: `{_rel(corpus)}` ({docs} documents per form).\n",
        "## Machine\n",
        *(f"- {k}: {v}" for k, v in info.items()),
        "",
        "## Results\n",
        metrics.markdown_table(summary),
        "Per table (cells right) and metadata (gxparse only):\n",
        metrics.markdown_table(detail),
    ]
    if notes:
        out += ["## Notes\n", *(f"- {n}" for n in notes), ""]
    fail = failures(results)
    out += ["## Failures\n", *(fail or ["None."]), ""]
    silent = worst(results)
    out += ["## gxparse's silent errors\n", *(silent or ["None."]), ""]
    return "\n".join(out)


def _stamp(corpus: Path) -> list[tuple[str, int]]:
    return sorted((p.name, p.stat().st_mtime_ns) for p in corpus.glob("*") if p.is_file())


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _variants_section(n: int) -> str:
    """The variant fuzzer's report (``benchmarks/variants.py --n N --seed 0``), its headings
    one level down, as a section of this page; documents with a silent error are written to
    ``benchmarks/out/variants/``."""
    import io
    from contextlib import redirect_stdout

    import variants  # benchmarks/variants.py, beside this script

    out = io.StringIO()
    with redirect_stdout(out):
        variants.main(["--n", str(n), "--seed", "0", "--dump", str(HERE / "out" / "variants")])
    lines = out.getvalue().rstrip().splitlines()
    return "\n".join("#" + line if line.startswith("#") else line for line in lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", type=Path, default=HERE / "corpus")
    p.add_argument("--forms", help="comma-separated forms (default: all the corpus has)")
    p.add_argument(
        "--baselines",
        default=",".join(baselines.BASELINES),
        help="comma-separated baselines for PDFs, or 'none' (default: %(default)s)",
    )
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="'-' for none")
    p.add_argument("--limit", type=int, help="only the first N documents")
    p.add_argument(
        "--variants",
        type=int,
        default=300,
        help="documents of the variant fuzzer's large profile (benchmarks/variants.py) whose "
        "report is appended; 0 for none (default: %(default)s)",
    )
    args = p.parse_args(argv)

    notes: list[str] = []
    corpus: Path = args.corpus
    if not corpus.is_dir():
        print(f"error: no corpus at {corpus}", file=sys.stderr)
        return 2
    docs = metrics.discover(corpus)
    if args.limit:
        docs = docs[: args.limit]
    if not docs:
        print(f"error: no gold records in {corpus}", file=sys.stderr)
        return 2
    present = {f for d in docs for f in d.files}
    forms = args.forms.split(",") if args.forms else [f for f in FORM_ORDER if f in present]
    names = [] if args.baselines == "none" else [b for b in args.baselines.split(",") if b]
    unknown = [b for b in names if b not in baselines.BASELINES]
    if unknown:
        print(f"error: unknown baseline(s) {unknown}; known: {list(baselines.BASELINES)}")
        return 2

    print(f"{len(docs)} documents in {corpus}, forms {','.join(forms)}", file=sys.stderr)
    before = _stamp(corpus)
    try:
        results = run(docs, forms, names, lambda line: print(line, file=sys.stderr))
    except KeyboardInterrupt:
        traceback.print_exc()
        return 130
    if _stamp(corpus) != before:
        notes.append("the corpus changed while this ran: the figures mix two versions of it")
    summary, detail = tables(results)
    print()
    print(metrics.text_table(summary))
    print(metrics.text_table(detail))
    for line in failures(results):
        print(line)
    for note in notes:
        print(f"note: {note}")
    command = "python benchmarks/run.py" + (
        " " + shlex.join(sys.argv[1:] if argv is None else argv)
        if (sys.argv[1:] if argv is None else argv)
        else ""
    )
    text = markdown(results, command, machine(), corpus, notes)
    if args.variants:
        text += "\n\n" + _variants_section(args.variants)
    if args.out != "-":
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"\nwritten to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
