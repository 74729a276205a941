"""Batch runs: which files, isolation, streaming and resuming, locks, outputs, DataFrames."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gxparse
from gxparse import batch, isolate, paths
from gxparse.cli import EXIT_OK, EXIT_USAGE, main

from .conftest import FIXTURES

SOURCES = [
    FIXTURES / "seed_000_cells" / "source.txt",
    FIXTURES / "seed_004_tabbed_2019" / "source.txt",
    FIXTURES / "docx_2021_plain" / "source.docx",
    FIXTURES / "html_2019_cms" / "source.html",
    FIXTURES / "hongze_2024" / "source.pdf",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Five reports, one in a subfolder, one saved without an extension, and clutter."""
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    for i, src in enumerate(SOURCES[:-1]):
        shutil.copy(src, root / f"r{i}{src.suffix}")
    shutil.copy(SOURCES[-1], root / "sub" / "download")  # a PDF a crawler saved nameless
    (root / ".hidden.txt").write_text("x", "utf-8")
    (root / "notes.csv").write_text("a,b\n1,2\n", "utf-8")
    (root / "README.md").write_text("# 2023 reports\n", "utf-8")  # notes, not a report
    (root / "make.py").write_text('PDF = b"%PDF-1.4"\n', "utf-8")  # a script, not a PDF
    return root


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _path(line: dict[str, object]) -> str:
    if line["schema"] == batch.ERROR_SCHEMA:
        return str(line["path"])
    source = line["source"]
    assert isinstance(source, dict)
    return str(source["path"])


# -- which files ------------------------------------------------------------------------


def test_folders_globs_and_stdin(folder: Path) -> None:
    flat = paths.expand([str(folder)])
    assert [Path(p).name for p in flat] == ["r0.txt", "r1.txt", "r2.docx", "r3.html"]
    deep = paths.expand([str(folder)], recursive=True)
    assert Path(deep[-1]).name == "download"  # recognised by its bytes
    assert paths.expand([str(folder / "*.t?t")]) == flat[:2]
    assert paths.expand([str(folder / "**" / "download")], recursive=True) == deep[-1:]
    listed = io.StringIO(f"{flat[1]}\n\n{flat[0]}\n{flat[1]}\n")
    assert paths.expand(["-", flat[0]], stdin=listed) == [flat[1], flat[0]]
    assert paths.expand(["nothing-*.pdf"]) == ["nothing-*.pdf"]  # an error record later


def test_a_closed_pipe_ends_the_output_quietly(folder: Path) -> None:
    cmd = f"{sys.executable} -m gxparse parse -q -r --format csv {folder} | head -n 1"
    done = subprocess.run(cmd, shell=True, capture_output=True, text=True, check=False)
    assert done.stdout.startswith("path,agency,year")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


# -- isolation --------------------------------------------------------------------------


