"""Parse documents in worker processes, each document under a time limit and a memory cap.

A batch must outlive any one file. gxparse bounds what it reads (``gxparse.limits``),
but a native library (MuPDF, pdfminer's C helpers, libxml2) can still crash or run
long on a file that passes every limit. So each document is parsed in a worker
process whose address space is capped (``RLIMIT_AS``), and the parent kills a worker
that runs past the time limit. A worker that dies -- killed, out of memory, a
segfault -- becomes one error result naming the file and the cause, a new worker
takes its place, and the batch goes on.

The time limit counts time without progress. A document is given ``timeout`` seconds
from its start; a scan, whose pages are read by OCR a few seconds each, reports each
page it finishes (``gxparse.heartbeat``: a page count sent over the worker's pipe), and
each report gives it ``timeout`` seconds more from that moment -- but never more than
``ceiling`` (``CEILING`` x ``timeout``) from its start, so that a document cannot run
forever by reporting pages. A document that reports nothing (born-digital: no OCR) has
``timeout`` seconds in all.

Workers are plain ``multiprocessing`` processes fed one path at a time over a pipe
(no pool library can kill one task's process and go on). With ``jobs=0`` documents
are parsed in this process, with no isolation (for debugging and for callers that
run their own isolation).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from attrs import frozen

from gxparse import heartbeat
from gxparse import limits as _limits

DEFAULT_TIMEOUT = 120.0  # seconds a document may take, or go without reading a page
CEILING = 10  # a document that reports progress may take at most CEILING x the time limit
# bytes of address space a worker may use (RLIMIT_AS; not on Windows: time limit only)
DEFAULT_MEMORY = 0 if sys.platform == "win32" else 2 << 30


@frozen
class Outcome:
    """What became of one document: a record (its JSON, one line) or an error.

    The worker serialises the record itself (the parent only writes it out), and says
    how many of its checks failed.
    """

    path: str
    text: str | None = None  # the record's JSON on one line
    failed: int = 0  # failed checks of the record
    sha256: str | None = None  # of the document, as the record has it
    error: str | None = None  # the error's class name (``InputTooLargeError``, ``Timeout``...)
    message: str | None = None  # the error's message, naming the file
    seconds: float = 0.0
    state: str | None = None  # the record's status: complete, inconsistent, incomplete

    @property
    def ok(self) -> bool:
        """Whether the document gave a record (its checks may still have failed)."""
        return self.text is not None

    @property
    def record(self) -> dict[str, Any] | None:
        """The record as its JSON dict (parsed from ``text``)."""
        return None if self.text is None else json.loads(self.text)


# text, failed, sha256, state -- or error class and message
_Result = tuple[str | None, int, str | None, str | None, str | None, str | None]


class _Path(os.PathLike[str]):
    """A path as given, always a path: ``parse`` reads a ``str`` holding a line break as
    report text, and a batch is given file names (which may hold one)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return self.path


def _parse_one(path: str, options: dict[str, Any]) -> _Result:
    from gxparse.api import parse
    from gxparse.errors import GxparseError

    try:
        report = parse(_Path(path), readers=options.get("readers"), limits=options.get("limits"))
    except GxparseError as exc:
        return None, 0, None, type(exc).__name__, str(exc), None
    except BaseException as exc:
        message = f"{path}: internal error {type(exc).__name__}: {exc}"
        return None, 0, None, "InternalError", message, None
    text = report.to_json(indent=None)
    state = report.status.state
    return text, len(report.failed_checks), report.source.sha256, None, None, state


