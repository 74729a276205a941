"""Hostile and broken files (issue 11): every input ends in a record or a GxparseError.

Each fast input of ``tests/hostile/build.py`` is parsed in a fresh process
under a memory cap (``RLIMIT_AS``) and a wall-clock timeout:

- ``test_api``: ``gxparse.parse(path)``, PDFs with both backends: a Report, or a
  GxparseError whose message is one line starting with the path.
- ``test_cli``: ``python -m gxparse parse --timeout 15 FILE...`` over all the
  inputs at once: the CLI's per-document isolation (worker processes, a time
  and memory cap each) must keep one bad file from the others, and each input
  gets at most one ``error: PATH: ...`` line, never a traceback or "internal
  error". If the batch itself dies or hangs, each input is run alone instead,
  to say which. Odd paths (a FIFO, a device, a directory...) always run alone.
- ``test_cli_alone``: one input of each kind alone: exit 0, or exit 2 and
  exactly one stderr line.

The children run two at a time in a module fixture (only those the selected
tests need) before the first test asserts. ``GXPARSE_HOSTILE_TIMEOUT``
(seconds, default 15) and ``GXPARSE_HOSTILE_MEM`` (MiB, default 2048) change
the caps, ``GXPARSE_HOSTILE_WORKERS`` the runs at a time (default 2). The slow
inputs run in ``benchmarks/hostile.py``.
"""

from __future__ import annotations

import importlib.util
import os
import time
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from tests.hostile import build, run

TIMEOUT = float(os.environ.get("GXPARSE_HOSTILE_TIMEOUT", "15"))
MEM = int(os.environ.get("GXPARSE_HOSTILE_MEM", "2048")) << 20
WORKERS = int(os.environ.get("GXPARSE_HOSTILE_WORKERS", "0")) or min(2, os.cpu_count() or 1)
BUILD_SECONDS = 1.0  # a fast input builds in less

HAVE_PYMUPDF = importlib.util.find_spec("pymupdf") is not None
PDF_BACKENDS: tuple[str, ...] = ("pymupdf", "pdfplumber") if HAVE_PYMUPDF else ("pdfplumber",)
FAST = [c for c in build.CASES if c.fast]
ALONE = [
    "docx_grid_span_abc", "docx_zip_bomb_64mb", "html_charset_undefined", "text_5000_digit_number",
    "nul_bytes_1mb", "pdf_flate_bomb_128mb",
]  # fmt: skip

Key = tuple[str, str, str | None]  # (test: api, cli or cli_alone; input; PDF backend)


def _api_params() -> list[object]:
    out: list[object] = []
    for case in FAST:
        for backend in PDF_BACKENDS if case.is_pdf else (None,):
            out.append(pytest.param(case, backend, id=f"{case.name}-{backend or 'any'}"))
    return out


@dataclass
class Built:
    """The fast inputs on disk, and how long each took to build."""

    paths: dict[str, Path]
    seconds: dict[str, float]


@dataclass
class Battery:
    """Outcomes of the selected runs (and of the batch CLI run, if any)."""

    outcomes: dict[Key, run.Outcome]
    paths: dict[str, Path]
    batch: run.Outcome | None


RUN_TESTS = ("api", "cli", "cli_alone")


def _selected(request: pytest.FixtureRequest) -> list[Key]:
    """(test, input, backend) of every selected test of this module that needs a run."""
    keys: list[Key] = []
    for item in request.session.items:
        spec = getattr(item, "callspec", None)
        if spec is None or getattr(item, "module", None) is not request.module:
            continue
        test = item.originalname.removeprefix("test_")  # type: ignore[attr-defined]
        case = spec.params.get("case")
        if test in RUN_TESTS and isinstance(case, build.Case):
            keys.append((test, case.name, spec.params.get("backend")))
    return keys


def _job(case: build.Case, path: Path, test: str, backend: str | None) -> run.Job:
    if test == "api":
        return run.Job(
            path, "api", backend, TIMEOUT, MEM,
            baseline=case.baseline, changed=case.changed, forbidden=case.forbidden,
        )  # fmt: skip
    return run.Job(path, "cli", backend, TIMEOUT, MEM)