def _hostile_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make pipeline.run crash, hang or eat memory on documents whose name says so (the
    workers are forked, so they run this patched code)."""
    from gxparse import pipeline

    real = pipeline.run

    def run(doc: object, **kwargs: object) -> object:
        name = Path(str(getattr(doc, "path", ""))).name
        if "segfault" in name:
            os.kill(os.getpid(), signal.SIGSEGV)
        if "hang" in name:
            time.sleep(600)
        if "greedy" in name:
            hog = [bytearray(1 << 20) for _ in range(4096)]  # 4 GiB: over the cap
            return hog
        return real(doc, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "run", run)


@pytest.mark.skipif(sys.platform == "win32", reason="fork and RLIMIT_AS")
def test_a_crash_a_hang_and_a_memory_hog_are_one_error_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hostile_pipeline(monkeypatch)
    names = ["ok1", "segfault", "ok2", "hang", "greedy", "ok3"]
    files = []
    for name in names:
        p = tmp_path / f"{name}.txt"
        shutil.copy(SOURCES[0], p)
        files.append(str(p))
    start = time.monotonic()
    outcomes = {
        Path(o.path).stem: o for o in isolate.parse_many(files, jobs=2, timeout=3, memory=1 << 30)
    }
    assert time.monotonic() - start < 30
    assert set(outcomes) == set(names)
    assert all(outcomes[n].ok for n in ("ok1", "ok2", "ok3"))
    crash = outcomes["segfault"]
    assert crash.error == "WorkerDied" and "SIGSEGV" in str(crash.message)
    assert str(crash.message).startswith(files[1])
    assert outcomes["hang"].error == "Timeout" and "time limit of 3 s" in str(
        outcomes["hang"].message
    )
    assert outcomes["greedy"].error == "InputTooLargeError"  # MemoryError under the cap


# -- streaming, resuming, locking ----------------------------------------------------------


def test_a_second_run_skips_what_is_done_and_redoes_what_changed(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = folder.parent / "out.jsonl"
    assert main(["parse", str(folder), "-r", "-o", str(out)]) == EXIT_OK
    first = _lines(out)
    assert len(first) == 5
    # hongze's prose states 17 applications, its 表三 95: the source's own N1 break
    assert "5 documents: 4 complete, 1 inconsistent, 0 incomplete, 0 errors" in capsys.readouterr().err
    assert main(["parse", str(folder), "-r", "-o", str(out)]) == EXIT_OK
    assert "5 documents (5 already done, skipped)" in capsys.readouterr().err
    assert _lines(out) == first
    changed = folder / "r0.txt"
    changed.write_text(changed.read_text("utf-8").replace("44", "45", 1), "utf-8")
    with out.open("ab") as fh:  # a run killed mid-line
        fh.write(b'{"schema": "gxparse/record@1", "sou')
    assert main(["parse", str(folder), "-r", "-o", str(out)]) == EXIT_OK
    assert "(4 already done, skipped)" in capsys.readouterr().err
    again = _lines(out)
    assert sorted(map(_path, again)) == sorted(map(_path, first))
    manifest = _lines(out.with_name("out.jsonl.manifest.jsonl"))
    assert sorted(str(m["path"]) for m in manifest) == sorted(map(_path, first))
    status = {Path(str(m["path"])).name: m["status"] for m in manifest}
    assert status.pop("r0.txt") == "inconsistent"  # parsed again: 45 breaks R1
    assert status.pop("download") == "inconsistent"  # hongze: its prose's 17 against 95
    assert set(status.values()) == {"complete"}


def test_kill_9_at_random_moments_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    files = []
    for i in range(24):
        src = SOURCES[i % 4]  # text, DOCX, HTML: quick to parse
        dst = tmp_path / "in" / f"d{i:02d}{src.suffix}"
        dst.parent.mkdir(exist_ok=True)
        shutil.copy(src, dst)
        files.append(str(dst))
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "gxparse", "parse", "-q", "-j", "2", "-o", str(out), *files]
    rng = random.Random(7)
    for _ in range(4):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.8, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == EXIT_OK, done.stderr
    lines = _lines(out)  # every line whole JSON
    assert sorted(map(_path, lines)) == sorted(files)  # one each: none lost, none twice


def test_a_second_run_on_the_same_output_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    hold = (
        "import sys, time; from pathlib import Path; from gxparse import batch; "
        "s = batch.Stream(Path(sys.argv[1])); s.lock(); print('locked', flush=True); "
        "time.sleep(60)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", hold, str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert main(["parse", str(SOURCES[0]), "-o", str(out)]) == EXIT_USAGE
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert "being written by another gxparse run" in err and f"pid {holder.pid}" in err
    assert not out.exists()
    assert main(["parse", "-q", str(SOURCES[0]), "-o", str(out)]) == EXIT_OK  # free again
    assert len(_lines(out)) == 1


@pytest.mark.parametrize("where", ["missing/out.jsonl", "."])
def test_a_bad_output_is_refused_before_parsing(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["parse", str(SOURCES[0]), "-o", where]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"error: -o {where}: ") and "gxparse:" not in err


# -- outputs -------------------------------------------------------------------------------


def test_csv_has_meta_columns_and_cell_locations(tmp_path: Path) -> None:
    import csv

    out = tmp_path / "out.csv"
    assert (
        main(["parse", "-q", str(SOURCES[2]), str(SOURCES[0]), "--format", "csv", "-o", str(out)])
        == EXIT_OK
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    docx = [r for r in rows if r["path"].endswith(".docx")]
    assert {r["agency"] for r in docx} != {""} and {r["year"] for r in docx} == {"2023"}
    issued = next(r for r in docx if r["row"] == "regulations" and r["column"] == "repealed")
    assert (issued["cell_table"], issued["cell_row"], issued["cell_col"]) == ("0", "2", "2")
    assert issued["value"] == "17" and issued["ok"] == "True"
    assert out.with_name("out.csv.gxparse.jsonl").exists()  # the stream, for resuming


def test_parquet_and_frames_keep_counts_whole_and_money_exact(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")  # installed by .ci/run (the data extra)
    pytest.importorskip("pyarrow")
    out = tmp_path / "out.parquet"
    files = [str(SOURCES[1]), str(SOURCES[0])]
    assert main(["parse", "-q", *files, "--format", "parquet", "-o", str(out)]) == EXIT_OK
    long = pd.read_parquet(out)
    assert str(long["value"].dtype) == "Int64"
    amount = long[(long["row"] == "procurement") & (long["column"] == "amount")]
    assert list(amount["value_text"]) == ["6659425.34"] and amount["value"].isna().all()
    reports = [gxparse.parse(f) for f in files]
    frame = gxparse.to_frame(reports)
    assert len(frame) == len(long) and str(frame["year"].dtype) == "Int64"
    wide = gxparse.to_frame(reports, shape="wide")
    assert len(wide) == 2
    assert wide.loc[wide["year"] == 2023, "applications.received.new.total"].item() == 44
    assert reports[0].to_frame().shape[0] == sum(1 for _ in reports[0].cells())