def _worker(conn: Connection, memory: int | None, options: dict[str, Any], parent: int) -> None:
    """A worker's loop: a path in, a ``_Result`` out, until ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    _die_with_parent()
    if os.getppid() != parent:  # the batch died before the line above took effect
        os._exit(0)
    if memory:
        _cap(memory)
    from gxparse import logs

    logs.quiet_libraries()
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        with heartbeat.reporting(conn.send):  # each page done: its count, ahead of the result
            result = _parse_one(path, options)
        conn.send(result)


def _cap(memory: int) -> None:
    """Let this worker grow by at most ``memory`` bytes of address space beyond what it
    inherited (a forked worker starts with its parent's mappings: a notebook with
    pandas and a Dask cluster loaded holds gigabytes of address space it never touches)."""
    try:
        import resource
    except ImportError:  # not on this platform: the time limit only
        return
    try:
        with open("/proc/self/statm") as fh:
            inherited = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        inherited = 0
    limit = inherited + memory
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the batch process dies (even by
    ``kill -9``), rather than let it finish its document as an orphan."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _Slot:
    """One worker process and the documents given to it: the one it is on (the head of
    ``queue``, started at ``started``, ``pages`` done by ``beat``) and the next, sent
    ahead so that the worker never waits for the parent between two documents."""

    DEPTH = 2

    def __init__(self, ctx: Any, memory: int | None, options: dict[str, Any]) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=_worker, args=(child, memory, options, os.getpid()), daemon=True
        )
        self.proc.start()
        child.close()
        self.queue: deque[str] = deque()
        self.started = 0.0
        self.pages = 0  # pages the head document reported done
        self.beat: float | None = None  # when it reported the last of them

    @property
    def path(self) -> str | None:
        """The document the worker is on."""
        return self.queue[0] if self.queue else None

    def give(self, path: str) -> None:
        if not self.queue:
            self.started = time.monotonic()
        self.queue.append(path)
        self.conn.send(path)

    def done(self, now: float) -> None:
        """The head document is done; the next one started when it ended."""
        self.queue.popleft()
        self.started = now
        self.pages, self.beat = 0, None

    def deadline(self, timeout: float, ceiling: float) -> float:
        """When the head document is stopped: ``timeout`` after its start or after the
        last page it reported, but never later than ``ceiling`` after its start."""
        if self.beat is None:
            return self.started + timeout
        return min(self.beat + timeout, self.started + ceiling)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        self.conn.close()


def _died(proc: Any, memory: int | None) -> str:
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        cause = {
            "SIGSEGV": "a crash in a native library",
            "SIGABRT": "a native library aborted",
            "SIGKILL": "killed, perhaps by the system for lack of memory",
            "SIGBUS": "a crash in a native library",
        }.get(name, "killed")
        return f"the worker parsing it died of {name} ({cause})"
    cap = f" within the {memory / (1 << 30):.1f} GiB memory cap" if memory else ""
    return f"the worker parsing it exited with status {code}{cap}"


def _context() -> Any:
    # fork shares the modules already imported (PyMuPDF costs ~0.8 s to import); the
    # workers start before any thread of ours exists
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def parse_many(
    paths: Iterable[str],
    *,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory: int | None = DEFAULT_MEMORY,
    readers: list[str] | None = None,
    limits: _limits.Limits | None = None,
    method: str | None = None,
    ceiling: float | None = None,
) -> Iterator[Outcome]:
    """Parse ``paths``, yielding an ``Outcome`` per path as each is done (not in order).

    ``jobs`` worker processes (default: the machine's cores; 0: in this process, with
    no limits), each document under ``memory`` bytes of address space and ``timeout``
    seconds -- from its start, or from the last page it reported done (a scan read by
    OCR), but ``ceiling`` seconds at most in all (default ``CEILING`` x ``timeout``).
    Closing the iterator early stops the workers. ``method`` is the multiprocessing
    start method (default: fork where there is one; forkserver from a process that runs
    threads, such as a Dask worker).
    """
    options = {"readers": readers, "limits": limits or _limits.current()}
    if jobs is None:
        jobs = os.cpu_count() or 1
    if jobs <= 0:
        for path in paths:
            start = time.monotonic()
            text, failed, sha, error, message, state = _parse_one(path, options)
            took = time.monotonic() - start
            yield Outcome(path, text, failed, sha, error, message, took, state)
        return
    _preload(readers)
    ctx = multiprocessing.get_context(method) if method else _context()
    if ctx.get_start_method() == "forkserver":  # workers forked from a server that has
        ctx.set_forkserver_preload(_PRELOAD)  # gxparse loaded (once, at its start)
    if timeout:  # progress never shortens the limit
        ceiling = max(timeout, CEILING * timeout if ceiling is None else ceiling)
    todo = iter(paths)
    slots: list[_Slot] = []
    try:
        for path in todo:
            slot = _Slot(ctx, memory, options)
            slots.append(slot)
            slot.give(path)
            if len(slots) == jobs:
                break
        for slot in slots:
            _fill(slot, todo)
        while True:
            busy = [s for s in slots if s.queue]
            if not busy:
                return
            wait_for = None
            if timeout and ceiling:
                due = min(s.deadline(timeout, ceiling) for s in busy)
                wait_for = max(0.0, due - time.monotonic())
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], wait_for)
            now = time.monotonic()
            for slot in busy:
                outcome = _outcome(slot, ready, now, timeout, ceiling, memory)
                if outcome is None:
                    continue
                slot.done(now)
                if outcome.error in ("WorkerDied", "Timeout"):
                    slot.kill()
                    waiting = list(slot.queue)  # sent ahead: given again to a new worker
                    at = slots.index(slot)
                    slot = slots[at] = _Slot(ctx, memory, options)
                    for path in waiting:
                        slot.give(path)
                yield outcome
                _fill(slot, todo)
    finally:
        for slot in slots:
            if slot.queue:
                slot.kill()
            else:
                slot.stop()


def _fill(slot: _Slot, todo: Iterator[str]) -> None:
    while len(slot.queue) < _Slot.DEPTH:
        path = next(todo, None)
        if path is None:
            return
        slot.give(path)


_PRELOAD = ["gxparse.api", "gxparse.isolate", "gxparse.sources.pdf", "gxparse.readers"]


def _preload(readers: list[str] | None) -> None:
    """Import what every worker needs before they are forked, so that they share it
    (PyMuPDF alone costs ~0.8 s and ~140 MiB a process to import)."""
    import gxparse.api  # noqa: F401
    from gxparse import readers as registry
    from gxparse.errors import GxparseError

    registry.available(readers)
    try:
        from gxparse.sources import pdf, pdf_backends

        pdf_backends.backend_module(pdf.choose_backend())
    except (GxparseError, ImportError):
        pass  # the worker will say so, per document


def _outcome(
    slot: _Slot,
    ready: list[Any],
    now: float,
    timeout: float | None,
    ceiling: float | None,
    memory: int | None,
) -> Outcome | None:
    """What ``slot``'s document came to, if it is done (a result, a death, a timeout).

    The pipe brings the pages the document reports done (an ``int``, the count so far)
    and then its result: the counts are taken in until the result, if it has come.
    """
    path = slot.path
    assert path is not None
    took = now - slot.started
    if slot.conn in ready:
        try:
            while slot.conn.poll():
                got = slot.conn.recv()
                if isinstance(got, int):
                    slot.pages, slot.beat = got, now
                    continue
                text, failed, sha, error, message, state = got
                return Outcome(path, text, failed, sha, error, message, took, state)
        except (EOFError, OSError):
            pass
    if slot.proc.sentinel in ready or not slot.proc.is_alive():
        slot.proc.join(1)
        message = f"{path}: {_died(slot.proc, memory)}"
        return Outcome(path, None, 0, None, "WorkerDied", message, took)
    if timeout and ceiling and now > slot.deadline(timeout, ceiling):
        return Outcome(path, None, 0, None, "Timeout", _late(slot, took, timeout, ceiling), took)
    return None


def _late(slot: _Slot, took: float, timeout: float, ceiling: float) -> str:
    """A Timeout's message: which limit the document ran past, and the pages it had done."""
    stopped = "the worker parsing it was stopped"
    if slot.beat is None:
        return f"{slot.path}: not done within the time limit of {timeout:g} s; {stopped}"
    pages = f"{slot.pages} page{'s' if slot.pages != 1 else ''}"
    if ceiling <= timeout:  # no more time for progress: the plain limit
        limit = f"the time limit of {timeout:g} s"
        return f"{slot.path}: not done within {limit} ({pages} done); {stopped}"
    if slot.beat + timeout <= slot.started + ceiling:
        return (
            f"{slot.path}: no page done within the time limit of {timeout:g} s after the "
            f"last ({pages} done in {took:.0f} s); {stopped}"
        )
    return (
        f"{slot.path}: not done within {ceiling:g} s, the most a document may "
        f"take however steadily it reads its pages ({pages} done); {stopped}"
    )
