"""Batch runs: many reports, written one by one as they are done, resumable, locked.

``run(paths, output=...)`` parses ``paths`` in isolated workers (``gxparse.isolate``)
and appends one JSON line per document to a *stream* as soon as it is done, flushed
at once: the record (``gxparse/record@1``), or an error line
(``gxparse/error@1``: path, error class, message). A line is written with one
``write``; a run killed at any moment leaves every finished line whole, and at most
one half-written line at the end, which the next run drops.

- With ``--format jsonl`` the output is the stream. With json, csv or parquet the
  stream is kept beside the output (``OUT.gxparse.jsonl``), and the output is built
  from it at the end, into a temporary file renamed over ``OUT`` -- an existing
  output is replaced only once the new one is whole.
- The manifest (``<stream>.manifest.jsonl``: path, sha256, status, seconds) says
  what was done. Running the same command again skips every path already in the
  stream whose file is unchanged (same size and sha256) and parses the rest; a
  file that changed is parsed again and its old line dropped. Nothing is
  duplicated.
- A lock (``<stream>.lock``, a POSIX record lock) refuses a second run writing the same
  output while one is running.

Without an output, lines go to stdout as they are done (JSON as one array,
streamed), and nothing is resumed.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from attrs import define, frozen

from gxparse import isolate
from gxparse import limits as _limits
from gxparse.catalog import TABLES
from gxparse.errors import GxparseError
from gxparse.status import STATES

ERROR_SCHEMA = "gxparse/error@1"
FORMATS = ("jsonl", "json", "csv", "parquet")
CSV_FIELDS = (
    "path", "agency", "year", "template", "ok", "status", "table", "row", "column", "value",
    "raw", "page", "line", "cell_table", "cell_row", "cell_col", "flagged", "flag", "reader",
)  # fmt: skip


@frozen
class Line:
    """One document's line of the stream: its JSON text and what the manifest says."""

    text: str
    path: str
    sha256: str | None
    status: str  # the record's state (complete, inconsistent, incomplete) or error
    seconds: float = 0.0

    def data(self) -> dict[str, Any]:
        return dict(json.loads(self.text))

    @classmethod
    def of(cls, line: dict[str, Any]) -> Line:
        """The ``Line`` of a stream line read back (a record or an error line)."""
        return cls(
            json.dumps(line, ensure_ascii=False), _line_path(line) or "", _line_sha(line),
            _status(line),
        )  # fmt: skip


class BatchError(GxparseError):
    """The batch cannot run as asked (a bad output path, an output in use)."""


@define
class Summary:
    """What a batch came to: documents by the status of their record, and errors."""

    documents: int = 0
    complete: int = 0  # every value read, every rule held
    inconsistent: int = 0  # every value read, a rule failed (a finding about the document)
    incomplete: int = 0  # values missing or flagged
    errors: int = 0  # documents that gave no record
    skipped: int = 0  # already done by an earlier run
    seconds: float = 0.0

    def add(self, status: str) -> None:
        self.documents += 1
        if status == "error":
            self.errors += 1
        elif status in STATES:
            setattr(self, status, getattr(self, status) + 1)
        else:
            raise ValueError(f"no such status: {status!r}")

    def line(self) -> str:
        parsed = self.documents - self.skipped
        rate = parsed / self.seconds if self.seconds > 0 else 0.0
        skipped = f" ({self.skipped} already done, skipped)" if self.skipped else ""
        return (
            f"{self.documents} documents{skipped}: {self.complete} complete, "
            f"{self.inconsistent} inconsistent, {self.incomplete} incomplete, "
            f"{self.errors} errors; {parsed} parsed in {self.seconds:.1f} s "
            f"({rate:.1f} documents/s)"
        )


def error_line(path: str, error: str, message: str, sha256: str | None) -> dict[str, Any]:
    return {
        "schema": ERROR_SCHEMA,
        "status": "error",
        "path": path,
        "sha256": sha256,
        "error": error,
        "message": message,
    }