def _from_batch(batch: run.Outcome, path: Path) -> run.Outcome:
    """One input's share of a batch CLI run: its stderr lines."""
    lines = run.cli_lines(batch.stderr, path)
    internal = any("internal error" in ln for ln in lines)
    kind = "crash" if len(lines) > 1 else "internal" if internal else "error" if lines else "record"
    return run.Outcome(
        kind,
        batch.seconds,
        batch.peak_mib,
        message=" / ".join(lines) or None,
        stderr="\n".join(lines),
        details={"from": "the batch run"},
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    directory = tmp_path_factory.mktemp("hostile")
    paths: dict[str, Path] = {}
    seconds: dict[str, float] = {}
    for case in FAST:
        t0 = time.perf_counter()
        paths[case.name] = case.materialize(directory)
        seconds[case.name] = time.perf_counter() - t0
    return Built(paths, seconds)


@pytest.fixture(scope="module")
def battery(request: pytest.FixtureRequest, built: Built) -> Battery:
    paths = built.paths
    keys = _selected(request)
    batched = [k for k in keys if k[0] == "cli" and build.BY_NAME[k[1]].kind != "path"]
    single = [k for k in keys if k not in batched]
    jobs = [_job(build.BY_NAME[name], paths[name], test, b) for test, name, b in single]
    if batched:
        first, *rest = (paths[name] for _, name, _ in batched)
        options = ("--timeout", f"{TIMEOUT:g}")  # the CLI's own per-document cap
        timeout = max(4 * TIMEOUT, 1.0 * len(batched))
        jobs.insert(0, run.Job(first, "cli", None, timeout, MEM, more=tuple(rest), options=options))
    results = run.run_many(jobs, workers=WORKERS)
    batch = results.pop(0) if batched else None
    outcomes = dict(zip(single, results, strict=True))
    if batch is not None:
        if batch.kind in ("timeout", "killed") or "Traceback" in batch.stderr:
            # the batch died: run each input alone to say which one does it
            alone = [_job(build.BY_NAME[name], paths[name], "cli", None) for _, name, _ in batched]
            for key, o in zip(batched, run.run_many(alone, workers=WORKERS), strict=True):
                outcomes[key] = replace(o, details={**o.details, "batch": batch.short(200)})
        else:
            for key in batched:
                outcomes[key] = _from_batch(batch, paths[key[1]])
    return Battery(outcomes, paths, batch)


def _explain(outcome: run.Outcome) -> str:
    tail = "\n".join(outcome.stderr.strip().splitlines()[-6:])
    return (
        f"{outcome.kind}: {outcome.short(400)} "
        f"({outcome.seconds:.1f}s, {outcome.peak_mib:.0f} MiB)" + (f"\n{tail}" if tail else "")
    )


@pytest.mark.parametrize(("case", "backend"), _api_params())
def test_api(battery: Battery, case: build.Case, backend: str | None) -> None:
    outcome = battery.outcomes[("api", case.name, backend)]
    assert outcome.ok, _explain(outcome)
    if case.expect == "record":
        assert outcome.kind == "record", (
            f"a good report in disguise was refused: {_explain(outcome)}"
        )
    if outcome.kind == "error":
        assert outcome.names_path, f"the error does not start with the path: {outcome.message}"
        assert "\n" not in (outcome.message or ""), (
            f"a message of several lines: {outcome.message!r}"
        )
    lost = outcome.details.get("lost")
    assert not lost, f"the cell's neighbours went blank: {'; '.join(lost)}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in FAST])
def test_cli(battery: Battery, case: build.Case) -> None:
    outcome = battery.outcomes[("cli", case.name, None)]
    assert outcome.ok, _explain(outcome)
    if outcome.kind == "error":
        assert run.cli_line_ok(battery.paths[case.name], outcome.stderr), outcome.stderr
    if case.expect == "record":
        assert outcome.kind == "record", _explain(outcome)


@pytest.mark.parametrize("case", [pytest.param(build.BY_NAME[n], id=n) for n in ALONE])
def test_cli_alone(battery: Battery, case: build.Case) -> None:
    outcome = battery.outcomes[("cli_alone", case.name, None)]
    assert outcome.ok, _explain(outcome)
    if outcome.kind == "error":
        assert run.cli_line_ok(battery.paths[case.name], outcome.stderr), outcome.stderr


def test_cli_batch(battery: Battery) -> None:
    """All the fast inputs in one ``gxparse parse`` run: it finishes, with no traceback."""
    if battery.batch is None:
        pytest.skip("no test_cli input selected")
    assert battery.batch.ok, _explain(battery.batch)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in FAST if c.build is not None])
def test_fast_input_builds_fast(built: Built, case: build.Case) -> None:
    assert built.seconds[case.name] < BUILD_SECONDS


def test_every_issue_row_is_in_the_battery() -> None:
    """The rows of issue 11's table, by the inputs that stand for them."""
    rows = {
        "docx_grid_before_1e9", "docx_numbering_start_1e18_roman", "fifo", "docx_grid_span_abc",
        "docx_ilvl_abc", "docx_ilvl_12", "docx_numbering_start_1e13_letters",
        "html_charset_undefined", "text_5000_digit_number", "dev_zero", "pdf_flate_bomb_128mb",
        "pdf_rules_16mb", "docx_zip_bomb_1gb", "text_cell_nan", "html_table_10k_x_100",
        "pdf_pages_5000", "html_50mb", "text_200mb",
    }  # fmt: skip
    assert rows <= build.BY_NAME.keys()


@pytest.mark.parametrize(("times", "head", "tail"), [(1, b"", b""), (5, b"<head>", b"</tail>")])
def test_deflate_repeated_inflates_to_what_it_says(times: int, head: bytes, tail: bytes) -> None:
    chunk = build.repeat_to(b"0 0 m 1 1 l S\n", 70_000)
    d = build.deflate_repeated(chunk, times, head=head, tail=tail)
    data = head + chunk * times + tail
    assert zlib.decompress(d.data, -15) == data
    assert zlib.decompress(d.zlib()) == data
    assert (d.size, d.crc32) == (len(data), zlib.crc32(data))
