"""The batch on a Dask cluster: the same records, errors and resuming as with local workers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gxparse import batch

from .conftest import FIXTURES

distributed = pytest.importorskip("distributed")  # installed by .ci/run (the cluster extra)

SOURCES = [
    FIXTURES / "seed_000_cells" / "source.txt",
    FIXTURES / "docx_2021_plain" / "source.docx",
    FIXTURES / "html_2019_cms" / "source.html",
    FIXTURES / "hongze_2024" / "source.pdf",
]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def _records(path: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for line in path.read_text("utf-8").splitlines():
        rec = json.loads(line)
        key = rec["path"] if rec["schema"] == batch.ERROR_SCHEMA else rec["source"]["path"]
        out[key] = rec
    return out


def test_the_cluster_gives_what_local_workers_give(client: Any, tmp_path: Path) -> None:
    from gxparse import cluster

    files = []
    for i, src in enumerate(SOURCES):
        dst = tmp_path / f"r{i}{src.suffix}"
        shutil.copy(src, dst)
        files.append(str(dst))
    files.append(str(tmp_path / "missing.pdf"))
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    batch.run(files, output=str(local), jobs=1)
    summary = cluster.run(files, client=client, output=str(remote))
    assert (summary.documents, summary.complete, summary.errors) == (5, 3, 1)  # hongze: N1
    a, b = _records(local), _records(remote)
    assert a.keys() == b.keys() == set(files)
    assert a == b  # the same records, to the last provenance, and the same error line
    again = cluster.run(files, client=client, output=str(remote))
    assert again.skipped == 5 and _records(remote) == b


def test_the_command_line_takes_a_scheduler(client: Any, tmp_path: Path) -> None:
    from gxparse.cli import EXIT_OK, main

    out = tmp_path / "out.csv"
    address = client.scheduler.address
    args = ["parse", "-q", *map(str, SOURCES), "--scheduler", address, "--format", "csv"]
    assert main([*args, "-o", str(out)]) == EXIT_OK
    rows = out.read_text("utf-8").splitlines()
    assert rows[0].startswith("path,agency,year") and len(rows) > 700