def _sha256(path: str) -> str | None:
    """The file's sha256; None for anything but a readable regular file (never blocks)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    h = hashlib.sha256()
    with os.fdopen(fd, "rb", buffering=0) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _line_path(line: dict[str, Any]) -> str | None:
    if line.get("schema") == ERROR_SCHEMA:
        return line.get("path")
    source = line.get("source") or {}
    return source.get("path")


def _line_sha(line: dict[str, Any]) -> str | None:
    if line.get("schema") == ERROR_SCHEMA:
        return line.get("sha256")
    return (line.get("source") or {}).get("sha256")


# -- the stream ---------------------------------------------------------------------------


def read_stream(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """The whole lines of a stream, and whether a half-written last line was dropped."""
    if not path.exists():
        return [], False
    data = path.read_bytes()
    torn = bool(data) and not data.endswith(b"\n")
    lines = []
    for raw in data.splitlines():
        if not raw.strip():
            continue
        try:
            lines.append(json.loads(raw))
        except json.JSONDecodeError:
            torn = True  # a line cut short, followed by more after a crash: dropped
    return lines, torn


class Stream:
    """The append-only JSONL file of a batch, its manifest and its lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.manifest = path.with_name(path.name + ".manifest.jsonl")
        self.lockfile = path.with_name(path.name + ".lock")
        self._lock: int | None = None
        self._out: int | None = None
        self._man: int | None = None

    def lock(self) -> None:
        fd = os.open(self.lockfile, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            import fcntl

            # a POSIX record lock, not flock: forked workers do not inherit it, so
            # workers outliving a killed run cannot keep the output locked
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover -- no flock (Windows): no lock
            pass
        except OSError:
            other = os.read(fd, 64).decode("ascii", "replace").strip()
            os.close(fd)
            raise BatchError(
                f"{self.path} is being written by another gxparse run"
                + (f" (pid {other})" if other else "")
                + "; wait for it to finish or write elsewhere with -o"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock = fd

    def open(self, keep: list[dict[str, Any]], rewrite: bool) -> None:
        """Open for appending; with ``rewrite``, first replace the file by ``keep``."""
        if rewrite:
            tmp = self.path.with_name(self.path.name + ".partial")
            with open(tmp, "w", encoding="utf-8") as fh:
                for line in keep:
                    fh.write(json.dumps(line, ensure_ascii=False) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        with open(self.manifest, "w", encoding="utf-8") as fh:
            for line in keep:
                entry = _manifest_entry(Line.of(line), None)
                fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
        self._out = os.open(self.path, flags, 0o644)
        self._man = os.open(self.manifest, flags, 0o644)

    def write(self, line: Line) -> None:
        assert self._out is not None and self._man is not None
        os.write(self._out, (line.text + "\n").encode("utf-8"))
        entry = _manifest_entry(line, line.seconds)
        os.write(self._man, (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))

    def close(self) -> None:
        for fd in (self._out, self._man):
            if fd is not None:
                os.close(fd)
        self._out = self._man = None
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self.lockfile.unlink()
            os.close(self._lock)
            self._lock = None


def _status(line: dict[str, Any]) -> str:
    """A stream line's status: ``error``, or its record's state (a record written before
    records had a status is read again: its state comes from its checks and nulls)."""
    if line.get("schema") == ERROR_SCHEMA:
        return "error"
    state = (line.get("status") or {}).get("state")
    if state in STATES:
        return str(state)
    from gxparse.serialize import report_from_dict

    return report_from_dict(line).status.state


def _manifest_entry(line: Line, seconds: float | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": line.path, "sha256": line.sha256, "status": line.status}
    if seconds is not None:
        entry["seconds"] = round(seconds, 3)
    return entry


# -- outputs ------------------------------------------------------------------------------


def flagged_cells(record: dict[str, Any]) -> set[str]:
    """What the record's warnings name (``table.row.column``, or a row or table: every
    cell under it is in doubt)."""
    out = set()
    for w in record.get("warnings", ()):
        where = w.get("where")
        if where:
            out.add(where)
    return out


def value_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One row per value of a record (a ``Report.to_dict()``): the document, where the
    value is in the template and where it was read, and whether a warning names it."""
    meta = record.get("meta") or {}
    source = record.get("source") or {}
    ok = all(c.get("ok") for c in record.get("checks", ()))
    prov = record.get("provenance") or {}
    doubt = flagged_cells(record)
    state = (record.get("status") or {}).get("state")
    for table in TABLES:
        for row, cols in (record.get(table) or {}).items():
            for col, value in cols.items():
                key = f"{table}.{row}.{col}"
                p = prov.get(key) or {}
                yield {
                    "path": source.get("path"),
                    "sha256": source.get("sha256"),
                    "agency": meta.get("agency"),
                    "year": meta.get("year"),
                    "template": meta.get("template"),
                    "ok": ok,
                    "status": state,
                    "table": table,
                    "row": row,
                    "column": col,
                    "value": value,
                    "raw": p.get("raw"),
                    "page": p.get("page"),
                    "line": p.get("line"),
                    "cell_table": p.get("table"),
                    "cell_row": p.get("row"),
                    "cell_col": p.get("col"),
                    "flagged": any(d == key or key.startswith(d + ".") for d in doubt),
                    "flag": p.get("flag"),
                    "reader": source.get("reader"),
                }


def write_output(lines: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> None:
    """Write stream lines as ``fmt``: jsonl keeps error lines, json and csv hold records only
    (errors are on stderr and in the stream)."""
    if fmt == "jsonl":  # error lines too: the stream as it is
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
        return
    records = (line for line in lines if line.get("schema") != ERROR_SCHEMA)
    if fmt == "json":
        out.write("[")
        for i, r in enumerate(records):
            out.write(",\n" if i else "\n")
            out.write(json.dumps(r, ensure_ascii=False, indent=2))
        out.write("\n]\n")
    elif fmt == "csv":
        writer = csv.DictWriter(
            out, fieldnames=CSV_FIELDS, lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        for r in records:
            writer.writerows(value_rows(r))
    else:
        raise ValueError(f"format {fmt!r} is not a text format")


def _latest(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per path, the last written, in the order of first appearance."""
    by_path: dict[Any, dict[str, Any]] = {}
    for line in lines:
        by_path[_line_path(line)] = line
    return list(by_path.values())


# -- the run ------------------------------------------------------------------------------


def check_output(output: str, fmt: str) -> Path:
    """The output path, refused before any parsing if it cannot be written."""
    path = Path(output)
    if path.is_dir():
        raise BatchError(f"-o {output}: is a directory; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise BatchError(f"-o {output}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise BatchError(f"-o {output}: the folder {parent} is not writable")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise BatchError(
                "--format parquet needs pyarrow: pip install 'gxparse[data]'"
            ) from None
    return path


Engine = Callable[[list[str]], Iterator[isolate.Outcome]]
"""What parses a list of paths, yielding an ``Outcome`` per path as each is done: by
default ``isolate.parse_many`` (worker processes here); ``gxparse.cluster`` gives one
that runs on Dask."""


def run(
    paths: list[str],
    *,
    output: str | None = None,
    fmt: str = "jsonl",
    jobs: int | None = None,
    timeout: float | None = isolate.DEFAULT_TIMEOUT,
    memory: int | None = isolate.DEFAULT_MEMORY,
    readers: list[str] | None = None,
    limits: _limits.Limits | None = None,
    progress: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
    engine: Engine | None = None,
) -> Summary:
    """Parse ``paths`` into ``output`` (or ``out``), resuming an earlier run; see the module.

    ``engine`` replaces the worker processes (``jobs``, ``timeout``, ``memory``,
    ``readers`` and ``limits`` are then the engine's business).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    if engine is None:
        engine = functools.partial(
            isolate.parse_many,
            jobs=jobs,
            timeout=timeout,
            memory=memory,
            readers=readers,
            limits=limits,
        )
    summary = Summary()
    start = time.monotonic()
    if output is None:
        if fmt == "parquet":
            raise BatchError("--format parquet needs an output file (-o OUT.parquet)")
        finished = _lines(engine, paths, summary, progress, err)
        if fmt == "jsonl":  # as each is done
            for line in finished:
                out.write(line.text + "\n")
                out.flush()
        else:
            write_output((line.data() for line in finished), fmt, out)
        summary.seconds = time.monotonic() - start
        return summary
    target = check_output(output, fmt)
    stream = Stream(target if fmt == "jsonl" else target.with_name(target.name + ".gxparse.jsonl"))
    stream.lock()
    try:
        earlier, torn = read_stream(stream.path)
        keep, done, stale = _resume(_latest(earlier), paths)
        stream.open(keep, rewrite=torn or bool(stale) or len(keep) != len(earlier))
        for kept in keep:
            if _line_path(kept) in done:
                summary.add(_status(kept))
                summary.skipped += 1
        todo = [p for p in paths if p not in done]
        for new in _lines(engine, todo, summary, progress, err):
            stream.write(new)
    finally:
        stream.close()
    if fmt != "jsonl":
        final, _ = read_stream(stream.path)
        order = {p: i for i, p in enumerate(paths)}
        ordered = sorted(_latest(final), key=lambda r: order.get(_line_path(r) or "", len(order)))
        _build(ordered, fmt, target)
    summary.seconds = time.monotonic() - start
    return summary


def _resume(
    lines: list[dict[str, Any]], paths: list[str]
) -> tuple[list[dict[str, Any]], set[str], set[str]]:
    """Lines to keep, paths already done (unchanged since), paths whose file changed."""
    wanted = set(paths)
    keep, done, stale = [], set(), set()
    for line in lines:
        path = _line_path(line)
        if path in wanted:
            sha = _line_sha(line)
            if sha is not None and sha != _sha256(path):
                stale.add(path)
                continue
            done.add(path)
        keep.append(line)
    return keep, done, stale


def _lines(
    engine: Engine, paths: list[str], summary: Summary, progress: bool, err: TextIO
) -> Iterator[Line]:
    """The stream line of each document as it is done."""
    if not paths:
        return
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), unit="doc", file=err, dynamic_ncols=True, leave=False)
    try:
        for o in engine(paths):
            if o.text is not None:
                status = o.state or _status(json.loads(o.text))
                line = Line(o.text, o.path, o.sha256, status, o.seconds)
            else:
                message = o.message or f"{o.path}: {o.error}"
                if bar is not None:
                    bar.write(f"error: {message}", file=err)
                else:
                    print(f"error: {message}", file=err)
                data = error_line(o.path, o.error or "Error", message, _sha256(o.path))
                text = json.dumps(data, ensure_ascii=False)
                line = Line(text, o.path, data["sha256"], "error", o.seconds)
            summary.add(line.status)
            if bar is not None:
                bar.update(1)
            yield line
    finally:
        if bar is not None:
            bar.close()


def _build(lines: list[dict[str, Any]], fmt: str, target: Path) -> None:
    """Write the output from the stream into a temporary file, then rename it over ``target``."""
    tmp = target.with_name(target.name + ".partial")
    if fmt == "parquet":
        from gxparse import frame

        frame.write_parquet([r for r in lines if r.get("schema") != ERROR_SCHEMA], tmp)
    else:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            write_output(lines, fmt, fh)
            fh.flush()
            os.fsync(fh.fileno())
    os.replace(tmp, target)


__all__ = ["BatchError", "Summary", "run"]
