"""The same batch on a Dask cluster (``pip install 'gxparse[cluster]'``).

Where one machine is not enough, ``gxparse.cluster.run(paths, output=..., client=...)``
maps the documents over an existing Dask ``distributed`` cluster and keeps
everything else of ``gxparse.batch.run``: one stream line per document as it
comes back, the manifest, resuming, the lock, the outputs. Dask schedules; gxparse
only submits one task per path and gathers them as they complete.

Isolation: by default a document is parsed in the Dask worker itself, under
gxparse's input limits; a document that crashes the worker is retried by Dask and,
after its allowed failures, comes back as one error record (``KilledWorker``), and
the batch goes on. With ``isolated=True`` each task parses its document in a
process of its own under the time limit and memory cap (``gxparse.isolate``,
forked from a forkserver), when the Dask worker may start processes (Dask's
workers are daemonic by default: set ``distributed.worker.daemon`` to False).

The paths must be readable by the Dask workers (a shared file system).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from typing import Any

from gxparse import batch, isolate
from gxparse import limits as _limits


def _task(
    path: str,
    timeout: float | None,
    memory: int | None,
    readers: list[str] | None,
    limits: _limits.Limits,
    isolated: bool,
) -> isolate.Outcome:
    # a Dask worker runs threads: a worker of ours is forked from a forkserver
    isolated = isolated and not multiprocessing.current_process().daemon
    with _limits.using(limits):
        outcomes = isolate.parse_many(
            [path],
            jobs=1 if isolated else 0,
            timeout=timeout,
            memory=memory,
            readers=readers,
            limits=limits,
            method="forkserver" if isolated else None,
        )
        return next(outcomes)


def parse_many(
    paths: list[str],
    *,
    client: Any,
    timeout: float | None = isolate.DEFAULT_TIMEOUT,
    memory: int | None = isolate.DEFAULT_MEMORY,
    readers: list[str] | None = None,
    limits: _limits.Limits | None = None,
    isolated: bool = False,
) -> Iterator[isolate.Outcome]:
    """An ``Outcome`` per path from the Dask cluster behind ``client``, as each completes.

    With ``isolated`` (and Dask workers that may start processes), each document is
    parsed in a process of its own under ``timeout`` and ``memory``; measured on this
    2-core machine that costs ~0.6 s a document, so by default documents are parsed in
    the Dask worker, under gxparse's input limits, with Dask restarting a worker that
    dies.
    """
    from distributed import as_completed

    chosen = limits or _limits.current()
    futures = client.map(
        _task,
        paths,
        timeout=timeout,
        memory=memory,
        readers=readers,
        limits=chosen,
        isolated=isolated,
        pure=False,
    )
    path_of = {f.key: p for f, p in zip(futures, paths, strict=True)}
    try:
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            path = path_of[future.key]
            try:
                outcome: isolate.Outcome = future.result()
            except Exception as exc:  # KilledWorker, a lost worker, a cancelled task
                outcome = isolate.Outcome(
                    path, None, 0, None, type(exc).__name__, f"{path}: the Dask task failed: {exc}"
                )
            future.release()
            yield outcome
    finally:
        client.cancel([f for f in futures if not f.done()])


def run(paths: list[str], *, client: Any, **options: Any) -> batch.Summary:
    """``gxparse.batch.run`` with the documents parsed on the cluster behind ``client``
    (``timeout``, ``memory``, ``readers``, ``limits`` go to the tasks; the rest, such
    as ``output`` and ``fmt``, to ``batch.run``)."""
    task_options = {
        k: options.pop(k) for k in ("timeout", "memory", "readers", "limits") if k in options
    }

    def engine(todo: list[str]) -> Iterator[isolate.Outcome]:
        return parse_many(todo, client=client, **task_options)

    return batch.run(paths, engine=engine, **options)


__all__ = ["parse_many", "run"]
