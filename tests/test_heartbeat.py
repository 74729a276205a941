"""The batch's time limit counts time without progress for documents that report pages
done (a scan read by OCR), up to a ceiling; documents that report nothing keep theirs."""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from gxparse import heartbeat, isolate

from .conftest import FIXTURES

SOURCE = FIXTURES / "seed_000_cells" / "source.txt"
TIMEOUT = 1.0
CEILING = 2.5
BEAT = 0.3  # seconds a fake page takes


def _slow_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make pipeline.run read fake pages on documents whose name says so (the workers
    are forked, so they run this patched code): ``steady`` reads 8 pages, longer in all
    than the time limit; ``silent`` reads none and hangs; ``stalls`` reads 3 and hangs;
    ``endless`` reads pages until it is stopped."""
    from gxparse import pipeline

    real = pipeline.run

    def run(doc: object, **kwargs: object) -> object:
        name = Path(str(getattr(doc, "path", ""))).stem
        pages = {"steady": 8, "stalls": 3, "endless": 10_000}.get(name, 0)
        for _ in range(pages):
            time.sleep(BEAT)
            heartbeat.beat()
        if name in ("silent", "stalls"):
            time.sleep(600)
        return real(doc, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "run", run)


def _pages(message: str | None) -> int:
    found = re.search(r"\((\d+) pages? done", str(message))
    assert found, message
    return int(found.group(1))


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_a_document_reading_pages_outlives_the_time_limit_up_to_the_ceiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slow_pipeline(monkeypatch)
    names = ["steady", "silent", "ok", "endless", "stalls", "ok2"]
    files = []
    for name in names:
        p = tmp_path / f"{name}.txt"
        shutil.copy(SOURCE, p)
        files.append(str(p))
    start = time.monotonic()
    outcomes = {
        Path(o.path).stem: o
        for o in isolate.parse_many(files, jobs=2, timeout=TIMEOUT, ceiling=CEILING)
    }
    assert time.monotonic() - start < 20
    assert set(outcomes) == set(names)
    # 8 pages in ~2.4 s, never a second without one: done, well past the time limit
    steady = outcomes["steady"]
    assert steady.ok and steady.seconds > 2 * TIMEOUT, steady
    assert outcomes["ok"].ok and outcomes["ok2"].ok
    # no page reported: stopped at the time limit, with today's message
    silent = outcomes["silent"]
    assert silent.error == "Timeout" and silent.seconds < CEILING
    assert str(silent.message) == (
        f"{files[1]}: not done within the time limit of 1 s; the worker parsing it was stopped"
    )
    # 3 pages, then a hang: stopped a time limit after the last page, naming the pages
    stalls = outcomes["stalls"]
    assert stalls.error == "Timeout" and "no page done within the time limit of 1 s" in str(
        stalls.message
    )
    assert _pages(stalls.message) == 3
    assert 3 * BEAT + TIMEOUT <= stalls.seconds < CEILING + 1
    # pages without end: stopped at the ceiling, naming the pages done by then
    endless = outcomes["endless"]
    assert endless.error == "Timeout" and "not done within 2.5 s" in str(endless.message)
    assert CEILING <= endless.seconds < CEILING + 1
    assert 3 <= _pages(endless.message) <= CEILING / BEAT


def test_beat_counts_per_document_and_never_raises() -> None:
    told: list[int] = []
    with heartbeat.reporting(told.append):
        heartbeat.beat()
        heartbeat.beat()
        assert heartbeat.done() == 2
        with heartbeat.reporting(None):  # nobody listening: counted only
            heartbeat.beat()
            assert heartbeat.done() == 1
        heartbeat.beat()
    assert told == [1, 2, 3]

    def broken(pages: int) -> None:
        raise BrokenPipeError

    with heartbeat.reporting(broken):
        heartbeat.beat()  # the batch is gone: the work goes on
        assert heartbeat.done() == 1
